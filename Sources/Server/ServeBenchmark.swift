import Foundation
import Lemma

/// `lemma bench --serve N`: `lemma serve --stdio` over the shipped knowledge driven through pipes, as a client would.
/// For `query` and `ask` it measures the latency of one request at a time (send, wait for the reply) and the
/// throughput of a pipelined burst (send all, read all), and how long the server takes to answer its first request.
public struct ServeBenchmark: Sendable {
    /// The `lemma` binary to run as the server.
    public var executable: String
    public var requests: Int

    public init(executable: String, requests: Int) {
        self.executable = executable
        self.requests = requests
    }

    static let queries = [#"grandparent(g, "Mateo")"#, #"ancestor("Ann", x)"#, #"parent("Juan", x)"#, #"sibling("Carlos", x)"#,
                          #"grandparent("Juan", "Iris")"#, #"count : { minor(p) }"#]
    static let questions = ["Who are the grandparents of Mateo?", "Is Juan a grandparent of Lucia?", "Who are Ann's descendants?",
                            "Who are the parents of Iris?", "How many people are minors?", "Is Sofia a sibling of Carlos?"]

    public func run(progress: (String) -> Void) throws -> String {
        var rows: [String] = []
        let started = ContinuousClock.now
        let server = try Client(executable: executable)
        _ = try server.call(#"{"id": "warm-up", "op": "stats"}"#)
        let firstReply = (ContinuousClock.now - started).inMilliseconds
        for (operation, field, texts) in [("query", "query", Self.queries), ("ask", "question", Self.questions)] {
            progress("\(operation): \(requests) requests one at a time, then \(requests) pipelined")
            let lines = (0..<requests).map { index in
                let text = texts[index % texts.count]
                return JSON.object(["id": .integer(Int64(index)), "op": .string(operation), field: .string(text)]).text
            }
            var latencies: [Double] = []
            for line in lines {
                let start = ContinuousClock.now
                let reply = try server.call(line)
                latencies.append((ContinuousClock.now - start).inMilliseconds)
                guard reply.contains(#""result""#) else { throw Client.Failure.unexpected(reply) }
            }
            let burstStart = ContinuousClock.now
            let replies = try server.burst(lines)
            let burstSeconds = (ContinuousClock.now - burstStart).inSeconds
            guard replies == requests else { throw Client.Failure.unexpected("\(replies) replies to \(requests) requests") }
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            rows.append(String(format: "| %@ | %d | %.2f | %.2f | %.2f | %.0f | %.0f |", operation, requests, percentile(0.5), percentile(0.99), sorted.last ?? 0,
                               1000 / (latencies.reduce(0, +) / Double(latencies.count)), Double(requests) / burstSeconds))
        }
        server.finish()
        return (["Server ready and first reply after \(String(format: "%.0f", firstReply)) ms.", "",
                 "| op | requests | p50 ms | p99 ms | max ms | req/s one at a time | req/s pipelined |",
                 "| --- | --- | --- | --- | --- | --- | --- |"] + rows).joined(separator: "\n")
    }


    /// A `lemma serve --stdio` process and its pipes.
    final class Client {
        enum Failure: Error, CustomStringConvertible {
            case closed
            case unexpected(String)

            var description: String {
                switch self {
                case .closed: "the server closed its output"
                case let .unexpected(reply): "unexpected reply: \(reply.prefix(300))"
                }
            }
        }

        let process = Process()
        let input = Pipe()
        let output = Pipe()
        lazy var replies = ReplyReader(output.fileHandleForReading)

        init(executable: String) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", "--stdio"]
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        func call(_ line: String) throws -> String {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            return try readLine()
        }

        /// Sends every line from another thread while reading the replies; the number of replies.
        func burst(_ lines: [String]) throws -> Int {
            let handle = input.fileHandleForWriting
            let data = Data(lines.map { $0 + "\n" }.joined().utf8)
            Thread { handle.write(data) }.start()
            for _ in lines { _ = try readLine() }
            return lines.count
        }

        func readLine() throws -> String {
            guard let line = replies.next() else { throw Failure.closed }
            return line
        }

        func finish() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }
}
