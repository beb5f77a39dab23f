import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import Syntax

/// One knowledge base: a SQLite file holding symbols, declarations, rules, phrases and facts with provenance.
/// All SQL of Lemma lives in this module; every write happens in one transaction.
public final class KnowledgeBase: Sendable {
    public let path: String
    let database: DatabaseQueue
    /// Whether this knowledge base was created empty here and still has to switch to write-ahead logging after its
    /// first write. That write, typically a large import, then goes to the file once, under a rollback journal that
    /// holds next to nothing, instead of to the log and again to the file when the log is checkpointed.
    private let awaitsWriteAheadLog: Mutex<Bool>

    private init(path: String, database: DatabaseQueue, isFresh: Bool) {
        self.path = path
        self.database = database
        awaitsWriteAheadLog = Mutex(isFresh)
    }

    /// Opens an existing knowledge base made by `lemma import` or by compiling a folder.
    public static func open(at path: String) throws(KnowledgeGraphError) -> KnowledgeBase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .notAKnowledgeBase(path: path, reason: "no such file")
        }
        let database = try connect(path)
        _ = try migrate(database, at: path, creating: false)
        return KnowledgeBase(path: path, database: database, isFresh: false)
    }

    /// Opens a knowledge base, creating an empty one when the file does not exist.
    public static func create(at path: String) throws(KnowledgeGraphError) -> KnowledgeBase {
        let database = try connect(path)
        let isFresh = try migrate(database, at: path, creating: true)
        return KnowledgeBase(path: path, database: database, isFresh: isFresh)
    }

    private static func connect(_ path: String) throws(KnowledgeGraphError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A large import touches pages all over the symbol index and its trigram search index; with SQLite's
            // default 2 MB cache it writes them out to the log mid-transaction again and again. The cache only
            // grows as far as it is used.
            try db.execute(sql: "PRAGMA cache_size = -262144")
        }
        configuration.busyMode = .timeout(10)
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .notAKnowledgeBase(path: path, reason: Self.message(of: error))
        }
    }

    /// Brings the schema up to date; returns whether the database was empty, and so created here.
    private static func migrate(_ database: DatabaseQueue, at path: String, creating: Bool) throws(KnowledgeGraphError) -> Bool {
        do {
            // Only read until the file is known to be a knowledge base: another program's database is never changed.
            let isEmpty = try database.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if creating && tables.isEmpty { return true }
                guard tables.contains("meta") else {
                    throw KnowledgeGraphError.notAKnowledgeBase(path: path, reason: tables.isEmpty ? "the database is empty" : "it has no 'meta' table")
                }
                let migrations = tables.contains("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
                guard migrations.contains("v1"), tables.contains("symbol") else {
                    throw KnowledgeGraphError.notAKnowledgeBase(path: path, reason: "it has a 'meta' table but no record of Lemma's schema; another program made it")
                }
                if let found = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'").flatMap(Int.init), found > Schema.version {
                    throw KnowledgeGraphError.schemaTooNew(path: path, found: found, supported: Schema.version)
                }
                return false
            }
            try Schema.migrator.migrate(database)
            // Write-ahead logging is a property of the file, set once it is known to be a knowledge base, so opening
            // some other SQLite file never changes it.
            if !isEmpty { try useWriteAheadLog(database) }
            return isEmpty
        } catch let error as KnowledgeGraphError {
            throw error
        } catch {
            throw .notAKnowledgeBase(path: path, reason: Self.message(of: error))
        }
    }

    private static func useWriteAheadLog(_ database: DatabaseQueue) throws {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
    }

    static func message(of error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }

    /// Runs database work, turning GRDB's errors into this module's typed errors.
    func read<T>(_ work: (Database) throws -> T) throws(KnowledgeGraphError) -> T {
        do {
            return try database.read(work)
        } catch let error as KnowledgeGraphError {
            throw error
        } catch {
            throw .database(path: path, message: Self.message(of: error))
        }
    }

    func write<T>(_ work: (Database) throws -> T) throws(KnowledgeGraphError) -> T {
        do {
            let result = try database.write(work)
            if awaitsWriteAheadLog.withLock({ $0 }) {
                try Self.useWriteAheadLog(database)
                awaitsWriteAheadLog.withLock { $0 = false }
            }
            return result
        } catch let error as KnowledgeGraphError {
            throw error
        } catch {
            throw .database(path: path, message: Self.message(of: error))
        }
    }

    // MARK: Reading

    /// `sha256:...` naming the exact knowledge: for a compiled folder, the hash of its files; for an imported
    /// database, a chain over every import that changed it.
    public func contentHash() throws(KnowledgeGraphError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'content_hash'") ?? "" }
    }

    /// Whether a consistency check by `checker` found the knowledge with `contentHash` consistent.
    public func isRecordedConsistent(contentHash: String, checker: String) throws(KnowledgeGraphError) -> Bool {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'consistent_content'") == "\(contentHash) \(checker)"
        }
    }

    /// Records that `checker` found the knowledge with `contentHash` consistent, unless the knowledge changed since.
    /// The record names the hash it holds for, so any later write makes it stale without anyone clearing it.
    public func recordConsistent(contentHash: String, checker: String) throws(KnowledgeGraphError) {
        try write { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'content_hash'") == contentHash else { return }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('consistent_content', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: ["\(contentHash) \(checker)"])
        }
    }

    /// Every symbol by id; index 0 is unused because SQLite row ids start at 1.
    public func symbols() throws(KnowledgeGraphError) -> [String] {
        try read { db in
            var result = [""]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM symbol ORDER BY id")
            while let row = try rows.next() {
                let id: Int = row[0]
                while result.count < id { result.append("") }
                result.append(row[1])
            }
            return result
        }
    }

    public func batches() throws(KnowledgeGraphError) -> [Int64: ImportBatch] {
        try read { db in
            var result: [Int64: ImportBatch] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, file, imported_at FROM import_batch") {
                let batch = ImportBatch(id: row[0], file: row[1], importedAt: row[2])
                result[batch.id] = batch
            }
            return result
        }
    }

    public func loadProgram() throws(KnowledgeGraphError) -> StoredProgram {
        try read { db in try Self.loadProgram(db) }
    }

    static func loadProgram(_ db: Database) throws -> StoredProgram {
        var program = Program()
        let decoder = JSONDecoder()
        func decodeAll<T: Decodable>(_ type: T.Type, _ sql: String) throws -> [T] {
            try String.fetchAll(db, sql: sql).map { try decoder.decode(T.self, from: Data($0.utf8)) }
        }
        program.types = try decodeAll(TypeDeclaration.self, "SELECT parsed FROM type_declaration ORDER BY rowid")
        program.relations = try decodeAll(RelationDeclaration.self, "SELECT parsed FROM relation ORDER BY rowid")
        program.rules = try decodeAll(Rule.self, "SELECT parsed FROM rule WHERE kind = 'rule' ORDER BY id")
        program.constraints = try decodeAll(IntegrityConstraint.self, "SELECT parsed FROM rule WHERE kind = 'constraint' ORDER BY id")
        program.phrases = try decodeAll(PhraseDeclaration.self, "SELECT parsed FROM phrase ORDER BY rowid")
        program.pragmas = try decodeAll(Pragma.self, "SELECT parsed FROM pragma ORDER BY rowid")
        program.inputs = try decodeAll(InputDirective.self, "SELECT parsed FROM directive WHERE kind = 'input' ORDER BY rowid")
        program.outputs = try decodeAll(OutputDirective.self, "SELECT parsed FROM directive WHERE kind = 'output' ORDER BY rowid")
        var sources: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT path, text FROM source_file") {
            sources[row[0]] = row[1]
        }
        return StoredProgram(program: program, sources: sources)
    }

    /// The relations (and classical negations) that have a fact table.
    public func storedPredicates() throws(KnowledgeGraphError) -> [RelationName] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'fact:%' ORDER BY name").compactMap(Schema.relationName(ofTable:))
        }
    }

    public func loadFacts(_ relation: RelationName, columnTypes: [PrimitiveType]) throws(KnowledgeGraphError) -> StoredFacts {
        try read { db in
            var facts = StoredFacts(relation: relation, columnTypes: columnTypes, cells: [], batches: [], lines: [])
            let table = Schema.factTable(relation)
            guard try db.tableExists(table) else { return facts }
            let columns = columnTypes.indices.map { "c\($0)" } + ["batch", "line"]
            let statement = try db.makeStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM \"\(table)\" ORDER BY rowid")
            // Read through SQLite's C API: decoding each cell through GRDB's `Row` made loading a million facts take
            // most of a second.
            let rows = statement.sqliteStatement
            let arity = columnTypes.count
            let floatColumns = columnTypes.map { $0 == .float }
            var code = sqlite3_step(rows)
            while code == SQLITE_ROW {
                for column in 0..<arity {
                    if floatColumns[column] {
                        facts.cells.append(Int64(bitPattern: sqlite3_column_double(rows, Int32(column)).bitPattern))
                    } else {
                        facts.cells.append(sqlite3_column_int64(rows, Int32(column)))
                    }
                }
                facts.batches.append(sqlite3_column_int64(rows, Int32(arity)))
                facts.lines.append(Int32(truncatingIfNeeded: sqlite3_column_int64(rows, Int32(arity + 1))))
                code = sqlite3_step(rows)
            }
            sqlite3_reset(rows)
            guard code == SQLITE_DONE else { throw DatabaseError(code: code, connection: db.sqliteConnection) }
            return facts
        }
    }

    public func factCount(_ relation: RelationName) throws(KnowledgeGraphError) -> Int {
        try read { db in
            let table = Schema.factTable(relation)
            guard try db.tableExists(table) else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
        }
    }
}

extension KnowledgeBase {
    /// The stored facts of one relation as values, for consumers that must not share the reasoner's loading code.
    public func factValues(_ relation: RelationName, columnTypes: [PrimitiveType], symbols: [String]) throws(KnowledgeGraphError) -> [[Value]] {
        let stored = try loadFacts(relation, columnTypes: columnTypes)
        return (0..<stored.count).map { row in
            (0..<stored.arity).map { stored.value(row: row, column: $0, symbols: symbols) }
        }
    }
}
