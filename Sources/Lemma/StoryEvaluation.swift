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
    }

    public let service: StoryService

    public init(service: StoryService = StoryService()) {
        self.service = service
    }

    public static func items(fromJSONLines text: String, file: String) throws(LemmaError) -> [Item] {
        var items: [Item] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let location = SourceLocation(file: file, line: index + 1, column: 1)
            let item: Item
            do {
                item = try JSONDecoder().decode(Item.self, from: Data(trimmed.utf8))
            } catch {
                throw .invalidInput([.error("bad-story-line", "\(EvaluationService.describe(error)); expected {\"id\": ..., \"story\": ..., \"query\": [person, relative], \"answer\": ..., \"k\"?: ...}",
                                            at: location)], sources: [file: text])
            }
            guard item.query.count == 2 else {
                throw .invalidInput([.error("bad-story-line", "the field \"query\" must name two people, found \(item.query.count)", at: location)], sources: [file: text])
            }
            items.append(item)
        }
        return items
    }

    public func evaluate(_ items: [Item]) throws(LemmaError) -> (TheoryEvaluation.Report, [TheoryEvaluation.Prediction]) {
        try TheoryEvaluation.evaluate(items, world: nil, describe: { ($0.id, $0.answer, $0.k.map(String.init) ?? "none") }) { item throws(LemmaError) in
            let answer = try service.answer(story: item.story, person: item.query[0], relative: item.query[1])
            return (answer.relation ?? "unknown", answer.relation != nil && answer.certificate.certified)
        }
    }
}
