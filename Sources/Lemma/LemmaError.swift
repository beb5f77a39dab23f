import Certification
import KnowledgeGraph
import NeuralParser
import Reasoner
import Syntax

/// Everything a Lemma command can fail with. Bad input (exit code 2) is told apart from internal errors (exit 3).
public enum LemmaError: Error, CustomStringConvertible, Sendable {
    case invalidInput([Diagnostic], sources: [String: String])
    case knowledge(KnowledgeGraphError)
    /// The checker and Z3 disagree with the reasoner: a bug, never reported as an answer.
    case certificationDisagreement(CertificationError)
    /// A sentence that cannot be read as a query or statement, or an unusable parser weights file.
    case parse(ParseError)
    /// A sentence of a theory told in English that is outside the theory grammar.
    case theory(TheoryError)

    public var description: String {
        switch self {
        case let .invalidInput(diagnostics, sources):
            return DiagnosticRenderer(sources: sources).render(diagnostics)
        case let .knowledge(error):
            return error.description
        case let .certificationDisagreement(error):
            return "internal error: an answer failed certification (\(error)); please report this"
        case let .parse(error):
            return "error: \(error)"
        case let .theory(error):
            return "error: cannot read \(error)"
        }
    }

    public var isBadInput: Bool {
        if case .certificationDisagreement = self { return false }
        if case let .knowledge(error) = self, case .database = error { return false }
        return true
    }

    public var reply: ErrorReply {
        switch self {
        case let .invalidInput(diagnostics, _):
            return ErrorReply(diagnostics)
        case let .knowledge(error):
            if !error.diagnostics.isEmpty { return ErrorReply(error.diagnostics) }
            switch error {
            case let .source(sourceError):
                if case let .unreadable(path, reason, location) = sourceError {
                    return ErrorReply(code: "unreadable-file", message: "cannot read '\(path)': \(reason)", location: location ?? SourceLocation(file: path, line: 0, column: 0))
                }
                if case let .invalidText(location, reason) = sourceError {
                    return ErrorReply(code: "invalid-text", message: reason, location: location)
                }
                return ErrorReply(code: "empty-knowledge", message: sourceError.description)
            case let .notAKnowledgeBase(path, reason):
                return ErrorReply(code: "bad-knowledge", message: reason, location: SourceLocation(file: path, line: 0, column: 0))
            default:
                return ErrorReply(code: "knowledge-error", message: error.description)
            }
        case let .certificationDisagreement(error):
            return ErrorReply(code: "internal-error", message: error.description)
        case let .parse(error):
            return ErrorReply(code: error.code, message: error.description)
        case let .theory(error):
            return ErrorReply(code: "unreadable-sentence", message: error.description)
        }
    }
}
