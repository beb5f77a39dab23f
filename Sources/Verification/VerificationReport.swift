import Syntax

/// What `lemma verify` found in one rule set: every finding as a diagnostic with its rule id (`code`), severity and
/// location, in source order.
public struct VerificationReport: Encodable, Sendable {
    /// The rule set as given: a `.dl` file or a folder.
    public var path: String
    /// Every file read.
    public var files: [String]
    public var findings: [Diagnostic]
    /// Which kinds of check ran: all of them, or only `syntax` when the rule set does not compile.
    public var checked: [String]
    public var properties: [PropertyResult]
    /// With `--against`: how the answers differ from the older version's.
    public var difference: Difference?

    public struct Difference: Encodable, Sendable {
        /// The older version compared with.
        public var against: String
        /// On the stored facts, in rule syntax.
        public var newlyDerived: [String]
        public var noLongerDerived: [String]
        /// A minimal fact set within the bound on which the versions disagree, and what each derives that the other
        /// does not; nil when they agree on every fact set within the bound (`sameWithinBound`) or it is undecided.
        public var example: Example?
        public var sameWithinBound: Bool?
        public var bound: Int

        public struct Example: Encodable, Sendable {
            public var facts: [String]
            public var onlyOld: [String]
            public var onlyNew: [String]

            public init(facts: [String], onlyOld: [String], onlyNew: [String]) {
                self.facts = facts
                self.onlyOld = onlyOld
                self.onlyNew = onlyNew
            }

            enum CodingKeys: String, CodingKey {
                case facts
                case onlyOld = "only_old"
                case onlyNew = "only_new"
            }
        }

        public init(against: String, newlyDerived: [String], noLongerDerived: [String], example: Example?, sameWithinBound: Bool?, bound: Int) {
            self.against = against
            self.newlyDerived = newlyDerived
            self.noLongerDerived = noLongerDerived
            self.example = example
            self.sameWithinBound = sameWithinBound
            self.bound = bound
        }

        enum CodingKeys: String, CodingKey {
            case against, example, bound
            case newlyDerived = "newly_derived"
            case noLongerDerived = "no_longer_derived"
            case sameWithinBound = "same_within_bound"
        }
    }

    /// How one property (`.assert`) fared.
    public struct PropertyResult: Encodable, Sendable {
        public enum Status: String, Encodable, Sendable {
            case holds, violated, undecided
        }

        public var name: String
        public var location: SourceLocation
        public var status: Status
        /// In words: the bound it was proved within, the counterexample, or why it is undecided.
        public var detail: String

        public init(name: String, location: SourceLocation, status: Status, detail: String) {
            self.name = name
            self.location = location
            self.status = status
            self.detail = detail
        }
    }

    public init(path: String, files: [String], findings: [Diagnostic], checked: [String], properties: [PropertyResult] = []) {
        self.path = path
        self.files = files
        self.findings = findings
        self.checked = checked
        self.properties = properties
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }

    /// The same findings with every warning raised to an error (`--warnings-as-errors`).
    public var warningsRaised: VerificationReport {
        var raised = self
        raised.findings = findings.map { finding in
            var finding = finding
            finding.severity = .error
            return finding
        }
        return raised
    }

    /// The kind of check a finding belongs to: its own code for the checks `lemma verify` adds and for properties,
    /// "syntax" for everything `lemma check` reports.
    public static func kind(of finding: Diagnostic) -> String {
        (RuleSetChecks.kinds + RuleSetChecks.propertyKinds + RuleSetChecks.changeKinds).contains { $0.id == finding.code } ? finding.code : "syntax"
    }

    enum CodingKeys: String, CodingKey {
        case path, files, findings, checked, properties, difference, errors, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(files, forKey: .files)
        try container.encode(findings, forKey: .findings)
        try container.encode(checked, forKey: .checked)
        try container.encode(properties, forKey: .properties)
        try container.encodeIfPresent(difference, forKey: .difference)
        try container.encode(errorCount, forKey: .errors)
        try container.encode(warningCount, forKey: .warnings)
    }
}
