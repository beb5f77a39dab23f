import Lemma

/// Why a request got an error reply instead of a result. Each names the request's id (null when the line never got
/// as far as having one) and, where one field is to blame, that field.
public enum ServeError: Error, CustomStringConvertible, Sendable {
    /// The line itself is wrong: not JSON, not a request, a missing or mistyped field, too long.
    case request(id: JSON, code: String, message: String, field: String?)
    /// A well-formed request that Lemma could not carry out: a query with a syntax error, a missing file, …
    case failed(id: JSON, LemmaError, field: String?)

    public var id: JSON {
        switch self {
        case let .request(id, _, _, _), let .failed(id, _, _): id
        }
    }

    public var description: String {
        switch self {
        case let .request(_, code, message, field): "\(code)\(field.map { " (field '\($0)')" } ?? ""): \(message)"
        case let .failed(_, error, _): error.description
        }
    }

    /// The `error` object of the reply: `code`, `message`, `field`, and for errors in a text or file the location
    /// and every diagnostic.
    public var body: ErrorReply.Body {
        switch self {
        case let .request(_, code, message, field):
            var body = ErrorReply(code: code, message: message).error
            body.field = field
            return body
        case let .failed(_, error, field):
            var body = error.reply.error
            body.field = field
            return body
        }
    }
}
