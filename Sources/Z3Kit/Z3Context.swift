import CZ3
import Synchronization

/// Owns one Z3 context: the arena in which every term, solver and model lives.
///
/// Z3 contexts are single-threaded, so this class is deliberately not
/// `Sendable`. Terms, solvers, optimizers and models hold the context strongly,
/// which guarantees `Z3_del_context` runs only after all of them are released.
///
/// Every failing Z3 call is reported as a thrown `Z3Error` instead of Z3's
/// default behaviour of printing and terminating the process.
public final class Z3Context {
    let handle: OpaquePointer
    private let timeoutMilliseconds: String?
    private let reusable: Bool

    /// - Parameter timeout: default budget for every check made in this context;
    ///   a solver may override it with `Z3Solver.setTimeout(_:)`.
    /// - Parameter reusable: whether to take a finished context from earlier work and hand this one on when done.
    ///   Only for checks whose answer is sat or unsat: a reused context keeps Z3's internal state (its heuristics'
    ///   history), so the models it finds, and any minimal sets read from them, may differ from a fresh context's.
    public init(timeout: Duration? = nil, reusable: Bool = false) throws {
        let milliseconds = timeout.map { String($0.z3Milliseconds) }
        timeoutMilliseconds = milliseconds
        self.reusable = reusable
        if reusable, let reused = Self.idle.take(timeout: milliseconds) {
            handle = reused
            return
        }
        guard let configuration = Z3_mk_config() else {
            throw Z3Error.missingResult(of: "Z3_mk_config")
        }
        defer { Z3_del_config(configuration) }
        if let milliseconds {
            Z3_set_param_value(configuration, "timeout", milliseconds)
        }
        guard let context = Z3_mk_context_rc(configuration) else {
            throw Z3Error.missingResult(of: "Z3_mk_context_rc")
        }
        // Z3 records the error code before calling the handler, so an empty
        // handler is enough to turn its default exit() into a recoverable state
        // that `throwIfFailed()` converts into a thrown error.
        Z3_set_error_handler(context) { _, _ in }
        handle = context
    }

    /// Every term, solver and model of this context has been released by now (they hold it strongly), so a
    /// reusable one is kept for the next reusable `Z3Context` with the same timeout rather than deleted.
    deinit {
        if !reusable || !Self.idle.keep(handle, timeout: timeoutMilliseconds) {
            Z3_del_context(handle)
        }
    }

    /// Creating a Z3 context costs several milliseconds, more than certifying a typical answer, so a few finished
    /// ones are kept for reuse. Each is used by one `Z3Context` at a time.
    private static let idle = IdleContexts()

    private final class IdleContexts: Sendable {
        /// A context no `Z3Context` owns: it passes from its last owner to the next, never used by two at once.
        struct Idle: @unchecked Sendable {
            let timeout: String?
            let handle: OpaquePointer
        }

        private let contexts = Mutex<[Idle]>([])
        private let capacity = 4

        func take(timeout: String?) -> OpaquePointer? {
            contexts.withLock { contexts in
                guard let index = contexts.firstIndex(where: { $0.timeout == timeout }) else { return nil }
                return contexts.remove(at: index).handle
            }
        }

        func keep(_ handle: OpaquePointer, timeout: String?) -> Bool {
            let idle = Idle(timeout: timeout, handle: handle)
            return contexts.withLock { contexts in
                guard contexts.count < capacity else { return false }
                contexts.append(idle)
                return true
            }
        }
    }

    // MARK: - Constants and literals

    public func boolConstant(_ name: String) throws -> Z3Term {
        try constant(named: name) { Z3_mk_bool_sort($0) }
    }

    public func intConstant(_ name: String) throws -> Z3Term {
        try constant(named: name) { Z3_mk_int_sort($0) }
    }

    public func realConstant(_ name: String) throws -> Z3Term {
        try constant(named: name) { Z3_mk_real_sort($0) }
    }

    public func bool(_ value: Bool) throws -> Z3Term {
        try makeTerm("Z3_mk_true/Z3_mk_false") { value ? Z3_mk_true($0) : Z3_mk_false($0) }
    }

    public func int(_ value: Int64) throws -> Z3Term {
        try makeTerm("Z3_mk_int64") { Z3_mk_int64($0, value, Z3_mk_int_sort($0)) }
    }

