import Testing
@testable import Syntax

@Suite("Fact files")
struct FactFileReaderTests {
    private func read(_ text: String, _ types: [PrimitiveType], delimiter: String = "\t", skipHeader: Bool = false) -> (facts: [Fact], diagnostics: [Diagnostic]) {
        FactFileReader.parse(text: text, path: "p.facts", relation: "r", delimiter: delimiter, skipHeader: skipHeader, columnTypes: types)
    }

    @Test func tabSeparatedFieldsAreReadRaw() {
        let result = read("Ann Lee\t\"quoted, really\"\t42\n  padded  \t'x'\t-7\n", [.symbol, .symbol, .number])
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(result.facts == [
            Fact(RelationName("r"), [.symbol("Ann Lee"), .symbol("\"quoted, really\""), .number(42)], location: at(1, 1, "p.facts")),
            Fact(RelationName("r"), [.symbol("  padded  "), .symbol("'x'"), .number(-7)], location: at(2, 1, "p.facts")),
        ])
    }

    @Test func emptyFieldsAreEmptySymbols() {
        let result = read("a,,b\n", [.symbol, .symbol, .symbol], delimiter: ",")
        #expect(result.facts.map(\.values) == [[.symbol("a"), .symbol(""), .symbol("b")]])
    }

    @Test(arguments: [",", "|", "::"])
    func customDelimiter(delimiter: String) {
        let result = read("a\(delimiter)1\nb c\(delimiter)2\n", [.symbol, .number], delimiter: delimiter)
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(result.facts.map(\.values) == [[.symbol("a"), .number(1)], [.symbol("b c"), .number(2)]])
    }

    @Test func aSingleColumnTakesTheWholeLine() {
        let result = read("a\tb, c\n", [.symbol])
        #expect(result.facts.map(\.values) == [[.symbol("a\tb, c")]])
    }

    @Test func numericColumns() {
        let result = read("1\t-2\t2.5\t7\n", [.number, .number, .float, .unsigned])
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(result.facts.map(\.values) == [[.number(1), .number(-2), .float(2.5), .number(7)]])
    }

    @Test func wrongFieldCountIsAnErrorAtTheLine() {
        let result = read("a\tb\nc\n", [.symbol, .symbol])
        #expect(result.facts.isEmpty)
        expectDiagnostic(result.diagnostics, "arity-mismatch", "expected 2 fields separated by tabs for 'r', found 1", at: at(2, 1, "p.facts"))
        #expect(result.diagnostics.count == 1)
    }

    @Test func wrongFieldCountNamesACustomDelimiter() {
        let result = read("a,b,c\n", [.symbol, .symbol], delimiter: ",")
        expectDiagnostic(result.diagnostics, "arity-mismatch", "expected 2 fields separated by ',' for 'r', found 3", at: at(1, 1, "p.facts"))
    }

    @Test func nonNumericNumberIsATypeMismatchAtItsColumn() {
        let result = read("alice\t4x2\n", [.symbol, .number])
        #expect(result.facts.isEmpty)
        expectDiagnostic(result.diagnostics, "type-mismatch", "expected a number for column 2 of 'r', found '4x2'", at: at(1, 7, "p.facts"))
    }

    @Test func theColumnOfALaterField() {
        let result = read("ok\t1\nalice\tbob\tzz\n", [.symbol, .symbol, .float], skipHeader: false)
        expectDiagnostic(result.diagnostics, "arity-mismatch", "found 2", at: at(1, 1, "p.facts"))
        expectDiagnostic(result.diagnostics, "type-mismatch", "expected a float for column 3 of 'r', found 'zz'", at: at(2, 11, "p.facts"))
    }

