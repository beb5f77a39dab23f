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

    public var holds: Bool { !bindings.isEmpty }
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
