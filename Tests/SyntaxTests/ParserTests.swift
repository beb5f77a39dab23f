import Testing
@testable import Syntax

@Suite("Parser: declarations and directives")
struct DeclarationParsingTests {
    @Test func declarationWithEveryPrimitiveTypeAndTheClosedQualifier() {
        let loaded = parse("""
            .decl person(name: symbol, age: number, id: unsigned, score: float) closed
            .decl plain(x: number)
            """)
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.relations == [
            RelationDeclaration(name: "person", attributes: [
                Attribute(name: "name", typeName: "symbol"),
                Attribute(name: "age", typeName: "number"),
                Attribute(name: "id", typeName: "unsigned"),
                Attribute(name: "score", typeName: "float"),
            ], isClosed: true, location: at(1, 1)),
            RelationDeclaration(name: "plain", attributes: [Attribute(name: "x", typeName: "number")], isClosed: false, location: at(2, 1)),
        ])
        #expect(loaded.program.declaration(of: "person")?.arity == 4)
        #expect(Validator.columnTypes(of: "person", in: loaded.program) == [.symbol, .number, .unsigned, .float])
    }

    @Test func oneDeclarationMayNameSeveralRelations() {
        let loaded = parse(".decl a, b(x: number)\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.program.relations.map(\.name) == ["a", "b"])
        #expect(loaded.program.relations.allSatisfy { $0.attributes == [Attribute(name: "x", typeName: "number")] })
    }

    @Test func nullaryDeclaration() {
        let loaded = parse(".decl flag()\nflag().\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.program.relations.first?.arity == 0)
        #expect(loaded.program.facts == [Fact(RelationName("flag"), [], location: at(2, 1))])
    }

    @Test func aRuleRightAfterADeclarationIsNotTakenForAQualifier() {
        let loaded = parse("""
            .decl a(x: number)
            .decl b(x: number) closed
            b(x) :- a(x).
            a(x) :- b(x).
            """)
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.relations.map(\.isClosed) == [false, true])
        #expect(loaded.program.rules.map(\.name) == ["b", "a"])
    }

    @Test func choiceDomainKeysAreParsedValidatedAndWrittenBack() {
        let loaded = parse("""
            .decl age(person: symbol, years: number) choice-domain person
            .decl seat(row: number, col: number, who: symbol) choice-domain (row, col), who
            .decl choice(x: number)
            choice(1).
            .output age
            .output seat
            """)
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.relations.map(\.choiceDomains) == [[["person"]], [["row", "col"], ["who"]], nil])
        #expect(loaded.program.relations[1].functionalKeys == [[0, 1], [2]])
        #expect(Validator(program: loaded.program).validate().isEmpty, "\(listing(Validator(program: loaded.program).validate()))")
        let text = loaded.program.textWithoutFacts()
        #expect(text.contains(".decl age(person: symbol, years: number) choice-domain person"))
        #expect(text.contains(".decl seat(row: number, col: number, who: symbol) choice-domain (row, col), who"))
    }

    @Test func choiceDomainMustNameAttributesOfAStoredRelation() {
        let unknown = parse(".decl age(person: symbol, years: number) choice-domain name\n")
        let unknownDiagnostics = Validator(program: unknown.program).validate()
        expectDiagnostic(unknownDiagnostics, "unknown-attribute", "names 'name', which is not one of its attributes", at: at(1, 1))
        let derived = parse("""
            .decl base(x: symbol, y: number)
            .decl best(x: symbol, y: number) choice-domain x
            best(x, y) :- base(x, y).
            """)
        expectDiagnostic(Validator(program: derived.program).validate(), "unsupported-choice", "supports choice-domain only on stored relations", at: at(3, 1))
        let malformed = parse(".decl age(person: symbol, years: number) choice-domain (person\n")
        #expect(malformed.diagnostics.contains { $0.message.contains("expected ',' or ')' in the choice-domain key") })
    }

    @Test func performanceQualifiersAreIgnoredWithAWarning() {
        let loaded = parse(".decl a(x: number) btree\n")
        expectDiagnostic(loaded.diagnostics, "ignored-qualifier", "qualifier 'btree' has no effect", at: at(1, 20), severity: .warning)
        #expect(loaded.program.relations.first?.isClosed == false)
    }

    @Test func typeDeclarations() {
        let loaded = parse("""
            .type Person <: symbol
            .type Id = number
            .type Key = Id | unsigned
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.program.types == [
            TypeDeclaration(name: "Person", definition: .subtype(of: "symbol"), location: at(1, 1)),
            TypeDeclaration(name: "Id", definition: .alias(of: ["number"]), location: at(2, 1)),
            TypeDeclaration(name: "Key", definition: .alias(of: ["Id", "unsigned"]), location: at(3, 1)),
        ])
        let table = TypeTable(loaded.program.types)
        #expect(table.diagnostics.isEmpty)
        #expect(table.primitive(of: "Person") == .symbol)
        #expect(table.primitive(of: "Id") == .number)
        #expect(table.primitive(of: "Key") == .number)
        #expect(table.primitive(of: "Nope") == nil)
    }

    @Test func declaredTypesResolveInColumnTypes() {
        let loaded = parse(".type Person <: symbol\n.type Age = unsigned\n.decl person(p: Person, a: Age)\n")
        #expect(Validator.columnTypes(of: "person", in: loaded.program) == [.symbol, .unsigned])
        #expect(Validator.columnTypes(of: "missing", in: loaded.program) == nil)
    }

    @Test func lineAndBlockCommentsAreSkipped() {
        let loaded = parse("""
            // .decl nope(x: number)
            /* .decl alsoNope(x: number)
            */ .decl a(x: number) // trailing
            a(1). /* inline */ a(2).
            """)
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.relations.map(\.name) == ["a"])
        #expect(loaded.program.relations.first?.location == at(3, 4))
        #expect(loaded.program.facts == [
            Fact(RelationName("a"), [.number(1)], location: at(4, 1)),
            Fact(RelationName("a"), [.number(2)], location: at(4, 20)),
        ])
    }

    @Test func inputDirectivesWithAndWithoutOptions() {
        let loaded = parse("""
            .decl a(x: number)
            .decl b(x: number)
            .decl c(x: symbol, y: symbol)
            .input a
            .input b()
            .input c(IO=file, filename="x.csv", delimiter=",")
            .output a
            """)
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.inputs == [
            InputDirective(relation: "a", options: [:], location: at(4, 1)),
            InputDirective(relation: "b", options: [:], location: at(5, 1)),
            InputDirective(relation: "c", options: ["IO": "file", "filename": "x.csv", "delimiter": ","], location: at(6, 1)),
        ])
        #expect(loaded.program.outputs == [OutputDirective(relation: "a", options: [:], location: at(7, 1))])
        let (a, c) = (loaded.program.inputs[0], loaded.program.inputs[2])
        #expect(a.fileName == "a.facts")
        #expect(a.delimiter == "\t")
        #expect(!a.hasHeader)
        #expect(c.fileName == "x.csv")
        #expect(c.delimiter == ",")
    }

    @Test func inputOptionsForTabsAndHeaders() throws {
        let loaded = parse(#".decl c(x: symbol)"# + "\n" + #".input c(delimiter="\t", headers=true)"# + "\n")
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        let input = try #require(loaded.program.inputs.first)
        #expect(input.delimiter == "\t")
        #expect(input.hasHeader)
    }

    @Test func inputFilesResolveRelativeToTheDeclaringFile() {
        let input = InputDirective(relation: "edge", options: ["filename": "data/edge.csv"], location: at(1, 1, "kb/rules/main.dl"))
        #expect(FactFileReader.path(of: input) == "kb/rules/data/edge.csv")
        let parent = InputDirective(relation: "edge", options: ["filename": "../edge.csv"], location: at(1, 1, "kb/rules/main.dl"))
        #expect(FactFileReader.path(of: parent) == "kb/edge.csv")
        let absolute = InputDirective(relation: "edge", options: ["filename": "/data/edge.csv"], location: at(1, 1, "kb/main.dl"))
        #expect(FactFileReader.path(of: absolute) == "/data/edge.csv")
    }

    @Test func worldPragma() {
        let open = parse(#".pragma "world" "open""#)
        #expect(open.diagnostics.isEmpty)
        #expect(open.program.pragmas == [Pragma(key: "world", value: "open", location: at(1, 1))])
        #expect(open.program.world == .open)
        #expect(parse("").program.world == .closed)
        #expect(parse(".pragma \"world\" \"open\"\n.pragma \"world\" \"closed\"\n").program.world == .closed)
    }

    @Test func unknownPragmaIsParsedAndWarnedAbout() {
        let loaded = ProgramLoader.parse(text: #".pragma "colour" "blue""#, file: testFile)
        #expect(loaded.program.pragmas == [Pragma(key: "colour", value: "blue", location: at(1, 1))])
        expectDiagnostic(loaded.diagnostics, "unknown-pragma", "unknown pragma 'colour' is ignored", at: at(1, 1), severity: .warning)
        #expect(!loaded.diagnostics.hasErrors)
    }

    @Test func phraseWithAlternatives() {
        let loaded = parse("""
            .decl parent(p: symbol, c: symbol)
            .phrase parent "{p} is a parent of {c}" | "{c} is a child of {p}"
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.program.phrases == [
            PhraseDeclaration(relation: "parent", templates: ["{p} is a parent of {c}", "{c} is a child of {p}"], location: at(2, 1)),
        ])
        #expect(PhraseDeclaration.placeholders(in: "{c} is a child of {p}") == ["c", "p"])
        #expect(PhraseDeclaration.placeholders(in: "no placeholders") == [])
    }
}

