/// Terms, comparisons and literals as rule-language text, each variable replaced by its value where the substitution
/// has one (`15 < 18`), arithmetic kept as written so a reader sees what was computed (`514 / 6`), and aggregates in
/// their written form. Proofs, why-not explanations and verification findings all quote rules this way.
extension Term {
    public func text(under substitution: [String: Value] = [:]) -> String {
        switch self {
        case let .arithmetic(op, lhs, rhs): return "\(lhs.operandText(under: substitution)) \(op.rawValue) \(rhs.operandText(under: substitution))"
        case let .variable(name): return substitution[name]?.description ?? name
        case .wildcard: return "_"
        case let .aggregate(aggregate):
            let target = aggregate.target.map { " " + $0.text() } ?? ""
            return "\(aggregate.function.rawValue)\(target) : { \(aggregate.body.map { $0.text(under: substitution) }.joined(separator: ", ")) }"
        case let .minus(operand): return value(under: substitution)?.description ?? "-\(operand.operandText(under: substitution))"
        case let .constant(value): return value.description
        }
    }

    /// An operand of arithmetic, parenthesised when it is arithmetic itself so the text parses back the same.
    private func operandText(under substitution: [String: Value]) -> String {
        if case .arithmetic = self { return "(\(text(under: substitution)))" }
        return text(under: substitution)
    }
}

extension Comparison {
    public func text(under substitution: [String: Value] = [:]) -> String {
        "\(lhs.text(under: substitution)) \(op.rawValue) \(rhs.text(under: substitution))"
    }
}

extension Literal {
    public func text(under substitution: [String: Value] = [:]) -> String {
        switch self {
        case let .positive(atom): return "\(atom.relation)(\(atom.arguments.map { $0.text(under: substitution) }.joined(separator: ", ")))"
        case let .negative(atom): return "!\(atom.relation)(\(atom.arguments.map { $0.text(under: substitution) }.joined(separator: ", ")))"
        case let .comparison(comparison): return comparison.text(under: substitution)
        }
    }
}
