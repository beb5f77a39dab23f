import Foundation
import NeuralParser
import Syntax

/// `lemma eval --honesty`: what `ask` does with natural questions end to end, the way a user meets it. Each question
/// is answered right, refused, or answered wrong; a question the knowledge cannot answer (or that names unknown
/// things, or joins relations) is right only when refused with an expected reason. The report also sweeps the
/// confidence threshold, which is how the default was chosen: the lowest threshold at which at most 1% of all
/// development questions get a wrong answer.
public struct HonestyEvaluation: Sendable {
    public struct Case: Codable, Sendable {
        public var question: String
        /// The expected query, for questions the knowledge can answer.
        public var query: String?
        public var form: String?
        public var knowledge: String?
        /// `paraphrase`, `unanswerable`, `unknown-name`, `composition`; absent counts as `paraphrase`.
        public var group: String?
        /// The reasons a refusal may give; present exactly when the question must be refused.
        public var refuse: [String]?
    }

    public enum Verdict: String, Codable, Sendable {
        case correct, refused, wrong
    }

    /// One question's outcome before any threshold: the chosen reading's confidence and whether it was right.
    public struct Item: Encodable, Sendable {
        public var question: String
        public var group: String
        public var got: String?
        public var expected: String?
        public var reason: String?
        public var confidence: Double
        /// Whether the chosen reading (if any) is right, or the refusal (if any) gives an expected reason.
        public var right: Bool
        public var mustRefuse: Bool

        /// The verdict when readings below `threshold` are refused with `not-sure`.
        public func verdict(threshold: Double) -> Verdict {
            if got != nil, confidence >= threshold { return right ? .correct : .wrong }
            if mustRefuse { return got == nil && right ? .correct : .refused }
            return .refused
        }
    }

    public struct GroupScore: Encodable, Sendable {
        public var total = 0, correct = 0, refused = 0, wrong = 0

        mutating func add(_ verdict: Verdict) {
            total += 1
            switch verdict {
            case .correct: correct += 1
            case .refused: refused += 1
            case .wrong: wrong += 1
            }
        }
    }

    public struct Report: Encodable, Sendable {
        public var threshold: Double
        public var groups: [String: GroupScore]
        public var total: GroupScore
        /// Expected calibration error of the chosen readings' confidences over 10 bins.
        public var calibrationError: Double
        /// For each threshold swept: the share of all questions answered wrong, and answered right.
        public var sweep: [Sweep]
        /// The lowest swept threshold with at most 1% of all questions answered wrong.
        public var suggestedThreshold: Double?
        public var items: [Item]

        public struct Sweep: Encodable, Sendable {
            public var threshold: Double
            public var wrong: Double
            public var correct: Double
        }

        enum CodingKeys: String, CodingKey {
            case threshold, groups, total, sweep, items
            case calibrationError = "calibration_error"
            case suggestedThreshold = "suggested_threshold"
        }
    }

    public var askService: AskService

    public init(askService: AskService) {
        self.askService = askService
    }

    public static func cases(fromJSONLines text: String, file: String) throws(LemmaError) -> [Case] {
        try EvaluationService.jsonLines(text, file: file, code: "bad-question-line",
                                        expected: #"{"question": ..., "query"?: ..., "group"?: ..., "refuse"?: [...], "knowledge"?: ...}"#).map(\.value)
    }

    public func evaluate(_ cases: [Case], knowledge defaultPath: String?) throws(LemmaError) -> Report {
        var prepared: [String: AskService.Prepared] = [:]
        var answerer = askService.queryService
        answerer.certifies = false
        var items: [Item] = []
        for item in cases {
            let path = item.knowledge ?? defaultPath
            if prepared[path ?? ""] == nil { prepared[path ?? ""] = try askService.prepare(knowledge: path) }
            let decision = try askService.decide(item.question, prepared: prepared[path ?? ""]!)
            let got = decision.chosen?.query.text
            let right: Bool
            if let refuse = item.refuse {
                right = got == nil && refuse.contains(decision.refusal?.reason ?? "")
            } else if let got, let query = item.query {
                right = try Self.same(got, query, answerer: answerer, knowledge: path)
            } else {
                right = false
            }
            items.append(Item(question: item.question, group: item.group ?? "paraphrase", got: got, expected: item.query,
                              reason: decision.refusal?.reason, confidence: decision.chosen?.confidence ?? 0, right: right,
                              mustRefuse: item.refuse != nil))
        }
        return Self.report(items, threshold: askService.confidenceThreshold)
    }

    static func report(_ items: [Item], threshold: Double) -> Report {
        var groups: [String: GroupScore] = [:]
        var total = GroupScore()
        for item in items {
            let verdict = item.verdict(threshold: threshold)
            groups[item.group, default: GroupScore()].add(verdict)
            total.add(verdict)
        }
        let sweep = stride(from: 0.0, through: 0.99, by: 0.01).map { candidate in
            let verdicts = items.map { $0.verdict(threshold: candidate) }
            let count = Double(max(items.count, 1))
            return Report.Sweep(threshold: (candidate * 100).rounded() / 100, wrong: Double(verdicts.filter { $0 == .wrong }.count) / count,
                                correct: Double(verdicts.filter { $0 == .correct }.count) / count)
        }
        let chosen = items.filter { $0.got != nil }.map { (confidence: $0.confidence, right: $0.right) }
        return Report(threshold: threshold, groups: groups, total: total,
                      calibrationError: EvaluationService.expectedCalibrationError(chosen), sweep: sweep,
                      suggestedThreshold: sweep.first { $0.wrong <= 0.01 }?.threshold, items: items)
    }

    /// Equal up to variable names and literal order, or with the same answers over the knowledge.
    static func same(_ got: String, _ expected: String, answerer: QueryService, knowledge: String?) throws(LemmaError) -> Bool {
        let wanted: CanonicalQuery
        do {
            wanted = try CanonicalQuery(parsing: expected)
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": expected])
        }
        if (try? CanonicalQuery(parsing: got)) == wanted { return true }
        return EvaluationService.sameAnswers(got, expected, answerer: answerer, knowledge: knowledge)
    }
}
