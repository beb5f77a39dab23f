import ArgumentParser
import Lemma
import Reasoner
import Syntax

extension LemmaCommand {
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer a query in rule syntax with certified proofs.",
            discussion: """
                Examples:
                  lemma query 'grandparent(g, "Mateo")'
                  lemma query 'ancestor("Ann", "Eve")' --format json
                  lemma query 'count : { minor(p) }'
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Flag(help: "Print the proof of every answer, not only the first few (text format).")
        var proofs = false

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

        func run() throws {
            let service = QueryService(options: Reasoner.Options(queryDriven: !fullEvaluation, maximumProofSteps: maxProofSteps, alternativeProofs: alternatives, world: world),
                                       solverTimeout: .seconds(timeout),
                                       explanations: QueryService.Explanations(abduction: whyNot, counterfactuals: counterfactuals, minimalConflicts: consistency),
                                       bundlePath: bundle)
            do {
                let outcome = try service.query(query, knowledge: knowledgeOptions.knowledge)
                switch format {
                case .json: print(Output.json(outcome.reply))
                case .text: print(TextRenderer(proofsShown: proofs ? Int.max : 3).render(outcome))
                }
            } catch {
                throw ExitCode(Output.fail(error, format: format))
            }
        }
    }
}
