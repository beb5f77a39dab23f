import Foundation

/// What every text file Lemma reads must be: UTF-8, without NUL bytes, with lines of bounded length. A file that is
/// not is refused at the first offending byte, named by line and column, before any of it is parsed or stored.
public enum TextValidation {
    /// The longest line a program or fact file may have, in bytes.
    public static let maximumLineBytes = 1 << 20

    /// The first problem in `bytes` as a location in `path` (columns count characters, as in every diagnostic) and
    /// what was expected; nil when the text is fine.
    public static func problem(in bytes: UnsafeRawBufferPointer, path: String) -> (location: SourceLocation, reason: String)? {
        var line = 1
        var column = 1
        var lineBytes = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = sequenceLength(at: index, in: bytes)
            let location = SourceLocation(file: path, line: line, column: column)
            guard length > 0 else {
                return (location, "invalid UTF-8 (byte 0x\(String(lead, radix: 16, uppercase: true))); expected text encoded as UTF-8")
            }
            if lead == 0 { return (location, "a NUL byte; expected text") }
            if lead == UInt8(ascii: "\n") {
                line += 1
                column = 1
                lineBytes = 0
            } else {
                column += 1
                lineBytes += length
                if lineBytes > maximumLineBytes {
                    return (SourceLocation(file: path, line: line, column: 1), "a line longer than \(maximumLineBytes) bytes; expected shorter lines")
                }
            }
            index += length
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (RFC 3629: no overlong forms, no surrogates,
    /// nothing above U+10FFFF), or 0 when there is none.
    private static func sequenceLength(at index: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        func continuation(_ offset: Int, in range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch bytes[index] {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, in: 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, in: 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, in: 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, in: 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
