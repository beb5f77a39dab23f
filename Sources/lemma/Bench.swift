import ArgumentParser
import Foundation
import Lemma
import Server

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

        @Option(help: "Instead, time `lemma verify` on the shipped rule sets and on a generated rule set of this many rules.")
        var verifyRules: Int?

        @Option(help: "Instead, time `lemma serve --stdio` over the shipped knowledge: this many query and ask requests, one at a time and pipelined.")
        var serveRequests: Int?

        @Option(help: "Instead, import this .dl file (with its .input facts) into memory and evaluate it; prints the timings as JSON.")
        var program: String?

        @Option(help: "With --program: the relation to count and write.")
        var relation: String?

        @Option(help: "With --program: answer this bound query (query-driven) instead of evaluating the whole program.")
        var query: String?

        @Option(help: "With --program: write the tuples here, tab-separated.")
        var output: String?

        func validate() throws {
            if program != nil, relation == nil, query == nil { throw ValidationError("--program needs --relation or --query") }
        }

        func run() throws {
            if let program {
                do {
                    print(Output.json(try ProgramBenchmark(program: program, relation: relation ?? "", query: query, output: output).run()))
                } catch {
                    throw ExitCode(Output.fail(error, format: .text))
                }
                return
            }
            if let serveRequests {
                do {
                    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
                    print(try ServeBenchmark(executable: executable, requests: serveRequests).run { Output.printError($0) })
                } catch {
                    Output.printError("error: \(error)")
                    throw ExitCode(3)
                }
                return
            }
            if let verifyRules {
                do {
                    let shipped = ["rules/access.dl", "rules/family.dl", "rules/kinship.dl", "rules/university.dl", "knowledge",
                                   "rules/examples/prescriptions.dl", "rules/examples/eligibility.dl"].filter { FileManager.default.fileExists(atPath: $0) }
                    print(try VerificationBenchmark(rules: verifyRules, repetitions: repetitions, workDirectory: workDirectory).run(shipped: shipped) { Output.printError($0) })
                } catch {
                    throw ExitCode(Output.fail(error, format: .text))
                }
                return
            }
            do {
                let report = try Benchmarks(facts: facts, repetitions: repetitions, workDirectory: workDirectory).run { line in print(line) }
                print(report)
            } catch {
                throw ExitCode(Output.fail(error, format: .text))
            }
        }
    }
}
