import Foundation
import Testing
@testable import Lemma

/// Why-not explanations, abduction, witnesses and counterfactuals over the shipped family knowledge.
@Suite struct ExplanationTests {
    static func reply(_ query: String, _ explanations: QueryService.Explanations = .init(), world: String? = nil) throws -> [String: Any] {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        var service = Support.service(cache: cache)
        service.explanations = explanations
        if world == "open" { service.options.world = .open }
        return try Support.encoded(service.query(query, knowledge: nil).reply)
    }

    static func atoms(_ sets: Any?) -> Set<[String]> {
        Set((sets as? [[[String: Any]]] ?? []).map { $0.compactMap { $0["atom"] as? String }.sorted() })
    }

    @Test func closedWorldNoNamesTheFailingAtomOfEachRule() throws {
        let reply = try Self.reply(#"ancestor("Pablo", "Iris")"#)
        #expect(reply["answer"] as? String == "no")
        #expect(reply["certified"] as? Bool == true)
        #expect((reply["certification"] as? [String: Any])?["method"] as? String == "completion")
        let whyNot = try #require((reply["why_not"] as? [[String: Any]])?.first)
        #expect(whyNot["atom"] as? String == #"ancestor("Pablo", "Iris")"#)
        let attempts = whyNot["attempts"] as? [[String: Any]] ?? []
        #expect(attempts.count == 2, "one attempt per ancestor rule")
        for attempt in attempts {
            #expect(attempt["failure"] as? String == "not_derivable")
            #expect((attempt["failing"] as? String)?.hasPrefix(#"parent("Pablo", "#) == true, "\(attempt)")
        }
    }

    @Test func nearMissesComeFirstAndRecurse() throws {
        // Mateo and Iris are cousins, not siblings: each of Mateo's parents is found, and is not a parent of Iris.
        let reply = try Self.reply(#"sibling("Mateo", "Iris")"#)
        #expect(reply["answer"] as? String == "no")
        let attempts = try #require((reply["why_not"] as? [[String: Any]])?.first?["attempts"] as? [[String: Any]])
        let satisfied = attempts.map { ($0["satisfied"] as? [String] ?? []).count }
        #expect(satisfied == satisfied.sorted(by: >), "closest near-misses first")
        #expect(satisfied.first ?? 0 >= 1)
        let failing = Set(attempts.compactMap { $0["failing"] as? String })
        #expect(failing == [#"parent("Carlos", "Iris")"#, #"parent("Elena", "Iris")"#])
    }

    @Test func abductionFindsTheSmallestMissingFacts() throws {
        let reply = try Self.reply(#"ancestor("Pablo", "Iris")"#, .init(abduction: true))
        let sets = Self.atoms(reply["abduction"])
        #expect(sets.contains([#"parent("Pablo", "Iris")"#]))
        let smallest = sets.map(\.count).min()
        #expect(smallest == 1)
        for set in sets {
            #expect(set.allSatisfy { $0.hasPrefix("parent(") }, "only stored relations are hypothesised: \(set)")
        }
    }

    @Test func counterfactualsNameTheFactsAYesRestsOn() throws {
        let reply = try Self.reply(#"grandparent("Juan", "Mateo")"#, .init(counterfactuals: true))
        #expect(reply["answer"] as? String == "yes")
        let sets = Self.atoms(reply["counterfactuals"])
        #expect(sets == [[#"parent("Juan", "Carlos")"#], [#"parent("Carlos", "Mateo")"#]])
        for set in reply["counterfactuals"] as? [[[String: Any]]] ?? [] {
            #expect(set.allSatisfy { ($0["file"] as? String)?.hasSuffix("parent.facts") == true && $0["line"] is Int })
        }
    }

    @Test func unknownCarriesAWitnessEachWay() throws {
        let reply = try Self.reply(#"ancestor("Pablo", "Iris")"#, world: "open")
        #expect(reply["answer"] as? String == "unknown")
        #expect(reply["certified"] as? Bool == true)
        let witness = try #require(reply["witness"] as? [String: Any])
        #expect(Self.atoms(witness["could_hold"]).contains([#"parent("Pablo", "Iris")"#]))
        #expect(Self.atoms(witness["could_fail"]) == [[#"-ancestor("Pablo", "Iris")"#]])
    }

    @Test func exhaustedSolverTimeIsUnknownNeverAWrongAnswer() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        var service = Support.service(cache: cache)
        service.solverTimeout = .zero
        let reply = try Support.encoded(service.query(#"ancestor("Pablo", "Iris")"#, knowledge: nil).reply)
        #expect(reply["answer"] as? String == "no")
        #expect(reply["certified"] as? Bool == false)
        #expect(((reply["certification"] as? [String: Any])?["reason"] as? String)?.contains("timeout") == true)
    }
}
