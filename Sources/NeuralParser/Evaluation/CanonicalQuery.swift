import Syntax

/// A query written so that two queries meaning the same thing read the same: literals in a fixed order and
/// variables renamed by first appearance. `grandparent(g, "Mateo")` and `grandparent(x, "Mateo")` agree;
/// `age(p, y), y > 30` and `y > 30, age(p, y)` agree. Exact-query accuracy compares these.
public struct CanonicalQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ query: Query) {
        if let aggregate = query.aggregate {
            description = "\(aggregate.function.rawValue) : { \(Self.canonical(aggregate.body)) }"
        } else {
            description = Self.canonical(query.literals)
        }
    }

    public init(parsing text: String) throws(DiagnosticsError) {
        self.init(try Query.parse(text))
    }

    private static func canonical(_ literals: [Literal]) -> String {
        let ordered = literals.sorted { render($0, names: nil) < render($1, names: nil) }
        var names: [String: String] = [:]
        return ordered.map { literal in
            for variable in literal.variables where names[variable] == nil { names[variable] = "v\(names.count)" }
            return render(literal, names: names)
        }.joined(separator: ", ")
    }

    /// With `names` nil every variable prints as `?`, which gives the order that does not depend on naming.
    private static func render(_ literal: Literal, names: [String: String]?) -> String {
        switch literal {
        case let .positive(atom): return render(atom, names: names)
        case let .negative(atom): return "!" + render(atom, names: names)
        case let .comparison(comparison):
            return "\(render(comparison.lhs, names: names)) \(comparison.op.rawValue) \(render(comparison.rhs, names: names))"
        }
    }

    private static func render(_ atom: Atom, names: [String: String]?) -> String {
        "\(atom.relation.description)(\(atom.arguments.map { render($0, names: names) }.joined(separator: ", ")))"
    }

    private static func render(_ term: Term, names: [String: String]?) -> String {
        switch term {
        case let .variable(name): return names.map { $0[name] ?? name } ?? "?"
        case .wildcard: return "_"
        case let .constant(value): return value.description
        case let .arithmetic(op, lhs, rhs): return "(\(render(lhs, names: names)) \(op.rawValue) \(render(rhs, names: names)))"
        case let .minus(operand): return "-\(render(operand, names: names))"
        case let .aggregate(aggregate): return "\(aggregate.function.rawValue) : { \(canonical(aggregate.body)) }"
        }
    }
}
