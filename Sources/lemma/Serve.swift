import ArgumentParser
import Foundation
import Lemma
import Reasoner
import Server

extension LemmaCommand {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer JSON requests on standard input, one per line, for other programs.",
            discussion: """
                --stdio: each line is a request {"id": ..., "op": ..., ...}; each reply is one line with the same id
                and either "result" (the JSON the matching command prints) or "error" {"code", "message", "field"}.
                Operations: ask, query, tell, verify, audit, explain, stats, schema. {"id": 1, "op": "schema"} returns
                the protocol as JSON Schema. Replies come in request order. At the end of input the requests read are
                answered and the server exits; on SIGTERM the running request finishes and the server exits 0.

                --mcp: a Model Context Protocol server on standard input and output, with the tools ask, query,
                tell, verify and audit.

                Examples:
                  echo '{"id": 1, "op": "query", "query": "grandparent(g, \\"Mateo\\")"}' | lemma serve --stdio
                  lemma serve --stdio --knowledge family.sqlite < requests.jsonl > replies.jsonl
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions
        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var budgetOptions: BudgetOptions

        @Flag(help: "Serve JSON Lines on standard input and output.")
        var stdio = false

        @Flag(help: "Serve the Model Context Protocol on standard input and output.")
        var mcp = false

        @Option(help: "Seconds Z3 may spend certifying one answer.")
        var timeout: Int = 60

        @Option(help: "The longest request line accepted, in bytes.")
        var maxLineBytes: Int = JSONLinesServer.defaultMaximumLineBytes

        func validate() throws {
            guard stdio != mcp else { throw ValidationError("choose one transport: --stdio or --mcp") }
            guard maxLineBytes >= 2 else { throw ValidationError("--max-line-bytes must be at least 2, not \(maxLineBytes)") }
        }

        func run() throws {
            let handler: RequestHandler
            do {
                handler = try RequestHandlers.make(knowledge: knowledgeOptions.knowledge, locator: knowledgeOptions.locator, model: modelOptions, timeout: timeout, budget: budgetOptions.budget)
            } catch {
                throw ExitCode(Output.fail(error, format: .text))
            }
            if mcp {
                throw ExitCode(MCPServer(handler: handler).run())
            }
            throw ExitCode(JSONLinesServer(handler: handler, maximumLineBytes: maxLineBytes).run())
        }
    }
}

/// The request handler `serve` and `repl` share, over the knowledge and weights the command line names.
enum RequestHandlers {
    static func make(knowledge: String?, locator: KnowledgeLocator, model: ModelOptions, timeout: Int, budget: EvaluationBudget) throws(LemmaError) -> RequestHandler {
        let askService = AskService(queryService: QueryService(locator: locator, options: Reasoner.Options(budget: budget), solverTimeout: .seconds(timeout)),
                                    network: try model.network())
        return RequestHandler(session: KnowledgeSession(path: knowledge, askService: askService), storyReader: try model.storyReader(),
                              solverTimeout: .seconds(timeout))
    }
}
