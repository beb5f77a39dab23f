import ArgumentParser
import Lemma

extension LemmaCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add rules and facts from .dl, .facts and .csv files to a knowledge base, in one transaction.",
            discussion: "A .facts (tab-separated) or .csv file fills the declared relation named like the file. If any file has an error, nothing is stored."
        )

        @Option(help: "The .sqlite knowledge base to create or extend.")
        var into: String

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Flag(help: "Let .include and .input read files outside the folders of the files imported.")
        var allowOutsideIncludes = false

        @Argument(help: "Files to import.")
        var sources: [String]

        func run() throws {
            do {
                let summary = try ImportService().importSources(sources, into: into, allowsOutsideFiles: allowOutsideIncludes)
                switch format {
                case .json: print(Output.json(summary))
                case .text: print("imported \(summary.newFacts) new fact\(summary.newFacts == 1 ? "" : "s") and \(summary.newRules) new rule\(summary.newRules == 1 ? "" : "s")/declaration\(summary.newRules == 1 ? "" : "s") into \(into)\nknowledge: \(summary.contentHash)")
                }
            } catch {
                throw ExitCode(Output.fail(error, format: format))
            }
        }
    }
}
