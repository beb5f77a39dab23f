/// Why a sentence could not be turned into a query.
public enum ParseError: Error, Equatable, CustomStringConvertible {
    case notInSchema(String)
    case unsupported(String)
    case noDomain(String)
    case empty
    case nothingLinked(String)
    case invalidWeights(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notInSchema(relation): return "the parse names \(relation), which the knowledge does not declare with that arity"
        case let .unsupported(what): return "\(what) cannot be asked yet"
        case let .noDomain(type): return "cannot list everything of type \(type) that is not so: no unary relation lists the values of \(type)"
        case .empty: return "the question is empty"
        case let .nothingLinked(question): return "no relation of the knowledge matches \"\(question)\""
        case let .invalidWeights(path, reason): return "\(path): not a usable parser weights file: \(reason)"
        }
    }
}
