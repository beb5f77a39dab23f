import Syntax

/// A rule is redundant when another rule of the same relation subsumes it: some substitution of the other rule's
/// variables turns its head into this rule's head and each of its body literals into one of this rule's, or, under
/// `!`, into one that denies at least as much. Whatever the redundant rule derives, the other derives too, on any
/// facts (θ-subsumption). Of two rules that subsume each other, the later one is reported.
enum RedundantRules {
    static let id = "redundant-rule"

    static func findings(in program: Program) -> [Diagnostic] {
        let rules = program.rules
        var findings: [Diagnostic] = []
        for (index, rule) in rules.enumerated() where !hasAggregate(rule) {
            let subsuming = rules.indices.first { other in
                other != index && !hasAggregate(rules[other]) && rules[other].head.relation == rule.head.relation
                    && subsumes(rules[other], rule) && (other < index || !subsumes(rule, rules[other]))
            }
            guard let other = subsuming else { continue }
            let subsumer = rules[other]
            findings.append(.warning(id, "rule for '\(rule.name)' is redundant: the rule at line \(subsumer.location.line) derives everything it derives",
                                     at: rule.location, notes: [Diagnostic.Note("subsumed by \(subsumer.sourceText)", at: subsumer.location)]))
        }
        return findings
    }

    static func hasAggregate(_ rule: Rule) -> Bool {
        !rule.head.arguments.flatMap(\.aggregates).isEmpty || rule.body.contains { !$0.aggregates.isEmpty }
    }

    /// Whether `general` subsumes `specific`: a substitution of `general`'s variables maps its head onto `specific`'s
    /// and each of its body literals onto one of `specific`'s, whose variables stay fixed.
    static func subsumes(_ general: Rule, _ specific: Rule) -> Bool {
        var substitution: [String: Term] = [:]
        guard match(general.head.arguments, specific.head.arguments, &substitution) else { return false }
        return matchBody(general.body[...], against: specific.body, substitution)
    }

    /// Whether every solution of `body` is one of `conditions` too: a substitution maps each of its literals onto one
    /// of `body`'s.
    static func implies(_ body: [Literal], _ conditions: [Literal]) -> Bool {
        matchBody(conditions[...], against: body, [:])
    }

    private static func matchBody(_ literals: ArraySlice<Literal>, against body: [Literal], _ substitution: [String: Term]) -> Bool {
        guard let literal = literals.first else { return true }
        for candidate in body {
            var extended = substitution
            if match(literal, candidate, &extended), matchBody(literals.dropFirst(), against: body, extended) { return true }
        }
        return false
    }

    private static func match(_ pattern: Literal, _ target: Literal, _ substitution: inout [String: Term]) -> Bool {
        switch (pattern, target) {
        case let (.positive(lhs), .positive(rhs)):
            return lhs.relation == rhs.relation && match(lhs.arguments, rhs.arguments, &substitution)
        case let (.negative(lhs), .negative(rhs)):
            return lhs.relation == rhs.relation && lhs.arguments.count == rhs.arguments.count
                && zip(lhs.arguments, rhs.arguments).allSatisfy { matchNegated($0, $1, &substitution) }
        case let (.comparison(lhs), .comparison(rhs)):
            return lhs.op == rhs.op && match([lhs.lhs, lhs.rhs], [rhs.lhs, rhs.rhs], &substitution)
        default:
            return false
        }
    }

    private static func match(_ patterns: [Term], _ targets: [Term], _ substitution: inout [String: Term]) -> Bool {
        guard patterns.count == targets.count else { return false }
        return zip(patterns, targets).allSatisfy { match($0, $1, &substitution) }
    }

    /// Under `!` the order of generality flips: `!parent(_, c)` (no parent at all) asks more than `!parent("ann", c)`.
    /// So a wildcard in the target, which denies every value, covers any term of the pattern, while a wildcard in the
    /// pattern is covered only by one in the target.
    private static func matchNegated(_ pattern: Term, _ target: Term, _ substitution: inout [String: Term]) -> Bool {
        switch (pattern, target) {
        case (_, .wildcard): return true
        case (.wildcard, _): return false
        default: return match(pattern, target, &substitution)
        }
    }

    /// One-way matching: only `pattern`'s variables are bound. A wildcard in the pattern matches anything; one in the
    /// target, an unknown value, only by a wildcard.
    private static func match(_ pattern: Term, _ target: Term, _ substitution: inout [String: Term]) -> Bool {
        switch (pattern, target) {
        case (.wildcard, _):
            return true
        case let (.variable(name), _):
            if case .wildcard = target { return false }
            if let bound = substitution[name] { return bound == target }
            substitution[name] = target
            return true
        case let (.constant(lhs), .constant(rhs)):
            return lhs == rhs
        case let (.arithmetic(op, lhs, rhs), .arithmetic(otherOp, otherLhs, otherRhs)):
            return op == otherOp && match([lhs, rhs], [otherLhs, otherRhs], &substitution)
        case let (.minus(operand), .minus(other)):
            return match(operand, other, &substitution)
        default:
            return false
        }
    }
}
