import ArgumentParser
import Lemma
import Syntax

@main
struct LemmaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lemma",
        abstract: "A neuro-symbolic reasoner: answers over a knowledge graph with certified proofs.",
        subcommands: [Ask.self, Query.self, Tell.self, Audit.self, Check.self, Verify.self, Import.self, Train.self, TrainStories.self, Eval.self, Bench.self, Stats.self, Serve.self, Repl.self]
    )
}

/// Options every command that reads knowledge shares.
struct KnowledgeOptions: ParsableArguments {
    @Option(name: .long, help: "A folder of .dl files or a .sqlite knowledge base (default: $LEMMA_KNOWLEDGE, else the shipped knowledge).")
    var knowledge: String?

    @Flag(help: "Let a knowledge folder's .include and .input read files outside it.")
    var allowOutsideIncludes = false

    var locator: KnowledgeLocator {
        KnowledgeLocator(allowsOutsideFiles: allowOutsideIncludes)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How an answer is printed: English for a terminal, Markdown for reports, Graphviz for the proof graph, or JSON.
enum AnswerFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, dot, json

    /// Errors are JSON for JSON output and text on stderr otherwise.
    var errorFormat: OutputFormat { self == .json ? .json : .text }
}

extension World: ExpressibleByArgument {}
