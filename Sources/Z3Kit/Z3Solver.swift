import CZ3

/// An incremental satisfiability solver.
///
/// `model()` and `unsatCore()` refer to the most recent `check`, and only
/// until the assertion stack changes; afterwards Z3 may hold stale or no
/// results, so this wrapper refuses to hand them out.
public final class Z3Solver {
    private let context: Z3Context
    private let handle: OpaquePointer
    private var lastResult: SatisfiabilityResult?

    /// The SMT core without Z3's tactic front end: Lemma's problems are quantifier-free Booleans and linear integer
    /// arithmetic, which the core decides itself, and building the default solver's tactics costs milliseconds on
    /// every certification.
    init(context: Z3Context) throws {
        let solver = try context.call("Z3_mk_simple_solver") { Z3_mk_simple_solver($0) }
        self.context = context
        self.handle = solver
        Z3_solver_inc_ref(context.handle, solver)
    }

    deinit {
        Z3_solver_dec_ref(context.handle, handle)
    }

    public func assert(_ term: Z3Term) throws {
        let ast = try context.ast(of: term)
        lastResult = nil
        withExtendedLifetime(term) { Z3_solver_assert(context.handle, handle, ast) }
        try context.throwIfFailed()
    }

    public func push() throws {
        lastResult = nil
        Z3_solver_push(context.handle, handle)
        try context.throwIfFailed()
    }

    public func pop(_ levels: Int = 1) throws {
        guard let count = UInt32(exactly: levels) else {
            throw Z3Error.invalidArgument("cannot pop \(levels) levels")
        }
        lastResult = nil
        Z3_solver_pop(context.handle, handle, count)
        try context.throwIfFailed()
    }

    /// - Parameter assumptions: Boolean terms assumed for this check only;
    ///   after an unsatisfiable result, `unsatCore()` returns a subset of them.
    public func check(assuming assumptions: [Z3Term] = []) throws -> SatisfiabilityResult {
        lastResult = nil
        let outcome: Z3_lbool
        if assumptions.isEmpty {
            outcome = Z3_solver_check(context.handle, handle)
        } else {
            outcome = try context.withASTs(of: assumptions) { asts, count in
                Z3_solver_check_assumptions(context.handle, handle, count, asts)
            }
        }
        try context.throwIfFailed()
        let result = SatisfiabilityResult(outcome) {
            Z3_solver_get_reason_unknown(context.handle, handle).map { String(cString: $0) } ?? "unknown"
        }
        lastResult = result
        return result
    }

    /// nil unless the most recent check was satisfiable.
    public func model() throws -> Z3Model? {
        guard lastResult == .satisfiable else { return nil }
        let model = try context.call("Z3_solver_get_model") { Z3_solver_get_model($0, handle) }
        return Z3Model(context: context, handle: model)
    }

    /// The assumptions that together already make the assertions unsatisfiable.
    /// Only meaningful right after `check(assuming:)` answered unsatisfiable.
    public func unsatCore() throws -> [Z3Term] {
        guard lastResult == .unsatisfiable else {
            throw Z3Error.invalidUsage("an unsat core exists only after an unsatisfiable check")
        }
        let core = try context.call("Z3_solver_get_unsat_core") { Z3_solver_get_unsat_core($0, handle) }
        Z3_ast_vector_inc_ref(context.handle, core)
        defer { Z3_ast_vector_dec_ref(context.handle, core) }
        let size = Z3_ast_vector_size(context.handle, core)
        return try (0..<size).map { index in
            try context.makeTerm("Z3_ast_vector_get") { Z3_ast_vector_get($0, core, index) }
        }
    }

    /// Overrides the context-wide timeout for this solver's later checks.
    public func setTimeout(_ duration: Duration) throws {
        try context.withTimeoutParameters(duration) { Z3_solver_set_params(context.handle, handle, $0) }
    }
}

@available(*, unavailable, message: "Z3 solvers belong to a single-threaded context")
extension Z3Solver: Sendable {}
