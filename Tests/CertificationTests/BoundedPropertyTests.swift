import Reasoner
import Syntax
import Testing
@testable import Certification

@Suite struct BoundedPropertyTests {
    static func check(_ text: String, bound: Int = 2) throws -> BoundedChecker.Outcome {
        let loaded = ProgramLoader.parse(text: text, file: "p.dl")
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        return try BoundedChecker(bound: bound).check(try #require(loaded.program.properties.first), in: loaded.program)
    }

    static let clinic = """
        .decl age(p: symbol, years: number)
        .decl patient(p: symbol)
        .decl adult(p: symbol)
        adult(p) :- age(p, y), y >= 18.

        """

    @Test func aPropertyTheRulesGuaranteeHoldsForEveryFactSetWithinTheBound() throws {
        let outcome = try Self.check(Self.clinic + ".assert adults_are_grown: adult(p), age(p, y) => adult(p).\n.assert never young_adult: adult(p), age(p, y), y < 18, age(p, y).\n")
        guard case let .holds(candidates) = outcome else { Issue.record("expected holds, got \(outcome)"); return }
        #expect(candidates > 0)
    }

    @Test func aViolationIsTheSmallestFactSetAndReallyViolates() throws {
        let outcome = try Self.check(Self.clinic + ".assert adults_are_patients: adult(p) => patient(p).\n")
        guard case let .violated(facts, bindings) = outcome else { Issue.record("expected a violation, got \(outcome)"); return }
        #expect(facts.count == 1 && facts[0].relation.name == "age", "one age of 18 or more, and no patient fact: \(facts)")
        if case let .number(years)? = facts[0].values[1] { #expect(years >= 18) } else { Issue.record("the age is a number") }
        #expect(bindings.first?["p"] == facts[0].values[0] ?? nil)
    }

    @Test func recursiveRulesAndNegationAreEncodedExactly() throws {
        let family = """
            .decl parent(a: symbol, b: symbol)
            .decl ancestor(a: symbol, b: symbol)
            .decl founder(a: symbol)
            ancestor(a, b) :- parent(a, b).
            ancestor(a, c) :- ancestor(a, b), parent(b, c).
            founder(a) :- parent(a, _), !parent(_, a).

            """
        guard case .holds = try Self.check(family + ".assert parents_are_ancestors: parent(a, b) => ancestor(a, b).\n") else {
            Issue.record("every parent is an ancestor"); return
        }
        let outcome = try Self.check(family + ".assert never cycle: ancestor(a, a).\n", bound: 2)
        guard case let .violated(facts, _) = outcome else { Issue.record("a parent loop makes someone their own ancestor"); return }
        #expect(facts.count <= 2 && facts.allSatisfy { $0.relation.name == "parent" })
        let founders = try Self.check(family + ".assert founders_have_children: founder(a) => ancestor(a, a).\n")
        guard case let .violated(founderFacts, _) = founders else { Issue.record("a founder is not their own ancestor"); return }
        #expect(founderFacts.count == 1)
    }

    @Test func aggregatesAreReportedAsUnsupportedNeverGuessed() {
        let text = """
            .decl grade(s: symbol, g: number)
            .decl best(s: symbol, g: number)
            best(s, m) :- grade(s, _), m = max g : { grade(s, g) }.
            .assert best_is_a_grade: best(s, m) => grade(s, m).

            """
        #expect(throws: CertificationError.self) { try Self.check(text) }
    }
}

@Suite struct BoundedDifferenceTests {
    static func program(_ text: String) -> Program {
        ProgramLoader.parse(text: text, file: "p.dl").program
    }

    static let declarations = """
        .decl age(p: symbol, years: number)
        .decl adult(p: symbol)

        """

    @Test func aChangedThresholdShowsTheFactSetOnWhichTheVersionsDisagree() throws {
        let old = Self.program(Self.declarations + "adult(p) :- age(p, y), y >= 18.\n")
        let new = Self.program(Self.declarations + "adult(p) :- age(p, y), y >= 16.\n")
        let disagreement = try #require(try BoundedChecker(bound: 2).disagreement(old: old, new: new))
        #expect(disagreement.facts.count == 1 && disagreement.onlyOld.isEmpty && disagreement.onlyNew.count == 1)
        if case let .number(years)? = disagreement.facts[0].values[1] { #expect((16..<18).contains(years)) } else { Issue.record("an age") }
    }

    @Test func rewritingARuleWithoutChangingItsMeaningIsNoDifference() throws {
        let old = Self.program(Self.declarations + "adult(p) :- age(p, y), y >= 18.\n")
        let new = Self.program(Self.declarations + "adult(p) :- age(p, y), 18 <= y.\nadult(p) :- age(p, y), y > 40.\n")
        #expect(try BoundedChecker(bound: 2).disagreement(old: old, new: new) == nil)
    }
}