    @Test(arguments: [
        ("-1", PrimitiveType.unsigned, "expected an unsigned for column 1"),
        ("1.5", .number, "expected a number for column 1"),
        (" 3", .number, "expected a number for column 1"),
        ("x", .float, "expected a float for column 1"),
        ("", .number, "expected a number for column 1"),
    ])
    func badNumbers(field: String, type: PrimitiveType, fragment: String) {
        let result = read("\(field)\tok\n", [type, .symbol])
        #expect(result.facts.isEmpty)
        expectDiagnostic(result.diagnostics, "type-mismatch", fragment, at: at(1, 1, "p.facts"))
    }

    @Test(arguments: [
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min), ("+5", 5), ("-0", 0), ("007", 7),
    ])
    func integersAtTheirLimits(field: String, value: Int64) {
        let result = read("\(field)\n", [.number])
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(result.facts.map(\.values) == [[.number(value)]])
    }

    @Test(arguments: ["9223372036854775808", "-9223372036854775809", "99999999999999999999999", "+", "-", "1e3", "0x10", "١٢"])
    func integersThatDoNotFitOrAreNotDecimalAreRejected(field: String) {
        let result = read("a\t\(field)\n", [.symbol, .number])
        #expect(result.facts.isEmpty)
        expectDiagnostic(result.diagnostics, "type-mismatch", "expected a number for column 2", at: at(1, 3, "p.facts"))
    }

    @Test func notANumberIsNotAFloat() {
        let result = read("nan\n", [.float])
        expectDiagnostic(result.diagnostics, "type-mismatch", "expected a float for column 1 of 'r', found 'nan'", at: at(1, 1, "p.facts"))
        #expect(read("inf\n-1.5e300\n", [.float]).facts.map(\.values) == [[.float(.infinity)], [.float(-1.5e300)]])
    }

    /// Columns count characters, not bytes, so an error after a name with accents points at the right place.
    @Test func theColumnOfAnErrorCountsCharacters() {
        let result = read("Zoë Ångström\tx\n", [.symbol, .number])
        expectDiagnostic(result.diagnostics, "type-mismatch", "found 'x'", at: at(1, 14, "p.facts"))
    }

    @Test func anArityErrorIsReportedBeforeATypeError() {
        let result = read("x\ty\tz\n", [.number, .symbol])
        expectDiagnostic(result.diagnostics, "arity-mismatch", "found 3", at: at(1, 1, "p.facts"))
    }

    @Test func aFileWithAnyBadRowYieldsNoFacts() {
        let result = read("a\t1\nb\t2\nc\tx\nd\t4\n", [.symbol, .number])
        #expect(result.facts.isEmpty)
        #expect(result.diagnostics.map(\.location) == [at(3, 3, "p.facts")])
    }

    @Test func blankLinesAreSkippedButCounted() {
        let result = read("a\t1\n\nb\t2", [.symbol, .number])
        #expect(result.facts.map(\.location.line) == [1, 3])
    }

    @Test func headerLineIsSkippedWhenAsked() {
        let result = read("name\tage\nann\t3\n", [.symbol, .number], skipHeader: true)
        #expect(result.diagnostics.isEmpty)
        #expect(result.facts == [Fact(RelationName("r"), [.symbol("ann"), .number(3)], location: at(2, 1, "p.facts"))])
        #expect(!read("name\tage\nann\t3\n", [.symbol, .number]).diagnostics.isEmpty)
    }

    @Test func windowsLineEndings() {
        let result = read("a\t1\r\nb\t2\r\n", [.symbol, .number])
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(result.facts.map(\.values) == [[.symbol("a"), .number(1)], [.symbol("b"), .number(2)]])
        #expect(result.facts.map(\.location.line) == [1, 2])
    }

    @Test func reportingStopsAfterTwentyErrors() {
        let text = (1...30).map { "row\($0)" }.joined(separator: "\n")
        let result = read(text, [.symbol, .number])
        #expect(result.diagnostics.count == 20)
        #expect(result.diagnostics.last?.location == at(20, 1, "p.facts"))
    }

    @Test func readingAnInputDirectiveThroughAProvider() {
        let input = InputDirective(relation: "edge", options: ["filename": "data/edge.csv", "delimiter": ","], location: at(3, 1, "kb/main.dl"))
        let reader = FactFileReader(provider: InMemorySource(files: ["kb/data/edge.csv": "a,b\nb,c\n"]))
        let result = reader.read(input, columnTypes: [.symbol, .symbol])
        #expect(result.diagnostics.isEmpty)
        #expect(result.facts == [
            Fact(RelationName("edge"), [.symbol("a"), .symbol("b")], location: at(1, 1, "kb/data/edge.csv")),
            Fact(RelationName("edge"), [.symbol("b"), .symbol("c")], location: at(2, 1, "kb/data/edge.csv")),
        ])
    }

    @Test func aMissingInputFileIsReportedAtTheDirective() {
        let input = InputDirective(relation: "edge", options: [:], location: at(3, 1, "kb/main.dl"))
        let result = FactFileReader(provider: InMemorySource(files: [:])).read(input, columnTypes: [.symbol])
        #expect(result.facts.isEmpty)
        expectDiagnostic(result.diagnostics, "missing-input", "cannot read 'kb/edge.facts' for '.input edge'", at: at(3, 1, "kb/main.dl"))
    }
}