@Suite("Parser: includes")
struct IncludeTests {
    @Test func relativeIncludesAreFollowedAndEachFileIsReadOnce() throws {
        let source = InMemorySource(files: [
            "main.dl": ".include \"lib/x.dl\"\n.include \"lib/x.dl\"\n.decl m(x: number)\nm(1).\n",
            "lib/x.dl": ".include \"../rules/y.dl\"\n.decl a(x: number)\n",
            "rules/y.dl": ".decl b(x: number)\nb(x) :- a(x).\n",
        ])
        let loaded = try ProgramLoader(provider: source).load(files: ["main.dl"])
        #expect(!loaded.diagnostics.hasErrors, "\(listing(loaded.diagnostics))")
        #expect(loaded.files == ["main.dl", "lib/x.dl", "rules/y.dl"])
        #expect(Set(loaded.sources.keys) == ["main.dl", "lib/x.dl", "rules/y.dl"])
        #expect(loaded.program.relations.map(\.name) == ["m", "a", "b"])
        #expect(loaded.program.declaration(of: "a")?.location == at(2, 1, "lib/x.dl"))
        #expect(loaded.program.declaration(of: "b")?.location == at(1, 1, "rules/y.dl"))
        #expect(loaded.program.rules.first?.location == at(2, 1, "rules/y.dl"))
        #expect(!loaded.diagnostics.contains { $0.code == "duplicate-declaration" })
    }

