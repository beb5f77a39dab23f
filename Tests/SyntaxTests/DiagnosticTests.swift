import Testing
@testable import Syntax

/// One program with one expected finding: its code, a fragment of its message, and exactly where it points.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    var name: String
    var source: String
    var code: String
    var fragment: String
    var line: Int
    var column: Int
    var severity: Diagnostic.Severity = .error

    var testDescription: String { name }
}

@Suite("Diagnostics")
struct DiagnosticTests {
    static let syntaxErrors: [DiagnosticCase] = [
        DiagnosticCase(name: "missing '.' after a fact", source: ".decl a(x: number)\na(1) a(2).\n",
                       code: "syntax-error", fragment: "expected '.' or ':-' after a(...), found 'a'", line: 2, column: 6),
        DiagnosticCase(name: "missing '.' at the end of a rule", source: ".decl a(x: number)\n.decl b(x: number)\nb(x) :- a(x)\n",
                       code: "syntax-error", fragment: "expected '.' at the end of the rule, found end of file", line: 4, column: 1),
        DiagnosticCase(name: "missing '.' at the end of a constraint", source: ".decl a(x: number)\n:- a(x) a(1).\n",
                       code: "syntax-error", fragment: "expected '.' at the end of the constraint", line: 2, column: 9),
        DiagnosticCase(name: "unterminated string", source: ".decl s(x: symbol)\ns(\"abc).\n",
                       code: "syntax-error", fragment: "unterminated string literal", line: 2, column: 3),
        DiagnosticCase(name: "unterminated block comment", source: ".decl a(x: number)\na(1).\n/* never closed\na(2).\n",
                       code: "syntax-error", fragment: "unterminated block comment; expected '*/'", line: 3, column: 1),
        DiagnosticCase(name: "unknown escape", source: ".decl s(x: symbol)\ns(\"a\\qb\").\n",
                       code: "syntax-error", fragment: "unknown escape sequence '\\q'", line: 2, column: 5),
        DiagnosticCase(name: "unexpected character", source: ".decl a(x: number)\na(1).\n  $\n",
                       code: "syntax-error", fragment: "unexpected character '$'", line: 3, column: 3),
        DiagnosticCase(name: "unexpected character after non-ASCII text", source: ".decl s(x: symbol)\ns(\"éé\"). $\n",
                       code: "syntax-error", fragment: "unexpected character '$'", line: 2, column: 10),
        DiagnosticCase(name: "number too large", source: ".decl a(x: number)\na(99999999999999999999).\n",
                       code: "syntax-error", fragment: "does not fit in 64 bits", line: 2, column: 3),
        DiagnosticCase(name: "malformed hex literal", source: ".decl a(x: number)\na(0xZZ).\n",
                       code: "syntax-error", fragment: "malformed number literal", line: 2, column: 3),
        DiagnosticCase(name: "unsupported directive", source: ".decl a(x: number)\n.fact a(1)\n",
                       code: "syntax-error", fragment: "unsupported directive '.fact'", line: 2, column: 1),
        DiagnosticCase(name: "functor", source: ".decl a(x: number)\n.decl b(x: number)\nb(y) :- a(x), y = f(x).\n",
                       code: "syntax-error", fragment: "functor 'f(...)' is not supported", line: 3, column: 19),
        DiagnosticCase(name: "unknown relation qualifier", source: ".decl a(x: number) shiny\n",
                       code: "syntax-error", fragment: "unsupported relation qualifier 'shiny'", line: 1, column: 20),
        DiagnosticCase(name: "missing type in a declaration", source: ".decl a(x)\n",
                       code: "syntax-error", fragment: "expected ':' and a type after attribute 'x', found ')'", line: 1, column: 10),
        DiagnosticCase(name: "record type", source: ".type Pair = [a: number, b: number]\n",
                       code: "syntax-error", fragment: "record types are not supported", line: 1, column: 14),
        DiagnosticCase(name: "disjunction inside an aggregate", source: ".decl a(x: number)\n.decl r(x: number)\nr(n) :- n = count : { a(_); a(_) }.\n",
                       code: "syntax-error", fragment: "';' inside an aggregate body is not supported", line: 3, column: 13),
    ]

