import Syntax

/// One file read by one import. A stored fact records its batch and line, which together cite where it came from.
public struct ImportBatch: Hashable, Codable, Sendable {
    public var id: Int64
    public var file: String
    public var importedAt: String

    public init(id: Int64, file: String, importedAt: String) {
        self.id = id
        self.file = file
        self.importedAt = importedAt
    }
}

/// All stored facts of one relation, column-oriented for bulk loading into the reasoner:
/// a symbol is its id in `KnowledgeBase.symbols`, a number itself, a float its bit pattern.
public struct StoredFacts: Sendable {
    public var relation: RelationName
    public var columnTypes: [PrimitiveType]
    /// Row-major: row `r`, column `c` is `cells[r * arity + c]`.
    public var cells: [Int64]
    public var batches: [Int64]
    public var lines: [Int32]

    public var arity: Int { columnTypes.count }
    public var count: Int { batches.count }

    public func value(row: Int, column: Int, symbols: [String]) -> Value {
        let cell = cells[row * arity + column]
        switch columnTypes[column] {
        case .symbol: return .symbol(symbols[Int(cell)])
        case .number, .unsigned: return .number(cell)
        case .float: return .float(Double(bitPattern: UInt64(bitPattern: cell)))
        }
    }
}

/// The stored rule set: everything in the program but its facts.
public struct StoredProgram: Sendable {
    public var program: Program
    /// The text of every `.dl` file the rules came from, keyed by path, for diagnostics and citations.
    public var sources: [String: String]
}
