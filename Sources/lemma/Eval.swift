import ArgumentParser
import Foundation
import Lemma

extension LemmaCommand {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the question parser on questions with known queries.",
            discussion: """
                QUESTIONS.jsonl has one object per line: {"question": ..., "query": ..., "form": ..., "knowledge": ...}
                ("form" and "knowledge" optional). Reports exact-query accuracy (equal up to variable names and literal
                order), answer accuracy, accuracy by form, form confusions, calibration and parse latency.

                Example:
                  lemma eval Tests/LemmaTests/Fixtures/questions/shipped.jsonl
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions
        @OptionGroup var modelOptions: ModelOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(help: "List at most N misparsed questions (text).")
        var misses: Int = 20

        @Option(help: "Instead of a file, measure N generated questions over held-out vocabularies, with expert routing.")
        var heldOut: Int?

        @Option(help: "Seed of the held-out questions.")
        var seed: UInt64 = 7

        @Argument(help: "A JSON Lines file of questions.")
        var questions: String?

        func validate() throws {
            if questions == nil, heldOut == nil { throw ValidationError("give a QUESTIONS.jsonl file or --held-out N") }
        }

        func run() throws {
            if let heldOut {
                do {
                    print(HeldOutReport(network: try modelOptions.network(), sentences: heldOut, seed: seed, missesShown: misses).text)
                } catch {
                    throw ExitCode(Output.fail(error, format: .text))
                }
                return
            }
            guard let questions else { return }
            do {
                guard let data = FileManager.default.contents(atPath: questions) else {
                    throw LemmaError.parse(.unreadable(path: questions))
                }
                let cases = try EvaluationService.cases(fromJSONLines: String(decoding: data, as: UTF8.self), file: questions)
                let clock = ContinuousClock()
                let start = clock.now
                let network = try modelOptions.network()
                let loaded = clock.now - start
                let service = EvaluationService(askService: AskService(network: network))
                let report = try service.evaluate(cases, knowledge: knowledgeOptions.knowledge)
                switch format {
                case .json: print(Output.json(report))
                case .text:
                    print(Self.text(report, misses: misses))
                    print("Model load: \(String(format: "%.1f", Double(loaded.components.attoseconds) / 1e15 + Double(loaded.components.seconds) * 1000)) ms")
                }
            } catch let error as LemmaError {
                throw ExitCode(Output.fail(error, format: format))
            }
        }

        static func text(_ report: EvaluationService.Report, misses: Int) -> String {
            func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
            var lines = [
                "Questions: \(report.total)",
                "Exact query: \(report.exact) (\(percent(report.exactAccuracy)))",
                "Right answer: \(report.answeredRight) (\(percent(report.answerAccuracy)))",
                "Below the confidence threshold: \(report.unsure)",
                "Calibration error (ECE, 10 bins): \(String(format: "%.3f", report.calibrationError))",
                "Parse latency: " + ["p50", "p90", "p99", "max"].compactMap { key in report.parseMilliseconds[key].map { "\(key) \(String(format: "%.2f", $0)) ms" } }.joined(separator: ", "),
                "By form:",
            ]
            for (form, score) in report.byForm.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(form): \(score.exact)/\(score.total) (\(percent(score.accuracy)))")
            }
            if !report.formConfusions.isEmpty {
                lines.append("Form confusions (expected → parsed):")
                for (expected, parsed) in report.formConfusions.sorted(by: { $0.key < $1.key }) {
                    for (form, count) in parsed.sorted(by: { $0.key < $1.key }) { lines.append("  \(expected) → \(form): \(count)") }
                }
            }
            if !report.misses.isEmpty, misses > 0 {
                lines.append("Misparsed:")
                for miss in report.misses.prefix(misses) {
                    lines.append("  \(miss.question)\n    expected \(miss.expected)\n    got      \(miss.got ?? "(nothing)") at \(percent(miss.confidence))")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