    @Test func loadingAFolderReadsItsTopLevelProgramFiles() throws {
        let source = InMemorySource(files: [
            "kb/b.dl": ".decl b(x: number)\nb(1).\n",
            "kb/a.dl": ".decl a(x: number)\na(1).\n",
            "kb/sub/c.dl": ".decl c(x: number)\n",
            "kb/notes.txt": "not a program",
        ])
        let loaded = try ProgramLoader(provider: source).load(path: "kb")
        #expect(loaded.files == ["kb/a.dl", "kb/b.dl"])
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
    }

    @Test func aMissingIncludedFileIsADiagnosticAtTheInclude() throws {
        let source = InMemorySource(files: ["main.dl": ".decl a(x: number)\na(1).\n.include \"gone.dl\"\n"])
        let loaded = try ProgramLoader(provider: source).load(files: ["main.dl"])
        expectDiagnostic(loaded.diagnostics, "missing-include", "cannot read included file 'gone.dl'", at: at(3, 1, "main.dl"))
    }

    @Test func aMissingRootFileThrows() {
        let source = InMemorySource(files: [:])
        #expect(throws: SourceError.self) { try ProgramLoader(provider: source).load(files: ["nope.dl"]) }
        #expect(throws: SourceError.self) { try ProgramLoader(provider: source).load(path: "empty-folder") }
    }

