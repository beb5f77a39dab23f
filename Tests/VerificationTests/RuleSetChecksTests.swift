import Foundation
import Syntax
import Testing
@testable import Verification

@Suite struct RuleSetChecksTests {
    static func findings(_ text: String) -> [Diagnostic] {
        RuleSetChecks.findings(in: ProgramLoader.parse(text: text, file: "rules.dl", validate: false).program)
    }

    static let header = """
        .decl person(p: symbol)
        .phrase person "{p} is a person"
        .decl parent(p: symbol, c: symbol)
        .phrase parent "{p} is a parent of {c}"
        .decl ancestor(a: symbol, d: symbol)
        .phrase ancestor "{a} is an ancestor of {d}"

        """

    @Test func aBodyWhoseComparisonsContradictEachOtherIsDead() throws {
        let text = """
            .decl age(p: symbol, years: number)
            .phrase age "{p} is {years}"
            .decl odd(p: symbol)
            .phrase odd "{p} is odd"
            age("ann", 7).
            odd(p) :- age(p, x), x > 5, x < 3.
            """
        let dead = Self.findings(text).filter { $0.code == "dead-rule" }
        #expect(dead.count == 1)
        let finding = try #require(dead.first)
        #expect(finding.location?.line == 6 && finding.message.contains("'x > 5', 'x < 3'") && finding.notes.count == 2)
        let satisfiable = text.replacingOccurrences(of: "x < 3", with: "x < 9")
        #expect(Self.findings(satisfiable).filter { $0.code == "dead-rule" }.isEmpty)
    }

    @Test func aRuleNeedingARelationThatCanNeverHoldIsDeadAndSoAreRulesBuiltOnIt() {
        let text = Self.header + """
            .decl adopted(p: symbol, c: symbol)
            .phrase adopted "{p} adopted {c}"
            .decl guardian(p: symbol, c: symbol)
            .phrase guardian "{p} is a guardian of {c}"
            parent("ann", "bob").
            ancestor(a, d) :- parent(a, d).
            guardian(p, c) :- adopted(p, c).
            ancestor(a, d) :- guardian(a, d).
            """
        let dead = Self.findings(text).filter { $0.code == "dead-rule" }
        #expect(dead.map { $0.location?.line } == [13, 14])
        #expect(dead[0].message.contains("'adopted' has no facts, no input and no rules"))
        #expect(dead[1].message.contains("none of the rules for 'guardian' can fire"))
        #expect(Self.findings(text + "\n.input adopted\n").filter { $0.code == "dead-rule" }.isEmpty, "an input relation may hold")
    }

    @Test func aRuleThatFiresOnlyWhenAConstraintIsViolatedIsDead() throws {
        let text = Self.header + """
            .decl banned(p: symbol)
            .phrase banned "{p} is banned"
            person("ann").
            parent("ann", "bob").
            banned("bob").
            :- parent(p, c), banned(c).
            ancestor(a, d) :- parent(a, d), banned(d), person(a).
            ancestor(a, d) :- parent(a, d), person(a).
            """
        let dead = Self.findings(text).filter { $0.code == "dead-rule" }
        #expect(dead.map { $0.location?.line } == [13])
        #expect(dead.first?.message.contains("integrity constraint at line 12") == true && dead.first?.notes.first?.location?.line == 12)
    }

    @Test func aRuleSubsumedByAMoreGeneralOneIsRedundant() throws {
        let text = Self.header + """
            ancestor(a, d) :- parent(a, d).
            ancestor(a, d) :- parent(a, d), person(a).
            ancestor(x, y) :- parent(x, y).
            ancestor(a, d) :- parent(a, m), ancestor(m, d).
            """
        let redundant = Self.findings(text).filter { $0.code == "redundant-rule" }
        #expect(redundant.map { $0.location?.line } == [8, 9], "the rule with an extra condition, and the renamed copy")
        #expect(redundant.allSatisfy { $0.message.contains("line 7") })
    }

    @Test func underNegationTheRuleThatDeniesLessIsTheMoreGeneral() {
        let text = Self.header + """
            .decl orphan(c: symbol)
            .phrase orphan "{c} is an orphan"
            orphan(c) :- person(c), !parent(_, c).
            orphan(c) :- person(c), !parent("ann", c).
            orphan("bob") :- person("bob").
            """
        let redundant = Self.findings(text).filter { $0.code == "redundant-rule" }
        #expect(redundant.map { $0.location?.line } == [9], #"!parent(_, c) asks more than !parent("ann", c); a rule for bob alone is neither"#)
        #expect(redundant.first?.message.contains("line 10") == true)
    }

    @Test func unusedRelationsDuplicateFactsAndMissingPhrasesAreFound() throws {
        let text = Self.header + """
            .decl cousin(a: symbol, b: symbol)
            .decl spouse(a: symbol, b: symbol)
            .phrase cousin "{a} is a cousin of {b}"
            person("ann").
            person("bob").
            person("ann").
            ancestor(a, d) :- parent(a, d), person(a).
            """
        let findings = Self.findings(text)
        #expect(findings.filter { $0.code == "unused-relation" }.map(\.message) == [
            "relation 'cousin' is declared but never used: no fact states it, no rule derives it and no rule reads it",
            "relation 'spouse' is declared but never used: no fact states it, no rule derives it and no rule reads it",
        ])
        let duplicate = try #require(findings.first { $0.code == "duplicate-fact" })
        #expect(duplicate.location?.line == 12 && duplicate.notes.first?.location?.line == 10)
        #expect(findings.filter { $0.code == "missing-phrase" }.map { $0.location?.line } == [8])
        #expect(findings.allSatisfy { $0.severity == .warning })
    }
}
