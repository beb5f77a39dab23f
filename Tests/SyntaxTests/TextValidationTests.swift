import Foundation
import Testing
@testable import Syntax

/// Files that are not text are refused at the first bad byte, by line and column, before anything is parsed.
@Suite("Text validation")
struct TextValidationTests {
    private func problem(_ bytes: [UInt8]) -> (location: Syntax.SourceLocation, reason: String)? {
        bytes.withUnsafeBytes { TextValidation.problem(in: $0, path: "f.dl") }
    }

    @Test func wellFormedTextPasses() {
        #expect(problem(Array("parent(\"Zoë\", \"李\").\n😀\r\n".utf8)) == nil)
        #expect(problem([]) == nil)
    }

    @Test(arguments: [
        ([0xFF], "byte 0xFF"),
        ([0xC0, 0xAF], "byte 0xC0"),
        ([0xE0, 0x80, 0xAF], "byte 0xE0"),
        ([0xED, 0xA0, 0x80], "byte 0xED"),
        ([0xF4, 0x90, 0x80, 0x80], "byte 0xF4"),
        ([0xE2, 0x82], "byte 0xE2"),
        ([0x80], "byte 0x80"),
    ] as [([UInt8], String)])
    func invalidUTF8IsLocated(bad: [UInt8], fragment: String) {
        let found = problem(Array("a.\nbé".utf8) + bad + Array("\n".utf8))
        #expect(found?.location == Syntax.SourceLocation(file: "f.dl", line: 2, column: 3))
        #expect(found?.reason.contains("invalid UTF-8 (\(fragment))") == true)
        #expect(found?.reason.contains("expected text encoded as UTF-8") == true)
    }

    @Test func aNulByteIsLocated() {
        let found = problem(Array("p(1).\np(\u{0}2).\n".utf8))
        #expect(found?.location == Syntax.SourceLocation(file: "f.dl", line: 2, column: 3))
        #expect(found?.reason == "a NUL byte; expected text")
    }

    @Test func anOverlongLineIsRefused() {
        let bytes = Array("ok\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: TextValidation.maximumLineBytes + 1)
        let found = problem(bytes)
        #expect(found?.location == Syntax.SourceLocation(file: "f.dl", line: 2, column: 1))
        #expect(found?.reason.contains("a line longer than \(TextValidation.maximumLineBytes) bytes") == true)
        #expect(problem(Array("ok\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: TextValidation.maximumLineBytes)) == nil)
    }

    @Test func aFileOnDiskIsCheckedWhenRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lemma-text-\(UUID().uuidString).dl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x2E, 0x64, 0x65, 0x63, 0x6C, 0x0A, 0x70, 0xFE]).write(to: URL(fileURLWithPath: path))
        #expect(throws: SourceError.self) { try FileSystemSource().read(path) }
        do {
            _ = try FileSystemSource().read(path)
        } catch {
            #expect(error.description == "\(path):2:2: error: invalid UTF-8 (byte 0xFE); expected text encoded as UTF-8")
        }
    }
}
