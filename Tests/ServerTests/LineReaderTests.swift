import Foundation
import Testing
@testable import Server

@Suite struct LineReaderTests {
    /// The lines a reader gets from these bytes written to a pipe and closed.
    func lines(_ bytes: [UInt8], maximumBytes: Int = 16) throws -> [LineReader.Line] {
        let pipe = Pipe()
        let writer = pipe.fileHandleForWriting
        Thread {
            writer.write(Data(bytes))
            try? writer.close()
        }.start()
        var reader = LineReader(descriptor: pipe.fileHandleForReading.fileDescriptor, maximumBytes: maximumBytes)
        var result: [LineReader.Line] = []
        while let line = reader.next() { result.append(line) }
        return result
    }

    @Test func splitsLinesAndKeepsALastLineWithoutNewline() throws {
        #expect(try lines(Array("a\r\nbb\n\nc".utf8)) == [.text("a"), .text("bb"), .text(""), .text("c")])
        #expect(try lines([]) == [])
    }

    @Test func skipsOverlongLinesWithoutHoldingThem() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
        #expect(try lines(Array("ok\n".utf8) + long + Array("\nnext\n".utf8)) == [.text("ok"), .tooLong(bytes: 200_000), .text("next")])
        #expect(try lines(Array(String(repeating: "y", count: 17).utf8)) == [.tooLong(bytes: 17)])
        #expect(try lines(Array(String(repeating: "y", count: 16).utf8)) == [.text(String(repeating: "y", count: 16))])
    }

    @Test func rejectsInvalidUTF8ButReadsOn() throws {
        #expect(try lines([0x7B, 0xFF, 0xFE, 0x7D, 0x0A, 0x6F, 0x6B, 0x0A]) == [.invalidUTF8, .text("ok")])
    }
}
