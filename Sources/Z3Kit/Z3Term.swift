import CZ3

/// A Z3 expression that keeps its context alive.
///
/// Equality and hashing are by identity of the underlying AST: Z3 hash-conses
/// expressions, so two structurally equal terms of one context share an AST.
/// This lets callers map unsat-core members back to the assumptions they made.
public struct Z3Term: CustomStringConvertible, Hashable {
    /// Copies of a term share one reference so that the AST is inc_ref'd once
    /// when created and dec_ref'd once when the last copy disappears.
    private final class Reference {
        let context: Z3Context
        let ast: OpaquePointer

        init(context: Z3Context, ast: OpaquePointer) {
            self.context = context
            self.ast = ast
            Z3_inc_ref(context.handle, ast)
        }

        deinit {
            Z3_dec_ref(context.handle, ast)
        }
    }

    private let reference: Reference

    init(context: Z3Context, ast: OpaquePointer) {
        reference = Reference(context: context, ast: ast)
    }

    public var context: Z3Context { reference.context }

    var ast: OpaquePointer { reference.ast }

    public var description: String {
        guard let text = Z3_ast_to_string(context.handle, ast) else {
            return "<unprintable Z3 term>"
        }
        return String(cString: text)
    }

    public static func == (lhs: Z3Term, rhs: Z3Term) -> Bool {
        lhs.context === rhs.context && lhs.ast == rhs.ast
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(context))
        hasher.combine(ast)
    }
}

@available(*, unavailable, message: "Z3 terms belong to a single-threaded context")
extension Z3Term: Sendable {}
