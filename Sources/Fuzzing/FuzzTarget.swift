import Foundation
import KnowledgeGraph
import Lemma
import NeuralParser
import Reasoner
import Server
import Syntax

/// The inputs a user controls, each with what must hold for any bytes at all: Lemma answers or refuses with an error
/// that says where (a line and column in the text, or the JSON field), and never crashes or hangs.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A `.dl` program file, read as `lemma import` and the folder compiler read it.
    case rules
    /// A tab-separated fact file for a relation with symbol, number and float columns.
    case facts
    /// A question, read by the neural parser over the shipped knowledge.
    case question
    /// One line of `lemma serve --stdio`.
    case `protocol`
    /// A valid program of the numeric differential generator, chosen by the seed the bytes spell, evaluated
    /// query-driven and in full: both must answer alike, or both refuse with a located error.
    case evaluator
}

/// Runs one input through one target and checks its invariants. Loading the parser and the shipped knowledge takes
/// a while, so one harness is kept for a whole campaign.
public final class FuzzHarness: Sendable {
    private let handler: RequestHandler
    private let prepared: AskService.Prepared

    public init() throws(LemmaError) {
        let network: ParserNetwork
        let stories: KinshipReader
        do {
            network = try ParserWeights.load(path: nil).network
            stories = try KinshipWeights.load(path: nil)
        } catch {
            throw .parse(error)
        }
        let askService = AskService(network: network)
        prepared = try askService.prepare(knowledge: nil)
        handler = RequestHandler(session: KnowledgeSession(path: nil, askService: askService), storyReader: stories, solverTimeout: .seconds(5))
    }

    /// Nil when the input was handled as it must be; otherwise what went wrong.
    public func violation(of target: FuzzTarget, on bytes: [UInt8]) -> String? {
        switch target {
        case .rules: return Self.checkRules(bytes)
        case .facts: return Self.checkFacts(bytes)
        case .question: return checkQuestion(bytes)
        case .protocol: return checkProtocol(bytes)
        case .evaluator: return Self.checkEvaluator(bytes)
        }
    }

    static let path = "fuzz.dl"

    /// Every diagnostic must point into the text: a real line, and a column on it (or just past its end).
    /// Lines end at each line feed byte, as the readers count them ("\r\n" is one `Character`, so `String.split`
    /// would not see its line feed).
    private static func checkLocation(_ location: Syntax.SourceLocation?, in text: String, path: String) -> String? {
        guard let location else { return "a diagnostic without a location" }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard location.file == path, (1...max(lines.count, 1)).contains(location.line) else { return "a diagnostic at \(location), outside the text" }
        let length = lines.isEmpty ? 0 : lines[location.line - 1].count
        guard (1...length + 2).contains(location.column) else { return "a diagnostic at \(location), past the end of its line (\(length) bytes)" }
        return nil
    }

    /// The checks a file reader makes before parsing: a rejected file must name a position inside it.
    private static func readText(_ bytes: [UInt8], path: String) -> (text: String?, violation: String?) {
        if let (location, _) = bytes.withUnsafeBytes({ TextValidation.problem(in: $0, path: path) }) {
            let lossy = String(decoding: bytes, as: UTF8.self)
            return (nil, location.line <= lossy.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count ? nil : "a text error at \(location), past the last line")
        }
        return (String(decoding: bytes, as: UTF8.self), nil)
    }

    static func checkRules(_ bytes: [UInt8]) -> String? {
        let (text, violation) = readText(bytes, path: path)
        guard let text else { return violation }
        let loaded: LoadedProgram
        do {
            loaded = try ProgramLoader(provider: InMemorySource(files: [path: text])).load(files: [path])
        } catch {
            return "the loader threw \(error) instead of reporting a diagnostic"
        }
        for diagnostic in loaded.diagnostics {
            if let problem = checkLocation(diagnostic.location, in: text, path: path) { return "\(problem): \(diagnostic)" }
            if diagnostic.message.isEmpty { return "a diagnostic without a message at \(diagnostic.location.map(\.description) ?? "?")" }
        }
        return nil
    }

