import Testing
@testable import Reasoner
import Syntax

/// Query-driven evaluation (magic sets) must give exactly the answers of full evaluation.
@Suite struct QueryDrivenTests {
    @Test func boundQueriesUseTheRewriting() throws {
        let fixture = try Fixture(family)
        let driven = try fixture.answer(#"ancestor("Bob", x)"#)
        let full = try fixture.answer(#"ancestor("Bob", x)"#, queryDriven: false)
        #expect(driven.evaluation == "query-driven")
        #expect(full.evaluation == "full")
        #expect(driven.bindings == full.bindings)
        #expect(driven.proofs.allSatisfy { $0.steps.allSatisfy { !$0.conclusion.relation.name.contains("@") } })
    }

    @Test func sameGenerationOnALargeTreeIsAnsweredFromTheDemandOnly() throws {
        var facts: [String] = []
        for child in 2..<4096 { facts.append("n\(child / 2)\tn\(child)") }
        let fixture = try Fixture("""
            .decl parent(p: symbol, c: symbol)
            .input parent
            .decl same_generation(a: symbol, b: symbol)
            same_generation(x, x) :- parent(_, x).
            same_generation(x, y) :- parent(px, x), same_generation(px, py), parent(py, y).
            """, files: ["parent.facts": facts.joined(separator: "\n") + "\n"])
        let result = try fixture.answer(#"same_generation("n5", y)"#)
        // The root has no parent, so it is in no generation: n5's generation is its parent n2's children.
        #expect(result.bindings.map { $0.map(\.rawText) } == [["n4"], ["n5"]])
        #expect(result.evaluation == "query-driven")
        #expect(try fixture.answer(#"same_generation("n5", y)"#, queryDriven: false).bindings == result.bindings)
    }

    /// Random programs over a random graph: closure, joins, negation of a lower stratum, comparisons and counts.
    @Test(arguments: 1...12)
    func randomProgramsAgree(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let nodes = (0..<8).map { "v\($0)" }
        var facts: [String] = []
        for _ in 0..<14 {
            facts.append(#"edge("\#(nodes.randomElement(using: &random)!)", "\#(nodes.randomElement(using: &random)!)")."#)
        }
        for node in nodes {
            facts.append(#"weight("\#(node)", \#(Int.random(in: 0..<10, using: &random)))."#)
        }
        let templates = [
            "reach(x, y) :- edge(x, y).",
            "reach(x, z) :- reach(x, y), edge(y, z).",
            "reach(x, z) :- edge(x, y), reach(y, z).",
            "both(x, y) :- reach(x, y), reach(y, x).",
            "heavy(x, y) :- reach(x, y), weight(y, w), w > 4.",
            "lonely(x, y) :- edge(x, y), !reach(y, x).",
            "fan(x, n) :- edge(x, _), n = count : { reach(x, _) }.",
            "twostep(x, z) :- edge(x, y), edge(y, z), x != z.",
            "chain(x, y) :- heavy(x, y).",
            "chain(x, z) :- chain(x, y), twostep(y, z).",
        ]
        let chosen = templates.filter { _ in Bool.random(using: &random) } + templates.prefix(2)
        let program = """
            .decl edge(a: symbol, b: symbol)
            .decl weight(a: symbol, w: number)
            .decl reach(a: symbol, b: symbol)
            .decl both(a: symbol, b: symbol)
            .decl heavy(a: symbol, b: symbol)
            .decl lonely(a: symbol, b: symbol)
            .decl fan(a: symbol, n: number)
            .decl twostep(a: symbol, b: symbol)
            .decl chain(a: symbol, b: symbol)
            \(facts.joined(separator: "\n"))
            \(Set(chosen).sorted().joined(separator: "\n"))
            """
        let fixture = try Fixture(program)
        for relation in ["reach", "both", "heavy", "lonely", "fan", "twostep", "chain"] {
            for node in nodes.prefix(3) {
                for query in [#"\#(relation)("\#(node)", y)"#, "\(relation)(x, y)"] {
                    let driven = try fixture.answer(query)
                    let full = try fixture.answer(query, queryDriven: false)
                    #expect(driven.bindings == full.bindings, "\(query) in\n\(program)")
                }
            }
        }
    }
}
