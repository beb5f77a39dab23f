import ArgumentParser
import Lemma

extension LemmaCommand {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure import rate, closure and bound-query latency on generated data; prints medians.",
            discussion: "Build in release mode first: swift run -c release lemma bench"
        )

        @Option(help: "How many parent facts to generate.")
        var facts: Int = 1_000_000

        @Option(help: "How many times to repeat each measurement (the median is reported).")
        var repetitions: Int = 5

        @Option(help: "Folder for the generated files and databases.")
        var workDirectory: String = "/tmp/lemma-bench"

        func run() throws {
            do {
                let report = try Benchmarks(facts: facts, repetitions: repetitions, workDirectory: workDirectory).run { line in print(line) }
                print(report)
            } catch {
                throw ExitCode(Output.fail(error, format: .text))
            }
        }
    }
}
