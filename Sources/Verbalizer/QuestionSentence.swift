import Foundation
import Syntax

/// The question a query asks, in the knowledge's own English: "which person is a grandparent of Mateo?". Shown
/// before every answer, so that a person checks the reading before trusting the proof of its answer: a certificate
/// says the answer follows from the knowledge, and this sentence says what it is the answer to.
public struct QuestionSentence: Sendable {
    public enum Kind: Sendable {
        case yesNo, which, howMany, exists
    }

    let phrasebook: Phrasebook
    let types: [String: [String]]
    let primitives: [String: [String]]

    public init(program: Program) {
        phrasebook = Phrasebook(program: program)
        types = Dictionary(program.relations.map { ($0.name, $0.attributes.map(\.typeName)) }, uniquingKeysWith: { first, _ in first })
        let table = TypeTable(program.types)
        primitives = Dictionary(program.relations.map { ($0.name, $0.attributes.map { table.primitive(of: $0.typeName)?.rawValue ?? "symbol" }) },
                                uniquingKeysWith: { first, _ in first })
    }

    /// The question, lower-case first, ending in "?". `asked` is the variable a which, how-many or existence
    /// question asks for.
    public func text(_ query: Query, kind: Kind, asked: String?) -> String {
        var literals = query.aggregate?.body ?? query.literals
        var bounds: [String: String] = [:]
        literals.removeAll { literal in
            guard case let .comparison(comparison) = literal, case let .variable(name) = comparison.lhs,
                  case let .constant(value) = comparison.rhs else { return false }
            bounds[name] = Self.bound(comparison.op) + " " + Phrasebook.text(value)
            return true
        }
        guard let asked, kind != .yesNo else {
            let clauses = literals.map { reading($0, asked: nil, askedText: "", bounds: bounds, plural: false) }
            return "is it true that " + English.list(clauses) + "?"
        }
        var noun = askedNoun(literals, asked: asked)
        if literals.count == 2, case let .positive(domain) = literals[0], domain.arguments == [.variable(asked)], case .negative = literals[1] {
            noun = English.words(domain.relation.name)
            literals.removeFirst()
        }
        let plural = kind == .howMany
        let askedNumber = kind == .which && isNumeric(literals, asked: asked)
        let lead: String
        switch kind {
        case .which: lead = "which " + noun
        case .howMany: lead = "how many " + English.plural(noun)
        case .exists, .yesNo: lead = English.indefiniteArticle(before: noun) + " " + noun
        }
        var clauses: [String] = []
        var opensWithAsked: [Bool] = []
        for (index, literal) in literals.enumerated() {
            let marker = "\u{1}"
            let sentence = reading(literal, asked: asked, askedText: marker, bounds: bounds, plural: plural)
            let opens = sentence.hasPrefix(marker)
            opensWithAsked.append(opens)
            if index == 0, kind != .exists {
                clauses.append(sentence.replacingOccurrences(of: marker, with: askedNumber ? Self.numberLead(after: marker, in: sentence) : lead))
            } else if opens {
                clauses.append(String(sentence.dropFirst(marker.count + 1)))
            } else {
                clauses.append(sentence.replacingOccurrences(of: marker, with: (plural ? "those " + English.plural(noun) : "that " + noun)))
            }
        }
        let body = English.list(clauses)
        guard kind == .exists else { return body + "?" }
        return "is there " + lead + (opensWithAsked.first == true ? " that " : " such that ") + body + "?"
    }

    private func reading(_ literal: Literal, asked: String?, askedText: String, bounds: [String: String], plural: Bool) -> String {
        switch literal {
        case let .positive(atom), let .negative(atom):
            let names = phrasebook.attributeNames(of: atom.relation.name, arity: atom.arguments.count)
            var subject: Int?
            let fillers = atom.arguments.enumerated().map { position, term -> Phrasebook.Filler in
                switch term {
                case let .constant(value): return .value(value)
                case let .variable(name) where name == asked:
                    subject = position
                    return .text(askedText)
                case let .variable(name): return bounds[name].map { .text($0) } ?? .anything
                default: return .anything
                }
            }
            if case .negative = literal { return phrasebook.clause(atom.relation, fillers, mood: .denial) }
            let pluralSubject = plural ? subject.flatMap { phrasebook.agreesInPlural(atom.relation, subject: $0, arity: names.count) ? $0 : nil } : nil
            return phrasebook.clause(atom.relation, fillers, mood: .statement, pluralSubject: pluralSubject)
        case let .comparison(comparison):
            return phrasebook.reading(comparison)
        }
    }

    /// What the asked variable is: its declared type in the first atom that holds it ("person", "course"), or the
    /// attribute's name where the type is a primitive.
    private func askedNoun(_ literals: [Literal], asked: String) -> String {
        for literal in literals {
            guard case let .positive(atom) = literal, let position = atom.arguments.firstIndex(of: .variable(asked)) else { continue }
            let names = phrasebook.attributeNames(of: atom.relation.name, arity: atom.arguments.count)
            if let typeName = types[atom.relation.name]?[position], !["symbol", "number", "unsigned", "float"].contains(typeName) {
                return English.words(typeName).lowercased()
            }
            return English.words(names[position]).lowercased()
        }
        return "thing"
    }

    /// "how many" before a counted noun ("how many years old"), else "what".
    private static func numberLead(after marker: String, in sentence: String) -> String {
        guard let range = sentence.range(of: marker) else { return "what" }
        let next = sentence[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
        return next.count > 2 && next.hasSuffix("s") ? "how many" : "what"
    }

    private func isNumeric(_ literals: [Literal], asked: String) -> Bool {
        for literal in literals {
            guard case let .positive(atom) = literal, let position = atom.arguments.firstIndex(of: .variable(asked)) else { continue }
            return ["number", "unsigned", "float"].contains(primitives[atom.relation.name]?[position] ?? "")
        }
        return false
    }

    private static func bound(_ op: ComparisonOperator) -> String {
        switch op {
        case .greater: return "more than"
        case .greaterOrEqual: return "at least"
        case .less: return "less than"
        case .lessOrEqual: return "at most"
        case .equal: return "exactly"
        case .notEqual: return "other than"
        }
    }
}
