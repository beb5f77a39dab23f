import Foundation
import GRDB
import GRDBSQLite
import Syntax

public struct ImportSummary: Sendable, Codable {
    public var files: [String]
    public var newFacts: Int
    public var newRules: Int
    public var contentHash: String
    public var warnings: [Diagnostic]
}

/// What an import reads before anything is written: the program pieces and the facts of every file.
struct ImportPlan {
    var program = Program()
    var sources: [String: String] = [:]
    /// Files in reading order with the facts each contributes, kept apart so each gets its own batch.
    var factFiles: [(path: String, facts: [Fact])] = []
    var diagnostics: [Diagnostic] = []
    var hashedFiles: [(path: String, text: String)] = []

    /// Reads `.dl` files (following includes and `.input`s), `.facts` and `.csv` files, resolving column types
    /// against what the knowledge base already declares.
    static func read(_ paths: [String], provider: any SourceProvider, existing: Program) throws(KnowledgeGraphError) -> ImportPlan {
        var plan = ImportPlan()
        let programFiles = paths.filter { $0.hasSuffix(".dl") }
        if !programFiles.isEmpty {
            let loaded: LoadedProgram
            do {
                loaded = try ProgramLoader(provider: provider).load(files: programFiles, validate: false)
            } catch {
                throw .source(error)
            }
            plan.program = loaded.program
            plan.sources = loaded.sources
            plan.diagnostics = loaded.diagnostics
            plan.hashedFiles = loaded.files.map { ($0, loaded.sources[$0] ?? "") }
            var inlineFacts: [String: [Fact]] = [:]
            for fact in loaded.program.facts { inlineFacts[fact.location.file, default: []].append(fact) }
            for file in loaded.files { plan.factFiles.append((file, inlineFacts[file] ?? [])) }
        }
        var combined = existing
        combined.append(plan.program)
        for input in plan.program.inputs {
            guard let types = Validator.columnTypes(of: input.relation, in: combined) else { continue }
            let result = FactFileReader(provider: provider).read(input, columnTypes: types)
            plan.diagnostics += result.diagnostics
            let path = FactFileReader.path(of: input)
            plan.factFiles.append((path, result.facts))
            if let text = try? provider.read(path) { plan.hashedFiles.append((path, text)) }
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
            let result = FactFileReader.parse(text: text, path: path, relation: name, delimiter: path.hasSuffix(".csv") ? "," : "\t", columnTypes: types)
            plan.diagnostics += result.diagnostics
            plan.factFiles.append((path, result.facts))
            plan.hashedFiles.append((path, text))
        }
        return plan
    }
}

