import ArgumentParser
import Lemma
import Syntax

extension LemmaCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile rule files and report diagnostics (exit 1 on errors).",
            discussion: "PATH is a .dl file or a folder of .dl files; `lemma check` with no PATH checks the shipped knowledge."
        )

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Argument(help: "A .dl file or a folder of .dl files.")
        var path: String?

        func run() throws {
            let report: CheckReport
            do {
                report = try CheckService().check(path)
            } catch {
                throw ExitCode(Output.fail(error, format: format))
            }
            switch format {
            case .json:
                print(Output.json(report))
            case .text:
                if !report.diagnostics.isEmpty { Output.printError(report.rendered) }
                print("\(report.files.count) file\(report.files.count == 1 ? "" : "s"): \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")")
            }
            if report.errorCount > 0 { throw ExitCode(1) }
        }
    }
}
