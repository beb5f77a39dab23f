import Foundation

/// Reads newline-separated lines from a file descriptor without ever holding more than the longest allowed line, so
/// an endless line cannot exhaust memory: past the limit the rest of it is skipped and reported as too long.
struct LineReader {
    enum Line: Equatable {
        case text(String)
        case tooLong(bytes: Int)
        case invalidUTF8
    }

    let descriptor: Int32
    let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var endOfInput = false

    init(descriptor: Int32, maximumBytes: Int) {
        self.descriptor = descriptor
        self.maximumBytes = maximumBytes
    }

    /// The next line, or nil at the end of input. A last line without a newline still counts.
    mutating func next() -> Line? {
        var skipped = 0
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = buffer[start..<newline]
                start = newline + 1
                if skipped > 0 || bytes.count > maximumBytes { return .tooLong(bytes: skipped + bytes.count) }
                return Self.decode(bytes)
            }
            let pending = buffer.count - start
            if pending > maximumBytes {
                skipped += pending
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if endOfInput {
                guard buffer.count > start || skipped > 0 else { return nil }
                let bytes = buffer[start...]
                buffer.removeAll()
                start = 0
                if skipped > 0 || bytes.count > maximumBytes { return .tooLong(bytes: skipped + bytes.count) }
                return Self.decode(bytes)
            }
            fill()
        }
    }

    private mutating func fill() {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return
            }
            if count < 0, errno == EINTR { continue }
            endOfInput = true
            return
        }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> Line {
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .invalidUTF8 }
        return .text(text)
    }
}
