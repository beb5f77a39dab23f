import Foundation
import Lemma
import NeuralParser
import Reasoner
import Synchronization
import Syntax
import Verification

/// Carries out requests over one knowledge session. `serve --stdio`, `serve --mcp` and `repl` all come through here,
/// so a request means the same thing whichever way it arrives, and its result is the JSON the matching CLI command
/// prints.
public final class RequestHandler: Sendable {
    /// What a request produced, typed, so the REPL can print it for people and `serve` can encode it.
    public enum Outcome: Sendable {
        case answered(AskService.Outcome)
        case queried(QueryService.Outcome)
        case told(TellService.Reply)
        case verified([VerificationReport])
        case audited(AuditReport)
        case statistics(Statistics)
        case schema(JSON)

        /// The reply's `result`.
        public var result: any Encodable & Sendable {
            switch self {
            case let .answered(outcome): outcome.reply
            case let .queried(outcome): outcome.reply
            case let .told(reply): reply
            case let .verified(reports): reports
            case let .audited(report): report
            case let .statistics(statistics): statistics
            case let .schema(schema): schema
            }
        }
    }

    /// `stats`: the knowledge's statistics (as `lemma stats` prints them) and this server's counters.
    public struct Statistics: Encodable, Sendable {
        public struct Server: Encodable, Sendable {
            public var requests: Int
            public var errors: Int
            public var uptimeSeconds: Double

            enum CodingKeys: String, CodingKey {
                case requests, errors
                case uptimeSeconds = "uptime_seconds"
            }
        }

        public var knowledge: KnowledgeStatistics
        public var server: Server

        enum CodingKeys: String, CodingKey {
            case server
        }

        public func encode(to encoder: any Encoder) throws {
            try knowledge.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(server, forKey: .server)
        }
    }

    public let session: KnowledgeSession
    let storyReader: KinshipReader
    let verifyService: VerifyService
    let auditService: AuditService
    private let started = ContinuousClock.now
    private let counters = Mutex<(requests: Int, errors: Int)>((0, 0))

    public init(session: KnowledgeSession, storyReader: KinshipReader, solverTimeout: Duration = .seconds(60)) {
        self.session = session
        self.storyReader = storyReader
        verifyService = VerifyService(solverTimeout: solverTimeout)
        auditService = AuditService(locator: session.askService.queryService.locator, solverTimeout: solverTimeout)
    }

    public func handle(_ request: Request) -> Result<Outcome, ServeError> {
        let result: Result<Outcome, ServeError>
        do throws(ServeError) {
            result = .success(try perform(request))
        } catch {
            result = .failure(error)
        }
        counters.withLock { counters in
            counters.requests += 1
            if case .failure = result { counters.errors += 1 }
        }
        return result
    }

    /// Reads and carries out one line; the reply to write back for it.
    public func handle(line: String) -> Reply {
        switch Request.parse(line) {
        case let .success(request):
            return Reply(id: request.id, handle(request))
        case let .failure(error):
            counters.withLock { counters in
                counters.requests += 1
                counters.errors += 1
            }
            return Reply(id: error.id, .failure(error))
        }
    }

