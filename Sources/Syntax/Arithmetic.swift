/// The meaning of the language's arithmetic and comparisons, shared by every evaluator so that they cannot disagree.
public enum Arithmetic {
    /// Applies an operator; nil when it has no value (division by zero, a symbol operand), so no tuple is derived.
    /// Integer operations wrap on overflow, as Soufflé's fixed-width numbers do, instead of trapping.
    public static func apply(_ op: ArithmeticOperator, _ lhs: Value, _ rhs: Value) -> Value? {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)):
            switch op {
            case .add: return .number(a &+ b)
            case .subtract: return .number(a &- b)
            case .multiply: return .number(a &* b)
            case .divide: return b == 0 || (a == .min && b == -1) ? nil : .number(a / b)
            case .remainder: return b == 0 || (a == .min && b == -1) ? nil : .number(a % b)
            }
        case (.number, .float), (.float, .number), (.float, .float):
            guard let a = lhs.asDouble, let b = rhs.asDouble else { return nil }
            switch op {
            case .add: return .float(a + b)
            case .subtract: return .float(a - b)
            case .multiply: return .float(a * b)
            case .divide: return b == 0 ? nil : .float(a / b)
            case .remainder: return b == 0 ? nil : .float(a.truncatingRemainder(dividingBy: b))
            }
        default:
            return nil
        }
    }

    public static func negate(_ value: Value) -> Value? {
        switch value {
        case let .number(n): return .number(0 &- n)
        case let .float(x): return .float(-x)
        case .symbol: return nil
        }
    }

    /// Symbols compare only for (in)equality; ordering comparisons between a symbol and anything else are false.
    public static func compare(_ op: ComparisonOperator, _ lhs: Value, _ rhs: Value) -> Bool {
        switch op {
        case .equal: return lhs == rhs || (lhs.asDouble != nil && lhs.asDouble == rhs.asDouble)
        case .notEqual: return !compare(.equal, lhs, rhs)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if (lhs.primitiveType == .symbol) != (rhs.primitiveType == .symbol) { return false }
            switch op {
            case .less: return lhs < rhs
            case .lessOrEqual: return !(rhs < lhs)
            case .greater: return rhs < lhs
            default: return !(lhs < rhs)
            }
        }
    }
}

extension Term {
    /// The value of the term under a substitution, by the language's arithmetic; nil when a variable is unbound,
    /// for `_` and aggregates (which need relations), or when the arithmetic has no value.
    public func value(under substitution: [String: Value]) -> Value? {
        switch self {
        case let .variable(name): return substitution[name]
        case .wildcard, .aggregate: return nil
        case let .constant(value): return value
        case let .arithmetic(op, lhs, rhs):
            guard let left = lhs.value(under: substitution), let right = rhs.value(under: substitution) else { return nil }
            return Arithmetic.apply(op, left, right)
        case let .minus(operand):
            return operand.value(under: substitution).flatMap(Arithmetic.negate)
        }
    }
}

extension Value {
    var asDouble: Double? {
        switch self {
        case let .number(n): return Double(n)
        case let .float(x): return x
        case .symbol: return nil
        }
    }
}
