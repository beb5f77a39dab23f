/// Reads the delimited fact files named by `.input`: fields are raw (no unquoting, no trimming), as in Soufflé.
public struct FactFileReader: Sendable {
    public let provider: any SourceProvider

    public init(provider: any SourceProvider = FileSystemSource()) {
        self.provider = provider
    }

    /// The path of the file an `.input` reads: relative to the folder of the `.dl` file holding the directive.
    public static func path(of input: InputDirective) -> String {
        Paths.resolve(input.fileName, relativeTo: input.location.file)
    }

    /// Reads every row; a malformed row is reported with its file, line and column and the file yields no facts at all,
    /// so a half-read file is never stored.
    public func read(_ input: InputDirective, columnTypes: [PrimitiveType]) -> (facts: [Fact], diagnostics: [Diagnostic]) {
        let (text, problem) = text(of: input)
        guard let text else { return ([], problem.map { [$0] } ?? []) }
        return Self.parse(text: text, path: Self.path(of: input), relation: input.relation, delimiter: input.delimiter, skipHeader: input.hasHeader, columnTypes: columnTypes)
    }

    /// The text of the file an `.input` reads, or why it cannot be read: text that is not UTF-8 (or has NUL bytes, or
    /// an overlong line) at its offending byte, any other failure at the directive.
    public func text(of input: InputDirective) -> (text: String?, problem: Diagnostic?) {
        let path = Self.path(of: input)
        do {
            return (try provider.read(path), nil)
        } catch {
            if case let .invalidText(location, reason) = error { return (nil, .error("invalid-text", reason, at: location)) }
            return (nil, .error("missing-input", "cannot read '\(path)' for '.input \(input.relation)'", at: input.location))
        }
    }

    public static func parse(text: String, path: String, relation: String, delimiter: String, skipHeader: Bool = false, columnTypes: [PrimitiveType]) -> (facts: [Fact], diagnostics: [Diagnostic]) {
        var facts: [Fact] = []
        let relationName = RelationName(relation)
        let diagnostics = forEachRow(in: text, path: path, relation: relation, delimiter: delimiter, skipHeader: skipHeader, columnTypes: columnTypes) { line, fields in
            let values = fields.map { field -> Value in
                switch field {
                case let .symbol(bytes): return .symbol(String(decoding: bytes, as: UTF8.self))
                case let .number(number): return .number(number)
                case let .float(float): return .float(float)
                }
            }
            facts.append(Fact(relationName, values, location: SourceLocation(file: path, line: line, column: 1)))
        }
        return (diagnostics.isEmpty ? facts : [], diagnostics)
    }

    /// One field of a row, converted to its column's type. A symbol's bytes belong to the file's text and are valid only
    /// during the call that receives them.
    public enum Field {
        case symbol(UnsafeBufferPointer<UInt8>)
        case number(Int64)
        case float(Double)
    }

    /// Calls `body` with the line number and fields of every well-formed row, without building a `Fact` per row, so
    /// that a million-row file streams straight into the store. Returns the diagnostics of the malformed rows (at
    /// most 20); the caller must discard what it received when there are any.
    public static func forEachRow(in text: String, path: String, relation: String, delimiter: String, skipHeader: Bool = false, columnTypes: [PrimitiveType],
                                  _ body: (_ line: Int, _ fields: UnsafeBufferPointer<Field>) throws -> Void) rethrows -> [Diagnostic] {
        var text = text
        text.makeContiguousUTF8()
        let delimiterBytes = Array(delimiter.utf8)
        return try text.utf8.withContiguousStorageIfAvailable { bytes in
            try withUnsafeTemporaryAllocation(of: Field.self, capacity: max(columnTypes.count, 1)) { fields in
                var diagnostics: [Diagnostic] = []
                var lineNumber = 0
                var lineStart = 0
                while lineStart < bytes.count, diagnostics.count < 20 {
                    var lineEnd = lineStart
                    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                    let nextLine = lineEnd + 1
                    if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                    lineNumber += 1
                    defer { lineStart = nextLine }
                    if skipHeader && lineNumber == 1 || lineEnd == lineStart { continue }
                    let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                    if let problem = readFields(of: line, delimiter: delimiterBytes, columnTypes: columnTypes, into: fields) {
                        diagnostics.append(problem.diagnostic(line: line, number: lineNumber, path: path, relation: relation, delimiter: delimiter, columnTypes: columnTypes))
                    } else if diagnostics.isEmpty {
                        try body(lineNumber, UnsafeBufferPointer(rebasing: fields[..<columnTypes.count]))
                    }
                }
                return diagnostics
            }
        }!
    }