@Suite("Queries")
struct QueryTests {
    @Test func conjunction() throws {
        let query = try Query.parse(#"ancestor("Ann", x), age(x, a), a < 30"#)
        #expect(query.literals.map(render) == [#"ancestor("Ann", x)"#, "age(x, a)", "a < 30"])
        #expect(query.literals[1].location == at(1, 21, "<query>"))
        #expect(query.aggregate == nil)
        #expect(query.answerVariables == ["x", "a"])
        #expect(!query.isGround)
        #expect(query.text == #"ancestor("Ann", x), age(x, a), a < 30"#)
    }

    @Test func negationInAQuery() throws {
        let query = try Query.parse("person(p), !parent(p, _)")
        #expect(query.literals.map(render) == ["person(p)", "!parent(p, _)"])
        #expect(query.answerVariables == ["p"])
    }

    @Test func aggregateQuery() throws {
        let query = try Query.parse("count : { minor(p) }")
        #expect(query.literals.isEmpty)
        let aggregate = try #require(query.aggregate)
        #expect(aggregate.function == .count)
        #expect(aggregate.target == nil)
        #expect(aggregate.body.map(render) == ["minor(p)"])
        #expect(aggregate.location == at(1, 1, "<query>"))
        #expect(query.answerVariables.isEmpty)
        #expect(!query.isGround)
    }

    @Test func sumQuery() throws {
        let query = try Query.parse("sum a : { age(_, a), a > 1 }")
        #expect(query.aggregate?.function == .sum)
        #expect(query.aggregate?.target == V("a"))
        #expect(query.aggregate?.body.map(render) == ["age(_, a)", "a > 1"])
    }

    @Test func answerVariablesInOrderOfFirstAppearance() throws {
        #expect(try Query.parse("p(b, a), q(a, c), c > b, r(d, _, _e)").answerVariables == ["b", "a", "c", "d", "_e"])
    }

    @Test func groundQueryAndTrailingDotAndWhitespace() throws {
        let query = try Query.parse("  parent(\"ann\", \"bob\").  \n")
        #expect(query.isGround)
        #expect(query.text == "parent(\"ann\", \"bob\").")
        #expect(query.description == query.text)
        #expect(query.literals.count == 1)
    }

    @Test(arguments: [
        ("p(x) q(y)", "unexpected 'q' after the query", 6),
        ("p(x, )", "expected a term", 6),
        ("p(x); q(x)", "a query cannot use ';'", 11),
        ("", "expected a term", 1),
        ("p(\"x)", "unterminated string literal", 3),
        ("count : { p(x) } > 1", "unexpected '>' after the query", 18),
    ])
    func syntaxErrorHasAColumnInTheQuery(text: String, fragment: String, column: Int) {
        let error = #expect(throws: DiagnosticsError.self) { try Query.parse(text) }
        let diagnostics = error?.diagnostics ?? []
        expectDiagnostic(diagnostics, "syntax-error", fragment, at: at(1, column, "<query>"))
    }

    @Test func errorsUseTheGivenFileName() {
        let error = #expect(throws: DiagnosticsError.self) { try Query.parse("p(x) )", file: "<repl>") }
        #expect(error?.diagnostics.first?.location?.file == "<repl>")
        #expect(error?.description.hasPrefix("<repl>:1:6: error:") == true)
    }
}

@Suite("Dependency graph")
struct DependencyGraphTests {
    private func graph(_ text: String, extra: [RelationName] = []) -> DependencyGraph {
        DependencyGraph(rules: parse(text).program.rules, extraPredicates: extra)
    }

