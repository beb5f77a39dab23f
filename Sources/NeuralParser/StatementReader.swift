import Foundation
import Syntax

/// What `lemma tell` stores for a sentence: rule-language text (a fact, a classically negated fact, or a rule)
/// and how sure the reading is.
public struct ToldStatement: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case fact, negatedFact = "negated-fact", rule
    }

    public var kind: Kind
    /// One clause ending in ".", ready to be imported.
    public var text: String
    public var confidence: Double
    /// Names the statement introduces: no stored fact mentions them yet.
    public var newNames: [String]

    public init(kind: Kind, text: String, confidence: Double, newNames: [String] = []) {
        self.kind = kind
        self.text = text
        self.confidence = confidence
        self.newNames = newNames
    }
}

/// Reads statements for `lemma tell`. Facts are read by the network like questions (form "statement"); simple rules
/// have two shapes, each built from relations the knowledge declares:
/// - "Every parent of a parent is a grandparent": nouns of relations written "{a} is a N of {b}", composed;
/// - "If someone is a patient and is 18 or older then they are an adult": each condition and the conclusion is read
///   by the network as a question about one person ("who is a patient?"), and the answers are joined on that person.
public struct StatementReader: Sendable {
    public let parser: QuestionParser
    public let threshold: Double

    public init(parser: QuestionParser, threshold: Double) {
        self.parser = parser
        self.threshold = threshold
    }