    private func perform(_ request: Request) throws(ServeError) -> Outcome {
        let id = request.id
        func attempt<T>(field: String?, _ work: () throws(LemmaError) -> T) throws(ServeError) -> T {
            do throws(LemmaError) {
                return try work()
            } catch {
                throw .failed(id: id, error, field: error.isBadInput ? field : nil)
            }
        }
        switch request.operation {
        case .ask:
            let question = request.string("question")!
            var service = session.askService
            if let threshold = request.number("threshold") { service.confidenceThreshold = threshold }
            if let story = request.string("story") {
                return .answered(try attempt(field: "story") { () throws(LemmaError) in try service.ask(question, story: story, reader: storyReader) })
            }
            let snapshot = try attempt(field: nil) { () throws(LemmaError) in try session.snapshot() }
            return .answered(try attempt(field: "question") { () throws(LemmaError) in try service.ask(question, prepared: snapshot.prepared) })
        case .query:
            var service = session.askService.queryService
            var budget = service.options.budget
            if let maximumTuples = request.integer("max_tuples") { budget.maximumTuples = maximumTuples }
            service.options = Reasoner.Options(queryDriven: !request.bool("full_evaluation"), maximumProofSteps: request.integer("max_proof_steps") ?? 100_000,
                                               alternativeProofs: request.integer("alternatives") ?? 0, world: request.string("world").flatMap(World.init),
                                               budget: budget)
            service.explanations = QueryService.Explanations(abduction: request.bool("why_not"), counterfactuals: request.bool("counterfactuals"),
                                                             minimalConflicts: request.bool("consistency"))
            return .queried(try query(request.string("query")!, service: service, id: id))
        case .explain:
            var askService = session.askService
            askService.queryService.options.world = request.string("world").flatMap(World.init)
            askService.queryService.explanations = QueryService.Explanations(abduction: true, counterfactuals: true, minimalConflicts: true)
            if let text = request.string("query") {
                return .queried(try query(text, service: askService.queryService, id: id))
            }
            let snapshot = try attempt(field: nil) { () throws(LemmaError) in try session.snapshot() }
            return .answered(try attempt(field: "question") { () throws(LemmaError) in try askService.ask(request.string("question")!, prepared: snapshot.prepared) })
        case .tell:
            guard let path = session.writablePath else {
                throw .request(id: id, code: "read-only-knowledge",
                               message: "tell writes to a knowledge base file; start the server with --knowledge FILE.sqlite (a folder of .dl files and the shipped knowledge are read-only)",
                               field: nil)
            }
            let statement = request.string("statement")!
            let prepared = session.exists ? try attempt(field: nil) { () throws(LemmaError) in try session.snapshot().prepared } : nil
            return .told(try attempt(field: "statement") { () throws(LemmaError) in
                try TellService(askService: session.askService).tell(statement, knowledge: path, prepared: prepared)
            })
        case .verify:
            var service = verifyService
            if let bound = request.integer("bound") { service.bound = bound }
            let against = request.string("against")
            if let source = request.string("source") {
                return .verified([try attempt(field: "source") { () throws(LemmaError) in
                    try service.verify(Self.inlineRuleFile, provider: InMemorySource(files: [Self.inlineRuleFile: source]), against: against)
                }])
            }
            return .verified([try attempt(field: "path") { () throws(LemmaError) in try service.verify(request.string("path")!, against: against) }])
        case .audit:
            if case let .object(answer)? = request.parameters["answer"] {
                return .audited(try attempt(field: "answer") { () throws(LemmaError) in
                    try auditService.audit(Data(JSON.object(answer).text.utf8), named: "answer", knowledge: session.path)
                })
            }
            return .audited(try attempt(field: "path") { () throws(LemmaError) in try auditService.audit(file: request.string("path")!, knowledge: session.path) })
        case .stats:
            let knowledge = try attempt(field: nil) { () throws(LemmaError) in try session.statistics() }
            let (requests, errors) = counters.withLock { ($0.requests, $0.errors) }
            let uptime = ContinuousClock.now - started
            return .statistics(Statistics(knowledge: knowledge, server: .init(requests: requests, errors: errors,
                                                                               uptimeSeconds: uptime.inSeconds)))
        case .schema:
            do {
                return .schema(try ProtocolSchema.document())
            } catch {
                throw .request(id: id, code: "internal-error", message: "cannot read the protocol schema: \(error)", field: nil)
            }
        }
    }

    private func query(_ text: String, service: QueryService, id: JSON) throws(ServeError) -> QueryService.Outcome {
        do throws(LemmaError) {
            let snapshot = try session.snapshot()
            return try service.query(text, knowledgeBase: snapshot.knowledgeBase, reasoner: snapshot.reasoner)
        } catch {
            throw .failed(id: id, error, field: error.isBadInput ? "query" : nil)
        }
    }

    /// The name rule text sent with a `verify` request goes by in its findings.
    static let inlineRuleFile = "request.dl"
}

/// One line of output: the request's id with its result or error.
public struct Reply: Encodable, Sendable {
    public var id: JSON
    public var outcome: Result<RequestHandler.Outcome, ServeError>

    public init(id: JSON, _ outcome: Result<RequestHandler.Outcome, ServeError>) {
        self.id = id
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case id, result, error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        switch outcome {
        case let .success(outcome): try outcome.result.encode(to: container.superEncoder(forKey: .result))
        case let .failure(error): try container.encode(error.body, forKey: .error)
        }
    }

    /// The reply as one line of JSON (no newline inside: JSON escapes them).
    public var line: String {
        Self.json(self)
    }

    /// Compact JSON with sorted keys, as every reply is written.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            return #"{"error":{"code":"internal-error","message":"cannot encode the reply"},"id":null}"#
        }
    }
}