    @Test func componentsComeAfterTheirDependencies() {
        let dependencies = graph("""
            top(x) :- mid(x).
            mid(x) :- base(x).
            mid(x) :- loop(x).
            loop(x) :- mid(x).
            other(x) :- top(x), !base(x).
            """)
        let components = dependencies.components()
        #expect(components.map { Set($0.map(\.name)) } == [["base"], ["mid", "loop"], ["top"], ["other"]])
        let position = Dictionary(uniqueKeysWithValues: components.enumerated().flatMap { index, members in members.map { ($0, index) } })
        for edge in dependencies.edges {
            #expect(position[edge.from]! <= position[edge.to]!, "\(edge.from) -> \(edge.to)")
        }
        #expect(dependencies.negativeCycle() == nil)
    }

    @Test func aLongChainIsOrderedFromTheBottom() {
        let dependencies = graph("d(x) :- c(x).\nc(x) :- b(x).\nb(x) :- a(x).\n")
        #expect(dependencies.components().map { $0.map(\.name) } == [["a"], ["b"], ["c"], ["d"]])
    }

    @Test func edgesRecordNegationAndAggregation() {
        let dependencies = graph("r(x) :- a(x), !b(x), x = count : { c(_) }.\nh(count : { e(_) }) :- a(_).\n")
        let edges = dependencies.edges.map { "\($0.from)->\($0.to)\($0.isNegative ? " neg" : "")" }
        #expect(edges == ["a->r", "b->r neg", "c->r neg", "a->h", "e->h neg"])
        #expect(dependencies.edges[1].location == at(1, 16))
    }

    @Test func classicalNegationIsARelationOfItsOwn() {
        let dependencies = graph("-p(x) :- q(x).\nr(x) :- -p(x), p(x).\n")
        #expect(dependencies.relationNames == [RelationName("p", classicallyNegated: true), RelationName("q"), RelationName("r"), RelationName("p")])
    }

    @Test func extraPredicatesAreComponentsToo() {
        let dependencies = graph("b(x) :- a(x).\n", extra: [RelationName("lonely")])
        #expect(dependencies.components().flatMap { $0 }.contains(RelationName("lonely")))
        #expect(dependencies.relationNames.first == RelationName("lonely"))
    }

