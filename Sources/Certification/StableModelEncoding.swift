import Reasoner
import Syntax
import Z3Kit

/// The ground program as a Z3 formula whose models are exactly its stable models (projected on the atoms).
///
/// For each atom `a` with instances `r₁ … rₖ` (bodies `B₁ … Bₖ`) and fact term `F` (true for a stored fact, false for
/// no fact, or a Boolean the caller controls: "kept" for a stored fact, "added" for a hypothetical one):
///  - `F → a` and `Bᵢ → a` for every instance (the model holds the facts and is closed under the rules);
///  - `a → F ∨ ⋁ᵢ (Bᵢ ∧ ⋀ rank(b) < rank(a))`, the ranks taken over the positive atoms `b` of `Bᵢ` in `a`'s own
///    dependency component (every true atom has a support that does not go round a positive loop).
///
/// The first line with `a → F ∨ ⋁ Bᵢ` is Clark's completion, whose models include self-supporting loops such as
/// `ancestor(a,a) :- ancestor(a,a)`; the ranking removes them. Why a model is exactly the stratified least model:
/// go stratum by stratum; the negated atoms of a stratum lie in lower strata, already fixed, so the stratum is a definite
/// program. A model contains its least model (it is closed under the rules) and is contained in it (induction on rank:
/// a true atom has a support whose same-component atoms have smaller rank, hence lie in the least model, and whose other
/// atoms lie in lower strata). Conversely the least model with each atom ranked by the round it is first derived in
/// satisfies every constraint. Atoms left out by the grounder are false in that model too (see `Grounder`), so one
/// model remains for each choice of the controlled facts: the stable model of the rules over those facts.
struct StableModelEncoding {
    let context: Z3Context
    let program: GroundProgram
    private var terms: [GroundAtom: Z3Term] = [:]
    /// The formulas above, to be asserted into a solver or an optimizer.
    private(set) var constraints: [Z3Term] = []

    /// - Parameters:
    ///   - controlled: the fact term of atoms whose being a fact is a choice; other atoms are facts exactly when they
    ///     are stored.
    ///   - namespace: prefixes the names of the encoding's constants, so that two programs can be encoded in one context.
    init(context: Z3Context, program: GroundProgram, controlled: [GroundAtom: Z3Term] = [:], namespace: String = "") throws {
        self.context = context
        self.program = program
        for atom in program.atoms {
            terms[atom] = try context.boolConstant(namespace + atom.description)
        }
        var instancesByHead: [GroundAtom: [GroundInstance]] = [:]
        for instance in program.instances {
            if let head = instance.head { instancesByHead[head, default: []].append(instance) }
        }
        var ranks: [GroundAtom: Z3Term] = [:]
        func rank(_ atom: GroundAtom) throws -> Z3Term {
            if let known = ranks[atom] { return known }
            let term = try context.intConstant(namespace + "rank \(atom)")
            ranks[atom] = term
            return term
        }
        for atom in program.atoms {
            let holds = terms[atom]!
            let fact = try controlled[atom] ?? context.bool(program.isStored(atom))
            constraints.append(try context.implies(fact, holds))
            var supports = [fact]
            for instance in instancesByHead[atom] ?? [] {
                let body = try self.body(of: instance)
                constraints.append(try context.implies(body, holds))
                let recursive = instance.positive.filter { program.component[$0.relation] == program.component[atom.relation] }
                let ordered = try recursive.map { try context.lessThan(rank($0), rank(atom)) }
                supports.append(ordered.isEmpty ? body : try context.and([body] + ordered))
            }
            constraints.append(try context.implies(holds, context.or(supports)))
        }
    }

    /// The Boolean of an atom; an atom the grounder found impossible is false.
    func term(_ atom: GroundAtom) throws -> Z3Term {
        try terms[atom] ?? context.bool(false)
    }

    /// True when some possible atom matching the pattern (nil values are `_`) holds.
    func holds(_ pattern: GroundAtom) throws -> Z3Term {
        try context.or(program.possibleAtoms(matching: pattern).map(term))
    }

    /// The instance's body: its positive atoms hold and its negated atoms do not.
    func body(of instance: GroundInstance) throws -> Z3Term {
        try context.and(instance.positive.map(term) + instance.negative.map { try context.not(term($0)) })
    }
}

/// One deadline for all the solver checks of a request: each check gets the time that is left, and a check Z3 leaves
/// undecided becomes `solverUndecided`, never an answer.
struct SolverDeadline {
    let timeout: Duration
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    /// Time spent inside Z3 checks.
    private(set) var solverTime: Duration = .zero

    init(timeout: Duration) {
        self.timeout = timeout
        start = clock.now
    }

    private func remaining() throws(CertificationError) -> Duration {
        let left = timeout - (clock.now - start)
        guard left > .zero else { throw .solverUndecided(reason: "timeout: the budget of \(timeout) is spent") }
        return left
    }

    /// True when satisfiable, false when unsatisfiable.
    mutating func check(_ solver: Z3Solver, assuming assumptions: [Z3Term] = []) throws -> Bool {
        try solver.setTimeout(remaining())
        return try decide { try solver.check(assuming: assumptions) }
    }

    mutating func check(_ optimizer: Z3Optimizer) throws -> Bool {
        try optimizer.setTimeout(remaining())
        return try decide { try optimizer.check() }
    }

    private mutating func decide(_ check: () throws -> SatisfiabilityResult) throws -> Bool {
        let began = clock.now
        let result = try check()
        solverTime += clock.now - began
        switch result {
        case .satisfiable: return true
        case .unsatisfiable: return false
        case let .unknown(reason):
            // Z3 reports a spent timeout as "timeout" or "canceled"; callers look for "timeout".
            let spent = clock.now - start >= timeout || reason.contains("timeout") || reason.contains("cancel")
            throw CertificationError.solverUndecided(reason: spent ? "timeout after \(timeout) (Z3: \(reason))" : reason)
        }
    }
}

/// Runs Z3 work, passing certification errors through and reporting Z3's own failures as `solverFailure`.
func withZ3<Result>(_ body: () throws -> Result) throws(CertificationError) -> Result {
    do {
        return try body()
    } catch let error as CertificationError {
        throw error
    } catch {
        throw .solverFailure("\(error)")
    }
}