    /// Why a row could not be read.
    private enum RowProblem {
        case fieldCount(Int)
        /// The field of column `column` (from 0), starting at byte `offset` of the line, does not hold its type.
        case type(column: Int, offset: Int, field: UnsafeBufferPointer<UInt8>)

        func diagnostic(line: UnsafeBufferPointer<UInt8>, number: Int, path: String, relation: String, delimiter: String, columnTypes: [PrimitiveType]) -> Diagnostic {
            switch self {
            case let .fieldCount(found):
                return .error("arity-mismatch", "expected \(columnTypes.count) fields separated by \(describe(delimiter)) for '\(relation)', found \(found)",
                              at: SourceLocation(file: path, line: number, column: 1))
            case let .type(column, offset, field):
                let type = columnTypes[column]
                let characterColumn = String(decoding: UnsafeBufferPointer(rebasing: line[..<offset]), as: UTF8.self).count + 1
                return .error("type-mismatch", "expected \(article(type)) \(type.rawValue) for column \(column + 1) of '\(relation)', found '\(String(decoding: field, as: UTF8.self))'",
                              at: SourceLocation(file: path, line: number, column: characterColumn))
            }
        }
    }

    /// Splits `line` at `delimiter` and converts each field to its column's type. A single column takes the whole
    /// line, delimiters and all. A wrong number of fields is reported before a field of the wrong type.
    private static func readFields(of line: UnsafeBufferPointer<UInt8>, delimiter: [UInt8], columnTypes: [PrimitiveType], into fields: UnsafeMutableBufferPointer<Field>) -> RowProblem? {
        var column = 0
        var fieldStart = 0
        var typeProblem: RowProblem?
        while true {
            var fieldEnd = columnTypes.count == 1 ? line.count : fieldStart
            while fieldEnd < line.count, !line.hasDelimiter(delimiter, at: fieldEnd) { fieldEnd += 1 }
            if column < columnTypes.count, typeProblem == nil {
                let field = UnsafeBufferPointer(rebasing: line[fieldStart..<fieldEnd])
                if let value = convert(field, to: columnTypes[column]) {
                    fields[column] = value
                } else {
                    typeProblem = .type(column: column, offset: fieldStart, field: field)
                }
            }
            column += 1
            guard fieldEnd < line.count else { break }
            fieldStart = fieldEnd + delimiter.count
        }
        return column == columnTypes.count ? typeProblem : .fieldCount(column)
    }

    private static func convert(_ field: UnsafeBufferPointer<UInt8>, to type: PrimitiveType) -> Field? {
        switch type {
        case .symbol: return .symbol(field)
        case .number: return integer(field).map(Field.number)
        case .unsigned: return integer(field).flatMap { $0 >= 0 ? Field.number($0) : nil }
        // NaN is not a value SQLite can store (it reads it as NULL), so it is rejected here, at its line and column.
        case .float: return Double(String(decoding: field, as: UTF8.self)).flatMap { $0.isNaN ? nil : Field.float($0) }
        }
    }

    /// The decimal integer `field` spells, with an optional sign, as `Int64(_:)` reads it; nil when it is not one or
    /// does not fit.
    private static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let isNegative = field.first == UInt8(ascii: "-")
        if isNegative || field.first == UInt8(ascii: "+") { index = 1 }
        guard index < field.count else { return nil }
        var value: Int64 = 0
        while index < field.count {
            let digit = field[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowedAgain) = isNegative ? shifted.subtractingReportingOverflow(Int64(digit)) : shifted.addingReportingOverflow(Int64(digit))
            guard !overflowed, !overflowedAgain else { return nil }
            value = next
            index += 1
        }
        return value
    }

    private static func describe(_ delimiter: String) -> String {
        delimiter == "\t" ? "tabs" : "'\(delimiter)'"
    }

    private static func article(_ type: PrimitiveType) -> String {
        type == .unsigned ? "an" : "a"
    }
}

private extension UnsafeBufferPointer<UInt8> {
    func hasDelimiter(_ delimiter: [UInt8], at offset: Int) -> Bool {
        guard let first = delimiter.first, self[offset] == first, offset + delimiter.count <= count else { return false }
        for index in 1..<delimiter.count where self[offset + index] != delimiter[index] { return false }
        return true
    }
}