    public func read(_ sentence: String) throws(ParseError) -> ToldStatement {
        let words = sentence.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".!")))
        if let composed = try composition(words) { return composed }
        if words.hasPrefix("if ") { return try conditional(String(words.dropFirst(3)), sentence: sentence) }
        return try fact(sentence)
    }

    /// A fact is read like a question and stored only if its reading accounts for every word, exactly as `ask`
    /// answers only such readings: "Iris is Sofia's daughter." is never stored as a cousin fact. A name the
    /// knowledge does not hold is taken as a new one and reported in `newNames`.
    private func fact(_ sentence: String) throws(ParseError) -> ToldStatement {
        let (scan, newNames) = parser.introducingNewNames(in: try parser.scan(sentence))
        let parsed = try parser.parse(scan)
        let statements = parsed.readings.filter { reading in
            reading.interpretation.form == .statement && reading.interpretation.clauses.count == 1
                && reading.interpretation.clauses[0].arguments.allSatisfy { if case .value = $0 { return true } else { return false } }
        }
        guard let best = statements.first else {
            guard let reading = parsed.readings.first else { throw .nothingLinked(sentence) }
            if reading.interpretation.form != .statement { throw .notAStatement(sentence, reading: reading.interpretation.form.rawValue) }
            throw .ambiguous(sentence, reason: "it does not name every argument of \(reading.interpretation.clauses[0].relation)")
        }
        guard let accounted = statements.first(where: { parser.account($0.interpretation, in: scan).isComplete }) else {
            let account = parser.account(best.interpretation, in: scan)
            let relation = best.interpretation.clauses[0].relation
            let reason = account.unplaced.isEmpty
                ? "its nearest reading, as \(relation), has \(account.unsupported.joined(separator: " and ")) that no word states"
                : "I could not place \(account.unplaced.map { "'\($0)'" }.joined(separator: ", ")) in its nearest reading, as \(relation)"
            throw .ambiguous(sentence, reason: reason)
        }
        let interpretation = accounted.interpretation
        guard accounted.confidence >= threshold else {
            throw .ambiguous(sentence, reason: "the best reading, \(interpretation.clauses[0].relation), is only \(Int(accounted.confidence * 100))% likely")
        }
        let text = try parser.builder.build(Interpretation(form: .yesNo, clauses: interpretation.clauses)).text
        return ToldStatement(kind: interpretation.negated ? .negatedFact : .fact, text: (interpretation.negated ? "-" : "") + text + ".",
                             confidence: accounted.confidence, newNames: newNames.filter { text.contains("\"\($0)\"") })
    }

    /// "every N1 of a N2 is a N3" → N3(x, z) :- N1(x, y), N2(y, z).
    private func composition(_ words: String) throws(ParseError) -> ToldStatement? {
        let pattern = #"^(?:every|each|any) (.+?) of (?:a|an|the|some) (.+?) is (?:a|an|the) (.+)$"#
        guard let match = words.range(of: pattern, options: .regularExpression) else { return nil }
        let parts = Self.captures(pattern, in: String(words[match]))
        guard parts.count == 3 else { return nil }
        let nouns = parts.map { Self.nounRelation($0, in: parser.schema) }
        guard let first = nouns[0], let second = nouns[1], let result = nouns[2] else {
            let missing = zip(parts, nouns).first { $0.1 == nil }!.0
            throw .ambiguous(words, reason: "no relation is written \"{a} is a \(missing) of {b}\"")
        }
        func atom(_ noun: NounRelation, _ subject: String, _ object: String) -> String {
            var arguments = ["", ""]
            arguments[noun.subject] = subject
            arguments[noun.object] = object
            return "\(noun.relation)(\(arguments.joined(separator: ", ")))"
        }
        return ToldStatement(kind: .rule, text: "\(atom(result, "x", "z")) :- \(atom(first, "x", "y")), \(atom(second, "y", "z")).", confidence: 1)
    }

    /// "if C1 and C2 then C" → C(x) :- C1(x), C2(x), each part read as a question about x.
    private func conditional(_ rest: String, sentence: String) throws(ParseError) -> ToldStatement {
        let halves = rest.components(separatedBy: " then ")
        guard halves.count == 2 else { throw .ambiguous(sentence, reason: "expected \"if … then …\"") }
        let conditions = halves[0].trimmingCharacters(in: CharacterSet(charactersIn: ", ")).components(separatedBy: " and ")
        var used: Set<String> = ["x"]
        var confidence = 1.0
        var body: [String] = []
        for condition in conditions {
            let (literals, likelihood) = try clause(condition, used: &used)
            body += literals
            confidence *= likelihood
        }
        let (head, likelihood) = try clause(halves[1], used: &used)
        confidence *= likelihood
        guard head.count == 1 else {
            throw .ambiguous(halves[1], reason: "a conclusion must be one relation")
        }
        guard confidence >= threshold else {
            throw .ambiguous(sentence, reason: "the rule's reading is only \(Int(confidence * 100))% likely")
        }
        return ToldStatement(kind: .rule, text: "\(head[0]) :- \(body.joined(separator: ", ")).", confidence: confidence)
    }

    /// "someone is a patient" or "is 18 or older" read as "who is a patient?" / "who is 18 or older?".
    private func clause(_ text: String, used: inout Set<String>) throws(ParseError) -> ([String], Double) {
        var words = text.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        let subjects: Set<String> = ["someone", "somebody", "anyone", "anybody", "they", "he", "she", "it", "a person", "that person"]
        if let first = words.first, subjects.contains(first) { words.removeFirst() }
        if words.first == "are" { words[0] = "is" }
        let question = "who " + words.joined(separator: " ") + "?"
        let parsed = try parser.parse(question)
        guard let best = parsed.readings.first(where: { $0.interpretation.clauses.count == 1 && $0.interpretation.clauses[0].arguments.contains(.asked) })
        else { throw .ambiguous(text, reason: "no relation of the knowledge reads as \"\(text)\"") }
        let built = try parser.builder.build(best.interpretation, askedVariable: "x", avoiding: used)
        used.formUnion(built.variables)
        return (built.literals, best.confidence)
    }

    struct NounRelation {
        var relation: String
        var subject: Int
        var object: Int
    }

    /// A binary relation one of whose templates is "{a} is a|an|the NOUN of {b}", matched by stem.
    static func nounRelation(_ noun: String, in schema: ParserSchema) -> NounRelation? {
        let wanted = noun.split(separator: " ").map { Tokenizer.stem(String($0)) }
        for relation in schema.relations where relation.arity == 2 {
            for template in relation.phrases {
                let pieces = SequenceBuilder.pieces(of: template)
                guard pieces.count >= 5, case let .slot(first) = pieces[0], case let .slot(second) = pieces[pieces.count - 1],
                      pieces[1] == .word("is"), [.word("a"), .word("an"), .word("the")].contains(pieces[2]),
                      pieces[pieces.count - 2] == .word("of") else { continue }
                let nounWords = pieces[3..<(pieces.count - 2)].compactMap { if case let .word(word) = $0 { return Tokenizer.stem(word) } else { return nil } }
                guard nounWords == wanted,
                      let subject = relation.attributes.firstIndex(where: { $0.name == first }),
                      let object = relation.attributes.firstIndex(where: { $0.name == second }) else { continue }
                return NounRelation(relation: relation.name, subject: subject, object: object)
            }
        }
        return nil
    }

    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return [] }
        return (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
    }
}
