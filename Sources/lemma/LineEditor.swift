import CEditLine
import Foundation

/// Reads the REPL's lines: with editing and a history file (libedit) when a person is at a terminal, plainly when
/// input is a pipe, so scripts can drive `lemma repl` too.
struct LineEditor {
    let interactive: Bool
    let historyPath: String?

    init() {
        interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        guard interactive else {
            historyPath = nil
            return
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        historyPath = URL(fileURLWithPath: home).appendingPathComponent(".lemma_history").path
        using_history()
        if let historyPath { read_history(historyPath) }
    }

    /// The next line without its newline; nil at the end of input.
    func read(prompt: String) -> String? {
        guard interactive else { return Swift.readLine(strippingNewline: true) }
        guard let pointer = readline(prompt) else { return nil }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(line)
            if let historyPath { write_history(historyPath) }
        }
        return line
    }
}