    @Test func includeIsRejectedOutsideFiles() {
        let loaded = ProgramLoader.parse(text: ".include \"x.dl\"\n", file: testFile)
        expectDiagnostic(loaded.diagnostics, "missing-include", "'.include' is only allowed in files", at: at(1, 1))
    }

    @Test(arguments: [
        ("lib/x.dl", "main.dl", "lib/x.dl"),
        ("../rules/y.dl", "lib/x.dl", "rules/y.dl"),
        ("./a/./b.dl", "kb/main.dl", "kb/a/b.dl"),
        ("/abs/z.dl", "kb/main.dl", "/abs/z.dl"),
        ("../../up.dl", "main.dl", "../../up.dl"),
    ])
    func pathsResolveRelativeToTheIncludingFile(path: String, file: String, expected: String) {
        #expect(Paths.resolve(path, relativeTo: file) == expected)
    }
}

@Suite("Parser: facts")
struct FactParsingTests {
    @Test func escapedStrings() {
        let loaded = parse(".decl s(x: symbol)\n" + #"s("a\"b\\c\n"). s("tab\there\r"). s("it\'s")."#)
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.facts.map(\.values) == [[.symbol("a\"b\\c\n")], [.symbol("tab\there\r")], [.symbol("it's")]])
    }

    @Test func nonASCIISymbols() {
        let loaded = parse(".decl s(x: symbol)\ns(\"Zoë → 東京\").\n")
        #expect(loaded.program.facts.first?.values == [.symbol("Zoë → 東京")])
    }

    @Test(arguments: [
        ("-5", Value.number(-5)),
        ("- 5", .number(-5)),
        ("2.5", .float(2.5)),
        ("-0.25", .float(-0.25)),
        ("1.5e3", .float(1500)),
        ("-2E-2", .float(-0.02)),
        ("0x1F", .number(31)),
        ("0xff", .number(255)),
        ("0b101", .number(5)),
        ("42u", .number(42)),
        ("9223372036854775807", .number(.max)),
        ("2 * 3 + 1", .number(7)),
        ("-(2 + 3)", .number(-5)),
        ("7 / 2", .number(3)),
        ("7 % 4", .number(3)),
        ("1 + 0.5", .float(1.5)),
    ])
    func numericFacts(text: String, expected: Value) {
        let loaded = parse(".decl n(x: number)\nn(\(text)).\n")
        #expect(loaded.diagnostics.isEmpty, "\(listing(loaded.diagnostics))")
        #expect(loaded.program.facts == [Fact(RelationName("n"), [expected], location: at(2, 1))])
        #expect(loaded.program.rules.isEmpty)
    }

    @Test func factWithSeveralColumns() {
        let loaded = parse(".decl p(a: symbol, b: number, c: float)\np(\"x\", -3, 0.5).\n")
        #expect(loaded.program.facts == [Fact(RelationName("p"), [.symbol("x"), .number(-3), .float(0.5)], location: at(2, 1))])
    }

    @Test func aNonGroundFactBecomesARuleWithAnEmptyBody() {
        let loaded = parse(".decl r(x: number)\nr(x).\n")
        #expect(loaded.program.facts.isEmpty)
        #expect(loaded.program.rules == [Rule(head: atom("r", [V("x")], at(2, 1)), body: [], location: at(2, 1), sourceText: "r(x).")])
    }
}

@Suite("Parser: rules")
struct RuleParsingTests {
    private func rules(_ clause: String) -> [Rule] {
        let loaded = parse(clause)
        #expect(!loaded.diagnostics.hasErrors, "\(listing(loaded.diagnostics))")
        return loaded.program.rules
    }

    private func bodies(_ clause: String) -> [[String]] {
        rules(clause).map { $0.body.map(render) }
    }

