import ArgumentParser
import Lemma

extension LemmaCommand {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the knowledge holds: relations with their stored facts and rules, and its content hash.",
            discussion: """
                Examples:
                  lemma stats
                  lemma stats --knowledge family.sqlite --format json
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let statistics: KnowledgeStatistics
            do {
                statistics = try KnowledgeStatistics.of(knowledge: knowledgeOptions.knowledge, locator: knowledgeOptions.locator)
            } catch {
                throw ExitCode(Output.fail(error, format: format))
            }
            switch format {
            case .json:
                print(Output.json(statistics))
            case .text:
                print(Self.text(statistics))
            }
        }

        static func text(_ statistics: KnowledgeStatistics) -> String {
            let width = statistics.relations.map(\.name.count).max() ?? 0
            let rows = statistics.relations.map { relation in
                "  " + relation.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  arity \(relation.arity)  \(Self.counted(relation.facts, "fact"))  \(Self.counted(relation.rules, "rule"))"
            }
            return (["Knowledge: \(statistics.knowledge) (\(statistics.hash))", "World: \(statistics.world)",
                     [Self.counted(statistics.relations.count, "relation"), Self.counted(statistics.facts, "stored fact"),
                      Self.counted(statistics.rules, "rule"), Self.counted(statistics.constraints, "constraint")].joined(separator: ", ")]
                    + rows).joined(separator: "\n")
        }

        /// "0 rules", "1 rule", "2 rules": a table reads better with a number than with "no".
        static func counted(_ count: Int, _ noun: String) -> String {
            "\(count) \(noun)\(count == 1 ? "" : "s")"
        }
    }
}
