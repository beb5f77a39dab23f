/// A finding about a program: values, so that text, JSON and SARIF renderers all read the same data.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable, Comparable {
        case warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public struct Note: Hashable, Codable, Sendable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    /// A stable, machine-readable identifier such as `syntax-error` or `unsafe-variable`.
    public var code: String
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]

    public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation?, notes: [Note] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: location, notes: notes)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: location, notes: notes)
    }

    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(message)"
    }
}

/// Thrown when a program cannot be used because it has errors; carries every diagnostic, not only the first.
public struct DiagnosticsError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

/// Renders diagnostics the way compilers do: `file:line:column: error: message`, the offending line, a caret.
public struct DiagnosticRenderer: Sendable {
    private let sources: [String: String]

    /// - Parameter sources: the text of each file by the path used in its locations.
    public init(sources: [String: String]) {
        self.sources = sources
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = [diagnostic.description]
        if let location = diagnostic.location {
            lines += excerpt(at: location)
        }
        for note in diagnostic.notes {
            let prefix = note.location.map { "\($0): " } ?? ""
            lines.append("\(prefix)note: \(note.message)")
        }
        return lines.joined(separator: "\n")
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    private func excerpt(at location: SourceLocation) -> [String] {
        guard let text = sources[location.file] else { return [] }
        var lineNumber = 1
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if lineNumber == location.line {
                let visible = String(line.prefix { $0 != "\r" })
                let indent = visible.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
                return [visible, indent + "^"]
            }
            lineNumber += 1
        }
        return []
    }
}
