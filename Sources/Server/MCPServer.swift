import Dispatch
import Foundation
import Lemma
import MCP
import Synchronization

/// `lemma serve --mcp`: the Model Context Protocol over standard input and output, so assistants can call Lemma
/// for certified reasoning. Its tools are the protocol's operations `ask`, `query`, `tell`, `verify` and `audit`,
/// with the same parameters (their input schemas come from the published protocol schema) and the same results,
/// as JSON text.
public struct MCPServer: Sendable {
    public var handler: RequestHandler

    public static let tools: [Request.Operation] = [.ask, .query, .tell, .verify, .audit]

    static let descriptions: [Request.Operation: String] = [
        .ask: "Answer a question in English over Lemma's knowledge with a certified proof, and the reading answered as an English question. A question not read whole is not answered: answered is false and reason says why (unknown-name, unplaced-words, needs-composition, not-sure), with the readings weighed.",
        .query: "Answer a query in Lemma's rule syntax, e.g. grandparent(g, \"Mateo\"), with certified proofs.",
        .tell: "Store a fact or rule stated in English in the knowledge base file, in one transaction.",
        .verify: "Verify a rule set (a path, or rule text in 'source'): contradictions, dead and redundant rules, properties, with counterexamples.",
        .audit: "Re-check a saved answer or audit bundle: every proof step, the Z3 certificate and the knowledge hash.",
    ]

    public init(handler: RequestHandler) {
        self.handler = handler
    }

    /// Serves until standard input ends; returns the exit status.
    public func run() -> Int32 {
        let finished = DispatchSemaphore(value: 0)
        let status = Mutex<Int32>(0)
        let handler = handler
        Task {
            do {
                try await Self.serve(handler)
            } catch {
                FileHandle.standardError.write(Data("error: the MCP server stopped: \(error)\n".utf8))
                status.withLock { $0 = 1 }
            }
            finished.signal()
        }
        finished.wait()
        return status.withLock { $0 }
    }

    static func serve(_ handler: RequestHandler) async throws {
        var tools: [Tool] = []
        for operation in Self.tools {
            tools.append(Tool(name: operation.rawValue, description: descriptions[operation], inputSchema: try Value(ProtocolSchema.parameters(of: operation))))
        }
        let server = Server(name: "lemma", version: LemmaVersion.current, capabilities: .init(tools: .init(listChanged: false)))
        let inFlight = Atomic<Int>(0)
        await server.withMethodHandler(ListTools.self) { [tools] (_: ListTools.Parameters) in
            ListTools.Result(tools: tools)
        }
        await server.withMethodHandler(CallTool.self) { call in
            inFlight.add(1, ordering: .sequentiallyConsistent)
            defer { inFlight.subtract(1, ordering: .sequentiallyConsistent) }
            return await Self.call(call, handler: handler)
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
        // Requests still running when input ends are answered before the process exits.
        while inFlight.load(ordering: .sequentiallyConsistent) > 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(100))
        await server.stop()
    }

    static func call(_ call: CallTool.Parameters, handler: RequestHandler) async -> CallTool.Result {
        guard let operation = Request.Operation(rawValue: call.name), tools.contains(operation) else {
            let names = tools.map(\.rawValue).joined(separator: ", ")
            return error(.request(id: .null, code: "unknown-tool", message: "no tool '\(call.name)'; the tools are \(names)", field: nil))
        }
        let fields: [String: JSON]
        do {
            fields = try JSONDecoder().decode([String: JSON].self, from: JSONEncoder().encode(call.arguments ?? [:]))
        } catch {
            return Self.error(.request(id: .null, code: "invalid-request", message: "the arguments are not JSON: \(error)", field: nil))
        }
        let request: Request
        switch Request.checked(id: .null, operation: operation, fields: fields) {
        case let .success(checked): request = checked
        case let .failure(failure): return error(failure)
        }
        // Lemma's work is synchronous and may take seconds; it runs off the cooperative threads.
        let outcome = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handler.handle(request)) }
        }
        switch outcome {
        case let .success(outcome):
            return CallTool.Result(content: [.text(text: Reply.json(outcome.result), annotations: nil, _meta: nil)], isError: false)
        case let .failure(failure):
            return error(failure)
        }
    }

    static func error(_ error: ServeError) -> CallTool.Result {
        CallTool.Result(content: [.text(text: Reply.json(["error": error.body]), annotations: nil, _meta: nil)], isError: true)
    }
}