    /// The numeral is the decimal that `value` prints as, not its binary
    /// expansion, so `real(0.1)` is exactly 1/10 in Z3.
    public func real(_ value: Double) throws -> Z3Term {
        guard let literal = value.plainDecimalLiteral else {
            throw Z3Error.invalidArgument("\(value) has no exact real numeral")
        }
        return try makeTerm("Z3_mk_numeral") { Z3_mk_numeral($0, literal, Z3_mk_real_sort($0)) }
    }

    // MARK: - Boolean connectives

    public func not(_ term: Z3Term) throws -> Z3Term {
        try unary("Z3_mk_not", term) { Z3_mk_not($0, $1) }
    }

    /// An empty conjunction is `true`, matching its logical identity.
    public func and(_ terms: [Z3Term]) throws -> Z3Term {
        guard !terms.isEmpty else { return try bool(true) }
        return try variadic("Z3_mk_and", terms) { Z3_mk_and($0, $1, $2) }
    }

    /// An empty disjunction is `false`, matching its logical identity.
    public func or(_ terms: [Z3Term]) throws -> Z3Term {
        guard !terms.isEmpty else { return try bool(false) }
        return try variadic("Z3_mk_or", terms) { Z3_mk_or($0, $1, $2) }
    }

    public func implies(_ antecedent: Z3Term, _ consequent: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_implies", antecedent, consequent) { Z3_mk_implies($0, $1, $2) }
    }

    public func iff(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_iff", lhs, rhs) { Z3_mk_iff($0, $1, $2) }
    }

    public func equal(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_eq", lhs, rhs) { Z3_mk_eq($0, $1, $2) }
    }

    /// Fewer than two terms are vacuously distinct; Z3 itself rejects such
    /// applications, so they are answered with `true` here.
    public func distinct(_ terms: [Z3Term]) throws -> Z3Term {
        guard terms.count >= 2 else {
            try terms.forEach { _ = try ast(of: $0) }
            return try bool(true)
        }
        return try variadic("Z3_mk_distinct", terms) { Z3_mk_distinct($0, $1, $2) }
    }

    // MARK: - Arithmetic comparisons

    public func lessThan(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_lt", lhs, rhs) { Z3_mk_lt($0, $1, $2) }
    }

    public func lessOrEqual(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_le", lhs, rhs) { Z3_mk_le($0, $1, $2) }
    }

    public func greaterThan(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_gt", lhs, rhs) { Z3_mk_gt($0, $1, $2) }
    }

    public func greaterOrEqual(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_ge", lhs, rhs) { Z3_mk_ge($0, $1, $2) }
    }

    // MARK: - Arithmetic

    public func add(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binaryAsVariadic("Z3_mk_add", lhs, rhs) { Z3_mk_add($0, $1, $2) }
    }

    public func subtract(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binaryAsVariadic("Z3_mk_sub", lhs, rhs) { Z3_mk_sub($0, $1, $2) }
    }

    public func multiply(_ lhs: Z3Term, _ rhs: Z3Term) throws -> Z3Term {
        try binaryAsVariadic("Z3_mk_mul", lhs, rhs) { Z3_mk_mul($0, $1, $2) }
    }

    /// Integer division when both operands are integers (rounding so that the
    /// remainder is non-negative, as SMT-LIB `div`); real division otherwise.
    public func divide(_ dividend: Z3Term, _ divisor: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_div", dividend, divisor) { Z3_mk_div($0, $1, $2) }
    }

    /// The SMT-LIB `rem`, whose sign follows the divisor.
    public func remainder(_ dividend: Z3Term, _ divisor: Z3Term) throws -> Z3Term {
        try binary("Z3_mk_rem", dividend, divisor) { Z3_mk_rem($0, $1, $2) }
    }

    public func negate(_ term: Z3Term) throws -> Z3Term {
        try unary("Z3_mk_unary_minus", term) { Z3_mk_unary_minus($0, $1) }
    }

    // MARK: - Solving

    public func makeSolver() throws -> Z3Solver {
        try Z3Solver(context: self)
    }

    public func makeOptimizer() throws -> Z3Optimizer {
        try Z3Optimizer(context: self)
    }

    // MARK: - Plumbing shared with the other wrappers

    /// Builds a parameter set holding only `timeout` and hands it to `apply`,
    /// which installs it on a solver or optimizer; shared so both read the
    /// duration the same way.
    func withTimeoutParameters(_ duration: Duration, _ apply: (OpaquePointer) -> Void) throws {
        let parameters = try call("Z3_mk_params") { Z3_mk_params($0) }
        Z3_params_inc_ref(handle, parameters)
        defer { Z3_params_dec_ref(handle, parameters) }
        Z3_params_set_uint(handle, parameters, Z3_mk_string_symbol(handle, "timeout"), duration.z3Milliseconds)
        try throwIfFailed()
        apply(parameters)
        try throwIfFailed()
    }

