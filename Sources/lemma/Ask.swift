import ArgumentParser
import Lemma
import Reasoner
import NeuralParser
import Verbalizer

extension LemmaCommand {
    struct Ask: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a question in English with a certified proof.",
            discussion: """
                The question is read by Lemma's neural parser against the loaded knowledge's relations and names, then
                answered exactly as `lemma query` answers the query it became. A reading is answered only when it
                accounts for every word of the question (see --explain-parse); otherwise, and for unknown names,
                questions that join several relations, or readings below the threshold, Lemma says why and does not
                answer.

                Exit status: 0 answered, 1 not answered, 2 bad input, 3 internal error.

                Examples:
                  lemma ask "Who are the grandparents of Mateo?"
                  lemma ask "Is Juan a grandparent of Lucia?" --format json
                  lemma ask "How many people are minors?" --explain-parse
                  lemma ask --knowledge my-domain/ "Which drugs can Mei be given?"
                  lemma ask --story "[Dorothy] and her brother [Michael] went out. [Michael] is the father of [Donald]." \\
                    "How is Dorothy related to Donald?"
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions
        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var budgetOptions: BudgetOptions

        @Option(help: "Output format: English text, Markdown, a Graphviz proof graph, or JSON.")
        var format: AnswerFormat = .text

        @Flag(help: "Show how the question was read: tokens, linked names and relations, form, confidence, and the expert each layer routed each token to.")
        var explainParse = false

        @Option(help: "Answer only readings at least this likely (0 to 1).")
        var threshold: Double = AskService.defaultConfidenceThreshold

        @Option(help: "Seconds Z3 may spend certifying.")
        var timeout: Int = 60

        @Option(help: "A kinship story with names in brackets (CLUTRR style); the question then asks how two of its people are related.")
        var story: String?

        @Argument(help: "A question, e.g. \"Who are the grandparents of Mateo?\"")
        var question: String

        func validate() throws {
            guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1, not \(threshold)") }
        }

        func run() throws {
            do {
                let service = AskService(queryService: QueryService(locator: knowledgeOptions.locator, options: Reasoner.Options(budget: budgetOptions.budget), solverTimeout: .seconds(timeout)), network: try modelOptions.network(),
                                         confidenceThreshold: threshold)
                let outcome: AskService.Outcome
                if let story {
                    outcome = try service.ask(question, story: story, reader: try modelOptions.storyReader())
                } else {
                    outcome = try service.ask(question, knowledge: knowledgeOptions.knowledge)
                }
                if format == .json {
                    print(Output.json(outcome.reply))
                    if !outcome.reply.answered { throw ExitCode(1) }
                    return
                }
                if explainParse { print(ParseExplanation(outcome.parsed, reply: outcome.reply).text + "\n") }
                if let facts = outcome.reply.storyFacts {
                    print((["Read from the story:"] + facts.map { "  " + $0 }).joined(separator: "\n") + "\n")
                }
                guard let answer = outcome.answer else {
                    print(outcome.reply.text)
                    throw ExitCode(1)
                }
                let document = ReplyDocument(proofsShown: 3, depth: nil)
                switch format {
                case .markdown: print(Layout.markdown.render(document.document(answer)))
                case .dot: print(document.graph(answer).dot)
                case .text, .json:
                    print(Self.text(outcome))
                }
            } catch let error as LemmaError {
                throw ExitCode(Output.fail(error, format: format.errorFormat))
            }
        }

        /// How the question was read, then the answer with its proofs in English.
        static func text(_ outcome: AskService.Outcome, document: ReplyDocument = ReplyDocument(proofsShown: 3, depth: nil)) -> String {
            guard let answer = outcome.answer else { return outcome.reply.text }
            return ParseExplanation.summary(outcome.reply) + "\n" + Layout.plainText.render(document.document(answer)) + "\n" + ParseExplanation.coverage
        }
    }
}

/// Where the parser's weights come from: the shipped ones, or a file made by `lemma train`.
struct ModelOptions: ParsableArguments {
    @Option(help: "A weights file made by `lemma train` (default: the weights shipped with Lemma).")
    var model: String?

    @Option(help: "A kinship-story weights file made by `lemma train-stories` (default: the weights shipped with Lemma).")
    var storyModel: String?

    func storyReader() throws(LemmaError) -> KinshipReader {
        do {
            return try KinshipWeights.load(path: storyModel)
        } catch {
            throw .parse(error)
        }
    }

    func network() throws(LemmaError) -> ParserNetwork {
        do {
            return try ParserWeights.load(path: model).network
        } catch {
            throw .parse(error)
        }
    }
}
