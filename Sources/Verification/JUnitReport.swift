import Syntax

/// Findings as JUnit XML, which most CI systems show as a test report: one test suite per rule set, one test case
/// per kind of check and one per property (`.assert`). A check fails when it has a finding of severity error; its warnings are listed in the
/// case's output, so they are seen without failing the build.
public enum JUnitReport {
    public static func xml(_ reports: [VerificationReport]) -> String {
        var suites: [String] = []
        var totalFailures = 0
        var totalTests = 0
        for report in reports {
            var cases: [String] = []
            var failures = 0
            for kind in RuleSetChecks.kinds {
                let findings = report.findings.filter { VerificationReport.kind(of: $0) == kind.id }
                let errors = findings.filter { $0.severity == .error }
                var body = ""
                if !report.checked.contains(kind.id) {
                    body = "<skipped message=\"\(escaped("not checked: the rule set does not compile"))\"/>"
                } else if !errors.isEmpty {
                    failures += 1
                    body = "<failure type=\"\(escaped(errors[0].code))\" message=\"\(escaped(errors[0].message))\">\(escaped(errors.map(\.description).joined(separator: "\n")))</failure>"
                }
                let warnings = findings.filter { $0.severity == .warning }
                if !warnings.isEmpty { body += "<system-out>\(escaped(warnings.map(\.description).joined(separator: "\n")))</system-out>" }
                cases.append("    <testcase classname=\"\(escaped(report.path))\" name=\"\(escaped(kind.id))\">\(body)</testcase>")
            }
            for property in report.properties {
                var body = ""
                switch property.status {
                case .holds: body = "<system-out>\(escaped(property.detail))</system-out>"
                case .violated:
                    failures += 1
                    body = "<failure type=\"\(RuleSetChecks.PropertyFinding.violated)\" message=\"\(escaped(property.detail))\"/>"
                case .undecided: body = "<skipped message=\"\(escaped(property.detail))\"/>"
                }
                cases.append("    <testcase classname=\"\(escaped(report.path))\" name=\"assert \(escaped(property.name))\">\(body)</testcase>")
            }
            totalFailures += failures
            totalTests += cases.count
            suites.append("  <testsuite name=\"\(escaped(report.path))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
                          + cases.joined(separator: "\n") + "\n  </testsuite>")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lemma verify\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\">\n"
            + suites.joined(separator: "\n") + "\n</testsuites>\n"
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
