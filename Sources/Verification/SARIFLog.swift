import Syntax

/// Findings as a SARIF 2.1.0 log, the format GitHub code scanning and other CI dashboards read: one run, the tool's
/// rules (one per kind of finding, plus each `lemma check` code that occurs), and one result per finding with its
/// level, message and location (file, line, column), notes as related locations.
public struct SARIFLog: Encodable, Sendable {
    let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    let version = "2.1.0"
    let runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", version, runs
    }

    public init(reports: [VerificationReport]) {
        let findings = reports.flatMap(\.findings)
        var rules = (RuleSetChecks.kinds.filter { $0.id != "syntax" } + RuleSetChecks.propertyKinds + RuleSetChecks.changeKinds).map { Rule(id: $0.id, summary: $0.summary) }
        for code in Set(findings.map(\.code)).sorted() where !rules.contains(where: { $0.id == code }) {
            rules.append(Rule(id: code, summary: "Reported by lemma check: \(code)."))
        }
        let results = findings.map { finding in
            Result(ruleId: finding.code, ruleIndex: rules.firstIndex { $0.id == finding.code }!, level: finding.severity.rawValue,
                   message: Message(text: finding.message), locations: finding.location.map { [Location($0)] } ?? [],
                   relatedLocations: finding.notes.enumerated().compactMap { index, note in
                       note.location.map { Location($0, id: index + 1, message: note.message) }
                   })
        }
        runs = [Run(tool: Tool(driver: Driver(name: "lemma", rules: rules)),
                    results: results)]
    }

    struct Run: Encodable, Sendable {
        var tool: Tool
        var results: [Result]
    }

    struct Tool: Encodable, Sendable {
        var driver: Driver
    }

    struct Driver: Encodable, Sendable {
        var name: String
        var rules: [Rule]
    }

    struct Rule: Encodable, Sendable {
        var id: String
        var shortDescription: Message
        var defaultConfiguration: Configuration

        init(id: String, summary: String) {
            self.id = id
            shortDescription = Message(text: summary)
            let warns = RuleSetChecks.kinds.contains { $0.id == id && $0.id != RuleSetChecks.Inconsistency.id } || id == RuleSetChecks.PropertyFinding.undecided || id == RuleSetChecks.ChangedAnswers.id
            defaultConfiguration = Configuration(level: warns ? "warning" : "error")
        }
    }

    struct Configuration: Encodable, Sendable {
        var level: String
    }

    struct Message: Encodable, Sendable {
        var text: String
    }

    struct Result: Encodable, Sendable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]
    }

    struct Location: Encodable, Sendable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Message?

        init(_ location: SourceLocation, id: Int? = nil, message: String? = nil) {
            self.id = id
            physicalLocation = PhysicalLocation(artifactLocation: ArtifactLocation(uri: location.file),
                                                region: Region(startLine: max(location.line, 1), startColumn: max(location.column, 1)))
            self.message = message.map(Message.init)
        }
    }

    struct PhysicalLocation: Encodable, Sendable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable, Sendable {
        var uri: String
    }

    struct Region: Encodable, Sendable {
        var startLine: Int
        var startColumn: Int
    }
}
