import Syntax

/// The result of a query, before certification: the same shape `lemma query` prints.
public struct QueryResult: Sendable {
    public enum Kind: String, Sendable {
        case ground, bindings, count
    }

    public var query: Query
    public var kind: Kind
    /// The query's answer variables, in order of first appearance (for `count`, the aggregate's body variables).
    public var variables: [String]
    /// Distinct bindings, sorted; one empty binding for a ground query that holds.
    public var bindings: [[Value]]
    /// One proof per binding (or per counted item), in the same order.
    public var proofs: [Proof]
    /// Further proofs of each binding when asked for (empty otherwise), in the same order as `proofs`.
    public var alternativeProofs: [[Proof]]
    public var count: Int?
    /// "query-driven" when the magic-set rewriting was used, "full" otherwise.
    public var evaluation: String
    public var rounds: Int

    /// The world the query was answered in: the knowledge base's pragma unless the caller overrode it.
    public var world: World
    /// For ground queries: yes, no, or unknown (in the open world, or when the evaluation budget ran out); for other
    /// queries, unknown when the budget ran out and the answers may be incomplete.
    public var truth: Truth?
    /// Why a ground query is not `yes`, literal by literal; empty when it holds.
    public var evidence: FailureEvidence
    /// Why evaluation stopped before its fixpoint (the budget it ran out of); nil when it finished. The answers found
    /// are proved, but more may exist, so the truth is `unknown` unless a ground query was proved.
    public var exceededBudget: String? = nil

    public var holds: Bool { !bindings.isEmpty }
}

/// The three answers a ground query can have. `unknown` arises in the open world, where neither the goal nor its
/// classical negation is derivable, and wherever evaluation ran out of its budget before deciding.
public enum Truth: String, Codable, Sendable {
    case yes, no, unknown
}

/// What makes a ground query fail, gathered per literal so that every part of a `no` or `unknown` can be certified.
public struct FailureEvidence: Sendable, Equatable {
    /// Atoms that are not derivable and are read as false: closed-world relations (certified by completion).
    public var notDerivable: [GroundAtom] = []
    /// Proofs of atoms whose truth makes a query literal false: the classical negation of an open-world goal, or
    /// the atom under a `!`.
    public var refutations: [Proof] = []
    /// Conditions of the query itself that are false, such as `15 > 18`.
    public var falseConditions: [String] = []
    /// Open-world atoms for which neither the atom nor its classical negation is derivable.
    public var undecided: [GroundAtom] = []

    public init() {}

    public var isEmpty: Bool {
        notDerivable.isEmpty && refutations.isEmpty && falseConditions.isEmpty && undecided.isEmpty
    }
}

public enum ReasonerError: Error, CustomStringConvertible, Sendable {
    /// The query does not fit the knowledge: undeclared relation, wrong arity, unsafe variable.
    case invalidQuery([Diagnostic])

    public var description: String {
        switch self {
        case let .invalidQuery(diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    public var diagnostics: [Diagnostic] {
        switch self {
        case let .invalidQuery(diagnostics): return diagnostics
        }
    }
}
