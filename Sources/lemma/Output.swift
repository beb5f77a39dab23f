import Foundation
import Lemma

/// Writing replies and errors: JSON on stdout for scripts, compiler-style text on stderr for people.
enum Output {
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return #"{"error":{"code":"internal-error","message":"cannot encode the reply"}}"# }
        return String(decoding: data, as: UTF8.self)
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Reports a failure in the chosen format and returns the exit code: 2 for bad input, 3 for internal errors.
    static func fail(_ error: LemmaError, format: OutputFormat) -> Int32 {
        switch format {
        case .json: print(json(error.reply))
        case .text: printError(error.description)
        }
        return error.isBadInput ? 2 : 3
    }
}
