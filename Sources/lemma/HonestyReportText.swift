import Foundation
import Lemma

/// The text of `lemma eval --honesty`: right, refused and wrong per group, the calibration, the threshold sweep,
/// and the questions answered wrong or refused.
struct HonestyReportText {
    let report: HonestyEvaluation.Report
    let misses: Int

    var text: String {
        var lines = ["Questions: \(report.total.total), at threshold \(report.threshold)",
                     "group             total  correct  refused  wrong"]
        for (group, score) in report.groups.sorted(by: { $0.key < $1.key }) + [("all", report.total)] {
            lines.append(row(group, score))
        }
        lines.append("Calibration error of the chosen readings (ECE, 10 bins): \(String(format: "%.3f", report.calibrationError))")
        lines.append("Lowest threshold with at most 1% of all questions wrong: \(report.suggestedThreshold.map { String($0) } ?? "none")")
        lines.append("Threshold sweep (wrong / correct, shares of all questions):")
        for sweep in report.sweep where Int((sweep.threshold * 100).rounded()) % 10 == 0 || sweep.threshold == report.suggestedThreshold {
            lines.append("  \(String(format: "%.2f", sweep.threshold)): \(percent(sweep.wrong)) / \(percent(sweep.correct))")
        }
        let shown = report.items.filter { $0.verdict(threshold: report.threshold) != .correct }.prefix(misses)
        if !shown.isEmpty {
            lines.append("Not correct:")
            for item in shown {
                let verdict = item.verdict(threshold: report.threshold)
                lines.append("  [\(item.group), \(verdict.rawValue)] \(item.question)")
                lines.append("    expected \(item.expected ?? "a refusal"); got \(item.got ?? "refusal (\(item.reason ?? "?"))") at \(percent(item.confidence))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ group: String, _ score: HonestyEvaluation.GroupScore) -> String {
        func cell(_ count: Int) -> String {
            let share = score.total == 0 ? 0 : Double(count) / Double(score.total)
            return "\(count) (\(String(format: "%.0f%%", share * 100)))".padding(toLength: 10, withPad: " ", startingAt: 0)
        }
        return group.padding(toLength: 17, withPad: " ", startingAt: 0) + String(score.total).padding(toLength: 7, withPad: " ", startingAt: 0)
            + cell(score.correct) + cell(score.refused) + cell(score.wrong)
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