    static func checkFacts(_ bytes: [UInt8]) -> String? {
        let factPath = "fuzz.facts"
        let (text, violation) = readText(bytes, path: factPath)
        guard let text else { return violation }
        var rows = 0
        let diagnostics = FactFileReader.forEachRow(in: text, path: factPath, relation: "r", delimiter: "\t", columnTypes: [.symbol, .number, .float]) { _, fields in
            rows += 1
            if fields.count != 3 { rows = Int.min }
        }
        if rows < 0 { return "a row with the wrong number of fields was accepted" }
        for diagnostic in diagnostics {
            if let problem = checkLocation(diagnostic.location, in: text, path: factPath) { return "\(problem): \(diagnostic)" }
        }
        return nil
    }

    private func checkQuestion(_ bytes: [UInt8]) -> String? {
        let question = String(decoding: bytes, as: UTF8.self)
        do {
            let parsed = try prepared.parser.parse(question)
            if let reading = parsed.readings.first(where: { !(0...1).contains($0.confidence) }) { return "a reading with confidence \(reading.confidence)" }
        } catch {
            if error.description.isEmpty { return "a parse error without a message" }
        }
        return nil
    }

    /// The seed is the input's first eight bytes, little-endian, so libFuzzer's mutations move between programs.
    static func checkEvaluator(_ bytes: [UInt8]) -> String? {
        let seed = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let program = RandomNumericProgram(seed: seed)
        let reasoner: Reasoner
        do {
            let knowledgeBase = try KnowledgeBase.create(at: ":memory:")
            try knowledgeBase.importSources(["generated.dl"], provider: InMemorySource(files: ["generated.dl": program.text]))
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            return "a valid generated program (seed \(seed)) was refused: \(error)"
        }
        let budget = EvaluationBudget(maximumTuples: 200_000, timeLimit: .seconds(5))
        for relation in RandomNumericProgram.relations.dropFirst(RandomNumericProgram.firstDerived) {
            let query = "\(relation.name)(\(["x", "y"].prefix(relation.arity).joined(separator: ", ")))"
            var answers: [[[Value]]?] = []
            for queryDriven in [true, false] {
                do {
                    let result = try reasoner.answer(Query.parse(query), options: Reasoner.Options(queryDriven: queryDriven, budget: budget))
                    answers.append(result.exceededBudget == nil ? result.bindings : nil)
                } catch let error as ReasonerError {
                    if let missing = error.diagnostics.first(where: { $0.location == nil }) { return "an error without a location: \(missing)" }
                    answers.append(nil)
                } catch {
                    return "\(query) failed with \(error) (seed \(seed))"
                }
            }
            if let first = answers[0], let second = answers[1], Set(first) != Set(second) {
                return "\(query) differs between query-driven and full evaluation (seed \(seed)):\n\(program.text)"
            }
        }
        return nil
    }

    /// The reply must be one line of JSON: an object with the request's id and either a result or an error whose code
    /// and message say what was wrong, naming the field when one field is to blame.
    private func checkProtocol(_ bytes: [UInt8]) -> String? {
        let line = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let reply = handler.handle(line: line)
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(reply)
        } catch {
            return "the reply cannot be encoded: \(error)"
        }
        guard !encoded.contains(UInt8(ascii: "\n")) else { return "the reply spans more than one line" }
        guard let object = try? JSONSerialization.jsonObject(with: encoded) as? [String: Any] else { return "the reply is not a JSON object" }
        guard object.keys.contains("id") else { return "the reply has no id" }
        switch (object["result"], object["error"] as? [String: Any]) {
        case (.some, nil):
            return nil
        case let (nil, error?):
            guard let code = error["code"] as? String, !code.isEmpty, let message = error["message"] as? String, !message.isEmpty else {
                return "an error without a code and a message: \(error)"
            }
            if ["missing-field", "invalid-field", "unknown-op"].contains(code), error["field"] == nil { return "a \(code) error that names no field" }
            return nil
        default:
            return "the reply has neither exactly a result nor an error"
        }
    }
}
