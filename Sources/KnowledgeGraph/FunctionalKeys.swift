import GRDB
import Syntax

extension KnowledgeBase {
    /// Refuses a second stored fact for a key of a relation declared with `choice-domain`: the declaration says the
    /// relation is functional in that key, so two facts for one key contradict each other and neither may be kept
    /// silently. Run inside the import's transaction, so a refusal stores nothing.
    static func checkFunctionalKeys(of program: Program, in db: Database, sources: [String: String]) throws {
        for declaration in program.relations {
            for key in declaration.functionalKeys {
                let table = Schema.factTable(RelationName(declaration.name))
                guard try db.tableExists(table) else { continue }
                let others = declaration.attributes.indices.filter { !key.contains($0) }
                guard !others.isEmpty else { continue }
                let sameKey = key.map { "a.c\($0) = b.c\($0)" }.joined(separator: " AND ")
                let differs = others.map { "a.c\($0) IS NOT b.c\($0)" }.joined(separator: " OR ")
                let sql = """
                    SELECT fa.file, a.line, fb.file, b.line FROM "\(table)" a JOIN "\(table)" b ON \(sameKey) AND (\(differs)) AND a.rowid < b.rowid
                    JOIN import_batch fa ON fa.id = a.batch JOIN import_batch fb ON fb.id = b.batch LIMIT 1
                    """
                guard let row = try Row.fetchOne(db, sql: sql) else { continue }
                let names = key.map { declaration.attributes[$0].name }
                let keyText = names.count == 1 ? names[0] : "(" + names.joined(separator: ", ") + ")"
                let first = SourceLocation(file: row[0], line: row[1], column: 1)
                let second = SourceLocation(file: row[2], line: row[3], column: 1)
                throw KnowledgeGraphError.invalidProgram([.error(
                    "functional-conflict",
                    "a second fact of '\(declaration.name)' for the same \(keyText); '\(declaration.name)' is functional in \(keyText) (choice-domain), so it holds one fact per \(keyText)",
                    at: second, notes: [.init("the fact already stored", at: first)])], sources: sources)
            }
        }
    }
}
