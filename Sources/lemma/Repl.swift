import ArgumentParser
import Foundation
import Lemma
import Reasoner
import Server
import Verbalizer

extension LemmaCommand {
    struct Repl: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An interactive session: ask questions, run queries and tell facts, with proofs in English.",
            discussion: """
                A line ending in '.' is told ("Sofia is a parent of Iris."); any other line is asked as a question.
                Commands:
                  :ask QUESTION      answer a question in English
                  :query QUERY       answer a query in rule syntax, e.g. :query grandparent(g, "Mateo")
                  :tell STATEMENT    store a fact or rule stated in English
                  :why QUERY         every proof of the answer (a query, or a question in English)
                  :whynot QUERY      why the answer is not yes: what is missing, and what would make it true
                  :verify PATH       verify a rule set
                  :audit PATH        re-check a saved answer or audit bundle
                  :stats             what the knowledge holds
                  :load PATH         work on another knowledge base or folder
                  :help, :quit
                On a terminal, lines can be edited and recalled; the history is kept in ~/.lemma_history.
                Requests are carried out exactly as `lemma serve` carries them out.
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions
        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var budgetOptions: BudgetOptions

        @Option(help: "Seconds Z3 may spend certifying one answer.")
        var timeout: Int = 60

        func run() throws {
            var handler: RequestHandler
            do {
                handler = try RequestHandlers.make(knowledge: knowledgeOptions.knowledge, locator: knowledgeOptions.locator, model: modelOptions, timeout: timeout, budget: budgetOptions.budget)
            } catch {
                throw ExitCode(Output.fail(error, format: .text))
            }
            let editor = LineEditor()
            if editor.interactive {
                print("Lemma — knowledge: \(knowledgeOptions.knowledge ?? "the shipped knowledge"). Type :help for commands, :quit to leave.")
            }
            while let line = editor.read(prompt: "lemma> ") {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                switch ReplCommand(text) {
                case .quit:
                    return
                case .help:
                    print(Self.configuration.discussion)
                case let .load(path):
                    do {
                        let loaded = try RequestHandlers.make(knowledge: path, locator: knowledgeOptions.locator, model: modelOptions, timeout: timeout, budget: budgetOptions.budget)
                        if loaded.session.exists { try loaded.session.reload() }
                        handler = loaded
                        print("Loaded \(path).")
                    } catch {
                        Output.printError(error.description)
                    }
                case let .request(operation, fields, allProofs):
                    let outcome = Request.checked(id: .null, operation: operation, fields: fields).flatMap { handler.handle($0) }
                    switch outcome {
                    case let .success(outcome): print(Self.text(outcome, allProofs: allProofs))
                    case let .failure(error): Output.printError(error.description)
                    }
                case let .invalid(message):
                    Output.printError("error: \(message)")
                }
                // A program driving the REPL through a pipe sees each answer as soon as it is given.
                fflush(nil)
            }
        }

        /// A result for people: the same English the matching command prints.
        static func text(_ outcome: RequestHandler.Outcome, allProofs: Bool) -> String {
            let document = ReplyDocument(proofsShown: allProofs ? Int.max : 3, depth: nil)
            switch outcome {
            case let .answered(answer): return Ask.text(answer, document: document)
            case let .queried(answer): return Layout.plainText.render(document.document(answer))
            case let .told(reply): return "Stored: \(reply.stored)\n\(reply.text)"
            case let .verified(reports): return Verify.text(reports)
            case let .audited(report): return Audit.verdict(report)
            case let .statistics(statistics): return Stats.text(statistics.knowledge)
            case let .schema(schema): return schema.text
            }
        }
    }
}

/// One line typed at the REPL, read into the protocol request it stands for.
enum ReplCommand {
    case request(Request.Operation, [String: JSON], allProofs: Bool)
    case load(String)
    case help, quit
    case invalid(String)

    init(_ line: String) {
        guard line.hasPrefix(":") else {
            self = line.hasSuffix(".") ? .request(.tell, ["statement": .string(line)], allProofs: false)
                                       : .request(.ask, ["question": .string(line)], allProofs: false)
            return
        }
        let name = String(line.dropFirst().prefix { !$0.isWhitespace })
        let argument = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        let needsArgument: Set = ["ask", "query", "tell", "why", "whynot", "verify", "audit", "load"]
        if needsArgument.contains(name), argument.isEmpty {
            self = .invalid(":\(name) needs an argument; type :help for the commands")
            return
        }
        // ":why" and ":whynot" take a query in rule syntax or a question in English.
        let queryOrQuestion: [String: JSON] = argument.contains("(") ? ["query": .string(argument)] : ["question": .string(argument)]
        switch name {
        case "ask": self = .request(.ask, ["question": .string(argument)], allProofs: false)
        case "query": self = .request(.query, ["query": .string(argument)], allProofs: false)
        case "tell": self = .request(.tell, ["statement": .string(argument)], allProofs: false)
        case "why": self = argument.contains("(") ? .request(.query, queryOrQuestion, allProofs: true) : .request(.ask, queryOrQuestion, allProofs: true)
        case "whynot": self = .request(.explain, queryOrQuestion, allProofs: true)
        case "verify": self = .request(.verify, ["path": .string(argument)], allProofs: false)
        case "audit": self = .request(.audit, ["path": .string(argument)], allProofs: false)
        case "stats": self = .request(.stats, [:], allProofs: false)
        case "load": self = .load(argument)
        case "help": self = .help
        case "quit", "exit", "q": self = .quit
        default: self = .invalid("no command ':\(name)'; type :help for the commands")
        }
    }
}
