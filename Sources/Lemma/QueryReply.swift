import Certification
import Reasoner
import Syntax
import Verbalizer

/// A JSON value as the replies use it: symbols are strings, numbers are numbers.
public enum JSONValue: Codable, Hashable, Sendable {
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

    /// JSON integers are numbers, other JSON numbers floats, strings symbols; the inverse of `init(_:)`.
    public var value: Value {
        switch self {
        case let .string(text): return .symbol(text)
        case let .integer(n): return .number(n)
        case let .double(x): return .float(x)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else {
            self = .string(try container.decode(String.self))
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

/// The reply of `lemma query`, and later of `ask` and `serve`: one shape, defined once. Optional parts appear only
/// when they apply (a why-not only for "no", a witness only for "unknown").
public struct QueryReply: Encodable, Sendable {
    public var query: String
    /// The answer as an English sentence, from the knowledge's `.phrase` templates.
    public var text: String
    /// "closed" or "open".
    public var world: String
    /// "yes", "no" or "unknown", for ground queries.
    public var answer: String?
    /// Bindings of the query's variables, for queries with variables (and the counted items of a count query).
    public var answers: [[String: JSONValue]]?
    public var count: Int?
    public var proofs: [ProofReply]
    /// Further proofs of each answer, in the order of `proofs`, when `--alternatives` asks for them.
    public var alternativeProofs: [[ProofReply]]?
    /// Why a "no" or "unknown" is not "yes": the atoms read as false or left undecided, and proofs of the atoms
    /// whose truth refutes the query.
    public var refutation: RefutationReply?
    public var whyNot: [WhyNotReply]?
    /// Smallest sets of missing facts that would make the query true (`--why-not`).
    public var abduction: [[FactReply]]?
    /// For "unknown": missing facts that would decide the query either way.
    public var witness: WitnessReply?
    /// For "yes": the smallest sets of stored facts whose removal would make the answer "no" (`--counterfactuals`).
    public var counterfactuals: [[FactReply]]?
    /// Why an explanation asked for is missing (a solver timeout, a grounding budget).
    public var explanationLimits: [String]?
    /// The evaluation budget the query ran out of, which makes the answer "unknown": the answers listed are proved,
    /// but more may exist.
    public var budgetExceeded: String?
    public var consistency: ConsistencyReply?
    public var certified: Bool
    public var certification: Certificate
    public var knowledge: String
    public var evaluation: String
    public var timingMilliseconds: [String: Double]

    enum CodingKeys: String, CodingKey {
        case query, text, world, answer, answers, count, proofs, refutation, abduction, witness, counterfactuals, consistency
        case certified, certification, knowledge, evaluation
        case alternativeProofs = "alternative_proofs"
        case whyNot = "why_not"
        case explanationLimits = "explanation_limits"
        case budgetExceeded = "budget_exceeded"
        case timingMilliseconds = "timing_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encode(text, forKey: .text)
        try container.encode(world, forKey: .world)
        try container.encodeIfPresent(answer, forKey: .answer)
        try container.encodeIfPresent(answers, forKey: .answers)
        try container.encodeIfPresent(count, forKey: .count)
        try container.encode(proofs, forKey: .proofs)
        try container.encodeIfPresent(alternativeProofs, forKey: .alternativeProofs)
        try container.encodeIfPresent(refutation, forKey: .refutation)
        try container.encodeIfPresent(whyNot, forKey: .whyNot)
        try container.encodeIfPresent(abduction, forKey: .abduction)
        try container.encodeIfPresent(witness, forKey: .witness)
        try container.encodeIfPresent(counterfactuals, forKey: .counterfactuals)
        try container.encodeIfPresent(explanationLimits, forKey: .explanationLimits)
        try container.encodeIfPresent(budgetExceeded, forKey: .budgetExceeded)
        try container.encodeIfPresent(consistency, forKey: .consistency)
        try container.encode(certified, forKey: .certified)
        try container.encode(certification, forKey: .certification)
        try container.encode(knowledge, forKey: .knowledge)
        try container.encode(evaluation, forKey: .evaluation)
        try container.encode(timingMilliseconds, forKey: .timingMilliseconds)
    }
}

/// A stored or hypothetical fact, with where it is stored when it is.
public struct FactReply: Codable, Hashable, Sendable {
    public var atom: String
    /// The fact in English.
    public var text: String?
    public var file: String?
    public var line: Int?

    public init(_ atom: GroundAtom, provenance: FactProvenance?, phrasebook: Phrasebook) {
        self.atom = atom.description
        text = phrasebook.statement(atom)
        file = provenance?.file
        line = provenance?.line
    }
}

public struct RefutationReply: Encodable, Sendable {
    /// Atoms with no derivation, read as false (closed world or closed relations).
    public var notDerivable: [String]?
    /// Proofs of the atoms that make a query literal false (classical negations, atoms under `!`).
    public var proofs: [ProofReply]?
    public var falseConditions: [String]?
    /// Open-world atoms neither provable nor refutable.
    public var undecided: [String]?

    enum CodingKeys: String, CodingKey {
        case proofs, undecided
        case notDerivable = "not_derivable"
        case falseConditions = "false_conditions"
    }

    public init(_ evidence: FailureEvidence, phrasebook: Phrasebook) {
        notDerivable = evidence.notDerivable.isEmpty ? nil : evidence.notDerivable.map(\.description)
        proofs = evidence.refutations.isEmpty ? nil : evidence.refutations.map { ProofReply($0, phrasebook: phrasebook) }
        falseConditions = evidence.falseConditions.isEmpty ? nil : evidence.falseConditions
        undecided = evidence.undecided.isEmpty ? nil : evidence.undecided.map(\.description)
    }
}

/// An open-world "unknown" decided either way by adding facts: each list is a smallest set of missing facts.
public struct WitnessReply: Encodable, Sendable {
    public var couldHold: [[FactReply]]
    public var couldFail: [[FactReply]]

    enum CodingKeys: String, CodingKey {
        case couldHold = "could_hold"
        case couldFail = "could_fail"
    }
}

public struct WhyNotReply: Encodable, Sendable {
    public struct Attempt: Encodable, Sendable {
        /// The attempt in English: what of the rule's body holds and what fails.
        public var text: String
        public var rule: ProofReply.RuleReply
        public var satisfied: [String]
        /// "not_derivable", "derivable" (the atom under a `!`) or "condition_false".
        public var failure: String
        public var failing: String
        public var bodySize: Int
        public var causes: [WhyNotReply]?

        enum CodingKeys: String, CodingKey {
            case text, rule, satisfied, failure, failing, causes
            case bodySize = "body_size"
        }
    }

    public var atom: String
    /// "Pablo is not known to be an ancestor of Iris".
    public var text: String
    public var storedRelation: Bool
    public var attempts: [Attempt]
    public var truncated: Bool?

    enum CodingKeys: String, CodingKey {
        case atom, text, attempts, truncated
        case storedRelation = "stored_relation"
    }

    public init(_ whyNot: WhyNot, phrasebook: Phrasebook) {
        atom = whyNot.atom.description
        text = phrasebook.absence(whyNot.atom)
        storedRelation = whyNot.isStoredRelation
        truncated = whyNot.truncated ? true : nil
        attempts = whyNot.attempts.map { attempt in
            let (failure, failing): (String, String)
            switch attempt.failure {
            case let .notDerivable(atom): (failure, failing) = ("not_derivable", atom.description)
            case let .derivable(atom): (failure, failing) = ("derivable", atom.description)
            case let .conditionFalse(condition): (failure, failing) = ("condition_false", condition)
            }
            return Attempt(text: phrasebook.attemptSentence(attempt), rule: ProofReply.RuleReply(attempt.rule), satisfied: attempt.satisfied,
                           failure: failure, failing: failing, bodySize: attempt.bodySize,
                           causes: attempt.causes.isEmpty ? nil : attempt.causes.map { WhyNotReply($0, phrasebook: phrasebook) })
        }
    }
}

/// Whether the knowledge is consistent; when not, each conflict with a proof and its minimal sets of stored facts.
public struct ConsistencyReply: Encodable, Sendable {
    public struct ConflictReply: Encodable, Sendable {
        /// "complementary" (p and -p both hold) or "constraint" (an integrity constraint fires).
        public var kind: String
        /// The conflict in English.
        public var text: String
        public var atoms: [String]
        public var constraint: String?
        public var proof: ProofReply
        /// Minimal sets of stored facts that produce the conflict with the rules (`--consistency`).
        public var minimalFactSets: [[FactReply]]?

        enum CodingKeys: String, CodingKey {
            case kind, text, atoms, constraint, proof
            case minimalFactSets = "minimal_fact_sets"
        }
    }

    public var consistent: Bool
    public var conflicts: [ConflictReply]
    /// Why minimal sets are missing for some conflict (a solver timeout, a grounding budget).
    public var limits: [String]?
}

/// A proof in JSON: numbered steps, each a fact with its provenance or a rule application citing the rule.
public struct ProofReply: Codable, Sendable {
    public struct Step: Codable, Sendable {
        public var id: Int
        public var atom: String
        /// The canonical `.phrase` reading of the atom.
        public var text: String?
        /// The whole step in English, with its reasons and citation, as the text format prints it.
        public var explanation: String?
        public var relation: String
        /// null stands for `_` in a negated pattern.
        public var values: [JSONValue?]
        public var fact: FactCitation?
        public var rule: RuleReply?
        public var premises: [Int]?
        public var bindings: [String: JSONValue]?
        public var notDerivable: [String]?
        public var conditions: [String]?

        enum CodingKeys: String, CodingKey {
            case id, atom, text, explanation, relation, values, fact, rule, premises, bindings, conditions
            case notDerivable = "not_derivable"
        }
    }

    public struct FactCitation: Codable, Sendable {
        public var file: String
        public var line: Int
    }

    public struct RuleReply: Codable, Sendable {
        public var name: String
        public var file: String
        public var line: Int
        public var column: Int
        public var text: String

        public init(_ citation: RuleCitation) {
            name = citation.name
            file = citation.location.file
            line = citation.location.line
            column = citation.location.column
            text = citation.text
        }
    }

    /// Steps in order, premises first; ids are 1-based positions.
    public var steps: [Step]
    /// The ids of the steps that prove the query's atoms.
    public var goals: [Int]
    public var conditions: [String]?
    /// Why the proof is missing, when it is longer than the proof budget.
    public var omitted: String?

    public init(_ proof: Proof, phrasebook: Phrasebook) {
        let narrated = ProofNarrator(phrasebook: phrasebook).narrate(proof)
        steps = proof.steps.enumerated().map { index, step in
            var reply = Step(id: index + 1, atom: step.conclusion.description, text: narrated.steps[index].statement,
                             explanation: narrated.steps[index].sentence, relation: step.conclusion.relation.description,
                             values: step.conclusion.values.map { $0.map(JSONValue.init) })
            switch step.justification {
            case let .fact(file, line, _):
                reply.fact = FactCitation(file: file, line: line)
            case let .rule(citation, substitution, premises, absent, conditions):
                reply.rule = RuleReply(citation)
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
        /// The request field that is wrong, in `serve`'s replies.
        public var field: String?
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
