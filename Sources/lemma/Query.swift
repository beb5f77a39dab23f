import ArgumentParser
import Lemma
import Reasoner
import Syntax
import Verbalizer

extension LemmaCommand {
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a query in rule syntax with certified proofs.",
            discussion: """
                Examples:
                  lemma query 'grandparent(g, "Mateo")'
                  lemma query 'ancestor("Ann", "Eve")' --format json
                  lemma query 'count : { minor(p) }'
                  lemma query 'ancestor("Ann", "Noah")' --format dot | dot -Tsvg > proof.svg
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions
        @OptionGroup var budgetOptions: BudgetOptions

        @Option(help: "Output format: English text, Markdown, a Graphviz proof graph, or JSON (with English in its \"text\" fields).")
        var format: AnswerFormat = .text

        @Flag(help: "Print the proof of every answer, not only the first few (text, markdown and dot).")
        var proofs = false

        @Option(help: "Show only the proof steps at most N levels below each conclusion (text, markdown and dot).")
        var depth: Int?

        @Flag(help: "Evaluate the whole program instead of only what the query needs.")
        var fullEvaluation = false

        @Option(help: "Seconds Z3 may spend certifying.")
        var timeout: Int = 60

        @Option(help: "The most steps one proof may have; answers with longer proofs are reported uncertified.")
        var maxProofSteps: Int = 100_000

        @Option(help: "Also find up to N other proofs of each answer (uses full evaluation).")
        var alternatives: Int = 0

        @Option(help: "Answer in the closed world (not derivable means no) or the open world (yes, no or unknown); default: the knowledge's '.pragma \"world\"'.")
        var world: World?

        @Flag(help: "For a no or unknown, also find the smallest sets of missing facts that would make the query true.")
        var whyNot = false

        @Flag(help: "For a yes, also find the smallest sets of stored facts whose removal would make it false.")
        var counterfactuals = false

        @Flag(help: "When the knowledge is inconsistent, find the minimal sets of stored facts behind each conflict.")
        var consistency = false

        @Option(help: "Also write a self-contained audit bundle (the answer, its proofs and the knowledge they cite) to this file.")
        var bundle: String?

        @Argument(help: "An atom or conjunction such as 'ancestor(\"Ann\", x)', or an aggregate such as 'count : { minor(p) }'.")
        var query: String

        func validate() throws {
            if let depth, depth < 1 {
                throw ValidationError("--depth must be at least 1 (the conclusions themselves), not \(depth)")
            }
        }

        func run() throws {
            let service = QueryService(locator: knowledgeOptions.locator, options: Reasoner.Options(queryDriven: !fullEvaluation, maximumProofSteps: maxProofSteps, alternativeProofs: alternatives, world: world,
                                                                         budget: budgetOptions.budget),
                                       solverTimeout: .seconds(timeout),
                                       explanations: QueryService.Explanations(abduction: whyNot, counterfactuals: counterfactuals, minimalConflicts: consistency),
                                       bundlePath: bundle)
            do {
                let outcome = try service.query(query, knowledge: knowledgeOptions.knowledge)
                let document = ReplyDocument(proofsShown: proofs ? Int.max : 3, depth: depth)
                switch format {
                case .json: print(Output.json(outcome.reply))
                case .text: print(Layout.plainText.render(document.document(outcome)))
                case .markdown: print(Layout.markdown.render(document.document(outcome)))
                case .dot: print(document.graph(outcome).dot)
                }
            } catch {
                throw ExitCode(Output.fail(error, format: format.errorFormat))
            }
        }
    }
}
