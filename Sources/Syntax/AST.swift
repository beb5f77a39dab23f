/// The primitive types every declared type resolves to.
public enum PrimitiveType: String, Codable, Sendable, CaseIterable {
    case symbol, number, unsigned, float

    /// Types whose values can meet in one column or one comparison.
    public var domain: PrimitiveType {
        self == .unsigned ? .number : self
    }
}

/// `.type Person <: symbol` (a subtype) or `.type Id = number` (an alias, possibly a union of types).
public struct TypeDeclaration: Equatable, Codable, Sendable {
    public enum Definition: Equatable, Codable, Sendable {
        case subtype(of: String)
        case alias(of: [String])
    }

    public var name: String
    public var definition: Definition
    public var location: SourceLocation

    public init(name: String, definition: Definition, location: SourceLocation) {
        self.name = name
        self.definition = definition
        self.location = location
    }
}

public struct Attribute: Equatable, Codable, Sendable {
    public var name: String
    public var typeName: String

    public init(name: String, typeName: String) {
        self.name = name
        self.typeName = typeName
    }
}

/// `.decl name(attr: type, ...)`; `closed` marks a closed-world relation inside an open-world base, and
/// `choice-domain a, (b, c)` (Soufflé's) makes the relation functional in each listed key: at most one fact per
/// value of the key.
public struct RelationDeclaration: Equatable, Codable, Sendable {
    public var name: String
    public var attributes: [Attribute]
    public var isClosed: Bool
    /// The keys of `choice-domain`, each a list of attribute names; nil or empty when the relation has none.
    public var choiceDomains: [[String]]?
    public var location: SourceLocation

    public init(name: String, attributes: [Attribute], isClosed: Bool = false, choiceDomains: [[String]]? = nil, location: SourceLocation) {
        self.name = name
        self.attributes = attributes
        self.isClosed = isClosed
        self.choiceDomains = choiceDomains
        self.location = location
    }

    public var arity: Int { attributes.count }

    /// The column positions of each `choice-domain` key whose attributes are all declared.
    public var functionalKeys: [[Int]] {
        (choiceDomains ?? []).compactMap { key in
            let positions = key.compactMap { name in attributes.firstIndex { $0.name == name } }
            return positions.count == key.count ? positions : nil
        }
    }
}

/// A relation as it appears in an atom: classical negation `-p` is a relation of its own that shares `p`'s declaration.
public struct RelationName: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var name: String
    public var isClassicallyNegated: Bool

    public init(_ name: String, classicallyNegated: Bool = false) {
        self.name = name
        self.isClassicallyNegated = classicallyNegated
    }

    public var description: String { isClassicallyNegated ? "-" + name : name }

    /// `-p` for `p` and `p` for `-p`: the relation whose truth makes this one false in the open world.
    public var complement: RelationName { RelationName(name, classicallyNegated: !isClassicallyNegated) }

    public static func < (lhs: RelationName, rhs: RelationName) -> Bool {
        (lhs.name, lhs.isClassicallyNegated ? 1 : 0) < (rhs.name, rhs.isClassicallyNegated ? 1 : 0)
    }
}

public enum ArithmeticOperator: String, Codable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
}

public enum ComparisonOperator: String, Codable, Sendable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

public enum AggregateFunction: String, Codable, Sendable {
    case count, sum, min, max
}

/// `count : { body }`, `sum y : { body }`: a term whose value is computed over the bindings of its body.
public struct Aggregate: Equatable, Codable, Sendable {
    public var function: AggregateFunction
    /// The aggregated expression; nil for `count`.
    public var target: Term?
    public var body: [Literal]
    public var location: SourceLocation

    public init(function: AggregateFunction, target: Term?, body: [Literal], location: SourceLocation) {
        self.function = function
        self.target = target
        self.body = body
        self.location = location
    }
}

public indirect enum Term: Equatable, Codable, Sendable {
    case variable(String)
    case wildcard
    case constant(Value)
    case arithmetic(ArithmeticOperator, Term, Term)
    case minus(Term)
    case aggregate(Aggregate)

    /// Named variables in order of first appearance, not descending into aggregates (their variables are local).
    public var variables: [String] {
        var result: [String] = []
        collectVariables(into: &result, includingAggregates: false)
        return result
    }

    func collectVariables(into result: inout [String], includingAggregates: Bool) {
        switch self {
        case let .variable(name):
            if !result.contains(name) { result.append(name) }
        case .wildcard, .constant:
            break
        case let .arithmetic(_, lhs, rhs):
            lhs.collectVariables(into: &result, includingAggregates: includingAggregates)
            rhs.collectVariables(into: &result, includingAggregates: includingAggregates)
        case let .minus(operand):
            operand.collectVariables(into: &result, includingAggregates: includingAggregates)
        case let .aggregate(aggregate):
            guard includingAggregates else { return }
            aggregate.target?.collectVariables(into: &result, includingAggregates: true)
            for literal in aggregate.body {
                literal.collectVariables(into: &result, includingAggregates: true)
            }
        }
    }

    public var isGround: Bool {
        switch self {
        case .constant: return true
        case .variable, .wildcard, .aggregate: return false
        case let .arithmetic(_, lhs, rhs): return lhs.isGround && rhs.isGround
        case let .minus(operand): return operand.isGround
        }
    }

    public var aggregates: [Aggregate] {
        switch self {
        case let .aggregate(aggregate): return [aggregate]
        case let .arithmetic(_, lhs, rhs): return lhs.aggregates + rhs.aggregates
        case let .minus(operand): return operand.aggregates
        case .variable, .wildcard, .constant: return []
        }
    }
}

