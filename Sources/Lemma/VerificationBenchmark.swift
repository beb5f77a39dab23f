import Foundation
import NeuralParser
import Syntax
import Verification

/// `lemma bench --verify-rules N`: how long `lemma verify` takes on the shipped rule sets and on a generated rule set
/// of N rules, medians of several runs.
public struct VerificationBenchmark: Sendable {
    public var rules: Int
    public var repetitions: Int
    public var workDirectory: String

    public init(rules: Int, repetitions: Int, workDirectory: String) {
        self.rules = rules
        self.repetitions = repetitions
        self.workDirectory = workDirectory
    }

    /// A layered rule set: 40 relations of two columns, the first 8 with facts; each rule joins two lower relations
    /// and compares their numbers, every fifth also filters on a number, every seventh negates a lower relation (so it stays stratified), every
    /// fiftieth repeats an earlier rule with an extra condition (redundant), and four properties, two of which fail.
    public func generatedRuleSet() -> String {
        let relations = 40
        let base = 8
        var lines = (0..<relations).flatMap { index in
            [".decl r\(index)(a: symbol, b: number)", ".phrase r\(index) \"{a} is r\(index) with {b}\""]
        }
        for index in 0..<base {
            for row in 0..<10 { lines.append("r\(index)(\"n\(row)\", \(row * 7 % 23)).") }
        }
        var random = SeededRandom(seed: 11)
        var written: [String] = []
        for number in 0..<rules {
            let head = base + number % (relations - base)
            let first = Int(random.next() % UInt64(head))
            let second = Int(random.next() % UInt64(head))
            var body = "r\(first)(x, y), r\(second)(x, z), y <= z"
            if number % 5 == 0 { body += ", y < \(10 + number % 13)" }
            if number % 7 == 0 { body += ", !r\(Int(random.next() % UInt64(head)))(x, y)" }
            var rule = "r\(head)(x, y) :- \(body)."
            if number % 50 == 49, let earlier = written.last { rule = String(earlier.dropLast()) + ", y >= 0." }
            written.append(rule)
            lines.append(rule)
        }
        lines += [
            ".assert never r10_is_negative: r10(_, y), y < 0.",
            ".assert r8_has_a_base: r8(x, y) => r0(x, y).",
            ".assert r12_implies_r13: r12(x, y) => r13(x, y).",
            ".assert never r9_without_base: r9(x, _), !r0(x, _).",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per rule set: its size, the median time of `lemma verify` and what it found.
    public func run(shipped: [String], progress: (String) -> Void) throws(LemmaError) -> String {
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let generated = workDirectory + "/generated-\(rules).dl"
        do {
            try generatedRuleSet().write(toFile: generated, atomically: true, encoding: .utf8)
        } catch {
            throw .knowledge(.database(path: workDirectory, message: "cannot write the generated rule set: \(error.localizedDescription)"))
        }
        let clock = ContinuousClock()
        var lines = ["| rule set | rules | facts | findings (errors / warnings) | properties (hold / fail / undecided) | verify, median of \(repetitions) |",
                     "| --- | --- | --- | --- | --- | --- |"]
        for path in shipped + [generated] {
            var times: [Double] = []
            var last: VerificationReport?
            for _ in 0..<repetitions {
                let start = clock.now
                last = try VerifyService().verify(path)
                let elapsed = clock.now - start
                times.append(elapsed.inSeconds)
            }
            guard let report = last else { continue }
            let program = (try? ProgramLoader(provider: FileSystemSource()).load(path: path, validate: false))?.program
            let (ruleCount, factCount) = (program?.rules.count ?? 0, program?.facts.count ?? 0)
            let statuses = [VerificationReport.PropertyResult.Status.holds, .violated, .undecided].map { status in report.properties.filter { $0.status == status }.count }
            let line = "| \(path == generated ? "generated, \(rules) rules" : path) | \(ruleCount) | \(factCount) | \(report.errorCount) / \(report.warningCount) | "
                + "\(statuses.map(String.init).joined(separator: " / ")) | \(String(format: "%.3f", times.sorted()[times.count / 2])) s |"
            progress(line)
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
