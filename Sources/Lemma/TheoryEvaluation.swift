import Foundation
import Syntax

/// `lemma eval` over a file of theories and statements (ProofWriter, PARARULE-Plus, ProntoQA style): accuracy
/// overall and per depth, the share of answers with certified proofs, time per item, and what could not be read.
public struct TheoryEvaluation: Sendable {
    public struct Item: Decodable, Sendable {
        public var id: String
        public var context: String
        public var question: String
        public var answer: String
        public var depth: Int?

        public init(id: String, context: String, question: String, answer: String, depth: Int?) {
            self.id = id
            self.context = context
            self.question = question
            self.answer = answer
            self.depth = depth
        }
    }

    public struct Prediction: Codable, Equatable, Sendable {
        public var id: String
        public var prediction: String
        public var certified: Bool
    }

    public struct Score: Codable, Equatable, Sendable {
        public var total = 0
        public var correct = 0
        public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

        enum CodingKeys: String, CodingKey { case total, correct, accuracy }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            total = try container.decode(Int.self, forKey: .total)
            correct = try container.decode(Int.self, forKey: .correct)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(correct, forKey: .correct)
            try container.encode(accuracy, forKey: .accuracy)
        }
    }

    public struct Failure: Codable, Equatable, Sendable {
        public var id: String
        public var error: String
    }

    public struct Report: Codable, Sendable {
        /// The world theories were read in; nil for kinship stories.
        public var world: String?
        public var overall = Score()
        /// Per depth ("none" when the item has no depth), or per chain length of a kinship story.
        public var byDepth: [String: Score] = [:]
        /// Expected answer → predicted answer → count.
        public var confusion: [String: [String: Int]] = [:]
        /// Items that could not be read, answered "unknown".
        public var unreadable: [Failure] = []
        /// Answers other than "unknown" (true, false, or a relation), and how many of them are certified.
        public var decided = 0
        public var decidedCertified = 0
        /// Unknown answers with a certificate that neither the statement nor its negation follows.
        public var unknown = 0
        public var unknownCertified = 0
        public var milliseconds: [String: Double] = [:]

        enum CodingKeys: String, CodingKey {
            case world, overall, confusion, unreadable, decided, unknown, milliseconds
            case byDepth = "by_depth"
            case decidedCertified = "decided_certified"
            case unknownCertified = "unknown_certified"
        }
    }

    public let service: TheoryService

    public init(service: TheoryService) {
        self.service = service
    }

    /// Items from JSON Lines; a malformed line is an error naming the file, line and field.
    public static func items(fromJSONLines text: String, file: String) throws(LemmaError) -> [Item] {
        try EvaluationService.jsonLines(text, file: file, code: "bad-theory-line",
                                        expected: #"{"id": ..., "context": ..., "question": ..., "answer": ..., "depth"?: ...}"#).map(\.value)
    }

    /// Decides every item in order.
    public func evaluate(_ items: [Item]) throws(LemmaError) -> (Report, [Prediction]) {
        try Self.evaluate(items, world: service.world.rawValue, describe: { ($0.id, $0.answer, $0.depth.map(String.init) ?? "none") }) { item throws(LemmaError) in
            let decision = try service.decide(context: item.context, statement: item.question)
            return (decision.prediction, decision.certificate.certified)
        }
    }

    /// Decides every item in order with `decide`, which answers "true", "false", "unknown" or a relation, and says
    /// whether the answer is certified; bad input in one item answers it "unknown" and is reported, not thrown.
    /// - Parameter describe: an item's id, expected answer and group (depth or chain length).
    static func evaluate<Case>(_ items: [Case], world: String?, describe: (Case) -> (id: String, expected: String, group: String),
                               decide: (Case) throws(LemmaError) -> (prediction: String, certified: Bool)) throws(LemmaError) -> (Report, [Prediction]) {
        var report = Report(world: world)
        var predictions: [Prediction] = []
        var times: [Double] = []
        let clock = ContinuousClock()
        for item in items {
            let (id, expectedAnswer, group) = describe(item)
            let start = clock.now
            var prediction = Prediction(id: id, prediction: "unknown", certified: false)
            do {
                (prediction.prediction, prediction.certified) = try decide(item)
            } catch let error where error.isBadInput {
                report.unreadable.append(Failure(id: id, error: error.description))
            }
            times.append(QueryService.milliseconds(clock.now - start))
            predictions.append(prediction)
            let expected = expectedAnswer.lowercased()
            let correct = prediction.prediction == expected
            for key in [nil, group] as [String?] {
                var score = key.map { report.byDepth[$0] ?? Score() } ?? report.overall
                score.total += 1
                if correct { score.correct += 1 }
                if let key { report.byDepth[key] = score } else { report.overall = score }
            }
            report.confusion[expected, default: [:]][prediction.prediction, default: 0] += 1
            if prediction.prediction == "unknown" {
                report.unknown += 1
                if prediction.certified { report.unknownCertified += 1 }
            } else {
                report.decided += 1
                if prediction.certified { report.decidedCertified += 1 }
            }
        }
        let sorted = times.sorted()
        if !sorted.isEmpty {
            report.milliseconds = [
                "p50": sorted[sorted.count / 2], "p99": sorted[min(sorted.count - 1, sorted.count * 99 / 100)],
                "mean": sorted.reduce(0, +) / Double(sorted.count), "max": sorted.last!,
            ]
        }
        return (report, predictions)
    }
}