extension KnowledgeBase {
    /// Adds the rules and facts of `.dl`, `.facts` and `.csv` files in ONE transaction: if any file has an error,
    /// nothing is stored and the error names its file, line and column. Re-importing the same content changes nothing.
    @discardableResult
    public func importSources(_ paths: [String], provider: any SourceProvider = FileSystemSource(), contentHash fixedHash: String? = nil) throws(KnowledgeGraphError) -> ImportSummary {
        try write { db in
            let existing = try Self.loadProgram(db)
            let plan = try ImportPlan.read(paths, provider: provider, existing: existing.program)
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
            var writer = try FactWriter(db: db, program: combined)
            let newRules = try Self.store(additions, sources: plan.sources, in: db)
            var newFacts = 0
            for (path, facts) in plan.factFiles where !facts.isEmpty {
                newFacts += try writer.insert(facts, from: path)
            }
            newFacts -= try writer.finish()
            let previousHash = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'content_hash'") ?? ""
            var hash = previousHash
            if let fixedHash {
                hash = fixedHash
            } else if newFacts > 0 || newRules > 0 {
                var hasher = SHA256()
                hasher.update(previousHash)
                for (path, text) in plan.hashedFiles {
                    hasher.update("\u{0}\(path)\u{0}")
                    hasher.update(text)
                }
                hash = "sha256:" + hasher.finalize()
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'content_hash'", arguments: [hash])
            return ImportSummary(files: plan.factFiles.map(\.path), newFacts: newFacts, newRules: newRules, contentHash: hash, warnings: diagnostics.filter { $0.severity == .warning })
        }
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
/// A relation whose table this import creates is filled before its indexes exist: its rows go in with a plain
/// INSERT, duplicates are removed once at the end (keeping the first, as INSERT OR IGNORE would), and then the
/// indexes are built in one pass each. A relation that already has facts is written with INSERT OR IGNORE against
/// its unique index.
struct FactWriter {
    private let db: Database
    private let program: Program
    private var symbolIds: [String: Int64] = [:]
    private var tables: [RelationName: Table] = [:]

    private struct Table {
        let columnTypes: [PrimitiveType]
        let statement: Statement
        /// Created by this import, so its indexes are built by `finish()`.
        let isNew: Bool
    }

    init(db: Database, program: Program) throws {
        self.db = db
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

    private mutating func table(for relation: RelationName) throws -> Table? {
        if let table = tables[relation] { return table }
        guard let types = Validator.columnTypes(of: relation.name, in: program) else { return nil }
        let name = Schema.factTable(relation)
        let isNew = try !db.tableExists(name)
        try Schema.createFactTable(relation, columnTypes: types, indexes: !isNew, in: db)
        let columns = types.indices.map { "c\($0)" } + ["batch", "line"]
        let statement = try db.makeStatement(sql: "INSERT \(isNew ? "" : "OR IGNORE ")INTO \"\(name)\" (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
        let table = Table(columnTypes: types, statement: statement, isNew: isNew)
        tables[relation] = table
        return table
    }

    /// Returns how many of the facts were stored (for a new relation, before `finish()` removes duplicates).
    mutating func insert(_ facts: [Fact], from path: String) throws -> Int {
        try db.execute(sql: "INSERT INTO import_batch (file, imported_at) VALUES (?, ?)", arguments: [path, ISO8601DateFormatter().string(from: Date())])
        let batch = db.lastInsertedRowID
        var inserted = 0
        for fact in facts {
            guard let table = try table(for: fact.relation) else { continue }
            let statement = table.statement.sqliteStatement
            var slot: Int32 = 1
            for value in fact.values {
                switch value {
                case let .symbol(text): sqlite3_bind_int64(statement, slot, try symbolId(text))
                case let .number(n): sqlite3_bind_int64(statement, slot, n)
                case let .float(x): sqlite3_bind_double(statement, slot, x)
                }
                slot += 1
            }
            sqlite3_bind_int64(statement, slot, batch)
            sqlite3_bind_int64(statement, slot + 1, Int64(fact.location.line))
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            inserted += Int(sqlite3_changes(db.sqliteConnection))
        }
        if inserted == 0 {
            try db.execute(sql: "DELETE FROM import_batch WHERE id = ?", arguments: [batch])
        }
        return inserted
    }

    /// Builds the indexes of the relations this import created. When a relation's rows hold duplicates, its unique
    /// index cannot be built: the duplicates are removed, keeping the first, and it is built again. Returns how many
    /// duplicate rows were removed.
    mutating func finish() throws -> Int {
        var removed = 0
        for (relation, table) in tables where table.isNew {
            do {
                try Schema.createFactIndexes(relation, columnTypes: table.columnTypes, in: db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                let name = Schema.factTable(relation)
                let columns = table.columnTypes.indices.map { "c\($0)" }
                try db.execute(sql: "DELETE FROM \"\(name)\" WHERE rowid NOT IN (SELECT MIN(rowid) FROM \"\(name)\" GROUP BY \((columns.isEmpty ? ["unit"] : columns).joined(separator: ", ")))")
                removed += db.changesCount
                try Schema.createFactIndexes(relation, columnTypes: table.columnTypes, in: db)
            }
        }
        return removed
    }
}
