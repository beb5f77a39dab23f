import CZ3

/// A MaxSMT / optimisation solver: hard assertions, weighted soft constraints
/// and objectives, used to find the cheapest consistent subset of beliefs.
public final class Z3Optimizer {
    private let context: Z3Context
    private let handle: OpaquePointer
    private var lastResult: SatisfiabilityResult?

    init(context: Z3Context) throws {
        let optimizer = try context.call("Z3_mk_optimize") { Z3_mk_optimize($0) }
        self.context = context
        self.handle = optimizer
        Z3_optimize_inc_ref(context.handle, optimizer)
    }

    deinit {
        Z3_optimize_dec_ref(context.handle, handle)
    }

    public func assert(_ term: Z3Term) throws {
        let ast = try context.ast(of: term)
        lastResult = nil
        withExtendedLifetime(term) { Z3_optimize_assert(context.handle, handle, ast) }
        try context.throwIfFailed()
    }

    /// Violating `term` costs `weight`; the optimizer minimises the total cost
    /// of violated soft constraints.
    public func assertSoft(_ term: Z3Term, weight: Double = 1) throws {
        let ast = try context.ast(of: term)
        guard weight > 0, let literal = weight.plainDecimalLiteral else {
            throw Z3Error.invalidArgument("soft constraint weight must be positive and finite, got \(weight)")
        }
        lastResult = nil
        _ = withExtendedLifetime(term) {
            Z3_optimize_assert_soft(context.handle, handle, ast, literal, nil)
        }
        try context.throwIfFailed()
    }

    public func minimize(_ term: Z3Term) throws {
        let ast = try context.ast(of: term)
        lastResult = nil
        _ = withExtendedLifetime(term) { Z3_optimize_minimize(context.handle, handle, ast) }
        try context.throwIfFailed()
    }

    public func maximize(_ term: Z3Term) throws {
        let ast = try context.ast(of: term)
        lastResult = nil
        _ = withExtendedLifetime(term) { Z3_optimize_maximize(context.handle, handle, ast) }
        try context.throwIfFailed()
    }

    public func check() throws -> SatisfiabilityResult {
        lastResult = nil
        let outcome = Z3_optimize_check(context.handle, handle, 0, nil)
        try context.throwIfFailed()
        let result = SatisfiabilityResult(outcome) {
            Z3_optimize_get_reason_unknown(context.handle, handle).map { String(cString: $0) } ?? "unknown"
        }
        lastResult = result
        return result
    }

    /// Bounds each later check: the optimizer does not read the context's
    /// timeout in every Z3 version, and a caller with a deadline across many
    /// checks needs to hand each one the time that is left.
    public func setTimeout(_ duration: Duration) throws {
        try context.withTimeoutParameters(duration) { Z3_optimize_set_params(context.handle, handle, $0) }
    }

    /// nil unless the most recent check was satisfiable; the model is optimal
    /// with respect to the soft constraints and objectives.
    public func model() throws -> Z3Model? {
        guard lastResult == .satisfiable else { return nil }
        let model = try context.call("Z3_optimize_get_model") { Z3_optimize_get_model($0, handle) }
        return Z3Model(context: context, handle: model)
    }
}

@available(*, unavailable, message: "Z3 optimizers belong to a single-threaded context")
extension Z3Optimizer: Sendable {}
