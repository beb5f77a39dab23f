import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import Syntax

public struct ImportSummary: Sendable, Codable {
    public var files: [String]
    public var newFacts: Int
    public var newRules: Int
    public var contentHash: String
    public var warnings: [Diagnostic]
}

/// The facts one file contributes: those written in a `.dl` file, parsed with it, or the rows of a delimited
/// file, which are streamed into the store as they are read.
enum FactSource {
    case parsed([Fact])
    case delimited(text: String, relation: String, delimiter: String, skipHeader: Bool, columnTypes: [PrimitiveType])
}

/// What an import reads before anything is written: the program pieces and the facts of every file.
struct ImportPlan {
    var program = Program()
    var sources: [String: String] = [:]
    /// Files in reading order with the facts each contributes, kept apart so each gets its own batch.
    var factFiles: [(path: String, facts: FactSource)] = []
    var diagnostics: [Diagnostic] = []
    var hashedFiles: [(path: String, text: String)] = []

    /// Reads `.dl` files (following includes and `.input`s), `.facts` and `.csv` files, resolving column types
    /// against what the knowledge base already declares.
    static func read(_ paths: [String], provider: any SourceProvider, existing: Program, includes: IncludePolicy) throws(KnowledgeGraphError) -> ImportPlan {
        var plan = ImportPlan()
        let programFiles = paths.filter { $0.hasSuffix(".dl") }
        if !programFiles.isEmpty {
            let loaded: LoadedProgram
            do {
                loaded = try ProgramLoader(provider: provider, includes: includes).load(files: programFiles, validate: false)
            } catch {
                throw .source(error)
            }
            var declared = existing
            declared.append(loaded.program)
            plan.program = NumericLiterals(declaring: declared).typed(loaded.program)
            plan.sources = loaded.sources
            plan.diagnostics = loaded.diagnostics
            plan.hashedFiles = loaded.files.map { ($0, loaded.sources[$0] ?? "") }
            var inlineFacts: [String: [Fact]] = [:]
            for fact in plan.program.facts { inlineFacts[fact.location.file, default: []].append(fact) }
            for file in loaded.files { plan.factFiles.append((file, .parsed(inlineFacts[file] ?? []))) }
        }
        var combined = existing
        combined.append(plan.program)
        for input in plan.program.inputs {
            guard let types = Validator.columnTypes(of: input.relation, in: combined) else { continue }
            let path = FactFileReader.path(of: input)
            guard includes.permits(path) else {
                plan.diagnostics.append(includes.refusal(of: path, by: ".input", at: input.location))
                continue
            }
            let (read, problem) = FactFileReader(provider: provider).text(of: input)
            guard let text = read else {
                plan.diagnostics += problem.map { [$0] } ?? []
                continue
            }
            plan.factFiles.append((path, .delimited(text: text, relation: input.relation, delimiter: input.delimiter, skipHeader: input.hasHeader, columnTypes: types)))
            plan.hashedFiles.append((path, text))
        }
        for path in paths where !path.hasSuffix(".dl") {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let text: String
            do {
                text = try provider.read(path)
            } catch {
                throw .source(error)
            }
            guard let types = Validator.columnTypes(of: name, in: combined) else {
                plan.diagnostics.append(.error("undeclared-relation", "'\(path)' would fill relation '\(name)', which is not declared in the knowledge base; import its .dl declaration first", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            plan.factFiles.append((path, .delimited(text: text, relation: name, delimiter: path.hasSuffix(".csv") ? "," : "\t", skipHeader: false, columnTypes: types)))
            plan.hashedFiles.append((path, text))
        }
        return plan
    }
}

extension KnowledgeBase {
    /// Adds the rules and facts of `.dl`, `.facts` and `.csv` files in ONE transaction: if any file has an error,
    /// nothing is stored and the error names its file, line and column. Re-importing the same content changes nothing.
    /// `includes` limits the files `.include` and `.input` may read.
    @discardableResult
    public func importSources(_ paths: [String], provider: any SourceProvider = FileSystemSource(), contentHash fixedHash: String? = nil,
                              includes: IncludePolicy = .anywhere) throws(KnowledgeGraphError) -> ImportSummary {
        try write { db in
            let existing = try Self.loadProgram(db)
            let plan = try ImportPlan.read(paths, provider: provider, existing: existing.program, includes: includes)
            let additions = Self.newPieces(of: plan.program, comparedTo: existing.program)
            var combined = existing.program
            combined.append(additions)
            var allSources = existing.sources
            allSources.merge(plan.sources) { _, new in new }
            var validated = combined
            validated.facts = plan.program.facts
            let diagnostics = plan.diagnostics + Validator(program: validated).validate()
            guard !diagnostics.hasErrors else {
                throw KnowledgeGraphError.invalidProgram(diagnostics.filter { $0.severity == .error }, sources: allSources)
            }
            let previousHash = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'content_hash'") ?? ""
            // Hashing reads every byte of every file, a twentieth of a million-row import: it runs on the other core
            // while the rows are stored.
            let hashedFiles = plan.hashedFiles
            let nextHash = BackgroundResult { Self.contentHash(after: previousHash, adding: hashedFiles) }
            var writer = try FactWriter(db: db, program: combined)
            let newRules = try Self.store(additions, sources: plan.sources, in: db)
            var newFacts = 0
            var rowDiagnostics: [Diagnostic] = []
            for (path, facts) in plan.factFiles {
                switch facts {
                case let .parsed(facts) where !facts.isEmpty:
                    newFacts += try writer.insert(facts, from: path)
                case .parsed:
                    break
                case let .delimited(text, relation, delimiter, skipHeader, columnTypes):
                    let (inserted, diagnostics) = try writer.insertRows(of: text, path: path, relation: relation, delimiter: delimiter, skipHeader: skipHeader, columnTypes: columnTypes)
                    newFacts += inserted
                    rowDiagnostics += diagnostics
                }
            }
            guard rowDiagnostics.isEmpty else {
                throw KnowledgeGraphError.invalidProgram(rowDiagnostics, sources: allSources)
            }
            newFacts -= try writer.finish()
            try Self.checkFunctionalKeys(of: combined, in: db, sources: allSources)
            var hash = previousHash
            if let fixedHash {
                hash = fixedHash
            } else if newFacts > 0 || newRules > 0 {
                hash = nextHash.value()
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'content_hash'", arguments: [hash])
            return ImportSummary(files: plan.factFiles.map(\.path), newFacts: newFacts, newRules: newRules, contentHash: hash, warnings: diagnostics.filter { $0.severity == .warning })
        }
    }

    /// The hash of an imported knowledge base: a chain over every import that changed it.
    static func contentHash(after previousHash: String, adding files: [(path: String, text: String)]) -> String {
        var hasher = SHA256()
        hasher.update(previousHash)
        for (path, text) in files {
            hasher.update("\u{0}\(path)\u{0}")
            hasher.update(text)
        }
        return "sha256:" + hasher.finalize()
    }

    /// The declarations, rules and phrases of `program` that the stored program does not already hold,
    /// so that importing the same file twice is a no-op rather than a duplicate-declaration error.
    static func newPieces(of program: Program, comparedTo existing: Program) -> Program {
        var result = program
        result.facts = []
        result.types = program.types.filter { new in !existing.types.contains { $0.name == new.name && $0.definition == new.definition } }
        result.relations = program.relations.filter { new in !existing.relations.contains { $0.name == new.name && $0.attributes == new.attributes } }
        let existingRules = Set(existing.rules.map(\.sourceText))
        result.rules = program.rules.filter { !existingRules.contains($0.sourceText) }
        let existingConstraints = Set(existing.constraints.map(\.sourceText))
        result.constraints = program.constraints.filter { !existingConstraints.contains($0.sourceText) }
        result.phrases = program.phrases.filter { new in !existing.phrases.contains { $0.relation == new.relation && $0.templates == new.templates } }
        result.pragmas = program.pragmas.filter { new in !existing.pragmas.contains { $0.key == new.key && $0.value == new.value } }
        result.inputs = program.inputs.filter { new in !existing.inputs.contains { $0.relation == new.relation } }
        result.outputs = program.outputs.filter { new in !existing.outputs.contains { $0.relation == new.relation } }
        return result
    }

    private static func store(_ program: Program, sources: [String: String], in db: Database) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        for (path, text) in sources where path.hasSuffix(".dl") {
            try db.execute(sql: "INSERT OR REPLACE INTO source_file (path, text) VALUES (?, ?)", arguments: [path, text])
        }
        for type in program.types {
            try db.execute(sql: "INSERT OR REPLACE INTO type_declaration (name, parsed) VALUES (?, ?)", arguments: [type.name, try json(type)])
        }
        for relation in program.relations {
            try db.execute(sql: "INSERT OR REPLACE INTO relation (name, parsed) VALUES (?, ?)", arguments: [relation.name, try json(relation)])
        }
        var newRules = 0
        for rule in program.rules {
            try db.execute(sql: "INSERT OR IGNORE INTO rule (kind, source_text, file, line, column, parsed) VALUES ('rule', ?, ?, ?, ?, ?)",
                           arguments: [rule.sourceText, rule.location.file, rule.location.line, rule.location.column, try json(rule)])
            newRules += db.changesCount
        }
        for constraint in program.constraints {
            try db.execute(sql: "INSERT OR IGNORE INTO rule (kind, source_text, file, line, column, parsed) VALUES ('constraint', ?, ?, ?, ?, ?)",
                           arguments: [constraint.sourceText, constraint.location.file, constraint.location.line, constraint.location.column, try json(constraint)])
            newRules += db.changesCount
        }
        for phrase in program.phrases {
            try db.execute(sql: "INSERT OR REPLACE INTO phrase (relation, parsed) VALUES (?, ?)", arguments: [phrase.relation, try json(phrase)])
        }
        for pragma in program.pragmas {
            try db.execute(sql: "INSERT OR REPLACE INTO pragma (key, parsed) VALUES (?, ?)", arguments: [pragma.key, try json(pragma)])
        }
        for input in program.inputs {
            try db.execute(sql: "INSERT OR REPLACE INTO directive (kind, relation, parsed) VALUES ('input', ?, ?)", arguments: [input.relation, try json(input)])
        }
        for output in program.outputs {
            try db.execute(sql: "INSERT OR REPLACE INTO directive (kind, relation, parsed) VALUES ('output', ?, ?)", arguments: [output.relation, try json(output)])
        }
        return newRules + program.types.count + program.relations.count + program.phrases.count + program.pragmas.count + program.inputs.count + program.outputs.count
    }
}

/// Stores facts row by row through prepared statements bound with SQLite's C API, interning symbols as it goes.
/// A relation whose table this import creates is filled before its unique index exists: its rows go in with a plain
/// INSERT and the index is then built in one pass. Should that find duplicates, they are deleted first, keeping each
/// row's first occurrence as INSERT OR IGNORE would. Files seldom repeat a fact, and skipping them in memory instead
/// cost a tenth of a million-row import. A relation that already has facts is written with INSERT OR IGNORE against
/// its index.
struct FactWriter {
    private let db: Database
    private let connection: SQLiteConnection
    private let program: Program
    private var symbolIds: [String: Int64] = [:]
    private var tables: [RelationName: Table] = [:]
    /// The import batches this writer started and kept, to drop any that duplicates leave without a fact.
    private var batches: [Int64] = []

    private struct Table {
        let columnTypes: [PrimitiveType]
        let statement: Statement
        /// Stores `rowsPerStatement` rows at once: `FactWriter.rowsPerStatement`, or fewer where SQLite's limit on
        /// parameters allows no more.
        let rowsStatement: Statement
        let rowsPerStatement: Int
        let floatColumns: [Bool]
        /// Whether this import created the table, which then has no index yet and may hold duplicates.
        let isNew: Bool
    }

    init(db: Database, program: Program) throws {
        self.db = db
        connection = db.sqliteConnection!
        self.program = program
        let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM symbol")
        while let row = try rows.next() { symbolIds[row[1]] = row[0] }
    }

    private mutating func symbolId(_ text: String) throws -> Int64 {
        if let id = symbolIds[text] { return id }
        let statement = try db.cachedStatement(sql: "INSERT INTO symbol (text) VALUES (?)")
        statement.setUncheckedArguments([text])
        try statement.execute()
        let id = db.lastInsertedRowID
        symbolIds[text] = id
        return id
    }

    private mutating func prepareTable(for relation: RelationName) throws -> Bool {
        if tables[relation] != nil { return true }
        guard let types = Validator.columnTypes(of: relation.name, in: program) else { return false }
        let name = Schema.factTable(relation)
        let isNew = try !db.tableExists(name)
        try Schema.createFactTable(relation, columnTypes: types, indexes: !isNew, in: db)
        let columns = types.indices.map { "c\($0)" } + ["batch", "line"]
        func insertion(rows: Int) throws -> Statement {
            let row = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
            return try db.makeStatement(sql: "INSERT \(isNew ? "" : "OR IGNORE ")INTO \"\(name)\" (\(columns.joined(separator: ", "))) VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))")
        }
        let statement = try insertion(rows: 1)
        // SQLite takes at most 32,766 parameters in one statement.
        let rowsPerStatement = max(1, min(Self.rowsPerStatement, 32_766 / columns.count))
        let rowsStatement = try insertion(rows: rowsPerStatement)
        tables[relation] = Table(columnTypes: types, statement: statement, rowsStatement: rowsStatement, rowsPerStatement: rowsPerStatement,
                                 floatColumns: types.map { $0 == .float }, isNew: isNew)
        return true
    }

    /// Returns how many of the facts were stored.
    mutating func insert(_ facts: [Fact], from path: String) throws -> Int {
        let batch = try startBatch(path)
        var inserted = 0
        var cells: [Int64] = []
        for fact in facts {
            guard try prepareTable(for: fact.relation) else { continue }
            cells.removeAll(keepingCapacity: true)
            for value in fact.values {
                switch value {
                case let .symbol(text): cells.append(try symbolId(text))
                case let .number(number): cells.append(number)
                case let .float(float): cells.append(Int64(bitPattern: float.bitPattern))
                }
            }
            inserted += try cells.withUnsafeBufferPointer { try store($0, into: tables[fact.relation]!, batch: batch, line: fact.location.line) }
        }
        return try finishBatch(batch, inserted: inserted)
    }

    /// Streams the rows of a delimited file into its relation's table without building a `Fact` per row. Returns how
    /// many were stored and the diagnostics of malformed rows; when there are any, the caller must roll back.
    mutating func insertRows(of text: String, path: String, relation: String, delimiter: String, skipHeader: Bool, columnTypes: [PrimitiveType]) throws -> (inserted: Int, diagnostics: [Diagnostic]) {
        let relationName = RelationName(relation)
        guard try prepareTable(for: relationName), let table = tables[relationName] else { return (0, []) }
        let batch = try startBatch(path)
        let arity = columnTypes.count
        var inserted = 0
        var lines = [Int](repeating: 0, count: table.rowsPerStatement)
        var cells = [Int64](repeating: 0, count: arity * lines.count)
        var pending = 0
        let diagnostics = try FactFileReader.forEachRow(in: text, path: path, relation: relation, delimiter: delimiter, skipHeader: skipHeader, columnTypes: columnTypes) { line, fields in
            for (column, field) in fields.enumerated() {
                switch field {
                case let .symbol(bytes): cells[pending * arity + column] = try symbolId(String(decoding: bytes, as: UTF8.self))
                case let .number(number): cells[pending * arity + column] = number
                case let .float(float): cells[pending * arity + column] = Int64(bitPattern: float.bitPattern)
                }
            }
            lines[pending] = line
            pending += 1
            if pending == lines.count {
                inserted += try cells.withUnsafeBufferPointer { try store($0, lines: lines, into: table, batch: batch) }
                pending = 0
            }
        }
        try cells.withUnsafeBufferPointer { cells in
            for row in 0..<pending {
                inserted += try store(UnsafeBufferPointer(rebasing: cells[row * arity..<(row + 1) * arity]), into: table, batch: batch, line: lines[row])
            }
        }
        return (try finishBatch(batch, inserted: inserted), diagnostics)
    }

    private func startBatch(_ path: String) throws -> Int64 {
        try db.execute(sql: "INSERT INTO import_batch (file, imported_at) VALUES (?, ?)", arguments: [path, ISO8601DateFormatter().string(from: Date())])
        return db.lastInsertedRowID
    }

    /// A batch that stored nothing is removed, so it is never cited.
    private mutating func finishBatch(_ batch: Int64, inserted: Int) throws -> Int {
        if inserted == 0 {
            try db.execute(sql: "DELETE FROM import_batch WHERE id = ?", arguments: [batch])
        } else {
            batches.append(batch)
        }
        return inserted
    }

    /// Rows stored by one INSERT when a file is streamed: SQLite's work per statement (step, reset, halt, the
    /// statement journal) is then paid once for them all. It had been a third of a million-row import.
    static let rowsPerStatement = 128

    /// Stores one row (a float cell is its bit pattern) with its provenance; returns 1 if it is new, 0 if not.
    private func store(_ cells: UnsafeBufferPointer<Int64>, into table: Table, batch: Int64, line: Int) throws -> Int {
        let statement = table.statement.sqliteStatement
        bind(cells, line: line, batch: batch, to: statement, from: 1, floatColumns: table.floatColumns)
        return try step(statement)
    }

    /// Stores a full statement's rows, `cells` holding them one after another; returns how many were new.
    private func store(_ cells: UnsafeBufferPointer<Int64>, lines: [Int], into table: Table, batch: Int64) throws -> Int {
        let arity = table.columnTypes.count
        let statement = table.rowsStatement.sqliteStatement
        for row in lines.indices {
            bind(UnsafeBufferPointer(rebasing: cells[row * arity..<(row + 1) * arity]), line: lines[row], batch: batch,
                 to: statement, from: Int32(row * (arity + 2) + 1), floatColumns: table.floatColumns)
        }
        return try step(statement)
    }

    /// Binds one row's cells, batch and line to the parameters from `first` on.
    private func bind(_ cells: UnsafeBufferPointer<Int64>, line: Int, batch: Int64, to statement: SQLiteStatement, from first: Int32, floatColumns: [Bool]) {
        for column in cells.indices {
            if floatColumns[column] {
                sqlite3_bind_double(statement, first + Int32(column), Double(bitPattern: UInt64(bitPattern: cells[column])))
            } else {
                sqlite3_bind_int64(statement, first + Int32(column), cells[column])
            }
        }
        let provenance = first + Int32(cells.count)
        sqlite3_bind_int64(statement, provenance, batch)
        sqlite3_bind_int64(statement, provenance + 1, Int64(line))
    }

    /// Runs a bound INSERT; returns how many rows it stored.
    private func step(_ statement: SQLiteStatement) throws -> Int {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw DatabaseError(code: code, connection: connection) }
        return Int(sqlite3_changes(connection))
    }

    /// Builds the unique indexes of the relations this import created, deleting duplicates where the index finds
    /// them. Returns how many rows were deleted; a batch left without facts is removed, so it is never cited.
    func finish() throws -> Int {
        var deleted = 0
        for (relation, table) in tables where table.isNew {
            do {
                try Schema.createFactIndexes(relation, columnTypes: table.columnTypes, in: db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                deleted += try Schema.deleteDuplicateFacts(relation, columnTypes: table.columnTypes, in: db)
                try Schema.createFactIndexes(relation, columnTypes: table.columnTypes, in: db)
            }
        }
        if deleted > 0 {
            let written = tables.keys.map { "SELECT batch FROM \"\(Schema.factTable($0))\"" }.joined(separator: " UNION ")
            try db.execute(sql: "DELETE FROM import_batch WHERE id IN (\(batches.map(String.init).joined(separator: ", "))) AND id NOT IN (\(written))")
        }
        return deleted
    }
}

/// A value worked out on another thread while the caller goes on; `value()` waits for it.
final class BackgroundResult<Value: Sendable>: Sendable {
    private let done = DispatchGroup()
    private let result = Mutex<Value?>(nil)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: done) { self.result.withLock { $0 = work() } }
    }

    func value() -> Value {
        done.wait()
        return result.withLock { $0! }
    }
}

extension DatabaseError {
    /// The error of a statement stepped through SQLite's C API, with SQLite's message for it.
    init(code: Int32, connection: SQLiteConnection?) {
        self.init(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }
}