    /// Converts the error Z3 recorded during the previous call into a thrown
    /// error, then clears it so a later, successful call is not blamed for it.
    func throwIfFailed() throws {
        let code = Z3_get_error_code(handle)
        guard code != Z3_OK else { return }
        let message = Z3_get_error_msg(handle, code).map { String(cString: $0) } ?? "unknown Z3 error"
        Z3_set_error(handle, Z3_OK)
        throw Z3Error(code: Int(code.rawValue), message: message)
    }

    /// Runs one Z3 call that yields an object and checks both the error code
    /// and the pointer, so callers only ever see a valid, non-null handle.
    func call(_ operation: String, _ body: (OpaquePointer) -> OpaquePointer?) throws -> OpaquePointer {
        let result = body(handle)
        try throwIfFailed()
        guard let result else { throw Z3Error.missingResult(of: operation) }
        return result
    }

    func makeTerm(_ operation: String, _ body: (OpaquePointer) -> OpaquePointer?) throws -> Z3Term {
        Z3Term(context: self, ast: try call(operation, body))
    }

    /// Z3 has undefined behaviour (usually a crash) when objects from two
    /// contexts are mixed, so ownership is verified before any C call.
    func ast(of term: Z3Term) throws -> OpaquePointer {
        guard term.context === self else {
            throw Z3Error.invalidArgument("term \(term) belongs to a different Z3Context")
        }
        return term.ast
    }

    /// The caller must pass a non-empty array: the buffer's base address is
    /// handed to Z3 as-is.
    func withASTs<Result>(
        of terms: [Z3Term],
        _ body: (UnsafePointer<OpaquePointer?>, UInt32) throws -> Result
    ) throws -> Result {
        let asts: [OpaquePointer?] = try terms.map { try ast(of: $0) }
        guard let count = UInt32(exactly: asts.count) else {
            throw Z3Error.invalidArgument("too many terms (\(asts.count)) for one Z3 application")
        }
        return try withExtendedLifetime(terms) {
            try asts.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else {
                    throw Z3Error.invalidArgument("an empty term list cannot be passed to Z3")
                }
                return try body(base, count)
            }
        }
    }

    private func constant(named name: String, sort: (OpaquePointer) -> OpaquePointer?) throws -> Z3Term {
        try makeTerm("Z3_mk_const") { context in
            Z3_mk_const(context, Z3_mk_string_symbol(context, name), sort(context))
        }
    }

    private func unary(
        _ operation: String,
        _ term: Z3Term,
        _ build: (OpaquePointer, OpaquePointer) -> OpaquePointer?
    ) throws -> Z3Term {
        let argument = try ast(of: term)
        return try withExtendedLifetime(term) {
            try makeTerm(operation) { build($0, argument) }
        }
    }

    private func binary(
        _ operation: String,
        _ lhs: Z3Term,
        _ rhs: Z3Term,
        _ build: (OpaquePointer, OpaquePointer, OpaquePointer) -> OpaquePointer?
    ) throws -> Z3Term {
        let left = try ast(of: lhs)
        let right = try ast(of: rhs)
        return try withExtendedLifetime((lhs, rhs)) {
            try makeTerm(operation) { build($0, left, right) }
        }
    }

    private func variadic(
        _ operation: String,
        _ terms: [Z3Term],
        _ build: (OpaquePointer, UInt32, UnsafePointer<OpaquePointer?>) -> OpaquePointer?
    ) throws -> Z3Term {
        try withASTs(of: terms) { arguments, count in
            try makeTerm(operation) { build($0, count, arguments) }
        }
    }

    /// Z3 exposes addition, subtraction and multiplication only in n-ary form.
    private func binaryAsVariadic(
        _ operation: String,
        _ lhs: Z3Term,
        _ rhs: Z3Term,
        _ build: (OpaquePointer, UInt32, UnsafePointer<OpaquePointer?>) -> OpaquePointer?
    ) throws -> Z3Term {
        try variadic(operation, [lhs, rhs], build)
    }
}

@available(*, unavailable, message: "Z3 contexts are single-threaded")
extension Z3Context: Sendable {}