    static let semanticErrors: [DiagnosticCase] = [
        DiagnosticCase(name: "undeclared head relation", source: ".decl a(x: number)\nb(x) :- a(x).\n",
                       code: "undeclared-relation", fragment: "relation 'b' is not declared; add '.decl b(...)'", line: 2, column: 1),
        DiagnosticCase(name: "undeclared body relation", source: ".decl b(x: number)\nb(x) :- a(x).\n",
                       code: "undeclared-relation", fragment: "relation 'a' is not declared", line: 2, column: 9),
        DiagnosticCase(name: "undeclared fact relation", source: "a(1).\n",
                       code: "undeclared-relation", fragment: "relation 'a' is not declared", line: 1, column: 1),
        DiagnosticCase(name: "undeclared .input relation", source: ".input nope\n",
                       code: "undeclared-relation", fragment: "'.input nope' names a relation that is not declared", line: 1, column: 1),
        DiagnosticCase(name: "undeclared .output relation", source: "\n.output nope\n",
                       code: "undeclared-relation", fragment: "'.output nope' names a relation that is not declared", line: 2, column: 1),
        DiagnosticCase(name: "arity mismatch in a body", source: ".decl a(x: number)\n.decl b(x: number)\nb(x) :- a(x, x).\n",
                       code: "arity-mismatch", fragment: "'a' expects 1 argument but is given 2", line: 3, column: 9),
        DiagnosticCase(name: "arity mismatch in a fact", source: ".decl a(x: number, y: number)\na(1).\n",
                       code: "arity-mismatch", fragment: "'a' expects 2 arguments but is given 1", line: 2, column: 1),
        DiagnosticCase(name: "symbol constant in a number column (fact)", source: ".decl a(x: number)\na(\"bob\").\n",
                       code: "type-mismatch", fragment: "argument 1 of 'a' (x) expects number, found \"bob\"", line: 2, column: 1),
        DiagnosticCase(name: "symbol constant in a number column (rule)", source: ".decl a(x: number)\n.decl b(x: number)\nb(x) :- a(x), a(\"bob\").\n",
                       code: "type-mismatch", fragment: "argument 1 of 'a' expects number, found \"bob\" of type symbol", line: 3, column: 15),
        DiagnosticCase(name: "number constant in a symbol column", source: ".decl s(x: symbol)\n\ns(42).\n",
                       code: "type-mismatch", fragment: "argument 1 of 's' (x) expects symbol, found 42", line: 3, column: 1),
        DiagnosticCase(name: "negative constant in an unsigned column", source: ".decl u(x: unsigned)\nu(-1).\n",
                       code: "type-mismatch", fragment: "expects unsigned, found -1", line: 2, column: 1),
        DiagnosticCase(name: "variable used as symbol and number", source: ".decl s(x: symbol)\n.decl n(x: number)\n:- s(x), n(x).\n",
                       code: "type-mismatch", fragment: "argument 1 of 'n' expects number, found variable 'x' of type symbol", line: 3, column: 10),
        DiagnosticCase(name: "arithmetic on a symbol", source: ".decl s(x: symbol)\n.decl r(x: number)\nr(y) :- s(x), y = x + 1.\n",
                       code: "type-mismatch", fragment: "arithmetic '+' needs numbers, but variable 'x' is a symbol", line: 3, column: 15),
        DiagnosticCase(name: "unary minus on a symbol", source: ".decl s(x: symbol)\n.decl r(x: number)\nr(y) :- s(x), y = -x.\n",
                       code: "type-mismatch", fragment: "unary '-' needs a number, but variable 'x' is a symbol", line: 3, column: 15),
        DiagnosticCase(name: "comparing a symbol with a number", source: ".decl s(x: symbol)\n:- s(x), x < 3.\n",
                       code: "type-mismatch", fragment: "cannot compare variable 'x' (symbol) with 3 (number)", line: 2, column: 10),
        DiagnosticCase(name: "sum over symbols", source: ".decl s(x: symbol)\n.decl r(x: number)\nr(t) :- s(_), t = sum y : { s(y) }.\n",
                       code: "type-mismatch", fragment: "'sum' needs numbers, but variable 'y' is a symbol", line: 3, column: 19),
        DiagnosticCase(name: "unbound head variable", source: ".decl a(x: number)\n.decl r(x: number, y: number)\nr(x, y) :- a(x).\n",
                       code: "unsafe-variable", fragment: "variable 'y' in the head is not bound by a positive atom in the body", line: 3, column: 1),
        DiagnosticCase(name: "variable only in a negation", source: ".decl a(x: number)\n.decl b(x: number)\n.decl r(x: number)\nr(x) :- a(x), !b(y).\n",
                       code: "unsafe-variable", fragment: "variable 'y' in the negation of 'b'", line: 4, column: 16),
        DiagnosticCase(name: "variable only in a comparison", source: ".decl a(x: number)\n.decl r(x: number)\nr(x) :- a(x), y < 3.\n",
                       code: "unsafe-variable", fragment: "variable 'y' in a comparison", line: 3, column: 15),
        DiagnosticCase(name: "variable only in an expression argument", source: ".decl a(x: number)\n.decl r(x: number)\nr(x) :- a(x), a(y + 1).\n",
                       code: "unsafe-variable", fragment: "variable 'y' in an expression", line: 3, column: 15),
        DiagnosticCase(name: "'_' in a rule head", source: ".decl a(x: number)\n.decl r(x: number, y: number)\nr(x, _) :- a(x).\n",
                       code: "unsafe-variable", fragment: "'_' cannot appear in a rule head", line: 3, column: 1),
        DiagnosticCase(name: "non-ground fact", source: ".decl r(x: number)\nr(x).\n",
                       code: "unsafe-variable", fragment: "fact 'r' must be ground", line: 2, column: 1),
        DiagnosticCase(name: "unbound aggregate target", source: ".decl a(x: number)\n.decl r(x: number)\nr(t) :- a(_), t = sum y : { a(x) }.\n",
                       code: "unsafe-variable", fragment: "variable 'y' aggregated by 'sum' is not bound inside its body", line: 3, column: 19),
        DiagnosticCase(name: "unstratifiable negation", source: ".decl base(x: number)\n.decl p(x: number)\n.decl q(x: number)\np(x) :- base(x), !q(x).\nq(x) :- base(x), p(x).\n",
                       code: "unstratifiable", fragment: "'p' depends on 'q' through negation or aggregation inside a recursive cycle: p -> q -> p", line: 4, column: 19),
        DiagnosticCase(name: "unstratifiable aggregation", source: ".decl base(x: number)\n.decl p(x: number)\n.decl q(x: number)\np(n) :- base(n), n = count : { q(_) }.\nq(x) :- p(x).\n",
                       code: "unstratifiable", fragment: "recursive cycle: p -> q -> p", line: 4, column: 32),
        DiagnosticCase(name: "negation of itself", source: ".decl base(x: number)\n.decl p(x: number)\np(x) :- base(x), !p(x).\n",
                       code: "unstratifiable", fragment: "recursive cycle: p -> p", line: 3, column: 19),
        DiagnosticCase(name: "duplicate relation", source: ".decl a(x: number)\n.decl a(y: symbol)\na(1).\n",
                       code: "duplicate-declaration", fragment: "relation 'a' is declared more than once", line: 2, column: 1),
        DiagnosticCase(name: "duplicate type", source: ".type T <: symbol\n.type T <: number\n",
                       code: "duplicate-declaration", fragment: "type 'T' is declared more than once", line: 2, column: 1),
        DiagnosticCase(name: "duplicate phrase", source: ".decl a(x: number)\n.phrase a \"{x}\"\n.phrase a \"{x} again\"\n",
                       code: "duplicate-declaration", fragment: "relation 'a' has more than one '.phrase'", line: 3, column: 1),
        DiagnosticCase(name: "duplicate attribute", source: ".decl a(x: number, x: symbol)\n",
                       code: "duplicate-attribute", fragment: "attribute 'x' appears twice in 'a'", line: 1, column: 1),
        DiagnosticCase(name: "unknown attribute in a phrase", source: ".decl parent(p: symbol, c: symbol)\n.phrase parent \"{p} is a parent of {c}\" | \"{kid} is a child of {p}\"\n",
                       code: "unknown-attribute", fragment: "phrase for 'parent' uses '{kid}', but 'parent' has attributes 'p', 'c'", line: 2, column: 1),
        DiagnosticCase(name: "canonical phrase missing an attribute", source: ".decl parent(p: symbol, c: symbol)\n.phrase parent \"{p} has children\" | \"{c} is a child of {p}\"\n",
                       code: "incomplete-phrase", fragment: "the first (canonical) phrase for 'parent' must mention '{c}'", line: 2, column: 1),
        DiagnosticCase(name: "phrase for an undeclared relation", source: ".phrase nope \"{x}\"\n",
                       code: "undeclared-relation", fragment: "'.phrase' names relation 'nope', which is not declared", line: 1, column: 1),
        DiagnosticCase(name: "unknown attribute type", source: ".decl a(x: text)\n",
                       code: "unknown-type", fragment: "unknown type 'text' for attribute 'x' of 'a'", line: 1, column: 1),
        DiagnosticCase(name: "unknown base type", source: "\n.type Name <: strng\n",
                       code: "unknown-type", fragment: "unknown type 'strng' in the definition of 'Name'", line: 2, column: 1),
        DiagnosticCase(name: "union of symbols and numbers", source: ".type Mixed = symbol | number\n",
                       code: "type-mismatch", fragment: "union type 'Mixed' mixes symbols and numbers", line: 1, column: 1),
        DiagnosticCase(name: "type cycle", source: ".type A = B\n.type B = A\n",
                       code: "type-cycle", fragment: "type 'A' is defined in terms of itself", line: 1, column: 1),
        DiagnosticCase(name: "bad world pragma", source: ".pragma \"world\" \"flat\"\n",
                       code: "bad-pragma", fragment: "expects \"open\" or \"closed\"", line: 1, column: 1),
    ]

