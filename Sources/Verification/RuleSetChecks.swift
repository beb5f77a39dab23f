import Syntax

/// The checks `lemma verify` runs on a rule set's text, beyond what `lemma check` reports: each reads the parsed
/// program and returns findings as diagnostics, so text, JSON, SARIF and JUnit all render the same values.
public enum RuleSetChecks {
    /// Every finding of every check, in source order.
    public static func findings(in program: Program) -> [Diagnostic] {
        let findings = UnusedRelations.findings(in: program) + DeadRules.findings(in: program) + RedundantRules.findings(in: program)
            + DuplicateFacts.findings(in: program) + MissingPhrases.findings(in: program)
        return findings.sorted(by: Self.sourceOrder)
    }

    /// The kinds of finding `lemma verify` reports, with what each means: the rule ids of its SARIF output and the test
    /// cases of its JUnit output.
    public static let kinds: [(id: String, summary: String)] = [
        ("syntax", "The rule set parses, its rules are safe and stratified, and its facts have the declared types."),
        (Inconsistency.id, "No integrity constraint fires and no p and -p both hold."),
        (DeadRules.id, "Every rule can fire: no body needs a relation that can never hold, and no body's comparisons contradict each other."),
        (UnusedRelations.id, "Every declared relation is used."),
        (RedundantRules.id, "No rule is subsumed by another rule."),
        (DuplicateFacts.id, "No fact is stated twice."),
        (MissingPhrases.id, "Every declared relation has a .phrase, so answers and proofs read as English."),
    ]

    /// Findings about the rule set's own properties (`.assert`): SARIF rules, but JUnit reports each property as
    /// its own test case instead.
    public static let propertyKinds: [(id: String, summary: String)] = [
        (PropertyFinding.violated, "A property (.assert) fails on the stored facts or on a fact set within the bound."),
        (PropertyFinding.undecided, "A property (.assert) could not be decided (solver timeout, grounding budget, aggregates)."),
    ]

    /// Findings of `--against`: what a change to the rule set does to its answers.
    public static let changeKinds: [(id: String, summary: String)] = [
        (ChangedAnswers.id, "Answers that a change to the rule set adds or removes, on the stored facts or on a fact set within the bound."),
    ]

    public enum ChangedAnswers {
        public static let id = "changed-answers"
    }

    public enum Inconsistency {
        public static let id = "inconsistency"
    }

    public enum PropertyFinding {
        public static let violated = "property-violated"
        public static let undecided = "property-undecided"
    }

    public static func sourceOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        (lhs.location?.file ?? "", lhs.location?.line ?? 0, lhs.location?.column ?? 0, lhs.code)
            < (rhs.location?.file ?? "", rhs.location?.line ?? 0, rhs.location?.column ?? 0, rhs.code)
    }
}

extension Program {
    /// Every atom the program's rules, constraints and aggregates read, with where.
    var readAtoms: [Atom] {
        func atoms(_ literals: [Literal]) -> [Atom] {
            literals.flatMap { literal -> [Atom] in
                (literal.atom.map { [$0] } ?? []) + literal.aggregates.flatMap { atoms($0.body) }
            }
        }
        return rules.flatMap { atoms($0.body) + $0.head.arguments.flatMap(\.aggregates).flatMap { atoms($0.body) } } + constraints.flatMap { atoms($0.body) }
    }
}
