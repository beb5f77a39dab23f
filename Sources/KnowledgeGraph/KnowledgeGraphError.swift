import Syntax

public enum KnowledgeGraphError: Error, CustomStringConvertible, Sendable {
    /// The program or a fact file has errors; nothing was stored.
    case invalidProgram([Diagnostic], sources: [String: String])
    case source(SourceError)
    case notAKnowledgeBase(path: String, reason: String)
    case schemaTooNew(path: String, found: Int, supported: Int)
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case let .invalidProgram(diagnostics, sources):
            return DiagnosticRenderer(sources: sources).render(diagnostics.filter { $0.severity == .error })
        case let .source(error):
            return error.description
        case let .notAKnowledgeBase(path, reason):
            return "error: '\(path)' is not a Lemma knowledge base: \(reason)"
        case let .schemaTooNew(path, found, supported):
            return "error: '\(path)' uses schema version \(found), newer than this lemma supports (\(supported)); upgrade lemma"
        case let .database(path, message):
            return "error: database '\(path)': \(message)"
        }
    }

    public var diagnostics: [Diagnostic] {
        if case let .invalidProgram(diagnostics, _) = self { return diagnostics }
        return []
    }
}