    static let warnings: [DiagnosticCase] = [
        DiagnosticCase(name: "unused relation", source: ".decl a(x: number)\n.decl unused(x: number)\na(1).\n",
                       code: "unused-relation", fragment: "relation 'unused' is declared but never used", line: 2, column: 1, severity: .warning),
        DiagnosticCase(name: "singleton variable", source: ".decl a(x: number, y: number)\n.decl r(x: number)\nr(x) :- a(x, y).\n",
                       code: "singleton-variable", fragment: "variable 'y' appears only once; use '_' if that is intended", line: 3, column: 9, severity: .warning),
        DiagnosticCase(name: "singleton variable in a constraint", source: ".decl a(x: number, y: number)\n:- a(x, x), a(z, 1).\n",
                       code: "singleton-variable", fragment: "variable 'z' appears only once", line: 2, column: 13, severity: .warning),
        DiagnosticCase(name: "unknown pragma", source: ".pragma \"colour\" \"blue\"\n",
                       code: "unknown-pragma", fragment: "unknown pragma 'colour' is ignored", line: 1, column: 1, severity: .warning),
        DiagnosticCase(name: "ignored qualifier", source: ".decl a(x: number) inline\na(1).\n",
                       code: "ignored-qualifier", fragment: "qualifier 'inline' has no effect in Lemma", line: 1, column: 20, severity: .warning),
    ]