    @Test func conjunction() {
        let text = #"r(x) :- a(x), b(x, "k")."#
        #expect(rules(text) == [Rule(
            head: atom("r", [V("x")], at(1, 1)),
            body: [.positive(atom("a", [V("x")], at(1, 9))), .positive(atom("b", [V("x"), S("k")], at(1, 15)))],
            location: at(1, 1),
            sourceText: text
        )])
    }

    @Test func semicolonSplitsTheClauseIntoOneRulePerDisjunct() {
        let parsed = rules("r(x) :- a(x); b(x); c(x).")
        #expect(parsed.map { $0.body.map(render) } == [["a(x)"], ["b(x)"], ["c(x)"]])
        #expect(parsed.allSatisfy { $0.location == at(1, 1) && $0.sourceText == "r(x) :- a(x); b(x); c(x)." })
        #expect(parsed.allSatisfy { render($0.head) == "r(x)" })
    }

    @Test func conjunctionBindsTighterThanDisjunction() {
        #expect(bodies("r(x) :- a(x), b(x); c(x).") == [["a(x)", "b(x)"], ["c(x)"]])
    }

    @Test func parenthesisedDisjunctionIsDistributed() {
        #expect(bodies("r(x) :- a(x), (b(x); c(x)), d(x).") == [["a(x)", "b(x)", "d(x)"], ["a(x)", "c(x)", "d(x)"]])
        #expect(bodies("r(x) :- (a(x); b(x)), (c(x); d(x)).") == [["a(x)", "c(x)"], ["a(x)", "d(x)"], ["b(x)", "c(x)"], ["b(x)", "d(x)"]])
    }

    @Test func parenthesisedTermIsNotMistakenForADisjunction() {
        #expect(bodies("r(x) :- a(x), (x + 1) * 2 > 4.") == [["a(x)", "((x + 1) * 2) > 4"]])
        #expect(bodies("r(x) :- a(x), (x) < 3.") == [["a(x)", "x < 3"]])
    }

    @Test func negation() {
        let parsed = rules("r(x) :- a(x), !b(x).")
        #expect(parsed.first?.body.last == .negative(atom("b", [V("x")], at(1, 16))))
    }

    @Test(arguments: ComparisonOperator.allCases)
    func comparison(op: ComparisonOperator) {
        let parsed = rules("r(x) :- a(x), x \(op.rawValue) 3.")
        #expect(parsed.first?.body.last == .comparison(Comparison(op, V("x"), N(3), location: at(1, 15))))
    }

    @Test(arguments: [
        ("2 + 3 * 4", Term.arithmetic(.add, N(2), .arithmetic(.multiply, N(3), N(4)))),
        ("2 * 3 + 4", .arithmetic(.add, .arithmetic(.multiply, N(2), N(3)), N(4))),
        ("(2 + 3) * 4", .arithmetic(.multiply, .arithmetic(.add, N(2), N(3)), N(4))),
        ("10 - 3 - 2", .arithmetic(.subtract, .arithmetic(.subtract, N(10), N(3)), N(2))),
        ("8 / 4 % 3", .arithmetic(.remainder, .arithmetic(.divide, N(8), N(4)), N(3))),
        ("x - y * 2 / z", .arithmetic(.subtract, V("x"), .arithmetic(.divide, .arithmetic(.multiply, V("y"), N(2)), V("z")))),
        ("-x + 1", .arithmetic(.add, .minus(V("x")), N(1))),
        ("x - -3", .arithmetic(.subtract, V("x"), N(-3))),
        ("x % 2", .arithmetic(.remainder, V("x"), N(2))),
        ("1.5 * x", .arithmetic(.multiply, F(1.5), V("x"))),
    ])
    func arithmeticPrecedence(expression: String, expected: Term) {
        let parsed = rules("r(y) :- a(x, z), y = \(expression).")
        guard case let .comparison(comparison)? = parsed.first?.body.last else {
            Issue.record("expected a comparison, got \(parsed)")
            return
        }
        #expect(comparison.op == .equal)
        #expect(comparison.lhs == V("y"))
        #expect(comparison.rhs == expected)
    }

    @Test func wildcard() {
        let parsed = rules("r(x) :- a(x, _), b(_, _x).")
        #expect(parsed.first?.body.map(\.atom?.arguments) == [[V("x"), .wildcard], [.wildcard, V("_x")]])
    }

    @Test func countAggregateWithLocations() {
        let parsed = rules("r(n) :- n = count : { a(_) }.")
        let expected = Aggregate(function: .count, target: nil, body: [.positive(atom("a", [.wildcard], at(1, 23)))], location: at(1, 13))
        #expect(parsed.first?.body == [.comparison(Comparison(.equal, V("n"), .aggregate(expected), location: at(1, 9)))])
    }

    @Test(arguments: [
        ("count : { a(_) }", "count:{a(_)}"),
        ("count : { a(x), x > 1 }", "count:{a(x), x > 1}"),
        ("sum y : { b(_, y) }", "sum y:{b(_, y)}"),
        ("min y : { b(_, y) }", "min y:{b(_, y)}"),
        ("max y : { b(_, y) }", "max y:{b(_, y)}"),
        ("sum y : b(_, y)", "sum y:{b(_, y)}"),
        ("max y : b(_, y)", "max y:{b(_, y)}"),
        ("sum y * 2 : { b(_, y) }", "sum (y * 2):{b(_, y)}"),
        ("sum (y + 1) : { b(_, y) }", "sum (y + 1):{b(_, y)}"),
        ("1 + count : { a(_) }", "(1 + count:{a(_)})"),
        ("count : { a(_) } * 2", "(count:{a(_)} * 2)"),
    ])
    func aggregates(text: String, expected: String) {
        #expect(bodies("r(t) :- t = \(text).") == [["t = \(expected)"]])
    }

    @Test func aggregateAsAComparisonOperand() {
        #expect(bodies("r(x) :- a(x), count : { a(_) } > 2.") == [["a(x)", "count:{a(_)} > 2"]])
    }

    @Test func classicalNegationInHeadBodyAndFacts() throws {
        let loaded = parse("-p(x) :- q(x), -r(x).\n-p(1).\n")
        #expect(!loaded.diagnostics.hasErrors)
        let rule = try #require(loaded.program.rules.first)
        #expect(rule.head == atom("p", [V("x")], at(1, 1), negated: true))
        #expect(rule.name == "-p")
        #expect(rule.body.last == .positive(atom("r", [V("x")], at(1, 16), negated: true)))
        #expect(loaded.program.facts == [Fact(RelationName("p", classicallyNegated: true), [.number(1)], location: at(2, 1))])
        #expect(RelationName("p", classicallyNegated: true).description == "-p")
    }

    @Test func integrityConstraint() {
        let loaded = parse(":- a(x), !b(x).\n:- c(x); d(x).\n")
        #expect(!loaded.diagnostics.hasErrors)
        #expect(loaded.program.rules.isEmpty)
        #expect(loaded.program.constraints.first == IntegrityConstraint(
            body: [.positive(atom("a", [V("x")], at(1, 4))), .negative(atom("b", [V("x")], at(1, 11)))],
            location: at(1, 1), sourceText: ":- a(x), !b(x)."
        ))
        #expect(loaded.program.constraints.dropFirst().map { $0.body.map(render) } == [["c(x)"], ["d(x)"]])
        #expect(loaded.program.constraints.dropFirst().allSatisfy { $0.location == at(2, 1) && $0.sourceText == ":- c(x); d(x)." })
    }

    @Test func multipleHeads() {
        let parsed = rules("a(x), b(x) :- c(x).")
        #expect(parsed.map(\.head) == [atom("a", [V("x")], at(1, 1)), atom("b", [V("x")], at(1, 7))])
        #expect(parsed.allSatisfy { $0.body.map(render) == ["c(x)"] && $0.sourceText == "a(x), b(x) :- c(x)." })
    }

    @Test func multipleHeadsWithADisjunctiveBody() {
        #expect(rules("a(x), b(x) :- c(x); d(x).").map { "\(render($0.head)) <- \($0.body.map(render))" } == [
            "a(x) <- [\"c(x)\"]", "a(x) <- [\"d(x)\"]", "b(x) <- [\"c(x)\"]", "b(x) <- [\"d(x)\"]",
        ])
    }

    @Test func sourceTextAndLocation() {
        let loaded = parse("// leading comment\n\n  r(x) :-\n      a(x),   b(x).  // trailing\nr(1) :- a(1).")
        #expect(loaded.program.rules.map(\.location) == [at(3, 3), at(5, 1)])
        #expect(loaded.program.rules.map(\.sourceText) == ["r(x) :-\n      a(x),   b(x).", "r(1) :- a(1)."])
    }

    @Test func columnsCountCharactersNotBytes() {
        let loaded = parse("r(\"é→x\", y) :- a(y), b(y).")
        #expect(loaded.program.rules.first?.body.last?.location == at(1, 22))
    }
}
