import Reasoner
import Syntax
import Z3Kit

/// Answers "what would have to be untrue for this not to follow": the smallest sets of stored facts whose removal makes
/// a goal not derivable. Without negation these are the minimal hitting sets of all the goal's proofs; with negation
/// they are still exact, because each stored fact is a "kept" Boolean of the stable-model encoding rather than a premise
/// of some enumerated proof.
public struct CounterfactualFinder {
    public var timeout: Duration
    public var groundingBudget: Int
    public var referenceBudget: Int

    public init(timeout: Duration = .seconds(30), groundingBudget: Int = 1_000_000, referenceBudget: Int = 2_000_000) {
        self.timeout = timeout
        self.groundingBudget = groundingBudget
        self.referenceBudget = referenceBudget
    }

    /// The smallest sets of stored facts whose removal makes `goal` (a ground atom or a pattern) not derivable, in
    /// increasing size, at most `limit` sets, each confirmed by the reference evaluator; `[[]]` when the goal is not
    /// derivable to begin with.
    public func minimalRemovals(goal: GroundAtom, program: Program, storedFacts: @escaping (RelationName) -> Set<[Value]>, limit: Int) throws(CertificationError) -> [[GroundAtom]] {
        let facts = memoized(storedFacts)
        let ground = try Grounder(program: program, storedFacts: facts, budget: groundingBudget).ground(goals: [goal])
        return try withZ3 {
            let context = try Z3Context(timeout: timeout)
            let kept = try ground.atoms.filter(ground.isStored).map { (atom: $0, term: try context.boolConstant("kept \($0)")) }
            let encoding = try StableModelEncoding(context: context, program: ground, controlled: Dictionary(uniqueKeysWithValues: kept.map { ($0.atom, $0.term) }))
            let optimizer = try context.makeOptimizer()
            for constraint in encoding.constraints { try optimizer.assert(constraint) }
            try optimizer.assert(context.not(encoding.holds(goal)))
            let choices = try kept.map { (atom: $0.atom, chosen: try context.not($0.term)) }
            var deadline = SolverDeadline(timeout: timeout)
            return try MinimalSelections(context: context, optimizer: optimizer, choices: choices)
                .enumerate(limit: limit, maximumSize: .max, deadline: &deadline) { removal in
                    try !ReferenceEvaluator(program: program, budget: referenceBudget, storedFacts: facts, adding: [], removing: removal)
                        .derivesWithinBudget(goal)
                }
        }
    }
}
