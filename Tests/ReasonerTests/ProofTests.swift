import Testing
@testable import Reasoner
import Syntax

@Suite struct ProofTests {
    @Test func proofsListPremisesBeforeConclusionsAndCiteTheirSources() throws {
        let fixture = try Fixture(family)
        let result = try fixture.answer(#"ancestor("Ann", "Dee")"#)
        let proof = try #require(result.proofs.first)
        #expect(proof.goals == [proof.steps.count - 1])
        #expect(proof.steps.last?.conclusion.description == #"ancestor("Ann", "Dee")"#)
        for (index, step) in proof.steps.enumerated() {
            #expect(step.premises.allSatisfy { $0 < index })
        }
        let facts = proof.facts.map(\.description)
        #expect(facts == [#"parent("Ann", "Bob")"#, #"parent("Bob", "Cid")"#, #"parent("Cid", "Dee")"#])
        guard case let .fact(file, line, _) = proof.steps[0].justification else {
            Issue.record("the first step should be a stored fact")
            return
        }
        #expect(file.hasSuffix("program.dl"))
        #expect(line == 6)
        guard case let .rule(citation, substitution, _, _, _) = proof.steps.last!.justification else {
            Issue.record("the goal should be proved by a rule")
            return
        }
        #expect(citation.text == "ancestor(x, z) :- parent(x, y), ancestor(y, z).")
        #expect(citation.location.line == 9)
        #expect(substitution["y"] == .symbol("Bob"))
    }

    @Test func theDefaultProofIsAShortestOne() throws {
        let fixture = try Fixture("""
            .decl edge(a: symbol, b: symbol)
            .decl path(a: symbol, b: symbol)
            edge("a", "b"). edge("b", "c"). edge("c", "d"). edge("a", "d").
            path(x, y) :- edge(x, y).
            path(x, z) :- path(x, y), edge(y, z).
            """)
        let proof = try #require(fixture.answer(#"path("a", "d")"#).proofs.first)
        #expect(proof.steps.count == 2)
        #expect(proof.facts.map(\.description) == [#"edge("a", "d")"#])
    }

    @Test func alternativeProofsAreFoundOnRequestAndAreNeverCircular() throws {
        let fixture = try Fixture("""
            .decl edge(a: symbol, b: symbol)
            .decl path(a: symbol, b: symbol)
            edge("a", "b"). edge("b", "d"). edge("a", "d"). edge("d", "a").
            path(x, y) :- edge(x, y).
            path(x, z) :- path(x, y), edge(y, z).
            """)
        let result = try fixture.reasoner.answer(Query.parse(#"path("a", "d")"#), options: Reasoner.Options(alternativeProofs: 5))
        #expect(result.evaluation == "full")
        #expect(result.proofs.first?.facts.map(\.description) == [#"edge("a", "d")"#])
        let alternatives = try #require(result.alternativeProofs.first)
        #expect(alternatives.map { $0.facts.map(\.description) } == [[#"edge("a", "b")"#, #"edge("b", "d")"#]])
        for proof in alternatives {
            let conclusions = proof.steps.map(\.conclusion)
            #expect(Set(conclusions).count == conclusions.count, "a step proving its own premise would be circular")
        }
        #expect(try fixture.answer(#"path("a", "d")"#).alternativeProofs.isEmpty)
    }

    @Test func negatedPremisesAndConditionsAreRecorded() throws {
        let fixture = try Fixture(family + """

            .decl age(p: symbol, years: number)
            .decl young_and_childless(p: symbol)
            age("Eve", 15). age("Ann", 70).
            young_and_childless(p) :- childless(p), age(p, a), a < 18.
            """)
        let proof = try #require(fixture.answer(#"young_and_childless("Eve")"#).proofs.first)
        let childless = try #require(proof.steps.first { $0.conclusion.relation.name == "childless" })
        guard case let .rule(_, _, _, absent, _) = childless.justification else {
            Issue.record("childless is derived by a rule")
            return
        }
        #expect(absent.map(\.description) == [#"parent("Eve", _)"#])
        guard case let .rule(_, _, _, _, conditions) = proof.steps.last!.justification else { return }
        #expect(conditions == ["15 < 18"])
    }

    @Test func sharedSubproofsAppearOnce() throws {
        let fixture = try Fixture("""
            .decl base(x: symbol)
            .decl twice(x: symbol)
            base("a").
            twice(x) :- base(x), base(x).
            """)
        let proof = try #require(fixture.answer(#"twice("a")"#).proofs.first)
        #expect(proof.steps.count == 2)
        #expect(proof.steps.last?.premises == [0, 0])
    }
}