public struct Atom: Equatable, Codable, Sendable {
    public var relation: RelationName
    public var arguments: [Term]
    public var location: SourceLocation

    public init(_ relation: RelationName, _ arguments: [Term], location: SourceLocation) {
        self.relation = relation
        self.arguments = arguments
        self.location = location
    }

    public var variables: [String] {
        var result: [String] = []
        for argument in arguments { argument.collectVariables(into: &result, includingAggregates: false) }
        return result
    }
}

public struct Comparison: Equatable, Codable, Sendable {
    public var op: ComparisonOperator
    public var lhs: Term
    public var rhs: Term
    public var location: SourceLocation

    public init(_ op: ComparisonOperator, _ lhs: Term, _ rhs: Term, location: SourceLocation) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.location = location
    }
}

public enum Literal: Equatable, Codable, Sendable {
    case positive(Atom)
    /// Negation as failure: `!atom` holds when the atom is not derivable.
    case negative(Atom)
    case comparison(Comparison)

    public var location: SourceLocation {
        switch self {
        case let .positive(atom), let .negative(atom): return atom.location
        case let .comparison(comparison): return comparison.location
        }
    }

    public var atom: Atom? {
        switch self {
        case let .positive(atom), let .negative(atom): return atom
        case .comparison: return nil
        }
    }

    public var variables: [String] {
        var result: [String] = []
        collectVariables(into: &result, includingAggregates: false)
        return result
    }

    func collectVariables(into result: inout [String], includingAggregates: Bool) {
        switch self {
        case let .positive(atom), let .negative(atom):
            for argument in atom.arguments { argument.collectVariables(into: &result, includingAggregates: includingAggregates) }
        case let .comparison(comparison):
            comparison.lhs.collectVariables(into: &result, includingAggregates: includingAggregates)
            comparison.rhs.collectVariables(into: &result, includingAggregates: includingAggregates)
        }
    }

    public var aggregates: [Aggregate] {
        switch self {
        case let .positive(atom), let .negative(atom): return atom.arguments.flatMap(\.aggregates)
        case let .comparison(comparison): return comparison.lhs.aggregates + comparison.rhs.aggregates
        }
    }
}

/// `head :- body.`; a body with `;` is split into one rule per disjunct, as Soufflé does, all sharing the location.
public struct Rule: Equatable, Codable, Sendable {
    public var head: Atom
    public var body: [Literal]
    public var location: SourceLocation
    /// The clause as written, for provenance and for storage.
    public var sourceText: String

    public init(head: Atom, body: [Literal], location: SourceLocation, sourceText: String) {
        self.head = head
        self.body = body
        self.location = location
        self.sourceText = sourceText
    }

    /// A readable name for proofs: the head relation, as in "rule grandparent".
    public var name: String { head.relation.description }
}

/// A headless rule `:- body.`: the knowledge is inconsistent when its body holds.
public struct IntegrityConstraint: Equatable, Codable, Sendable {
    public var body: [Literal]
    public var location: SourceLocation
    public var sourceText: String

    public init(body: [Literal], location: SourceLocation, sourceText: String) {
        self.body = body
        self.location = location
        self.sourceText = sourceText
    }
}

/// A ground fact with where it came from.
public struct Fact: Equatable, Codable, Sendable {
    public var relation: RelationName
    public var values: [Value]
    public var location: SourceLocation

    public init(_ relation: RelationName, _ values: [Value], location: SourceLocation) {
        self.relation = relation
        self.values = values
        self.location = location
    }
}

/// `.input name(IO=file, filename="x.csv", delimiter=",")`.
public struct InputDirective: Equatable, Codable, Sendable {
    public var relation: String
    public var options: [String: String]
    public var location: SourceLocation

    public init(relation: String, options: [String: String], location: SourceLocation) {
        self.relation = relation
        self.options = options
        self.location = location
    }

    public var fileName: String { options["filename"] ?? "\(relation).facts" }
    public var delimiter: String { options["delimiter"].map(InputDirective.unescape) ?? "\t" }
    public var hasHeader: Bool { options["headers"] == "true" }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\t", with: "\t")
    }
}

