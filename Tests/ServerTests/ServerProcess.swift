import Foundation
import Server
#if canImport(Glibc)
import Glibc
#endif

/// The real `lemma` binary run as a server, driven through pipes the way another program would drive it.
final class ServerProcess {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `lemma` executable built beside the test bundle.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("lemma").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("lemma")
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lemma-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private lazy var replies = ReplyReader(output.fileHandleForReading)

    init(_ arguments: [String], cache: URL) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache.path
        environment["HOME"] = cache.path
        environment["LEMMA_KNOWLEDGE"] = nil
        process.environment = environment
        process.currentDirectoryURL = Self.repository
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func send(bytes: Data) {
        input.fileHandleForWriting.write(bytes)
    }

    /// Sends many lines from another thread, so a server that answers while it reads never blocks the test.
    func sendInBackground(_ lines: [String], then close: Bool) {
        let handle = input.fileHandleForWriting
        let data = Data(lines.map { $0 + "\n" }.joined().utf8)
        Thread {
            handle.write(data)
            if close { try? handle.close() }
        }.start()
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// The next line the server wrote, or nil once it closed its output.
    func readLine() -> String? {
        replies.next()
    }

    func readJSON() throws -> [String: Any]? {
        guard let line = readLine() else { return nil }
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    /// Every remaining line, up to the end of output.
    func readAll() -> [String] {
        var lines: [String] = []
        while let line = readLine() { lines.append(line) }
        return lines
    }

    func terminate() {
        process.terminate()
    }

    /// SIGKILL: the process gets no chance to finish anything, as in a crash or a power cut of the process alone.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
    }

    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    var standardError: String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Runs `lemma` to completion with the given arguments and standard input.
    static func run(_ arguments: [String], input: String = "", cache: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let server = try ServerProcess(arguments, cache: cache)
        server.sendInBackground(input.isEmpty ? [] : [input], then: true)
        let stdout = server.readAll().joined(separator: "\n")
        let stderr = server.standardError
        return (server.wait(), stdout, stderr)
    }
}
