import Syntax

/// A ground atom such as `parent("Ann", "Bob")`; a nil value stands for `_` in a negated pattern.
public struct GroundAtom: Hashable, Codable, Sendable, CustomStringConvertible {
    public var relation: RelationName
    public var values: [Value?]

    public init(_ relation: RelationName, _ values: [Value?]) {
        self.relation = relation
        self.values = values
    }

    public var description: String {
        "\(relation)(\(values.map { $0?.description ?? "_" }.joined(separator: ", ")))"
    }

    /// `-p(t)` for `p(t)` and `p(t)` for `-p(t)`: the atom whose truth makes this one false in the open world.
    public var complement: GroundAtom {
        GroundAtom(relation.complement, values)
    }
}

/// The rule a proof step applies, with enough to find it again in the stored program and to cite it.
public struct RuleCitation: Hashable, Codable, Sendable {
    /// Position of the rule in the knowledge base's rule list.
    public var index: Int
    public var name: String
    public var location: SourceLocation
    public var text: String

    public init(index: Int, name: String, location: SourceLocation, text: String) {
        self.index = index
        self.name = name
        self.location = location
        self.text = text
    }
}

/// One step of a proof: a conclusion and why it holds.
public struct ProofStep: Hashable, Codable, Sendable {
    public enum Justification: Hashable, Codable, Sendable {
        /// A stored fact, with where it was read from.
        case fact(file: String, line: Int, batch: Int64)
        /// A rule instance: the substitution grounds the rule; premises are earlier steps proving its positive atoms.
        case rule(RuleCitation, substitution: [String: Value], premises: [Int], absent: [GroundAtom], conditions: [String])
    }

    public var conclusion: GroundAtom
    public var justification: Justification

    public init(conclusion: GroundAtom, justification: Justification) {
        self.conclusion = conclusion
        self.justification = justification
    }

    public var premises: [Int] {
        if case let .rule(_, _, premises, _, _) = justification { return premises }
        return []
    }
}

/// A proof as data: steps in dependency order (premises before the steps using them, shared sub-proofs once),
/// and the steps that prove the query's atoms. The checker, the verbalizer and JSON all read this one value.
public struct Proof: Hashable, Codable, Sendable {
    public var steps: [ProofStep]
    public var goals: [Int]
    /// Conditions of the query itself that hold for this answer, such as `15 < 18` or `not minor("Ann")`.
    public var queryConditions: [String]
    /// Set when the proof was not built because it is longer than the proof budget; `steps` is then empty.
    public var omission: String?

    public init(steps: [ProofStep], goals: [Int], queryConditions: [String] = [], omission: String? = nil) {
        self.steps = steps
        self.goals = goals
        self.queryConditions = queryConditions
        self.omission = omission
    }

    /// The stored facts the proof rests on.
    public var facts: [GroundAtom] {
        steps.compactMap { step in
            if case .fact = step.justification { return step.conclusion }
            return nil
        }
    }
}
