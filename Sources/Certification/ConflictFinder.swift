import Reasoner
import Syntax
import Z3Kit

/// A minimal set of stored facts that, with the rules, produces a conflict: removing any one of them removes it.
public struct ConflictSet: Hashable, Sendable {
    public var conflict: Conflict
    public var facts: [GroundAtom]

    public init(conflict: Conflict, facts: [GroundAtom]) {
        self.conflict = conflict
        self.facts = facts
    }
}

/// Explains an inconsistent knowledge base by the few stored facts each conflict rests on, so a person can see what to
/// retract. Each stored fact is a "kept" Boolean of the stable-model encoding; Z3's unsat core over the kept assumptions
/// gives a first set, which deletion then shrinks to a minimal one.
public struct ConflictFinder {
    public var timeout: Duration
    public var groundingBudget: Int
    public var referenceBudget: Int

    public init(timeout: Duration = .seconds(30), groundingBudget: Int = 1_000_000, referenceBudget: Int = 2_000_000) {
        self.timeout = timeout
        self.groundingBudget = groundingBudget
        self.referenceBudget = referenceBudget
    }

    /// Up to `limitPerConflict` minimal conflict sets for each conflict, each confirmed by the reference evaluator.
    /// - Throws: `notAConflict` when a conflict given does not hold in the knowledge base.
    public func minimalConflicts(program: Program, storedFacts: @escaping (RelationName) -> Set<[Value]>, conflicts: [Conflict], limitPerConflict: Int) throws(CertificationError) -> [ConflictSet] {
        let facts = memoized(storedFacts)
        var goals: [GroundAtom] = []
        var constraints: [Int] = []
        for conflict in conflicts {
            switch conflict {
            case let .complementary(atom):
                guard !atom.relation.isClassicallyNegated else {
                    throw .invalidRequest("a complementary conflict names its positive atom, not \(atom)")
                }
                goals += [atom, atom.complement]
            case let .constraint(index, atoms):
                goals += atoms
                constraints.append(index)
            }
        }
        let ground = try Grounder(program: program, storedFacts: facts, budget: groundingBudget).ground(goals: goals, constraints: constraints)
        return try withZ3 {
            let context = try Z3Context(timeout: timeout)
            let kept = try ground.atoms.filter(ground.isStored).map { (atom: $0, term: try context.boolConstant("kept \($0)")) }
            let encoding = try StableModelEncoding(context: context, program: ground, controlled: Dictionary(uniqueKeysWithValues: kept.map { ($0.atom, $0.term) }))
            let solver = try context.makeSolver()
            for constraint in encoding.constraints { try solver.assert(constraint) }
            var search = Search(context: context, solver: solver, kept: kept, deadline: SolverDeadline(timeout: timeout))
            var result: [ConflictSet] = []
            for (number, conflict) in conflicts.enumerated() {
                let holds = try context.boolConstant("conflict \(number)")
                try solver.assert(context.iff(holds, self.term(of: conflict, in: ground, encoding: encoding)))
                try solver.push()
                for facts in try search.minimalSets(producing: holds, limit: limitPerConflict, conflict: conflict)
                where try confirms(conflict, facts: facts, program: program) {
                    result.append(ConflictSet(conflict: conflict, facts: facts))
                }
                try solver.pop()
            }
            return result
        }
    }

    private func term(of conflict: Conflict, in ground: GroundProgram, encoding: StableModelEncoding) throws -> Z3Term {
        switch conflict {
        case let .complementary(atom):
            return try encoding.context.and([encoding.term(atom), encoding.term(atom.complement)])
        case let .constraint(index, atoms):
            let firing = ground.instances.filter { $0.origin == .constraint(index) && Set($0.positive) == Set(atoms) }
            guard !firing.isEmpty else { throw CertificationError.notAConflict(conflict.description) }
            return try encoding.context.or(firing.map(encoding.body(of:)))
        }
    }

