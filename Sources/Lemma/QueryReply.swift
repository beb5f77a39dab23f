import Certification
import Reasoner
import Syntax

/// A JSON value as the replies use it: symbols are strings, numbers are numbers.
public enum JSONValue: Encodable, Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case double(Double)

    public init(_ value: Value) {
        switch value {
        case let .symbol(text): self = .string(text)
        case let .number(n): self = .integer(n)
        case let .float(x): self = .double(x)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .string(text): try container.encode(text)
        case let .integer(n): try container.encode(n)
        case let .double(x): try container.encode(x)
        }
    }
}

/// The reply of `lemma query`, and later of `ask` and `serve`: one shape, defined once.
public struct QueryReply: Encodable, Sendable {
    public var query: String
    /// "yes" or "no", for ground queries.
    public var answer: String?
    /// Bindings of the query's variables, for queries with variables (and the counted items of a count query).
    public var answers: [[String: JSONValue]]?
    public var count: Int?
    public var proofs: [ProofReply]
    /// Further proofs of each answer, in the order of `proofs`, when `--alternatives` asks for them.
    public var alternativeProofs: [[ProofReply]]?
    public var certified: Bool
    public var certification: Certificate
    public var knowledge: String
    public var evaluation: String
    public var timingMilliseconds: [String: Double]

    enum CodingKeys: String, CodingKey {
        case query, answer, answers, count, proofs, certified, certification, knowledge, evaluation
        case alternativeProofs = "alternative_proofs"
        case timingMilliseconds = "timing_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encodeIfPresent(answer, forKey: .answer)
        try container.encodeIfPresent(answers, forKey: .answers)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encode(proofs, forKey: .proofs)
        try container.encodeIfPresent(alternativeProofs, forKey: .alternativeProofs)
        try container.encode(certified, forKey: .certified)
        try container.encode(certification, forKey: .certification)
        try container.encode(knowledge, forKey: .knowledge)
        try container.encode(evaluation, forKey: .evaluation)
        try container.encode(timingMilliseconds, forKey: .timingMilliseconds)
    }
}

/// A proof in JSON: numbered steps, each a fact with its provenance or a rule application citing the rule.
public struct ProofReply: Encodable, Sendable {
    public struct Step: Encodable, Sendable {
        public var id: Int
        public var atom: String
        public var relation: String
        public var values: [JSONValue]
        public var fact: FactCitation?
        public var rule: RuleReply?
        public var premises: [Int]?
        public var bindings: [String: JSONValue]?
        public var notDerivable: [String]?
        public var conditions: [String]?

        enum CodingKeys: String, CodingKey {
            case id, atom, relation, values, fact, rule, premises, bindings, conditions
            case notDerivable = "not_derivable"
        }
    }

    public struct FactCitation: Encodable, Sendable {
        public var file: String
        public var line: Int
    }

    public struct RuleReply: Encodable, Sendable {
        public var name: String
        public var file: String
        public var line: Int
        public var column: Int
        public var text: String
    }

    /// Steps in order, premises first; ids are 1-based positions.
    public var steps: [Step]
    /// The ids of the steps that prove the query's atoms.
    public var goals: [Int]
    public var conditions: [String]?
    /// Why the proof is missing, when it is longer than the proof budget.
    public var omitted: String?

    public init(_ proof: Proof) {
        steps = proof.steps.enumerated().map { index, step in
            var reply = Step(id: index + 1, atom: step.conclusion.description, relation: step.conclusion.relation.description,
                             values: step.conclusion.values.map { JSONValue($0 ?? .symbol("_")) })
            switch step.justification {
            case let .fact(file, line, _):
                reply.fact = FactCitation(file: file, line: line)
            case let .rule(citation, substitution, premises, absent, conditions):
                reply.rule = RuleReply(name: citation.name, file: citation.location.file, line: citation.location.line, column: citation.location.column, text: citation.text)
                reply.premises = premises.map { $0 + 1 }
                reply.bindings = substitution.mapValues(JSONValue.init)
                reply.notDerivable = absent.isEmpty ? nil : absent.map(\.description)
                reply.conditions = conditions.isEmpty ? nil : conditions
            }
            return reply
        }
        goals = proof.goals.map { $0 + 1 }
        conditions = proof.queryConditions.isEmpty ? nil : proof.queryConditions
        omitted = proof.omission
    }
}

/// An error reply: `{"error": {"code", "message", "file", "line", "column"}}`.
public struct ErrorReply: Encodable, Sendable {
    public struct Body: Encodable, Sendable {
        public var code: String
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var diagnostics: [Diagnostic]?
    }

    public var error: Body

    public init(code: String, message: String, location: SourceLocation? = nil, diagnostics: [Diagnostic]? = nil) {
        error = Body(code: code, message: message, file: location?.file, line: location?.line, column: location?.column, diagnostics: diagnostics)
    }

    public init(_ diagnostics: [Diagnostic]) {
        let first = diagnostics.first { $0.severity == .error } ?? diagnostics.first
        self.init(code: first?.code ?? "error", message: first?.message ?? "unknown error", location: first?.location, diagnostics: diagnostics.count > 1 ? diagnostics : nil)
    }
}
