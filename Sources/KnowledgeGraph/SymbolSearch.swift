import Foundation
import GRDB
import Syntax

/// One column of one stored relation, e.g. the second column of `parent`.
public struct ColumnReference: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var relation: RelationName
    /// Zero-based, in declaration order.
    public var column: Int

    public init(relation: RelationName, column: Int) {
        self.relation = relation
        self.column = column
    }

    public var description: String { "\(relation)[\(column)]" }

    public static func < (lhs: ColumnReference, rhs: ColumnReference) -> Bool {
        (lhs.relation, lhs.column) < (rhs.relation, rhs.column)
    }
}

/// Turns arbitrary typed text into an FTS5 query that can only mean "any of these trigrams": FTS5 has its own
/// syntax (`AND`, `NEAR(`, `*`, `^`, column filters), and a question must never be able to speak it.
enum SymbolSearchQuery {
    /// Enough trigrams for any name a person would type; a pasted paragraph must not become a huge query.
    static let maximumTrigrams = 64

    /// The text without control characters (a NUL would end the query early in SQLite's C API), trimmed.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !(scalar.properties.generalCategory == .control) {
            scalars.append(scalar)
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    /// Distinct trigrams of the lower-cased text in order of first appearance, over Unicode scalars as the
    /// `trigram` tokenizer counts them.
    static func trigrams(of text: String) -> [String] {
        let scalars = Array(text.lowercased().unicodeScalars)
        guard scalars.count >= 3 else { return [] }
        var seen = Set<String>()
        var result: [String] = []
        for start in 0...(scalars.count - 3) where result.count < maximumTrigrams {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<start + 3])
            let text = String(trigram)
            if seen.insert(text).inserted { result.append(text) }
        }
        return result
    }

    /// `"abc" OR "bcd" OR ...`: each trigram is an FTS5 string, inside which only a doubled quote is special.
    static func match(_ trigrams: [String]) -> String {
        trigrams.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    /// A LIKE pattern matching `text` literally, with `\` as the escape character.
    static func literalPattern(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

extension KnowledgeBase {
    /// Stored symbols that share trigrams with `text`, best first by BM25 (more shared trigrams, shorter names),
    /// ignoring case. Text shorter than three characters has no trigram, so it is matched as a case-insensitive
    /// name or name prefix instead, exact matches first. The text reaches SQL only as a bound parameter.
    public func searchSymbols(near text: String, limit: Int) throws(KnowledgeGraphError) -> [String] {
        guard limit > 0 else { return [] }
        let cleaned = SymbolSearchQuery.clean(text)
        guard !cleaned.isEmpty else { return [] }
        let trigrams = SymbolSearchQuery.trigrams(of: cleaned)
        return try read { db in
            if trigrams.isEmpty {
                let exact = SymbolSearchQuery.literalPattern(cleaned)
                return try String.fetchAll(db, sql: """
                    SELECT text FROM symbol WHERE text LIKE ? ESCAPE '\\'
                    ORDER BY text LIKE ? ESCAPE '\\' DESC, length(text), text LIMIT ?
                    """, arguments: [exact + "%", exact, limit])
            }
            return try String.fetchAll(db, sql: """
                SELECT symbol.text FROM symbol_search JOIN symbol ON symbol.id = symbol_search.rowid
                WHERE symbol_search MATCH ?
                ORDER BY bm25(symbol_search), length(symbol.text), symbol.text LIMIT ?
                """, arguments: [SymbolSearchQuery.match(trigrams), limit])
        }
    }

    /// For each stored symbol, the columns of stored facts it occurs in. Only facts are scanned: what rules derive
    /// is not stored, and a name that occurs only in rules is not a name a question can be grounded to.
    public func symbolColumns() throws(KnowledgeGraphError) -> [String: Set<ColumnReference>] {
        try read { db in
            let program = try Self.loadProgram(db).program
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'fact:%' ORDER BY name")
            var result: [String: Set<ColumnReference>] = [:]
            for table in tables {
                guard let relation = Schema.relationName(ofTable: table),
                      let types = Validator.columnTypes(of: relation.name, in: program) else { continue }
                for (column, type) in types.enumerated() where type == .symbol {
                    let reference = ColumnReference(relation: relation, column: column)
                    let texts = try String.fetchCursor(db, sql: "SELECT text FROM symbol WHERE id IN (SELECT c\(column) FROM \"\(table)\")")
                    while let text = try texts.next() {
                        result[text, default: []].insert(reference)
                    }
                }
            }
            return result
        }
    }
}
