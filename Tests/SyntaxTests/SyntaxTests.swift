import Testing
@testable import Syntax

// Shared helpers for the Syntax tests. `Syntax.SourceLocation` and `Testing.SourceLocation` share a name,
// so the rule language's location is always spelled `Loc` here.
typealias Loc = Syntax.SourceLocation

let testFile = "t.dl"

/// A location in the test file (or another file).
func at(_ line: Int, _ column: Int, _ file: String = testFile) -> Loc {
    Loc(file: file, line: line, column: column)
}

/// Parses without validation: for tests of the syntax tree alone.
func parse(_ text: String) -> LoadedProgram {
    ProgramLoader.parse(text: text, file: testFile, validate: false)
}

/// Parses and validates: for tests of diagnostics.
func diagnose(_ text: String) -> [Diagnostic] {
    ProgramLoader.parse(text: text, file: testFile).diagnostics
}

func V(_ name: String) -> Term { .variable(name) }
func N(_ value: Int64) -> Term { .constant(.number(value)) }
func F(_ value: Double) -> Term { .constant(.float(value)) }
func S(_ text: String) -> Term { .constant(.symbol(text)) }

func atom(_ name: String, _ arguments: [Term], _ location: Loc, negated: Bool = false) -> Atom {
    Atom(RelationName(name, classicallyNegated: negated), arguments, location: location)
}

/// A location-free rendering of terms and literals, fully parenthesised, so that tests can state bodies compactly.
func render(_ term: Term) -> String {
    switch term {
    case let .variable(name): return name
    case .wildcard: return "_"
    case let .constant(value): return value.description
    case let .arithmetic(op, lhs, rhs): return "(\(render(lhs)) \(op.rawValue) \(render(rhs)))"
    case let .minus(operand): return "-(\(render(operand)))"
    case let .aggregate(aggregate):
        let target = aggregate.target.map { " " + render($0) } ?? ""
        return "\(aggregate.function.rawValue)\(target):{\(aggregate.body.map(render).joined(separator: ", "))}"
    }
}

func render(_ atom: Atom) -> String {
    "\(atom.relation)(\(atom.arguments.map(render).joined(separator: ", ")))"
}

func render(_ literal: Literal) -> String {
    switch literal {
    case let .positive(atom): return render(atom)
    case let .negative(atom): return "!" + render(atom)
    case let .comparison(comparison): return "\(render(comparison.lhs)) \(comparison.op.rawValue) \(render(comparison.rhs))"
    }
}

func listing(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.isEmpty ? "(no diagnostics)" : diagnostics.map(\.description).joined(separator: "\n")
}

/// Expects a diagnostic with this code whose message contains `fragment`, at exactly `location`, with `severity`.
@discardableResult
func expectDiagnostic(
    _ diagnostics: [Diagnostic], _ code: String, _ fragment: String, at location: Loc,
    severity: Diagnostic.Severity = .error, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let match = diagnostics.first { $0.code == code && $0.message.contains(fragment) }
    #expect(match != nil, "no '\(code)' diagnostic containing \"\(fragment)\" in:\n\(listing(diagnostics))", sourceLocation: sourceLocation)
    guard let match else { return nil }
    #expect(match.location == location, "\(match)", sourceLocation: sourceLocation)
    #expect(match.severity == severity, "\(match)", sourceLocation: sourceLocation)
    return match
}

@Suite("Test helpers")
struct HelperTests {
    @Test func renderingIsFullyParenthesisedAndLocationFree() {
        let term = Term.arithmetic(.add, N(1), .arithmetic(.multiply, V("x"), .minus(V("y"))))
        #expect(render(term) == "(1 + (x * -(y)))")
        #expect(render(.negative(atom("p", [S("a"), .wildcard], at(9, 9), negated: true))) == "!-p(\"a\", _)")
    }
}
