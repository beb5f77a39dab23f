import Foundation
import NeuralParser
import Syntax

/// `lemma eval`: how well the parser reads a set of questions with known queries. A question counts as exactly
/// right when its parsed query equals the expected one up to variable names and literal order, and as answered
/// right when the two queries have the same answers over the knowledge.
public struct EvaluationService: Sendable {
    public struct Case: Codable, Sendable {
        public var question: String
        public var query: String
        public var form: String?
        /// A knowledge folder or file, relative to the working directory; absent means the default knowledge.
        public var knowledge: String?
    }

    public struct Miss: Encodable, Sendable {
        public var question: String
        public var expected: String
        /// The parsed query, or nil when the parser was not sure.
        public var got: String?
        public var confidence: Double
    }

    public struct FormScore: Encodable, Sendable {
        public var total = 0
        public var exact = 0
        public var accuracy: Double { total == 0 ? 0 : Double(exact) / Double(total) }

        enum CodingKeys: String, CodingKey { case total, exact, accuracy }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(exact, forKey: .exact)
            try container.encode(accuracy, forKey: .accuracy)
        }
    }

    public struct Report: Encodable, Sendable {
        public var total = 0
        public var exact = 0
        public var answeredRight = 0
        /// Parses below the confidence threshold, which `ask` would not answer.
        public var unsure = 0
        public var byForm: [String: FormScore] = [:]
        /// Expected form → parsed form → count, for the forms that were confused.
        public var formConfusions: [String: [String: Int]] = [:]
        public var misses: [Miss] = []
        public var parseMilliseconds: [String: Double] = [:]
        /// Expected calibration error of the confidences over 10 bins: how far "90% sure" is from 90% right.
        public var calibrationError = 0.0

        public var exactAccuracy: Double { total == 0 ? 0 : Double(exact) / Double(total) }
        public var answerAccuracy: Double { total == 0 ? 0 : Double(answeredRight) / Double(total) }

        enum CodingKeys: String, CodingKey {
            case total, exact, unsure, misses
            case answeredRight = "answered_right"
            case exactAccuracy = "exact_query_accuracy"
            case answerAccuracy = "answer_accuracy"
            case byForm = "by_form"
            case formConfusions = "form_confusions"
            case parseMilliseconds = "parse_ms"
            case calibrationError = "calibration_error"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(exact, forKey: .exact)
            try container.encode(unsure, forKey: .unsure)
            try container.encode(misses, forKey: .misses)
            try container.encode(answeredRight, forKey: .answeredRight)
            try container.encode(exactAccuracy, forKey: .exactAccuracy)
            try container.encode(answerAccuracy, forKey: .answerAccuracy)
            try container.encode(byForm, forKey: .byForm)
            try container.encode(formConfusions, forKey: .formConfusions)
            try container.encode(parseMilliseconds, forKey: .parseMilliseconds)
            try container.encode(calibrationError, forKey: .calibrationError)
        }
    }

    public var askService: AskService

    public init(askService: AskService) {
        self.askService = askService
    }

    /// Reads JSON Lines; an unreadable line is reported with its line number and the field that is wrong.
    public static func cases(fromJSONLines text: String, file: String) throws(LemmaError) -> [Case] {
        try jsonLines(text, file: file, code: "bad-question-line", expected: #"{"question": ..., "query": ..., "form"?: ..., "knowledge"?: ...}"#).map(\.value)
    }

    /// One `Line` per non-empty line; a line that does not decode is an error naming the file, the line and the field.
    static func jsonLines<Line: Decodable>(_ text: String, file: String, code: String, expected: String) throws(LemmaError) -> [(line: Int, value: Line)] {
        var lines: [(line: Int, value: Line)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            do {
                lines.append((index + 1, try JSONDecoder().decode(Line.self, from: Data(trimmed.utf8))))
            } catch {
                throw .invalidInput([Diagnostic.error(code, "\(describe(error)); expected \(expected)", at: SourceLocation(file: file, line: index + 1, column: 1))],
                                    sources: [file: text])
            }
        }
        return lines
    }

    /// What is wrong with a JSON line, naming the field.
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case let .keyNotFound(key, _)?: return "missing the field \"\(key.stringValue)\""
        case let .typeMismatch(_, context)?: return "the field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case let .valueNotFound(_, context)?: return "the field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" is null"
        default: return "not a JSON object"
        }
    }

    public func evaluate(_ cases: [Case], knowledge defaultPath: String?) throws(LemmaError) -> Report {
        var report = Report()
        var prepared: [String: AskService.Prepared] = [:]
        var latencies: [Double] = []
        var calibration: [(confidence: Double, right: Bool)] = []
        let clock = ContinuousClock()
        var answerer = askService.queryService
        answerer.certifies = false
        for item in cases {
            let path = item.knowledge ?? defaultPath
            let key = path ?? ""
            if prepared[key] == nil { prepared[key] = try askService.prepare(knowledge: path) }
            let parser = prepared[key]!.parser
            let start = clock.now
            let parsed: ParsedSentence
            do {
                parsed = try parser.parse(item.question)
            } catch {
                parsed = ParsedSentence.unparsed(item.question)
            }
            latencies.append((clock.now - start).inMilliseconds)
            let expected: CanonicalQuery
            do {
                expected = try CanonicalQuery(parsing: item.query)
            } catch {
                throw .invalidInput(error.diagnostics, sources: ["<query>": item.query])
            }
            let best = parsed.readings.first
            let got = best.flatMap { try? parser.builder.build($0.interpretation).text }
            let confidence = best?.confidence ?? 0
            let exact = got.flatMap { try? CanonicalQuery(parsing: $0) } == expected
            report.total += 1
            if exact { report.exact += 1 }
            if confidence < askService.confidenceThreshold { report.unsure += 1 }
            calibration.append((confidence, exact))
            let expectedForm = item.form ?? "unlabelled"
            report.byForm[expectedForm, default: FormScore()].total += 1
            if exact { report.byForm[expectedForm, default: FormScore()].exact += 1 }
            if let form = best?.interpretation.form.rawValue, form != expectedForm, item.form != nil {
                report.formConfusions[expectedForm, default: [:]][form, default: 0] += 1
            }
            if exact || (got.map { Self.sameAnswers($0, item.query, answerer: answerer, knowledge: path) } ?? false) {
                report.answeredRight += 1
            }
            if !exact { report.misses.append(Miss(question: item.question, expected: item.query, got: got, confidence: confidence)) }
        }
        report.parseMilliseconds = Self.percentiles(latencies)
        report.calibrationError = Self.expectedCalibrationError(calibration)
        return report
    }

    static func sameAnswers(_ got: String, _ expected: String, answerer: QueryService, knowledge: String?) -> Bool {
        guard let mine = try? answerer.query(got, knowledge: knowledge).reply,
              let theirs = try? answerer.query(expected, knowledge: knowledge).reply else { return false }
        return mine.answer == theirs.answer && mine.count == theirs.count
            && Set(mine.answers?.map { $0.values.map { "\($0)" }.sorted() } ?? []) == Set(theirs.answers?.map { $0.values.map { "\($0)" }.sorted() } ?? [])
    }


    static func percentiles(_ values: [Double]) -> [String: Double] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [:] }
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))] }
        return ["p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": sorted.last!]
    }

    /// Σ over bins of |bin| / n · |accuracy(bin) − mean confidence(bin)|.
    public static func expectedCalibrationError(_ samples: [(confidence: Double, right: Bool)], bins: Int = 10) -> Double {
        guard !samples.isEmpty else { return 0 }
        var error = 0.0
        for bin in 0..<bins {
            let low = Double(bin) / Double(bins)
            let high = Double(bin + 1) / Double(bins)
            let members = samples.filter { $0.confidence >= low && ($0.confidence < high || (bin == bins - 1 && $0.confidence <= high)) }
            guard !members.isEmpty else { continue }
            let accuracy = Double(members.filter(\.right).count) / Double(members.count)
            let confidence = members.map(\.confidence).reduce(0, +) / Double(members.count)
            error += Double(members.count) / Double(samples.count) * abs(accuracy - confidence)
        }
        return error
    }
}
