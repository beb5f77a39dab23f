/// A token of the rule language with the location of its first character.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        /// `.decl`, `.input`, ... (the name without the dot)
        case directive(String)
        case string(String)
        case integer(Int64)
        case float(Double)
        case punctuation(String)
        case endOfFile
    }

    var kind: Kind
    var location: SourceLocation
    /// Offset of the first character in the file's UTF-8 bytes, for slicing source text.
    var offset: Int
    var endOffset: Int
}

/// Splits source text into tokens. Errors are collected, not thrown, so that one run reports all of them.
struct Lexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    /// Counted as characters are consumed, so long lines cost no more than short ones.
    private var column = 1
    private(set) var diagnostics: [Diagnostic] = []

    init(text: String, file: String) {
        self.bytes = Array(text.utf8)
        self.file = file
    }

    private static let punctuation: [String] = [
        ":-", "<:", "!=", "<=", ">=", "=>", "(", ")", ",", ".", ":", ";", "!", "=", "<", ">",
        "+", "-", "*", "/", "%", "{", "}", "|", "_", "[", "]",
    ]

    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            skipWhitespaceAndComments()
            let start = index
            let location = currentLocation
            guard index < bytes.count else {
                tokens.append(Token(kind: .endOfFile, location: location, offset: start, endOffset: start))
                return tokens
            }
            if let kind = nextKind(location: location) {
                tokens.append(Token(kind: kind, location: location, offset: start, endOffset: index))
            }
        }
    }

    private var currentLocation: SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// Columns count characters, not bytes (UTF-8 continuation bytes do not advance them), so carets line up under
    /// non-ASCII names.
    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if index + 1 < bytes.count, bytes[index + 1] & 0xC0 != 0x80 {
            column += 1
        } else if index + 1 >= bytes.count {
            column += 1
        }
        index += 1
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func skipWhitespaceAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                advance()
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let location = currentLocation
                advance(); advance()
                var closed = false
                while index < bytes.count {
                    if peek() == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        advance(); advance()
                        closed = true
                        break
                    }
                    advance()
                }
                if !closed {
                    diagnostics.append(.error("syntax-error", "unterminated block comment; expected '*/'", at: location))
                }
            } else {
                return
            }
        }
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "?") || byte >= 0x80
    }

    private static func isIdentifierContinuation(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func nextKind(location: SourceLocation) -> Token.Kind? {
        let byte = bytes[index]
        if byte == UInt8(ascii: "."), let next = peek(1), Self.isIdentifierStart(next), next != UInt8(ascii: "_") {
            advance()
            return .directive(readIdentifier())
        }
        if Self.isIdentifierStart(byte) {
            let name = readIdentifier()
            return name == "_" ? .punctuation("_") : .identifier(name)
        }
        if Self.isDigit(byte) {
            return readNumber(location: location)
        }
        if byte == UInt8(ascii: "\"") {
            return readString(location: location)
        }
        for symbol in Self.punctuation where matches(symbol) {
            for _ in symbol.utf8 { advance() }
            return .punctuation(symbol)
        }
        let scalar = String(decoding: bytes[index...].prefix(while: { $0 >= 0x80 }).prefix(4), as: UTF8.self)
        diagnostics.append(.error("syntax-error", "unexpected character '\(scalar.isEmpty ? String(UnicodeScalar(byte)) : scalar)'", at: location))
        advance()
        return nil
    }

    private func matches(_ symbol: String) -> Bool {
        for (offset, expected) in symbol.utf8.enumerated() where peek(offset) != expected {
            return false
        }
        return true
    }

    private mutating func readIdentifier() -> String {
        let start = index
        while let byte = peek(), Self.isIdentifierContinuation(byte) { advance() }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readNumber(location: SourceLocation) -> Token.Kind? {
        let start = index
        if peek() == UInt8(ascii: "0"), let marker = peek(1), marker == UInt8(ascii: "x") || marker == UInt8(ascii: "b") {
            advance(); advance()
            let digitsStart = index
            while let byte = peek(), Self.isIdentifierContinuation(byte) { advance() }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
            if let value = Int64(digits, radix: marker == UInt8(ascii: "x") ? 16 : 2) { return .integer(value) }
            diagnostics.append(.error("syntax-error", "malformed number literal", at: location))
            return nil
        }
        while let byte = peek(), Self.isDigit(byte) { advance() }
        var isFloat = false
        if peek() == UInt8(ascii: "."), let next = peek(1), Self.isDigit(next) {
            isFloat = true
            advance()
            while let byte = peek(), Self.isDigit(byte) { advance() }
        }
        if let marker = peek(), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E"),
           let next = peek(1), Self.isDigit(next) || ((next == UInt8(ascii: "-") || next == UInt8(ascii: "+")) && peek(2).map(Self.isDigit) == true) {
            isFloat = true
            advance(); advance()
            while let byte = peek(), Self.isDigit(byte) { advance() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Soufflé writes unsigned constants with a `u` suffix; the value is the same number.
        if peek() == UInt8(ascii: "u") { advance() }
        if isFloat, let value = Double(text) { return .float(value) }
        if let value = Int64(text) { return .integer(value) }
        diagnostics.append(.error("syntax-error", "number literal '\(text)' does not fit in 64 bits", at: location))
        return nil
    }

    private mutating func readString(location: SourceLocation) -> Token.Kind? {
        advance()
        var scalars: [UInt8] = []
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                advance()
                return .string(String(decoding: scalars, as: UTF8.self))
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\") {
                let escapeLocation = currentLocation
                advance()
                guard let escaped = peek() else { break }
                switch escaped {
                case UInt8(ascii: "n"): scalars.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): scalars.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): scalars.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "'"): scalars.append(escaped)
                default:
                    diagnostics.append(.error("syntax-error", "unknown escape sequence '\\\(String(UnicodeScalar(escaped)))'; expected one of \\n \\t \\r \\\" \\\\", at: escapeLocation))
                }
                advance()
                continue
            }
            scalars.append(byte)
            advance()
        }
        diagnostics.append(.error("syntax-error", "unterminated string literal; expected '\"' before the end of the line", at: location))
        return nil
    }
}

extension Token.Kind: CustomStringConvertible {
    var description: String {
        switch self {
        case let .identifier(name): return "'\(name)'"
        case let .directive(name): return "'.\(name)'"
        case let .string(text): return Value.quoted(text)
        case let .integer(value): return "'\(value)'"
        case let .float(value): return "'\(value)'"
        case let .punctuation(symbol): return "'\(symbol)'"
        case .endOfFile: return "end of file"
        }
    }
}
