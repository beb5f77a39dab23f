import Reasoner
import Syntax

/// Independent confirmation of what the Z3-based components find: the reference evaluator shares no code with the
/// grounder's instantiation or the encoding, so a result both agree on does not rest on either alone.
extension ReferenceEvaluator {
    /// An evaluator over the stored facts with some facts added and some removed, as a hypothesis or a counterfactual
    /// would change them.
    convenience init(program: Program, budget: Int, storedFacts: @escaping (RelationName) -> Set<[Value]>,
                     adding added: [GroundAtom], removing removed: [GroundAtom]) {
        let additions = Dictionary(grouping: added, by: \.relation).mapValues { Set($0.map { $0.values.compactMap { $0 } }) }
        let removals = Dictionary(grouping: removed, by: \.relation).mapValues { Set($0.map { $0.values.compactMap { $0 } }) }
        self.init(program: program, budget: budget) { relation in
            storedFacts(relation).union(additions[relation] ?? []).subtracting(removals[relation] ?? [])
        }
    }

    /// Whether some derived atom matches the pattern (nil values are `_`).
    func derives(_ pattern: GroundAtom) throws(BudgetExceeded) -> Bool {
        try extensionOf(pattern.relation).contains { tuple in
            tuple.count == pattern.values.count && zip(tuple, pattern.values).allSatisfy { $1 == nil || $1 == $0 }
        }
    }

    /// `derives`, reporting a spent budget as the certification error callers hand on.
    func derivesWithinBudget(_ pattern: GroundAtom) throws(CertificationError) -> Bool {
        do {
            return try derives(pattern)
        } catch {
            throw .referenceBudgetExceeded("'\(error.relation)' needs more than \(budget) tuples or join steps")
        }
    }
}