    @Test(arguments: syntaxErrors)
    func syntaxError(_ example: DiagnosticCase) {
        check(example)
    }

    @Test(arguments: semanticErrors)
    func semanticError(_ example: DiagnosticCase) {
        check(example)
    }

    @Test(arguments: warnings)
    func warning(_ example: DiagnosticCase) {
        check(example)
        #expect(!diagnose(example.source).hasErrors, "\(listing(diagnose(example.source)))")
    }

    private func check(_ example: DiagnosticCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        expectDiagnostic(diagnose(example.source), example.code, example.fragment, at: at(example.line, example.column),
                         severity: example.severity, sourceLocation: sourceLocation)
    }

    @Test func aCorrectProgramHasNoDiagnosticsAtAll() {
        let diagnostics = diagnose("""
            .type Person <: symbol
            .decl parent(p: Person, c: Person)
            .decl ancestor(a: Person, d: Person)
            .decl age(p: Person, years: number)
            .decl adults(n: number)
            .decl lonely(p: Person)
            .phrase parent "{p} is a parent of {c}"
            parent("ann", "bob"). parent("bob", "cy").
            age("ann", 70). age("bob", 40). age("cy", 12).
            ancestor(a, d) :- parent(a, d).
            ancestor(a, d) :- parent(a, m), ancestor(m, d).
            adults(n) :- n = count : { age(_, y), y >= 18 }.
            lonely(p) :- age(p, _), !parent(p, _), !parent(_, p).
            :- age(_p, y), y < 0.
            """)
        #expect(diagnostics.isEmpty, "\(listing(diagnostics))")
    }

