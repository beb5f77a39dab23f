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
        let path = Self.path(of: input)
        let text: String
        do {
            text = try provider.read(path)
        } catch {
            return ([], [.error("missing-input", "cannot read '\(path)' for '.input \(input.relation)'", at: input.location)])
        }
        return Self.parse(text: text, path: path, relation: input.relation, delimiter: input.delimiter, skipHeader: input.hasHeader, columnTypes: columnTypes)
    }

    public static func parse(text: String, path: String, relation: String, delimiter: String, skipHeader: Bool = false, columnTypes: [PrimitiveType]) -> (facts: [Fact], diagnostics: [Diagnostic]) {
        var facts: [Fact] = []
        var diagnostics: [Diagnostic] = []
        let relationName = RelationName(relation)
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so Windows line ends must be named as separators of their own.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if skipHeader && lineNumber == 1 { continue }
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            let fields = columnTypes.count == 1 ? [line] : line.split(separator: delimiter, omittingEmptySubsequences: false).map { Substring($0) }
            guard fields.count == columnTypes.count else {
                diagnostics.append(.error("arity-mismatch", "expected \(columnTypes.count) fields separated by \(describe(delimiter)) for '\(relation)', found \(fields.count)", at: SourceLocation(file: path, line: lineNumber, column: 1)))
                if diagnostics.count >= 20 { break }
                continue
            }
            var values: [Value] = []
            values.reserveCapacity(fields.count)
            var column = 1
            var rowIsValid = true
            for (field, type) in zip(fields, columnTypes) {
                if let value = convert(field, to: type) {
                    values.append(value)
                } else {
                    diagnostics.append(.error("type-mismatch", "expected \(article(type)) \(type.rawValue) for column \(values.count + 1) of '\(relation)', found '\(field)'", at: SourceLocation(file: path, line: lineNumber, column: column)))
                    rowIsValid = false
                    break
                }
                column += field.count + delimiter.count
            }
            if rowIsValid { facts.append(Fact(relationName, values, location: SourceLocation(file: path, line: lineNumber, column: 1))) }
            if diagnostics.count >= 20 { break }
        }
        return (diagnostics.isEmpty ? facts : [], diagnostics)
    }

    private static func convert(_ field: Substring, to type: PrimitiveType) -> Value? {
        switch type {
        case .symbol: return .symbol(String(field))
        case .number: return Int64(field).map(Value.number)
        case .unsigned: return Int64(field).flatMap { $0 >= 0 ? Value.number($0) : nil }
        case .float: return Double(field).map(Value.float)
        }
    }

    private static func describe(_ delimiter: String) -> String {
        delimiter == "\t" ? "tabs" : "'\(delimiter)'"
    }

    private static func article(_ type: PrimitiveType) -> String {
        type == .unsigned ? "an" : "a"
    }
}
