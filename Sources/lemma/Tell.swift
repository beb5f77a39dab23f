import ArgumentParser
import Lemma

extension LemmaCommand {
    struct Tell: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a fact or a simple rule stated in English.",
            discussion: """
                The statement is read against the knowledge base's relations and stored in one transaction; what was
                stored is echoed in rule syntax and in English, with any name it introduces. A statement is stored only
                if its reading accounts for every word, as `ask` requires of questions; a fact of a relation that rules
                derive is refused unless --force is given, and a second fact for the key of a relation declared with
                choice-domain (Soufflé's functional attributes) is always refused. Nothing is stored on a refusal.

                A theory in the style of ProofWriter can be told sentence by sentence into an open-world knowledge base:
                a file that does not exist yet becomes one. Its properties and verbs become relations as they are first
                used, "not" is classical negation, and `lemma ask` then decides statements such as "The cat is kind."
                true, false or unknown.

                Examples:
                  lemma tell --knowledge family.sqlite "Sofia is a parent of Iris."
                  lemma tell --knowledge family.sqlite "Noah is not a parent of Ann."
                  lemma tell --knowledge family.sqlite "Every parent of a parent is a grandparent."
                  lemma tell --knowledge clinic.sqlite "If someone is a patient and is a minor then they are a child patient."
                  lemma tell --knowledge animals.sqlite "If something is big and not red then it is kind."
                """
        )

        @Option(help: "The knowledge base file (.sqlite, made by `lemma import`, or a new file for a theory) to store into.")
        var knowledge: String

        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(help: "Store only readings at least this likely (0 to 1).")
        var threshold: Double = AskService.defaultConfidenceThreshold

        @Flag(help: "Store a fact even of a relation that rules derive.")
        var force = false

        @Argument(help: "A statement, e.g. \"Sofia is a parent of Iris.\"")
        var statement: String

        func run() throws {
            do {
                let service = TellService(askService: AskService(network: try modelOptions.network(), confidenceThreshold: threshold), force: force)
                let reply = try service.tell(statement, knowledge: knowledge)
                switch format {
                case .json: print(Output.json(reply))
                case .text:
                    print("Stored: \(reply.stored)\n\(reply.text)")
                    for name in reply.newNames { print("New name: \(name) (no stored fact mentioned it before).") }
                }
            } catch {
                throw ExitCode(Output.fail(error, format: format))
            }
        }
    }
}
