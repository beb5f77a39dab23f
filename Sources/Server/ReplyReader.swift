import Foundation

/// Reads a server's replies line by line from the pipe it writes to, for the programs that drive `lemma serve`
/// through pipes: the serve benchmark and the tests.
public struct ReplyReader {
    let handle: FileHandle
    private var buffer = Data()

    public init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next line without its newline; nil once the server has closed its output (a last line without a
    /// newline still counts).
    public mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(chunk)
        }
    }
}
