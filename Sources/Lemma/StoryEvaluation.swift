import Foundation
import Syntax

/// `lemma eval` over kinship stories in the style of CLUTRR: accuracy overall and per chain length k, the share of
/// certified answers and time per item, in the same report as theories.
public struct StoryEvaluation: Sendable {
    public struct Item: Decodable, Sendable {
        public var id: String
        public var story: String
        /// The two people: the answer is the relation of the second to the first.
        public var query: [String]
        public var answer: String
        public var k: Int?

        public init(id: String, story: String, query: [String], answer: String, k: Int?) {
            self.id = id
            self.story = story
            self.query = query
            self.answer = answer
            self.k = k
        }
    }

    public let service: StoryService

    public init(service: StoryService) {
        self.service = service
    }

    public static func items(fromJSONLines text: String, file: String) throws(LemmaError) -> [Item] {
        let lines: [(line: Int, value: Item)] = try EvaluationService.jsonLines(
            text, file: file, code: "bad-story-line", expected: #"{"id": ..., "story": ..., "query": [person, relative], "answer": ..., "k"?: ...}"#)
        for (line, item) in lines where item.query.count != 2 {
            throw .invalidInput([.error("bad-story-line", "the field \"query\" must name two people, found \(item.query.count)",
                                        at: SourceLocation(file: file, line: line, column: 1))], sources: [file: text])
        }
        return lines.map(\.value)
    }

    public func evaluate(_ items: [Item]) throws(LemmaError) -> (TheoryEvaluation.Report, [TheoryEvaluation.Prediction]) {
        try TheoryEvaluation.evaluate(items, world: nil, describe: { ($0.id, $0.answer, $0.k.map(String.init) ?? "none") }) { item throws(LemmaError) in
            let answer = try service.answer(story: item.story, person: item.query[0], relative: item.query[1])
            return (answer.relation ?? "unknown", answer.relation != nil && answer.certificate.certified)
        }
    }
}
