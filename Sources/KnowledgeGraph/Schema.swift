import GRDB
import Syntax

/// The database layout. Fixed tables come from migrations; each declared relation gets its own fact table
/// (`fact_<name>`, and `fact_neg_<name>` for its classical negation) with typed columns `c0`, `c1`, ...
enum Schema {
    static let version = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE symbol (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
                CREATE TABLE import_batch (id INTEGER PRIMARY KEY, file TEXT NOT NULL, imported_at TEXT NOT NULL);
                CREATE TABLE source_file (path TEXT PRIMARY KEY, text TEXT NOT NULL);
                CREATE TABLE type_declaration (name TEXT PRIMARY KEY, parsed TEXT NOT NULL);
                CREATE TABLE relation (name TEXT PRIMARY KEY, parsed TEXT NOT NULL);
                CREATE TABLE rule (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('rule', 'constraint')),
                    source_text TEXT NOT NULL,
                    file TEXT NOT NULL, line INTEGER NOT NULL, column INTEGER NOT NULL,
                    parsed TEXT NOT NULL,
                    UNIQUE (kind, source_text, parsed)
                );
                CREATE TABLE phrase (relation TEXT PRIMARY KEY, parsed TEXT NOT NULL);
                CREATE TABLE pragma (key TEXT PRIMARY KEY, parsed TEXT NOT NULL);
                CREATE TABLE directive (kind TEXT NOT NULL, relation TEXT NOT NULL, parsed TEXT NOT NULL, PRIMARY KEY (kind, relation));
                INSERT INTO meta (key, value) VALUES ('schema_version', '1'), ('content_hash', 'sha256:' || lower(hex(zeroblob(32))));
                """)
        }
        // Names typed in a question are matched against stored symbols by shared trigrams, which tolerates typos and
        // any case. The index reads its text from `symbol` (external content) and triggers keep it in step with every
        // insert, so no import path has to remember it; the rebuild indexes symbols stored before this migration.
        migrator.registerMigration("v2-symbol-search") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE symbol_search USING fts5(text, content = 'symbol', content_rowid = 'id', tokenize = 'trigram');
                INSERT INTO symbol_search (symbol_search) VALUES ('rebuild');
                CREATE TRIGGER symbol_search_insert AFTER INSERT ON symbol BEGIN
                    INSERT INTO symbol_search (rowid, text) VALUES (new.id, new.text);
                END;
                CREATE TRIGGER symbol_search_delete AFTER DELETE ON symbol BEGIN
                    INSERT INTO symbol_search (symbol_search, rowid, text) VALUES ('delete', old.id, old.text);
                END;
                CREATE TRIGGER symbol_search_update AFTER UPDATE ON symbol BEGIN
                    INSERT INTO symbol_search (symbol_search, rowid, text) VALUES ('delete', old.id, old.text);
                    INSERT INTO symbol_search (rowid, text) VALUES (new.id, new.text);
                END;
                UPDATE meta SET value = '2' WHERE key = 'schema_version';
                """)
        }
        return migrator
    }

    /// `fact:p` and `fact:-p`. SQLite compares table names without case, so each capital letter is written as `^`
    /// and its lower-case form; the mapping is one-to-one and `relationName(ofTable:)` reverses it.
    static func factTable(_ relation: RelationName) -> String {
        var name = ""
        for character in relation.description {
            if character.isUppercase {
                name += "^" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return "fact:" + name
    }

    static func relationName(ofTable table: String) -> RelationName? {
        guard table.hasPrefix("fact:") else { return nil }
        var name = ""
        var capitalizeNext = false
        for character in table.dropFirst(5) {
            if character == "^" {
                capitalizeNext = true
            } else {
                name += capitalizeNext ? character.uppercased() : String(character)
                capitalizeNext = false
            }
        }
        return name.hasPrefix("-") ? RelationName(String(name.dropFirst()), classicallyNegated: true) : RelationName(name)
    }

    static func sqlType(_ type: PrimitiveType) -> String {
        type == .float ? "REAL" : "INTEGER"
    }

    /// Creates the fact table of a relation if it is new: one column per attribute, then `batch` and `line`.
    /// Without `indexes`, the caller fills it first and calls `createFactIndexes` after: SQLite builds an index over
    /// a million rows several times faster at once than row by row.
    static func createFactTable(_ relation: RelationName, columnTypes: [PrimitiveType], indexes: Bool = true, in db: Database) throws {
        let columns = columnTypes.indices.map { "c\($0)" }
        var definitions = zip(columns, columnTypes).map { "\($0) \(sqlType($1)) NOT NULL" }
        // A nullary relation holds at most one row: a constant column carries its uniqueness.
        if columns.isEmpty { definitions.append("unit INTEGER NOT NULL DEFAULT 0") }
        try db.execute(sql: #"CREATE TABLE IF NOT EXISTS "\#(factTable(relation))" (\#((definitions + ["batch INTEGER NOT NULL", "line INTEGER NOT NULL"]).joined(separator: ", ")))"#)
        if indexes { try createFactIndexes(relation, columnTypes: columnTypes, in: db) }
    }

    /// A unique index over all columns, so that re-importing a fact is a no-op. There is no index per column: the
    /// reasoner reads each relation whole, in row order, and looks tuples up in its own memory. (Knowledge bases made
    /// before this kept one index per further column, which nothing reads.)
    static func createFactIndexes(_ relation: RelationName, columnTypes: [PrimitiveType], in db: Database) throws {
        let table = factTable(relation)
        let columns = columnTypes.indices.map { "c\($0)" }
        try db.execute(sql: #"CREATE UNIQUE INDEX IF NOT EXISTS "\#(table)_all" ON "\#(table)" (\#((columns.isEmpty ? ["unit"] : columns).joined(separator: ", ")))"#)
    }

    /// Deletes every row of a relation's table that repeats an earlier one, so its unique index can be built; returns
    /// how many. SQLite compares 0.0 and -0.0 as equal here, as the index does.
    static func deleteDuplicateFacts(_ relation: RelationName, columnTypes: [PrimitiveType], in db: Database) throws -> Int {
        let table = factTable(relation)
        let columns = columnTypes.isEmpty ? ["unit"] : columnTypes.indices.map { "c\($0)" }
        try db.execute(sql: #"DELETE FROM "\#(table)" WHERE rowid NOT IN (SELECT min(rowid) FROM "\#(table)" GROUP BY \#(columns.joined(separator: ", ")))"#)
        return db.changesCount
    }
}
