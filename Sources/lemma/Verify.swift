import ArgumentParser
import Dispatch
import Foundation
import Lemma
import Syntax
import Verification

extension LemmaCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify rule sets for CI: everything `lemma check` reports, contradictions, dead and redundant rules, properties.",
            discussion: """
                Each PATH is a .dl file or a folder of .dl files, verified on its own. Properties written as
                `.assert name: body => head.` or `.assert never name: body.` are checked on the stored facts and on every
                set of facts with --bound constants per type. Exit status: 0 when no finding is
                an error, 1 when one is (with --warnings-as-errors, any finding), 2 for bad input (a missing path).
                  lemma verify rules/ --format sarif > lemma.sarif
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, sarif, junit
        }

        @Option(help: "Output format: compiler-style text, JSON, SARIF 2.1.0 (for code scanning) or JUnit XML.")
        var format: Format = .text

        @Option(help: "Seconds Z3 may spend on each question (minimal conflict sets).")
        var timeout: Int = 30

        @Option(help: "Fresh constants per type when a property (.assert) is checked for every possible set of facts.")
        var bound: Int = 3

        @Option(help: "An older version of the rule set (with one PATH): report the answers that change, on the stored facts and within --bound.")
        var against: String?

        @Option(help: "Rule sets verified at once.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Treat every warning as an error.")
        var warningsAsErrors = false

        @Argument(help: "Rule sets: .dl files or folders of .dl files.")
        var paths: [String]

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("name at least one rule set to verify") }
            guard jobs > 0 else { throw ValidationError("--jobs must be positive") }
            guard against == nil || paths.count == 1 else { throw ValidationError("--against compares one rule set; name one PATH") }
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
            guard (1...20).contains(bound) else { throw ValidationError("--bound must be between 1 and 20, not \(bound)") }
        }

        func run() throws {
            let service = VerifyService(solverTimeout: .seconds(timeout), bound: bound)
            let progress = Progress(total: paths.count, shown: isatty(STDERR_FILENO) == 1)
            let outcomes = Outcomes(count: paths.count)
            let queue = DispatchQueue(label: "lemma.verify", attributes: .concurrent)
            let group = DispatchGroup()
            let slots = DispatchSemaphore(value: jobs)
            for (index, path) in paths.enumerated() {
                slots.wait()
                queue.async(group: group) {
                    defer { slots.signal() }
                    let outcome: Result<VerificationReport, LemmaError>
                    do throws(LemmaError) {
                        outcome = .success(try service.verify(path, against: against))
                    } catch {
                        outcome = .failure(error)
                    }
                    outcomes.set(index, outcome)
                    progress.finished(path)
                }
            }
            group.wait()
            progress.clear()
            var reports: [VerificationReport] = []
            for outcome in outcomes.all {
                switch outcome {
                case let .success(report): reports.append(warningsAsErrors ? report.warningsRaised : report)
                case let .failure(error): throw ExitCode(Output.fail(error, format: format == .json ? .json : .text))
                }
            }
            print(render(reports))
            if reports.contains(where: { $0.errorCount > 0 }) { throw ExitCode(1) }
        }

        func render(_ reports: [VerificationReport]) -> String {
            switch format {
            case .json: return Output.json(reports)
            case .sarif: return Output.json(SARIFLog(reports: reports))
            case .junit: return JUnitReport.xml(reports)
            case .text: return Self.text(reports)
            }
        }

        /// Compiler-style findings, then each property's status and the summary line.
        static func text(_ reports: [VerificationReport]) -> String {
                reports.map { report in
                    let renderer = DiagnosticRenderer(sources: Dictionary(uniqueKeysWithValues: report.files.compactMap { file in
                        (try? String(contentsOfFile: file, encoding: .utf8)).map { (file, $0) }
                    }))
                    var properties = report.properties.map { "\(report.path): property '\($0.name)' \($0.status.rawValue): \($0.detail)" }
                    if let difference = report.difference {
                        properties.append("\(report.path): against \(difference.against): \(difference.newlyDerived.count) answers newly derived, \(difference.noLongerDerived.count) no longer derived on the stored facts; "
                            + (difference.sameWithinBound == true ? "the same on every fact set with \(difference.bound) constants per type"
                                : difference.example.map { "they disagree on \($0.facts.joined(separator: " "))" } ?? "undecided within the bound"))
                    }
                    let summary = properties.map { $0 + "\n" }.joined() + "\(report.path): \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
                    return (report.findings.isEmpty ? "" : renderer.render(report.findings) + "\n") + summary
                }.joined(separator: "\n\n")
        }
    }
}

/// Results of the rule sets verified in parallel, in the order given.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<VerificationReport, LemmaError>?]

    init(count: Int) {
        outcomes = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ outcome: Result<VerificationReport, LemmaError>) {
        lock.withLock { outcomes[index] = outcome }
    }

    var all: [Result<VerificationReport, LemmaError>] {
        lock.withLock { outcomes.compactMap { $0 } }
    }
}

/// A one-line progress bar on stderr, drawn only on a terminal so that CI logs and pipes stay clean.
private final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let shown: Bool
    private var done = 0

    init(total: Int, shown: Bool) {
        self.total = total
        self.shown = shown
    }

    func finished(_ path: String) {
        guard shown else { return }
        lock.withLock {
            done += 1
            let width = 30
            let filled = width * done / max(total, 1)
            FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total) \(path)\u{1B}[K".utf8))
        }
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
