import ArgumentParser
import Lemma

extension LemmaCommand {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-check a saved answer or audit bundle: every proof step, the Z3 certificate, the knowledge hash.",
            discussion: """
                ANSWER is the output of 'lemma query --format json' or a bundle written by 'lemma query --bundle'.
                A bundle is checked on its own unless --knowledge is given.
                Exit status: 0 valid, 1 invalid, 2 bad input.

                Examples:
                  lemma query 'grandparent(g, "Mateo")' --format json > answer.json && lemma audit answer.json
                  lemma query 'ancestor("Juan", "Iris")' --bundle answer.bundle.json && lemma audit answer.bundle.json
                """
        )

        @OptionGroup var knowledgeOptions: KnowledgeOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(help: "Seconds Z3 may spend re-certifying.")
        var timeout: Int = 60

        @Argument(help: "A saved JSON answer or audit bundle.")
        var answer: String

        func run() throws {
            let report: AuditReport
            do {
                report = try AuditService(locator: knowledgeOptions.locator, solverTimeout: .seconds(timeout)).audit(file: answer, knowledge: knowledgeOptions.knowledge)
            } catch {
                throw ExitCode(Output.fail(error, format: format))
            }
            switch format {
            case .json:
                print(Output.json(report))
            case .text:
                for warning in report.warnings { Output.printError("warning: \(warning)") }
                for rule in report.missingRules { Output.printError("missing rule: \(rule)") }
                for fact in report.missingFacts { Output.printError("missing fact: \(fact)") }
                print(Self.verdict(report))
            }
            if !report.valid { throw ExitCode(1) }
        }

        static func verdict(_ report: AuditReport) -> String {
            if let invalid = report.firstInvalid {
                return "invalid: proof \(invalid.proof)\(invalid.step.map { ", step \($0)" } ?? ""): \(invalid.reason)"
            }
            return "valid: \(report.checkedProofs) proof\(report.checkedProofs == 1 ? "" : "s"), \(report.checkedSteps) steps re-checked\(report.solverConfirmed ? ", entailment confirmed by Z3" : "")"
        }
    }
}
