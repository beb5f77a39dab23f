import Dispatch
import Foundation
import Synchronization

/// `lemma serve --stdio`: one JSON request per line in, one JSON reply per line out, in request order.
///
/// A reader thread takes lines off the input while the current request runs, so a client may send a burst without
/// waiting. Requests run one at a time, in order: a `tell` is committed before its reply is written and before the
/// next request starts, so every later request sees it. At the end of input the requests already read are answered;
/// on SIGTERM or SIGINT the running request finishes (its write committed, or rolled back if it failed), requests
/// read but not started are answered `shutting-down` without being run, and the server exits 0.
public struct JSONLinesServer: Sendable {
    public var handler: RequestHandler
    /// Longer lines get a `line-too-long` error instead of being read into memory.
    public var maximumLineBytes: Int

    public static let defaultMaximumLineBytes = 1 << 20

    public init(handler: RequestHandler, maximumLineBytes: Int = JSONLinesServer.defaultMaximumLineBytes) {
        self.handler = handler
        self.maximumLineBytes = maximumLineBytes
    }

    private enum Item: Sendable {
        case line(LineReader.Line)
        case endOfInput
    }

    /// Lines read but not yet answered, shared by the reader thread and the loop that answers them.
    private final class Inbox: Sendable {
        let items = Mutex<[Item]>([])
        let stopping = Atomic<Bool>(false)
        /// Counts queued items, plus one wake-up when a stop is asked for.
        let ready = DispatchSemaphore(value: 0)

        func push(_ item: Item) {
            items.withLock { $0.append(item) }
            ready.signal()
        }

        func stop() {
            stopping.store(true, ordering: .sequentiallyConsistent)
            ready.signal()
        }

        func popAll() -> [Item] {
            items.withLock { items in
                defer { items.removeAll() }
                return items
            }
        }

        func popFirst() -> Item? {
            items.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        }
    }

    /// Serves until the end of input or a termination signal; returns the exit status.
    public func run(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) -> Int32 {
        let inbox = Inbox()
        signal(SIGPIPE, SIG_IGN)
        let signalSources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { inbox.stop() }
            source.resume()
            return source
        }
        defer { signalSources.forEach { $0.cancel() } }
        let maximumLineBytes = maximumLineBytes
        let reader = Thread {
            var lines = LineReader(descriptor: input, maximumBytes: maximumLineBytes)
            while let line = lines.next() {
                inbox.push(.line(line))
            }
            inbox.push(.endOfInput)
        }
        reader.start()
        while true {
            inbox.ready.wait()
            if inbox.stopping.load(ordering: .sequentiallyConsistent) {
                for case let .line(line) in inbox.popAll() where !Self.isBlank(line) {
                    guard write(Self.notStarted(line).line, to: output) else { return 0 }
                }
                return 0
            }
            guard let item = inbox.popFirst() else { continue }
            guard case let .line(line) = item else { return 0 }
            if Self.isBlank(line) { continue }
            guard write(answer(line).line, to: output) else { return 0 }
        }
    }

    func answer(_ line: LineReader.Line) -> Reply {
        switch line {
        case let .text(text):
            return handler.handle(line: text)
        case let .tooLong(bytes):
            return Reply(id: .null, .failure(.request(id: .null, code: "line-too-long",
                                                      message: "the line has \(bytes) bytes; a request may have at most \(maximumLineBytes) (--max-line-bytes)", field: nil)))
        case .invalidUTF8:
            return Reply(id: .null, .failure(.request(id: .null, code: "invalid-utf8", message: "the line is not valid UTF-8", field: nil)))
        }
    }

    /// The reply to a request read before a stop but never run: its id when it has one, so the client knows which.
    static func notStarted(_ line: LineReader.Line) -> Reply {
        var id = JSON.null
        if case let .text(text) = line, case let .object(fields)? = try? JSONDecoder().decode(JSON.self, from: Data(text.utf8)), let given = fields["id"] {
            id = given
        }
        return Reply(id: id, .failure(.request(id: id, code: "shutting-down", message: "the server was stopping and did not run this request", field: nil)))
    }

    static func isBlank(_ line: LineReader.Line) -> Bool {
        if case let .text(text) = line { return text.allSatisfy(\.isWhitespace) }
        return false
    }

    /// Writes one reply line whole; false when the client has gone (the pipe is closed).
    private func write(_ line: String, to output: Int32) -> Bool {
        var bytes = Array((line + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(output, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(written)
        }
        return true
    }
}