public struct OutputDirective: Equatable, Codable, Sendable {
    public var relation: String
    public var options: [String: String]
    public var location: SourceLocation

    public init(relation: String, options: [String: String], location: SourceLocation) {
        self.relation = relation
        self.options = options
        self.location = location
    }
}

/// `.phrase name "{p} is a parent of {c}" | "{c} is a child of {p}"`: the first template is canonical.
public struct PhraseDeclaration: Equatable, Codable, Sendable {
    public var relation: String
    public var templates: [String]
    public var location: SourceLocation

    public init(relation: String, templates: [String], location: SourceLocation) {
        self.relation = relation
        self.templates = templates
        self.location = location
    }

    /// The `{name}` placeholders of a template, in order.
    public static func placeholders(in template: String) -> [String] {
        var result: [String] = []
        var current: String?
        for character in template {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                result.append(name)
                current = nil
            } else if current != nil {
                current!.append(character)
            }
        }
        return result
    }
}

public struct Pragma: Equatable, Codable, Sendable {
    public var key: String
    public var value: String?
    public var location: SourceLocation

    public init(key: String, value: String?, location: SourceLocation) {
        self.key = key
        self.value = value
        self.location = location
    }
}

public enum World: String, Codable, Sendable {
    case closed, open
}

/// Everything a set of `.dl` files says, after includes are followed and disjunctions split.
/// A property a rule set must have (`.assert`), checked by `lemma verify` on the stored facts and on every fact set
/// within a bound: `.assert name: body => head.` (whenever the body holds, so does the head) or
/// `.assert never name: body.` (the body never holds).
public struct Property: Equatable, Codable, Sendable {
    public var name: String
    public var body: [Literal]
    /// nil for a `never` property.
    public var head: Atom?
    public var location: SourceLocation
    public var sourceText: String

    public init(name: String, body: [Literal], head: Atom?, location: SourceLocation, sourceText: String) {
        self.name = name
        self.body = body
        self.head = head
        self.location = location
        self.sourceText = sourceText
    }

    /// What a violation is, as a rule body: the body holding without the head (or, for `never`, the body holding).
    public var violation: [Literal] {
        body + (head.map { [.negative($0)] } ?? [])
    }
}

public struct Program: Equatable, Codable, Sendable {
    public var types: [TypeDeclaration] = []
    public var relations: [RelationDeclaration] = []
    public var facts: [Fact] = []
    public var rules: [Rule] = []
    public var constraints: [IntegrityConstraint] = []
    public var inputs: [InputDirective] = []
    public var outputs: [OutputDirective] = []
    public var phrases: [PhraseDeclaration] = []
    public var pragmas: [Pragma] = []
    public var properties: [Property] = []

    public init() {}

    /// Reads programs written before properties existed (audit bundles keep their program), as having none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        types = try container.decode([TypeDeclaration].self, forKey: .types)
        relations = try container.decode([RelationDeclaration].self, forKey: .relations)
        facts = try container.decode([Fact].self, forKey: .facts)
        rules = try container.decode([Rule].self, forKey: .rules)
        constraints = try container.decode([IntegrityConstraint].self, forKey: .constraints)
        inputs = try container.decode([InputDirective].self, forKey: .inputs)
        outputs = try container.decode([OutputDirective].self, forKey: .outputs)
        phrases = try container.decode([PhraseDeclaration].self, forKey: .phrases)
        pragmas = try container.decode([Pragma].self, forKey: .pragmas)
        properties = try container.decodeIfPresent([Property].self, forKey: .properties) ?? []
    }

    public var world: World {
        let value = pragmas.last { $0.key == "world" }?.value
        return value == "open" ? .open : .closed
    }

    public func declaration(of name: String) -> RelationDeclaration? {
        relations.first { $0.name == name }
    }

    public mutating func append(_ other: Program) {
        types += other.types
        relations += other.relations
        facts += other.facts
        rules += other.rules
        constraints += other.constraints
        inputs += other.inputs
        outputs += other.outputs
        phrases += other.phrases
        pragmas += other.pragmas
        properties += other.properties
    }
}

extension [Literal] {
    /// The body with each `_` of a positive atom replaced by a fresh variable `prefix1`, `prefix2`, …, so that a
    /// solution of the body binds every column (count queries count rows; grounding names every atom); `_` in a
    /// negated atom keeps its meaning, "for no value". The prefix must be one no identifier can start with.
    public func namingWildcards(prefix: String) -> [Literal] {
        var counter = 0
        return map { literal in
            guard case var .positive(atom) = literal else { return literal }
            atom.arguments = atom.arguments.map { argument in
                guard case .wildcard = argument else { return argument }
                counter += 1
                return .variable("\(prefix)\(counter)")
            }
            return .positive(atom)
        }
    }
}
