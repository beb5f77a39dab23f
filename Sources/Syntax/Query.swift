/// A question in rule syntax: `grandparent(g, "Mateo")`, `ancestor("Ann", x), age(x, a), a < 30`, or `count : { minor(p) }`.
public struct Query: Equatable, Codable, Sendable, CustomStringConvertible {
    public var literals: [Literal]
    /// Set for aggregate queries such as `count : { minor(p) }`; `literals` is then empty.
    public var aggregate: Aggregate?
    public var text: String

    public init(literals: [Literal], aggregate: Aggregate?, text: String) {
        self.literals = literals
        self.aggregate = aggregate
        self.text = text
    }

    /// Parses a query. Errors carry locations in the pseudo-file `<query>`, column-accurate.
    public static func parse(_ text: String, file: String = "<query>") throws(DiagnosticsError) -> Query {
        var parser = Parser(text: text, file: file)
        let parsed = try? parser.parseQueryBody()
        let diagnostics = parser.collectedDiagnostics
        guard let parsed, !diagnostics.hasErrors else {
            throw DiagnosticsError(diagnostics.isEmpty ? [.error("syntax-error", "expected a query", at: SourceLocation(file: file, line: 1, column: 1))] : diagnostics)
        }
        return Query(literals: parsed.literals, aggregate: parsed.aggregate, text: text.trimmingWhitespace)
    }

    /// The named variables whose bindings are the answers, in order of first appearance.
    public var answerVariables: [String] {
        var result: [String] = []
        for literal in literals {
            for name in literal.variables where !result.contains(name) { result.append(name) }
        }
        return result
    }

    public var isGround: Bool { aggregate == nil && answerVariables.isEmpty }

    public var description: String { text }
}

extension String {
    var trimmingWhitespace: String {
        let characters = Array(self)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
              let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(characters[first...last])
    }
}
