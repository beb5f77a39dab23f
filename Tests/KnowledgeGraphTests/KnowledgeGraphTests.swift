import Foundation
import GRDB
import Syntax
import Testing
@testable import KnowledgeGraph

/// A fresh temporary folder for one test; call `remove()` (in a `defer`) when done.
struct Scratch {
    let root: String

    init() throws {
        root = (NSTemporaryDirectory() as NSString).appendingPathComponent("lemma-kg-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { root + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// The diagnostics of an import that was refused; records an issue when the error is of another kind.
func refusal(_ error: KnowledgeGraphError?, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    guard case let .invalidProgram(diagnostics, _)? = error else {
        Issue.record("expected invalidProgram, got \(String(describing: error))", sourceLocation: sourceLocation)
        return []
    }
    return diagnostics
}

func location(_ file: String, _ line: Int, _ column: Int) -> Syntax.SourceLocation {
    Syntax.SourceLocation(file: file, line: line, column: column)
}

let familyProgram = """
    .type Person <: symbol
    .decl person(name: Person, age: number)
    .decl parent(p: Person, c: Person)
    .decl edge(from: symbol, to: symbol, weight: float)
    .decl ancestor(a: Person, d: Person)
    .decl adult(name: Person)
    .decl heavy(from: symbol)
    .pragma "world" "closed"
    .phrase parent "{p} is a parent of {c}" | "{c} is a child of {p}"
    .phrase ancestor "{a} is an ancestor of {d}"
    ancestor(a, d) :- parent(a, d).
    ancestor(a, d) :- parent(a, m), ancestor(m, d).
    adult(n) :- person(n, age), age >= 18; person(n, age), age = -1.
    heavy(f) :- edge(f, _, w), w > 2.5.
    :- person(_, a), a < -1.
    parent("alice", "bob").
    parent("bob", "carol").

    """

@Suite("Import")
struct ImportTests {
    @Test func importsProgramFactsAndDelimitedFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let facts = try scratch.write("person.facts", "alice\t70\nbob\t45\ncarol\t12\n")
        let csv = try scratch.write("edge.csv", "alice,bob,1.5\nbob,carol,3.25\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))

        let summary = try kb.importSources([dl, facts, csv])
        #expect(summary.newFacts == 7)
        #expect(summary.warnings.isEmpty, "\(summary.warnings)")
        #expect(summary.files == [dl, facts, csv])
        #expect(try kb.factCount(RelationName("parent")) == 2)
        #expect(try kb.factCount(RelationName("person")) == 3)
        #expect(try kb.factCount(RelationName("edge")) == 2)
        #expect(try kb.factCount(RelationName("ancestor")) == 0)
        #expect(try kb.storedPredicates() == [RelationName("edge"), RelationName("parent"), RelationName("person")])

        let symbols = try kb.symbols()
        #expect(symbols.first == "")
        #expect(symbols.count == 4, "each symbol is interned once: \(symbols)")
        #expect(Set(symbols.dropFirst()) == ["alice", "bob", "carol"])
        #expect(try kb.factValues(RelationName("person"), columnTypes: [.symbol, .number], symbols: symbols) == [
            [.symbol("alice"), .number(70)], [.symbol("bob"), .number(45)], [.symbol("carol"), .number(12)],
        ])
        #expect(try kb.factValues(RelationName("edge"), columnTypes: [.symbol, .symbol, .float], symbols: symbols) == [
            [.symbol("alice"), .symbol("bob"), .float(1.5)], [.symbol("bob"), .symbol("carol"), .float(3.25)],
        ])
        #expect(try kb.factValues(RelationName("parent"), columnTypes: [.symbol, .symbol], symbols: symbols) == [
            [.symbol("alice"), .symbol("bob")], [.symbol("bob"), .symbol("carol")],
        ])
    }

    /// A relation declared functional in a key holds one fact per key: a second one, in the same import or a later
    /// one, is refused with both places and nothing is stored.
    @Test func aSecondFactForAFunctionalKeyIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let declarations = try scratch.write("age.dl", ".decl age(person: symbol, years: number) choice-domain person\nage(\"Ann\", 94).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([declarations])
        let before = try kb.contentHash()
        let again = try scratch.write("age.facts", "Bob\t71\nAnn\t95\n")
        #expect {
            try kb.importSources([again])
        } throws: { error in
            guard case let .invalidProgram(diagnostics, _)? = error as? KnowledgeGraphError, let first = diagnostics.first else { return false }
            return first.code == "functional-conflict" && first.location?.file == again && first.location?.line == 2
                && first.notes.first?.location?.file == declarations && first.notes.first?.location?.line == 2
        }
        #expect(try kb.contentHash() == before)
        #expect(try kb.factCount(RelationName("age")) == 1)
        let same = try scratch.write("more/age.facts", "Ann\t94\nBob\t71\n")
        #expect(try kb.importSources([same]).newFacts == 1)
    }

    @Test func rulesPhrasesAndDeclarationsRoundTrip() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])

        let parsed = try ProgramLoader().load(files: [dl], validate: false).program
        let stored = try kb.loadProgram()
        #expect(stored.program.rules.count == 5)
        #expect(stored.program.rules == parsed.rules)
        #expect(stored.program.constraints == parsed.constraints)
        #expect(stored.program.constraints.count == 1)
        #expect(stored.program.phrases == parsed.phrases)
        #expect(stored.program.relations == parsed.relations)
        #expect(stored.program.types == parsed.types)
        #expect(stored.program.pragmas == parsed.pragmas)
        #expect(stored.program.facts.isEmpty, "facts live in fact tables, not in the stored program")
        #expect(stored.sources == [dl: familyProgram])
    }

    @Test func inputDirectivesAreStoredAndTheirFilesImported() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("kb/main.dl", ".decl edge(a: symbol, b: symbol)\n.input edge(filename=\"data/edges.csv\", delimiter=\",\")\n")
        try scratch.write("kb/data/edges.csv", "x,y\ny,z\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let summary = try kb.importSources([dl])
        #expect(summary.newFacts == 2)
        #expect(try kb.loadProgram().program.inputs.map(\.fileName) == ["data/edges.csv"])
        let stored = try kb.loadFacts(RelationName("edge"), columnTypes: [.symbol, .symbol])
        #expect(stored.lines == [1, 2])
        let batches = try kb.batches()
        #expect(stored.batches.map { batches[$0]?.file } == [scratch.path("kb/data/edges.csv"), scratch.path("kb/data/edges.csv")])
    }

    @Test func provenanceOfStoredFacts() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let facts = try scratch.write("person.facts", "alice\t70\n\nbob\t45\ncarol\t12\n")
        let csv = try scratch.write("edge.csv", "alice,bob,1.5\nbob,carol,3.25\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl, facts, csv])

        let batches = try kb.batches()
        #expect(batches.count == 3)
        #expect(Set(batches.values.map(\.file)) == [dl, facts, csv])
        #expect(batches.values.allSatisfy { !$0.importedAt.isEmpty })

        let parent = try kb.loadFacts(RelationName("parent"), columnTypes: [.symbol, .symbol])
        #expect(parent.count == 2)
        #expect(parent.arity == 2)
        #expect(parent.lines == [16, 17])
        #expect(parent.batches.map { batches[$0]?.file } == [dl, dl])

        let person = try kb.loadFacts(RelationName("person"), columnTypes: [.symbol, .number])
        #expect(person.lines == [1, 3, 4])
        #expect(person.batches.map { batches[$0]?.file } == [facts, facts, facts])

        let edge = try kb.loadFacts(RelationName("edge"), columnTypes: [.symbol, .symbol, .float])
        #expect(edge.lines == [1, 2])
        #expect(Set(edge.batches).count == 1)
        #expect(edge.batches.first.flatMap { batches[$0]?.file } == csv)
        #expect(Set([parent.batches[0], person.batches[0], edge.batches[0]]).count == 3, "each file has its own batch")
    }

    @Test func loadingFactsOfARelationWithoutATable() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let facts = try kb.loadFacts(RelationName("nothing"), columnTypes: [.symbol])
        #expect(facts.count == 0)
        #expect(try kb.factCount(RelationName("nothing")) == 0)
    }

    @Test func classicalNegationHasItsOwnFacts() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("n.dl", ".decl p(x: number)\n.pragma \"world\" \"open\"\np(1).\n-p(2).\n-p(3).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])
        #expect(try kb.factCount(RelationName("p")) == 1)
        #expect(try kb.factCount(RelationName("p", classicallyNegated: true)) == 2)
        #expect(try kb.storedPredicates() == [RelationName("p", classicallyNegated: true), RelationName("p")])
        #expect(try kb.loadProgram().program.world == .open)
    }

    @Test func relationsWhoseNamesDifferOnlyInCaseKeepTheirFactsApart() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("case.dl", ".decl Edge(x: number)\n.decl edge(x: number)\nEdge(1).\nedge(2).\nedge(3).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])
        let upper = try kb.factValues(RelationName("Edge"), columnTypes: [.number], symbols: [""])
        let lower = try kb.factValues(RelationName("edge"), columnTypes: [.number], symbols: [""])
        #expect(upper == [[.number(1)]])
        #expect(lower == [[.number(2)], [.number(3)]])
    }

    @Test func aRelationNamedLikeANegationTableKeepsItsFactsApart() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("neg.dl", ".decl p(x: number)\n.decl neg_p(x: number)\n-p(1).\nneg_p(2).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])
        let negated = try kb.factValues(RelationName("p", classicallyNegated: true), columnTypes: [.number], symbols: [""])
        let named = try kb.factValues(RelationName("neg_p"), columnTypes: [.number], symbols: [""])
        #expect(negated == [[.number(1)]])
        #expect(named == [[.number(2)]])
    }

    @Test func aFactsFileForAnUndeclaredRelationIsRejected() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let stranger = try scratch.write("stranger.facts", "x\t1\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])
        let hash = try kb.contentHash()

        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([stranger]) }
        let diagnostics = refusal(error)
        #expect(diagnostics.map(\.code) == ["undeclared-relation"])
        #expect(diagnostics.first?.location == location(stranger, 1, 1))
        #expect(diagnostics.first?.message.contains("would fill relation 'stranger', which is not declared in the knowledge base") == true)
        #expect(error?.description.contains("\(stranger):1:1: error:") == true)
        #expect(try kb.factCount(RelationName("stranger")) == 0)
        #expect(try kb.contentHash() == hash)
    }

    @Test func aFactsFileIntoAnEmptyKnowledgeBaseIsRejected() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let facts = try scratch.write("person.facts", "x\t1\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([facts]) }
        #expect(refusal(error).first?.code == "undeclared-relation")
        #expect(try kb.batches().isEmpty)
    }

    @Test func aMissingFileIsASourceError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([scratch.path("missing.dl")]) }
        guard case .source(.unreadable(let path, _, _))? = error else {
            Issue.record("expected a source error, got \(String(describing: error))")
            return
        }
        #expect(path == scratch.path("missing.dl"))
    }

    @Test func aFactsFileThatIsNotUTF8IsRefusedAtItsByteAndStoresNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("e.dl", ".decl name(n: symbol)\nname(\"Ann\").\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])
        let facts = scratch.path("name.facts")
        try Data(Array("Bob\nCi".utf8) + [0xFF, 0x0A]).write(to: URL(fileURLWithPath: facts))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([facts]) }
        guard case let .source(.invalidText(found, reason))? = error else {
            Issue.record("expected invalid text, got \(String(describing: error))")
            return
        }
        #expect(found == location(facts, 2, 3))
        #expect(reason.hasPrefix("invalid UTF-8 (byte 0xFF)"))
        #expect(try kb.factCount(RelationName("name")) == 1)
    }

    @Test func anInputFileThatIsNotUTF8IsADiagnosticAtItsByte() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let main = try scratch.write("main.dl", ".decl name(n: symbol)\n.input name\n")
        let facts = scratch.path("name.facts")
        try Data(Array("Ann\nB".utf8) + [0xC0, 0x0A]).write(to: URL(fileURLWithPath: facts))
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([main]) }
        #expect(refusal(error).contains { $0.code == "invalid-text" && $0.location == location(facts, 2, 2) }, "\(String(describing: error))")
    }

    @Test func anIncludedFileWithANulByteIsADiagnosticAtThatFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let main = try scratch.write("main.dl", ".include \"part.dl\"\n.decl p(x: number)\n")
        let part = try scratch.write("part.dl", "p(1).\np(\u{0}).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([main]) }
        #expect(refusal(error).contains { $0.code == "invalid-text" && $0.location == location(part, 2, 3) && $0.message == "a NUL byte; expected text" })
    }

    /// User text reaches SQL only as bound parameters: names that are SQL, FTS5 query syntax or LIKE patterns are
    /// stored and found as the text they are, and no table is harmed.
    @Test func textThatLooksLikeSQLIsStoredVerbatim() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let hostile = ["Robert'); DROP TABLE symbol; --", "x\" OR 1=1 --", "%_%", "a\" NEAR b", "col:text*", "'; ATTACH DATABASE '/tmp/x' AS y; --"]
        let dl = try scratch.write("n.dl", ".decl name(n: symbol)\nname(\"Ann\").\n")
        let facts = try scratch.write("name.facts", hostile.joined(separator: "\n") + "\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl, facts])
        let tables = try kb.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        let stored = try kb.factValues(RelationName("name"), columnTypes: [.symbol], symbols: kb.symbols()).map { $0[0].rawText }
        #expect(Set(stored) == Set(hostile + ["Ann"]))
        for text in hostile {
            #expect(throws: Never.self) { _ = try kb.searchSymbols(near: text, limit: 5) }
        }
        #expect(try kb.searchSymbols(near: "Robert'); DROP", limit: 1) == ["Robert'); DROP TABLE symbol; --"])
        #expect(try kb.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") } == tables)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x"))
    }

    @Test func theErrorOfAnInvalidProgramIsRenderedWithItsLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("bad.dl", ".decl a(x: number)\n.decl b(x: number)\nb(x) :- a(x), a(\"text\").\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([dl]) }
        #expect(refusal(error).map(\.location) == [location(dl, 3, 15)])
        #expect(error?.description == """
            \(dl):3:15: error: argument 1 of 'a' expects number, found "text" of type symbol
            b(x) :- a(x), a("text").
                          ^
            """)
    }

    @Test func aFactOfTheWrongTypeInAProgramFileIsRejected() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("bad.dl", ".decl a(x: number)\na(\"text\").\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([dl]) }
        #expect(refusal(error).map(\.location) == [location(dl, 2, 1)])
        let stored = try kb.factCount(RelationName("a"))
        #expect(stored == 0)
    }

    @Test func aFactOfAnUndeclaredRelationInAProgramFileIsRejected() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("bad.dl", ".decl a(x: number)\na(1).\nb(2).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([dl]) }
        #expect(refusal(error).map(\.code) == ["undeclared-relation"])
        let stored = try kb.factCount(RelationName("a"))
        #expect(stored == 0)
    }

    @Test func aFactWithTheWrongArityInAProgramFileIsRejected() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("bad.dl", ".decl a(x: number)\na(1).\na(2, 3).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([dl]) }
        #expect(refusal(error).map(\.location) == [location(dl, 3, 1)])
        #expect(refusal(error).map(\.code) == ["arity-mismatch"])
        let stored = try kb.factCount(RelationName("a"))
        #expect(stored == 0)
    }
}

@Suite("Import transactions")
struct TransactionTests {
    static let base = """
        .decl person(name: symbol, age: number)
        .decl likes(a: symbol, b: symbol)
        likes(a, b) :- person(a, _), person(b, _), a != b.
        person("zed", 1).

        """

    /// Everything observable about a knowledge base, to compare before and after a refused import.
    private struct Snapshot: Equatable {
        var persons: Int
        var rules: Int
        var relations: Int
        var batches: Int
        var symbols: [String]
        var hash: String
        var sources: [String: String]

        init(_ kb: KnowledgeBase) throws {
            persons = try kb.factCount(RelationName("person"))
            let stored = try kb.loadProgram()
            rules = stored.program.rules.count
            relations = stored.program.relations.count
            batches = try kb.batches().count
            symbols = try kb.symbols()
            hash = try kb.contentHash()
            sources = stored.sources
        }
    }

    @Test func aBadRowInTheSecondFileStoresNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([try scratch.write("base.dl", Self.base)])
        let before = try Snapshot(kb)
        #expect(before.persons == 1)

        let first = try scratch.write("a/person.facts", "amy\t30\nben\t40\n")
        let second = try scratch.write("b/person.facts", "cat\t50\ndan\t60\neve\tsixty\nfay\t70\n")
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([first, second]) }
        let diagnostics = refusal(error)
        #expect(diagnostics.map(\.code) == ["type-mismatch"])
        #expect(diagnostics.first?.location == location(second, 3, 5))
        #expect(error?.description.contains("\(second):3:5: error: expected a number for column 2 of 'person', found 'sixty'") == true)
        #expect(try Snapshot(kb) == before)
        #expect(try kb.factCount(RelationName("person")) == 1, "the facts of the first file are not stored either")
    }

    @Test func aSyntaxErrorInTheSecondFileStoresNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([try scratch.write("base.dl", Self.base)])
        let before = try Snapshot(kb)

        let good = try scratch.write("good.dl", ".decl friend(a: symbol, b: symbol)\nfriend(a, b) :- likes(a, b).\nperson(\"gus\", 9).\nfriend(\"gus\", \"zed\").\n")
        let broken = try scratch.write("broken.dl", ".decl other(x: number)\nother(1) other(2).\n")
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([good, broken]) }
        let diagnostics = refusal(error)
        #expect(diagnostics.first?.code == "syntax-error")
        #expect(diagnostics.first?.location == location(broken, 2, 10))
        #expect(error?.description.contains("\(broken):2:10: error:") == true)
        #expect(try Snapshot(kb) == before)
        #expect(try kb.factCount(RelationName("friend")) == 0)
        #expect(try kb.loadProgram().program.declaration(of: "friend") == nil)
    }

    @Test func aSemanticErrorAgainstStoredDeclarationsStoresNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([try scratch.write("base.dl", Self.base)])
        let before = try Snapshot(kb)

        let more = try scratch.write("more.dl", "person(\"hal\", 3).\nlikes(a, b) :- person(a, b).\n")
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([more]) }
        #expect(refusal(error).contains { $0.code == "type-mismatch" && $0.location == location(more, 2, 16) })
        #expect(try Snapshot(kb) == before)
    }

    @Test func aWarningDoesNotStopAnImport() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let dl = try scratch.write("w.dl", ".decl a(x: number, y: number)\n.decl r(x: number)\na(1, 2).\nr(x) :- a(x, y).\n")
        let summary = try kb.importSources([dl])
        #expect(summary.newFacts == 1)
        #expect(summary.warnings.map(\.code) == ["singleton-variable"])
    }
}

@Suite("Idempotent import and content hash")
struct IdempotenceTests {
    @Test func reimportingTheSameFilesAddsNothingAndKeepsTheHash() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let facts = try scratch.write("person.facts", "alice\t70\nbob\t45\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let empty = try kb.contentHash()
        #expect(empty == "sha256:" + String(repeating: "0", count: 64))

        let first = try kb.importSources([dl, facts])
        #expect(first.newFacts == 4)
        #expect(first.newRules > 0)
        #expect(first.contentHash != empty)
        #expect(first.contentHash.hasPrefix("sha256:"))
        #expect(first.contentHash.count == 7 + 64)
        #expect(try kb.contentHash() == first.contentHash)
        let rules = try kb.loadProgram().program.rules.count
        let batches = try kb.batches().count

        let second = try kb.importSources([dl, facts])
        #expect(second.newFacts == 0)
        #expect(second.newRules == 0)
        #expect(second.contentHash == first.contentHash)
        #expect(try kb.contentHash() == first.contentHash)
        #expect(try kb.loadProgram().program.rules.count == rules)
        #expect(try kb.factCount(RelationName("person")) == 2)
        #expect(try kb.batches().count == batches, "an import that adds nothing leaves no batch behind")
    }

    /// A relation's first import fills its table before building indexes; duplicates within and across files
    /// are still stored once, the first one kept with its own line, and counted once.
    @Test func duplicatesInAFirstImportAreStoredOnce() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("edges.dl", ".decl edge(a: number, b: number)\n.decl mark()\nedge(1, 2).\nmark().\nmark().\n")
        let facts = try scratch.write("edge.facts", "1\t2\n2\t3\n2\t3\n3\t4\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let first = try kb.importSources([dl, facts])
        #expect(first.newFacts == 4, "edge(1, 2), edge(2, 3), edge(3, 4) and mark()")
        #expect(try kb.factCount(RelationName("edge")) == 3)
        #expect(try kb.factCount(RelationName("mark")) == 1)
        let stored = try kb.loadFacts(RelationName("edge"), columnTypes: [.number, .number])
        #expect(stored.lines.sorted() == [2, 3, 4], "edge(1, 2) from line 3 of the .dl file, 2\t3 from line 2 and 3\t4 from line 4")
        let again = try kb.importSources([facts])
        #expect(again.newFacts == 0)
        #expect(try kb.factCount(RelationName("edge")) == 3)
    }

    /// Duplicates in a first import are only found when the unique index is built, after every row is stored: a file
    /// whose every row repeats an earlier file's is then left without facts, and its batch goes, as it would had the
    /// index been there all along.
    @Test func aFileOfOnlyDuplicatesLeavesNoBatch() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("edges.dl", ".decl edge(a: number, b: number)\n")
        let first = try scratch.write("first/edge.facts", "1\t2\n2\t3\n")
        let again = try scratch.write("again/edge.facts", "2\t3\n1\t2\n2\t3\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        #expect(try kb.importSources([dl, first, again]).newFacts == 2)
        let stored = try kb.loadFacts(RelationName("edge"), columnTypes: [.number, .number])
        let batches = try kb.batches()
        #expect(Set(stored.batches.map { batches[$0]?.file }) == [first])
        #expect(Set(batches.values.map(\.file)) == [first], "the .dl file stores no fact and 'again' no new one")
    }

    /// Streamed rows are stored many to a statement; the rows of a file that are left over are stored one by one.
    /// Both ways keep each row's values and line, in a new relation and in one that already has facts.
    @Test func streamedRowsKeepTheirValuesAndLinesInFullAndPartialStatements() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("m.dl", ".decl measure(who: symbol, step: number, value: float)\n")
        let rows = (1...1_000).map { "p\($0 % 37)\t\($0)\t\(Double($0) / 4)" }
        let first = try scratch.write("first/measure.facts", rows.joined(separator: "\n") + "\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        #expect(try kb.importSources([dl, first]).newFacts == 1_000)
        let more = (901...1_200).map { "p\($0 % 37)\t\($0)\t\(Double($0) / 4)" }
        let second = try scratch.write("second/measure.facts", more.joined(separator: "\n") + "\n")
        #expect(try kb.importSources([second]).newFacts == 200, "rows 901 to 1,000 are stored already")
        let stored = try kb.loadFacts(RelationName("measure"), columnTypes: [.symbol, .number, .float])
        let symbols = try kb.symbols()
        var expected: [[Value]: Int32] = [:]
        for step in 1...1_200 { expected[[.symbol("p\(step % 37)"), .number(Int64(step)), .float(Double(step) / 4)]] = Int32(step <= 1_000 ? step : step - 900) }
        var found: [[Value]: Int32] = [:]
        for row in 0..<stored.count { found[(0..<3).map { stored.value(row: row, column: $0, symbols: symbols) }] = stored.lines[row] }
        #expect(found == expected)
    }

    /// SQLite's unique index takes 0.0 and -0.0 for one value, so the first import must too, or building the index fails.
    @Test func zeroAndNegativeZeroAreOneFloatFact() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("m.dl", ".decl measure(x: float)\n")
        let facts = try scratch.write("measure.facts", "0.0\n-0.0\n1.5\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        #expect(try kb.importSources([dl, facts]).newFacts == 2)
        #expect(try kb.loadFacts(RelationName("measure"), columnTypes: [.float]).lines == [1, 3])
    }

    /// A bad row is found while the rows before it are already streamed into the store: the transaction is rolled
    /// back, so the knowledge base holds what it held before.
    @Test func aBadRowAfterAHundredThousandGoodOnesStoresNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("e.dl", ".decl edge(a: number, b: number)\nedge(0, 0).\n")
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([dl])
        let rows = (1...100_000).map { "\($0)\t\($0 + 1)" }.joined(separator: "\n")
        let facts = try scratch.write("edge.facts", rows + "\n7\tseven\n")
        var error: KnowledgeGraphError?
        do { try kb.importSources([facts]) } catch let caught { error = caught }
        #expect(refusal(error).map(\.location) == [location(facts, 100_001, 3)])
        #expect(try kb.factCount(RelationName("edge")) == 1)
    }

    @Test func importingANewFactChangesTheHash() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let first = try kb.importSources([dl])

        let more = try scratch.write("more/person.facts", "dora\t33\n")
        let second = try kb.importSources([more])
        #expect(second.newFacts == 1)
        #expect(second.contentHash != first.contentHash)
        #expect(try kb.contentHash() == second.contentHash)

        let again = try kb.importSources([more])
        #expect(again.newFacts == 0)
        #expect(again.contentHash == second.contentHash)
    }

    @Test func theHashDependsOnWhatWasImportedNotOnWhichDatabase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let one = try KnowledgeBase.create(at: scratch.path("one.sqlite"))
        let two = try KnowledgeBase.create(at: scratch.path("two.sqlite"))
        #expect(try one.importSources([dl]).contentHash == two.importSources([dl]).contentHash)
    }

    @Test func aNewRuleChangesTheHash() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let first = try kb.importSources([dl])
        let extra = try scratch.write("extra.dl", ".decl grandparent(g: Person, c: Person)\ngrandparent(g, c) :- parent(g, p), parent(p, c).\n")
        let second = try kb.importSources([extra])
        #expect(second.newRules >= 1)
        #expect(second.contentHash != first.contentHash)
        #expect(try kb.loadProgram().program.rules.map(\.name).last == "grandparent")
    }

    @Test func changingTheWorldPragmaChangesTheHash() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dl = try scratch.write("family.dl", familyProgram)
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        let first = try kb.importSources([dl])
        #expect(try kb.loadProgram().program.world == .closed)

        let open = try scratch.write("open.dl", ".pragma \"world\" \"open\"\n")
        let second = try kb.importSources([open])
        #expect(try kb.loadProgram().program.world == .open)
        #expect(second.contentHash != first.contentHash, "the stored knowledge changed (closed world to open world), so its name must change")
    }

    @Test func redeclaringARelationDifferentlyIsAnError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
        try kb.importSources([try scratch.write("a.dl", ".decl a(x: number)\na(1).\n")])
        let changed = try scratch.write("b.dl", ".decl a(x: symbol)\n")
        let error = #expect(throws: KnowledgeGraphError.self) { try kb.importSources([changed]) }
        #expect(refusal(error).contains { $0.code == "duplicate-declaration" && $0.location == location(changed, 1, 1) })
    }
}
