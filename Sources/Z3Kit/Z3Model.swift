import CZ3

/// An assignment found by a satisfiable check.
public final class Z3Model: CustomStringConvertible {
    private let context: Z3Context
    private let handle: OpaquePointer

    init(context: Z3Context, handle: OpaquePointer) {
        self.context = context
        self.handle = handle
        Z3_model_inc_ref(context.handle, handle)
    }

    deinit {
        Z3_model_dec_ref(context.handle, handle)
    }

    /// - Parameter completion: when true, symbols the model leaves unconstrained
    ///   are given a default value, so the result is always a literal for
    ///   ground terms; when false, such symbols remain symbolic.
    public func evaluate(_ term: Z3Term, completion: Bool = true) throws -> Z3Term {
        let ast = try context.ast(of: term)
        var value: OpaquePointer?
        let evaluated = withExtendedLifetime(term) {
            Z3_model_eval(context.handle, handle, ast, completion, &value)
        }
        try context.throwIfFailed()
        guard evaluated, let value else {
            throw Z3Error.missingResult(of: "Z3_model_eval of \(term)")
        }
        return Z3Term(context: context, ast: value)
    }

    /// nil when the term does not evaluate to a Boolean literal (for example
    /// a term of another sort).
    public func boolValue(_ term: Z3Term) throws -> Bool? {
        let value = try evaluate(term)
        let outcome = withExtendedLifetime(value) { Z3_get_bool_value(context.handle, value.ast) }
        try context.throwIfFailed()
        switch outcome {
        case Z3_L_TRUE: return true
        case Z3_L_FALSE: return false
        default: return nil
        }
    }

    /// nil when the term is not an integer numeral or does not fit in `Int64`.
    public func intValue(_ term: Z3Term) throws -> Int64? {
        let value = try evaluate(term)
        return try withExtendedLifetime(value) {
            let contextHandle = context.handle
            guard Z3_is_numeral_ast(contextHandle, value.ast),
                  Z3_get_sort_kind(contextHandle, Z3_get_sort(contextHandle, value.ast)) == Z3_INT_SORT
            else {
                try context.throwIfFailed()
                return nil
            }
            var integer: Int64 = 0
            let fits = Z3_get_numeral_int64(contextHandle, value.ast, &integer)
            try context.throwIfFailed()
            return fits ? integer : nil
        }
    }

    public var description: String {
        guard let text = Z3_model_to_string(context.handle, handle) else {
            return "<unprintable Z3 model>"
        }
        return String(cString: text)
    }
}

@available(*, unavailable, message: "Z3 models belong to a single-threaded context")
extension Z3Model: Sendable {}
