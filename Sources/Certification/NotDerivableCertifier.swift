import Reasoner
import Syntax
import Z3Kit

/// What certifying "not derivable" cost: the size of the ground program Z3 reasoned over and the time it took.
public struct NegativeCertificate: Codable, Sendable, Equatable {
    public var goals: Int
    public var groundInstances: Int
    public var atoms: Int
    public var solverTime: Duration

    public init(goals: Int, groundInstances: Int, atoms: Int, solverTime: Duration) {
        self.goals = goals
        self.groundInstances = groundInstances
        self.atoms = atoms
        self.solverTime = solverTime
    }
}

/// Proves that atoms are not derivable, which a proof cannot show: a proof witnesses presence, absence needs every
/// possible derivation ruled out. The relevant ground program (see `Grounder`) is encoded so that its only model is the
/// stratified model (see `StableModelEncoding`), and Z3 must find `encoding ∧ goal` unsatisfiable for each goal.
public struct NotDerivableCertifier {
    public var timeout: Duration
    public var groundingBudget: Int

    /// - Parameters:
    ///   - timeout: the time all solver checks of one request may take together.
    ///   - groundingBudget: see `Grounder.budget`.
    public init(timeout: Duration = .seconds(30), groundingBudget: Int = 1_000_000) {
        self.timeout = timeout
        self.groundingBudget = groundingBudget
    }

    /// - Parameter goals: ground atoms or patterns (nil values are `_`, meaning "for no value").
    /// - Throws: `derivable` naming a goal that is derivable (a reasoner bug), `solverUndecided` when Z3 runs out
    ///   of time, `groundingBudgetExceeded` or `unsupported` when the caller should fall back to
    ///   `confirmNotDerivableByReference`.
    public func certify(goals: [GroundAtom], program: Program, storedFacts: @escaping (RelationName) -> Set<[Value]>) throws(CertificationError) -> NegativeCertificate {
        let ground = try Grounder(program: program, storedFacts: storedFacts, budget: groundingBudget).ground(goals: goals)
        return try withZ3 {
            let context = try Z3Context(timeout: timeout, reusable: true)
            let encoding = try StableModelEncoding(context: context, program: ground)
            let solver = try context.makeSolver()
            for constraint in encoding.constraints { try solver.assert(constraint) }
            var deadline = SolverDeadline(timeout: timeout)
            // An encoding without a model would make every goal "not derivable"; the stable model must exist.
            guard try deadline.check(solver) else {
                throw CertificationError.solverFailure("the encoding of the ground program has no model")
            }
            for goal in goals where !ground.possibleAtoms(matching: goal).isEmpty {
                try solver.push()
                try solver.assert(encoding.holds(goal))
                if try deadline.check(solver) { throw CertificationError.derivable(goal: goal.description) }
                try solver.pop()
            }
            return NegativeCertificate(goals: goals.count, groundInstances: ground.instances.count, atoms: ground.atoms.count, solverTime: deadline.solverTime)
        }
    }

    /// The fallback when grounding is beyond budget or unsupported: the naive reference evaluator computes the goals'
    /// relations (aggregates included) within `budget` and finds no matching atom.
    public func confirmNotDerivableByReference(goals: [GroundAtom], program: Program, storedFacts: @escaping (RelationName) -> Set<[Value]>, budget: Int = 2_000_000) throws(CertificationError) {
        let reference = ReferenceEvaluator(program: program, budget: budget, storedFacts: memoized(storedFacts))
        for goal in goals where try reference.derivesWithinBudget(goal) {
            throw .derivable(goal: goal.description)
        }
    }
}
