import Reasoner
import Syntax
import Z3Kit

/// Two versions of a rule set compared on every fact set within the bound (`BoundedDomain`): Z3 encodes both over the
/// same facts, each by its stable models, and looks for facts on which some derived relation differs. The first set
/// found is shrunk to a minimal one and re-run through the independent reference evaluator on both versions, which
/// must derive something different; what each derives that the other does not is the example a reviewer reads.
extension BoundedChecker {
    public struct Disagreement: Sendable, Equatable {
        /// A minimal set of facts on which the versions disagree.
        public var facts: [GroundAtom]
        /// Derived by the old version only, and by the new one only, on those facts.
        public var onlyOld: [GroundAtom]
        public var onlyNew: [GroundAtom]
    }

    /// nil when the versions derive the same on every fact set within the bound.
    public func disagreement(old: Program, new: Program) throws(CertificationError) -> Disagreement? {
        var (oldRules, newRules) = (old, new)
        oldRules.facts = []
        newRules.facts = []
        let compared = Set(oldRules.rules.map(\.head.relation) + newRules.rules.map(\.head.relation))
        let candidates = BoundedDomain(bound: bound, programs: [oldRules, newRules]).candidateFacts()
        func goals(_ program: Program) -> [GroundAtom] {
            compared.sorted().compactMap { relation in
                program.declaration(of: relation.name).map { GroundAtom(relation, Array(repeating: nil, count: $0.arity)) }
            }
        }
        let oldGround = try Grounder(program: oldRules, storedFacts: { _ in [] }, hypothetical: candidates, budget: groundingBudget).ground(goals: goals(oldRules))
        let newGround = try Grounder(program: newRules, storedFacts: { _ in [] }, hypothetical: candidates, budget: groundingBudget).ground(goals: goals(newRules))
        let facts = try withZ3 { () throws -> [GroundAtom]? in
            let context = try Z3Context(timeout: timeout)
            let present = Set(oldGround.atoms).union(newGround.atoms)
            let added = try candidates.filter(present.contains).map { (atom: $0, term: try context.boolConstant("added \($0)")) }
            let controlled = Dictionary(uniqueKeysWithValues: added.map { ($0.atom, $0.term) })
            let oldEncoding = try StableModelEncoding(context: context, program: oldGround, controlled: controlled, namespace: "old ")
            let newEncoding = try StableModelEncoding(context: context, program: newGround, controlled: controlled, namespace: "new ")
            let solver = try context.makeSolver()
            for constraint in oldEncoding.constraints + newEncoding.constraints { try solver.assert(constraint) }
            let differing = try present.filter { compared.contains($0.relation) }.sorted { $0.description < $1.description }.map { atom in
                try context.not(context.iff(oldEncoding.term(atom), newEncoding.term(atom)))
            }
            guard !differing.isEmpty else { return nil }
            try solver.assert(context.or(differing))
            var search = BoundedSearch(context: context, solver: solver, added: added, deadline: SolverDeadline(timeout: timeout))
            return try search.minimalFactSet()
        }
        guard let facts else { return nil }
        let oldDerived = try derived(compared, by: oldRules, from: facts)
        let newDerived = try derived(compared, by: newRules, from: facts)
        let disagreement = Disagreement(facts: facts, onlyOld: oldDerived.subtracting(newDerived).sorted { $0.description < $1.description },
                                        onlyNew: newDerived.subtracting(oldDerived).sorted { $0.description < $1.description })
        guard !(disagreement.onlyOld.isEmpty && disagreement.onlyNew.isEmpty) else {
            throw .solverFailure("the versions derive the same from \(facts.map(\.description).joined(separator: ", ")) when re-checked")
        }
        return disagreement
    }

    /// What the reference evaluator derives in these relations from exactly these facts.
    private func derived(_ relations: Set<RelationName>, by program: Program, from facts: [GroundAtom]) throws(CertificationError) -> Set<GroundAtom> {
        let reference = ReferenceEvaluator(program: program, budget: groundingBudget, storedFacts: { _ in [] }, adding: facts, removing: [])
        var result = Set<GroundAtom>()
        for relation in relations where program.declaration(of: relation.name) != nil {
            do {
                for tuple in try reference.extensionOf(relation) { result.insert(GroundAtom(relation, tuple.map(Optional.some))) }
            } catch {
                throw .groundingBudgetExceeded("re-checking '\(relation)' exceeds \(groundingBudget) tuples or join steps")
            }
        }
        return result
    }
}