    @Test func noSingletonWarningForUnderscoreVariables() {
        let diagnostics = diagnose(".decl a(x: number, y: number)\n.decl r(x: number)\nr(x) :- a(x, _y).\n")
        #expect(!diagnostics.contains { $0.code == "singleton-variable" }, "\(listing(diagnostics))")
        #expect(diagnostics.isEmpty, "\(listing(diagnostics))")
    }

    @Test func theDuplicateDeclarationNotePointsAtTheFirstDeclaration() {
        let duplicate = expectDiagnostic(diagnose(".decl a(x: number)\n.decl a(y: symbol)\na(1).\n"),
                                         "duplicate-declaration", "declared more than once", at: at(2, 1))
        #expect(duplicate?.notes == [Diagnostic.Note("first declared here", at: at(1, 1))])
    }

    @Test func anUnsafeVariableIsReportedOncePerClause() {
        let diagnostics = diagnose(".decl a(x: number)\n.decl r(x: number)\nr(x) :- a(x), y < 3, y > 1, !a(y).\n")
        #expect(diagnostics.filter { $0.code == "unsafe-variable" }.count == 1, "\(listing(diagnostics))")
    }

    @Test func variablesBoundByEqualityAreSafe() {
        let diagnostics = diagnose(".decl a(x: number)\n.decl r(x: number, y: number)\nr(x, z) :- a(x), y = x * 2, z = y + 1.\n")
        #expect(diagnostics.isEmpty, "\(listing(diagnostics))")
    }

    @Test func relationsInsideAHeadAggregateAreChecked() {
        let diagnostics = diagnose(".decl r(n: number)\n.decl a(x: number)\na(1).\nr(count : { nope(_) }) :- a(_).\n")
        expectDiagnostic(diagnostics, "undeclared-relation", "relation 'nope' is not declared", at: at(4, 13))
    }

    @Test func anUnknownBaseTypeIsReportedOnce() {
        let diagnostics = diagnose(".type A <: strng\n.type B <: A\n.type C <: A\n")
        #expect(diagnostics.filter { $0.code == "unknown-type" }.count == 1, "\(listing(diagnostics))")
    }

