/// A constant of the rule language. Numbers cover Soufflé's `number` and `unsigned`; `float` is a double.
public enum Value: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    case symbol(String)
    case number(Int64)
    case float(Double)

    /// Numbers sort before symbols, numerically among themselves; symbols sort by their bytes, as Soufflé's output does.
    public static func < (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)): return a < b
        case let (.float(a), .float(b)): return a < b
        case let (.number(a), .float(b)): return Double(a) < b
        case let (.float(a), .number(b)): return a < Double(b)
        case let (.symbol(a), .symbol(b)): return Array(a.utf8).lexicographicallyPrecedes(b.utf8)
        case (.symbol, _): return false
        case (_, .symbol): return true
        }
    }

    /// The value as written in rule syntax: symbols quoted and escaped.
    public var description: String {
        switch self {
        case let .symbol(text): return Value.quoted(text)
        case let .number(n): return String(n)
        case let .float(x): return Value.render(x)
        }
    }

    /// The value as Soufflé writes it to an output file: symbols raw.
    public var rawText: String {
        switch self {
        case let .symbol(text): return text
        case let .number(n): return String(n)
        case let .float(x): return Value.render(x)
        }
    }

    public var primitiveType: PrimitiveType {
        switch self {
        case .symbol: return .symbol
        case .number: return .number
        case .float: return .float
        }
    }

    static func render(_ x: Double) -> String {
        // Soufflé prints integral floats without a fractional part, as C++ streams do.
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    public static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
