import Foundation
import GRDB
import Syntax
import Testing
@testable import KnowledgeGraph

private let clinicProgram = """
    .type Person <: symbol
    .type DrugClass <: symbol
    .decl person(name: Person, age: number)
    .decl parent(p: Person, c: Person)
    .decl teaches(lecturer: symbol, course: symbol)
    .decl allergic(patient: Person, class: DrugClass)
    person("Mateo", 15).
    person("Maria Lopez", 68).
    person("Lucia", 19).
    person("Al", 40).
    person("Alice", 20).
    parent("Maria Lopez", "Mateo").
    teaches("Dr House", "CS101").
    teaches("Dr Grey", "CS102").
    allergic("Mateo", "beta_lactam").

    """

/// A knowledge base holding `clinicProgram`, in a scratch folder the caller removes.
private func makeKnowledgeBase(_ scratch: Scratch) throws -> KnowledgeBase {
    let kb = try KnowledgeBase.create(at: scratch.path("kb.sqlite"))
    try kb.importSources([try scratch.write("clinic.dl", clinicProgram)])
    return kb
}

/// Runs FTS5's own check that the search index agrees with the `symbol` table it indexes.
private func searchIndexIsConsistent(_ path: String) throws {
    try DatabaseQueue(path: path).write { db in
        try db.execute(sql: "INSERT INTO symbol_search (symbol_search, rank) VALUES ('integrity-check', 1)")
    }
}

@Suite("Symbol search")
struct SymbolSearchTests {
    @Test func findsNamesDespiteTyposAndCase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try makeKnowledgeBase(scratch)
        #expect(try kb.searchSymbols(near: "Matteo", limit: 5).first == "Mateo")
        #expect(try kb.searchSymbols(near: "MATEO", limit: 5).first == "Mateo")
        #expect(try kb.searchSymbols(near: "Lucya", limit: 5).contains("Lucia"))
        #expect(try kb.searchSymbols(near: "cs101", limit: 5).first == "CS101")
        #expect(try kb.searchSymbols(near: "maria lopez", limit: 5).first == "Maria Lopez")
        #expect(try kb.searchSymbols(near: "beta lactam", limit: 5).first == "beta_lactam")
        #expect(try kb.searchSymbols(near: "dr house", limit: 5).first == "Dr House")
    }

    @Test func respectsTheLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try makeKnowledgeBase(scratch)
        #expect(try kb.searchSymbols(near: "CS10", limit: 1).count == 1)
        #expect(try kb.searchSymbols(near: "CS10", limit: 5).sorted() == ["CS101", "CS102"])
        #expect(try kb.searchSymbols(near: "Mateo", limit: 0).isEmpty)
        #expect(try kb.searchSymbols(near: "zzzz", limit: 5).isEmpty)
    }

    @Test func shortTextMatchesWholeNamesThenPrefixes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try makeKnowledgeBase(scratch)
        #expect(try kb.searchSymbols(near: "al", limit: 5) == ["Al", "Alice"])
        #expect(try kb.searchSymbols(near: "AL", limit: 1) == ["Al"])
        #expect(try kb.searchSymbols(near: "q", limit: 5).isEmpty)
        #expect(try kb.searchSymbols(near: "  ", limit: 5).isEmpty)
    }

    @Test func symbolsOfLaterImportsAreSearchable() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try makeKnowledgeBase(scratch)
        let more = try scratch.write("person.facts", "Zelda\t31\nMateo\t15\n")
        try kb.importSources([more])
        #expect(try kb.searchSymbols(near: "zeldaa", limit: 5) == ["Zelda"])
        try searchIndexIsConsistent(kb.path)
    }

    @Test func hostileTextIsOnlyEverText() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try makeKnowledgeBase(scratch)
        let hostile = [
            "\"AND\" NEAR(", "NEAR(Mateo Lucia, 2)", "Mateo AND Lucia", "NOT Mateo", "Mat*", "^Mateo", "text:Mateo",
            "\"", "\"\"\"", "'; DROP TABLE symbol; --", "') OR 1=1 --", "%", "_", "%_\\", "\\", "a\u{0}b", "\u{0}",
            "{text}: Mateo", "Mateo\"; DELETE FROM symbol; --", String(repeating: "Mateo ", count: 500),
        ]
        for text in hostile {
            _ = try kb.searchSymbols(near: text, limit: 10)
        }
        #expect(try kb.searchSymbols(near: "%", limit: 10).isEmpty, "LIKE wildcards are matched literally")
        #expect(try kb.searchSymbols(near: "_", limit: 10).isEmpty)
        #expect(try kb.searchSymbols(near: "NOT Mateo", limit: 10).contains("Mateo"), "operators are plain text")
        #expect(try kb.symbols().count == 11, "the symbol table is untouched (index 0 is unused)")
        try searchIndexIsConsistent(kb.path)
    }

    @Test func symbolColumnsNameWhereEachSymbolIsStored() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let kb = try makeKnowledgeBase(scratch)
        let columns = try kb.symbolColumns()
        let person = RelationName("person"), parent = RelationName("parent")
        #expect(columns["Mateo"] == [
            ColumnReference(relation: person, column: 0),
            ColumnReference(relation: parent, column: 1),
            ColumnReference(relation: RelationName("allergic"), column: 0),
        ])
        #expect(columns["Maria Lopez"] == [ColumnReference(relation: person, column: 0), ColumnReference(relation: parent, column: 0)])
        #expect(columns["CS101"] == [ColumnReference(relation: RelationName("teaches"), column: 1)])
        #expect(columns["beta_lactam"] == [ColumnReference(relation: RelationName("allergic"), column: 1)])
        #expect(columns.count == 10)
    }

    @Test func aDatabaseOfTheFirstSchemaIsMigrated() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try makeKnowledgeBase(scratch).path
        // Undo the search migration, leaving exactly what the first schema version stored.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                DROP TRIGGER symbol_search_insert;
                DROP TRIGGER symbol_search_delete;
                DROP TRIGGER symbol_search_update;
                DROP TABLE symbol_search;
                DELETE FROM grdb_migrations WHERE identifier = 'v2-symbol-search';
                UPDATE meta SET value = '1' WHERE key = 'schema_version';
                """)
        }
        let migrated = try KnowledgeBase.open(at: path)
        let version = try DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'")
        }
        #expect(version == "2")
        #expect(try migrated.searchSymbols(near: "Matteo", limit: 3).first == "Mateo", "symbols stored before the migration are indexed")
        try migrated.importSources([try scratch.write("person.facts", "Zelda\t31\n")])
        #expect(try migrated.searchSymbols(near: "Zelda", limit: 3) == ["Zelda"])
        try searchIndexIsConsistent(path)
    }
}