    @Test func negativeCycleNamesTheCycle() throws {
        let dependencies = graph("p(x) :- b(x), !q(x).\nq(x) :- r(x).\nr(x) :- p(x).\n")
        let (edge, cycle) = try #require(dependencies.negativeCycle())
        #expect(edge.from == RelationName("q"))
        #expect(edge.to == RelationName("p"))
        #expect(cycle.map(\.name) == ["p", "r", "q", "p"])
    }
}

@Suite("Arithmetic")
struct ArithmeticTests {
    @Test(arguments: [
        (ArithmeticOperator.divide, Value.number(-7), Value.number(2), Value?.some(.number(-3))),
        (.divide, .number(7), .number(-2), .number(-3)),
        (.divide, .number(-7), .number(-2), .number(3)),
        (.remainder, .number(-7), .number(2), .number(-1)),
        (.remainder, .number(7), .number(-2), .number(1)),
        (.remainder, .number(-7), .number(-2), .number(-1)),
        (.divide, .number(1), .number(0), nil),
        (.remainder, .number(1), .number(0), nil),
        (.divide, .number(.min), .number(-1), nil),
        (.add, .number(.max), .number(1), .number(.min)),
        (.subtract, .number(.min), .number(1), .number(.max)),
        (.multiply, .number(.max), .number(2), .number(-2)),
        (.add, .number(2), .number(3), .number(5)),
        (.add, .number(1), .float(2.5), .float(3.5)),
        (.divide, .number(7), .float(2), .float(3.5)),
        (.divide, .float(1), .float(0), nil),
        (.remainder, .float(7.5), .number(2), .float(1.5)),
        (.remainder, .float(-7.5), .number(2), .float(-1.5)),
        (.add, .symbol("a"), .number(1), nil),
        (.add, .symbol("a"), .symbol("b"), nil),
    ])
    func apply(op: ArithmeticOperator, lhs: Value, rhs: Value, expected: Value?) {
        #expect(Arithmetic.apply(op, lhs, rhs) == expected)
    }

    @Test func negation() {
        #expect(Arithmetic.negate(.number(5)) == .number(-5))
        #expect(Arithmetic.negate(.number(.min)) == .number(.min))
        #expect(Arithmetic.negate(.float(2.5)) == .float(-2.5))
        #expect(Arithmetic.negate(.symbol("a")) == nil)
    }

    @Test(arguments: [ComparisonOperator.less, .lessOrEqual, .greater, .greaterOrEqual])
    func orderingASymbolAgainstANumberIsFalse(op: ComparisonOperator) {
        #expect(!Arithmetic.compare(op, .symbol("a"), .number(1)))
        #expect(!Arithmetic.compare(op, .number(1), .symbol("a")))
        #expect(!Arithmetic.compare(op, .symbol("1"), .float(1)))
    }

    @Test func equalityAcrossTypes() {
        #expect(!Arithmetic.compare(.equal, .symbol("1"), .number(1)))
        #expect(Arithmetic.compare(.notEqual, .symbol("1"), .number(1)))
        #expect(Arithmetic.compare(.equal, .number(2), .float(2)))
        #expect(!Arithmetic.compare(.notEqual, .number(2), .float(2)))
        #expect(Arithmetic.compare(.equal, .symbol("a"), .symbol("a")))
    }

    @Test(arguments: [
        (ComparisonOperator.less, Value.number(1), Value.number(2), true),
        (.less, .number(2), .number(2), false),
        (.lessOrEqual, .number(2), .number(2), true),
        (.greater, .number(3), .number(2), true),
        (.greaterOrEqual, .number(1), .number(2), false),
        (.less, .number(2), .float(2.5), true),
        (.greater, .float(-0.5), .number(-1), true),
        (.less, .symbol("B"), .symbol("a"), true),
        (.less, .symbol("ab"), .symbol("b"), true),
        (.greaterOrEqual, .symbol("abc"), .symbol("abc"), true),
        (.greater, .symbol("a"), .symbol("b"), false),
    ])
    func orderingComparisons(op: ComparisonOperator, lhs: Value, rhs: Value, expected: Bool) {
        #expect(Arithmetic.compare(op, lhs, rhs) == expected)
    }
}

@Suite("Values")
struct ValueTests {
    @Test func descriptionsQuoteSymbolsAndRawTextDoesNot() {
        #expect(Value.symbol("a\"b\\c\n\t").description == #""a\"b\\c\n\t""#)
        #expect(Value.symbol("a b").rawText == "a b")
        #expect(Value.number(-3).description == "-3")
        #expect(Value.float(2).description == "2")
        #expect(Value.float(2.5).rawText == "2.5")
    }

    @Test func numbersSortBeforeSymbols() {
        #expect([Value.symbol("a"), .number(10), .float(2.5), .symbol("B"), .number(-1)].sorted() == [.number(-1), .float(2.5), .number(10), .symbol("B"), .symbol("a")])
    }
}
