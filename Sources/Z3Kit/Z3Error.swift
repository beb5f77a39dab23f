import CZ3

/// A failure reported by Z3, or a misuse of the API detected before reaching Z3.
///
/// The code is Z3's own `Z3_error_code` value so that callers can distinguish,
/// for example, sort mismatches (`Z3_EXCEPTION`) from invalid usage without
/// importing the C library.
public struct Z3Error: Error, CustomStringConvertible, Equatable {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "Z3 error \(code): \(message)" }

    static func invalidArgument(_ message: String) -> Z3Error {
        Z3Error(code: Int(Z3_INVALID_ARG.rawValue), message: message)
    }

    static func invalidUsage(_ message: String) -> Z3Error {
        Z3Error(code: Int(Z3_INVALID_USAGE.rawValue), message: message)
    }

    /// Z3 signals most failures through the error code, but a null result
    /// without one must still never be dereferenced.
    static func missingResult(of operation: String) -> Z3Error {
        Z3Error(code: Int(Z3_EXCEPTION.rawValue), message: "\(operation) produced no result")
    }
}