    @Test func severalErrorsAreReportedInOneRun() {
        let diagnostics = diagnose("""
            .decl a(x: number)
            a(1) a(2).
            a(3).
            a(4 .
            a("five").
            b(6).
            """)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["syntax-error", "syntax-error", "type-mismatch", "undeclared-relation"], "\(listing(diagnostics))")
        #expect(errors.map(\.location) == [at(2, 6), at(4, 5), at(5, 1), at(6, 1)])
    }

    @Test func parsingRecoversAtTheNextStatement() {
        let loaded = parse(".decl a(x: number)\na(1) a(2).\na(3).\na(4 .\na(5).\n")
        #expect(loaded.diagnostics.count == 2, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.facts.map(\.values) == [[.number(3)], [.number(5)]])
    }

    @Test func lexicalAndSyntaxErrorsOfOneFileAreAllReported() {
        let diagnostics = parse(".decl s(x: symbol)\ns(\"a\\qb\").\n$\n/* open").diagnostics
        #expect(diagnostics.map(\.location) == [at(2, 5), at(3, 1), at(4, 1)], "\(listing(diagnostics))")
    }

    @Test func diagnosticDescription() {
        let diagnostic = Diagnostic.error("syntax-error", "broken", at: at(3, 7))
        #expect(diagnostic.description == "t.dl:3:7: error: broken")
        #expect(Diagnostic.warning("w", "careful", at: nil).description == "warning: careful")
        #expect(DiagnosticsError([diagnostic, .warning("w", "careful", at: nil)]).description == "t.dl:3:7: error: broken\nwarning: careful")
        #expect([Diagnostic.warning("w", "x", at: nil)].hasErrors == false)
        #expect([Diagnostic.warning("w", "x", at: nil), diagnostic].hasErrors)
        #expect(Diagnostic.Severity.warning < .error)
        #expect(!(Diagnostic.Severity.error < .warning))
    }
}

@Suite("Diagnostic renderer")
struct RendererTests {
    @Test func rendersLocationMessageLineAndCaret() throws {
        let source = ".decl s(x: symbol)\ns(\"a\\qb\").\n"
        let loaded = ProgramLoader.parse(text: source, file: testFile)
        let diagnostic = try #require(loaded.diagnostics.first { $0.code == "syntax-error" })
        let rendered = loaded.renderer.render(diagnostic)
        #expect(rendered == """
            t.dl:2:5: error: unknown escape sequence '\\q'; expected one of \\n \\t \\r \\" \\\\
            s("a\\qb").
                ^
            """)
    }

    @Test func caretKeepsTabsSoItLinesUp() {
        let source = ".decl a(x: number)\n\ta(1) a(2).\n"
        let loaded = ProgramLoader.parse(text: source, file: testFile)
        let rendered = loaded.renderer.render(loaded.diagnostics.filter { $0.severity == .error })
        #expect(rendered.hasPrefix("t.dl:2:7: error: expected '.' or ':-' after a(...), found 'a'\n"))
        #expect(rendered.hasSuffix("\n\ta(1) a(2).\n\t     ^"))
    }

    @Test func caretUnderNonASCIIText() {
        let source = ".decl s(x: symbol)\ns(\"éé\"). $\n"
        let loaded = ProgramLoader.parse(text: source, file: testFile)
        let rendered = loaded.renderer.render(loaded.diagnostics.filter { $0.severity == .error })
        #expect(rendered == "t.dl:2:10: error: unexpected character '$'\ns(\"éé\"). $\n         ^")
    }

    @Test func notesAreRenderedAfterTheExcerpt() {
        let source = ".decl a(x: number)\n.decl a(y: symbol)\na(1).\n"
        let loaded = ProgramLoader.parse(text: source, file: testFile)
        let rendered = loaded.renderer.render(loaded.diagnostics.filter { $0.severity == .error })
        #expect(rendered == """
            t.dl:2:1: error: relation 'a' is declared more than once
            .decl a(y: symbol)
            ^
            t.dl:1:1: note: first declared here
            """)
    }

    @Test func diagnosticsInFilesWithoutTextRenderWithoutAnExcerpt() {
        let renderer = DiagnosticRenderer(sources: [:])
        #expect(renderer.render(.error("x", "no text", at: at(1, 1, "elsewhere.dl"))) == "elsewhere.dl:1:1: error: no text")
        #expect(renderer.render(.error("x", "nowhere", at: nil)) == "error: nowhere")
    }

    @Test func windowsLineEndingsRenderTheRightLine() throws {
        let source = ".decl a(x: number)\r\na(1) a(2).\r\n"
        let loaded = ProgramLoader.parse(text: source, file: testFile)
        let error = try #require(loaded.diagnostics.first { $0.severity == .error })
        #expect(error.location == at(2, 6))
        #expect(loaded.renderer.render(error) == "t.dl:2:6: error: expected '.' or ':-' after a(...), found 'a'\na(1) a(2).\n     ^")
    }
}