    /// The reference evaluator, given only the set's facts, must find the conflict.
    private func confirms(_ conflict: Conflict, facts: [GroundAtom], program: Program) throws -> Bool {
        let reference = ReferenceEvaluator(program: program, budget: referenceBudget, storedFacts: { _ in [] }, adding: facts, removing: [])
        switch conflict {
        case let .complementary(atom):
            return try reference.derivesWithinBudget(atom) && reference.derivesWithinBudget(atom.complement)
        case let .constraint(index, atoms):
            let body = program.constraints[index].body.namingWildcards(prefix: Grounder.wildcardPrefix)
            for (atom, _) in DependencyGraph.bodyAtoms(body, underNegation: false) {
                _ = try reference.derivesWithinBudget(GroundAtom(atom.relation, atom.arguments.map { _ in nil }))
            }
            return reference.solutions(body, [:]).contains { substitution in
                let positive = body.compactMap { literal -> GroundAtom? in
                    guard case let .positive(atom) = literal, let values = reference.instantiate(atom.arguments, substitution) else { return nil }
                    return GroundAtom(atom.relation, values)
                }
                return Set(positive) == Set(atoms)
            }
        }
    }

    /// The solver work: exact checks of "these facts alone produce the conflict", an unsat core to start from, deletion
    /// to reach a minimal set, and blocking to find the next one.
    private struct Search {
        let context: Z3Context
        let solver: Z3Solver
        let kept: [(atom: GroundAtom, term: Z3Term)]
        var deadline: SolverDeadline

        /// Whether exactly the facts at these positions of `kept`, and no other stored fact, produce the conflict.
        private mutating func produces(_ conflict: Z3Term, keeping chosen: Set<Int>) throws -> Bool {
            let assumptions = try kept.indices.map { chosen.contains($0) ? kept[$0].term : try context.not(kept[$0].term) }
            return try !deadline.check(solver, assuming: [context.not(conflict)] + assumptions)
        }

        /// Drops facts while the rest still produce the conflict, until no single fact can go. Passes repeat because
        /// with negation a fact kept in one pass may become removable after a later removal.
        private mutating func minimize(_ start: Set<Int>, conflict: Z3Term) throws -> Set<Int> {
            var current = start
            var changed = true
            while changed {
                changed = false
                for index in current.sorted() where try produces(conflict, keeping: current.subtracting([index])) {
                    current.remove(index)
                    changed = true
                }
            }
            return current
        }

        mutating func minimalSets(producing conflict: Z3Term, limit: Int, conflict described: Conflict) throws -> [[GroundAtom]] {
            guard limit > 0 else { return [] }
            let assumptions = try [context.not(conflict)] + kept.map(\.term)
            guard try !deadline.check(solver, assuming: assumptions) else {
                throw CertificationError.notAConflict(described.description)
            }
            let core = Set(try solver.unsatCore())
            var next = Set(kept.indices.filter { core.contains(kept[$0].term) })
            var found: [[GroundAtom]] = []
            // Every minimal set is found (up to a bound) before any is returned, smallest first and then in text
            // order: which set the solver's core leads to first is its own choice, and replies must not depend on it.
            while true {
                let minimal = try minimize(next, conflict: conflict)
                found.append(minimal.map { kept[$0].atom }.sorted { $0.description < $1.description })
                // Later sets must leave out a fact of each earlier one; with every fact then fixed by the assumptions,
                // these clauses never make a check unsatisfiable, so they do not disturb the exact checks above.
                try solver.assert(context.or(minimal.map { try context.not(kept[$0].term) }))
                guard found.count < MinimalSelections.setsPerSize, try deadline.check(solver, assuming: [conflict]), let model = try solver.model() else { break }
                next = Set(try kept.indices.filter { try model.boolValue(kept[$0].term) == true })
            }
            let ordered = found.sorted { lhs, rhs in
                lhs.count != rhs.count ? lhs.count < rhs.count : lhs.map(\.description).lexicographicallyPrecedes(rhs.map(\.description))
            }
            return Array(ordered.prefix(limit))
        }
    }
}
