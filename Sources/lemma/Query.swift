import ArgumentParser
import Lemma
import Reasoner

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

        @Argument(help: "An atom or conjunction such as 'ancestor(\"Ann\", x)', or an aggregate such as 'count : { minor(p) }'.")
        var query: String

        func run() throws {
            let service = QueryService(options: Reasoner.Options(queryDriven: !fullEvaluation, maximumProofSteps: maxProofSteps, alternativeProofs: alternatives), solverTimeout: .seconds(timeout))
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
