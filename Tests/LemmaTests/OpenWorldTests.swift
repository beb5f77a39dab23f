import Foundation
import Testing
@testable import Lemma

/// ProofWriter-style theories in the rule language, answered in the open world exactly as clingo (answer-set
/// semantics with classical negation) answers them; see `Fixtures/open_world` and `reference/answer_open_world.py`.
@Suite struct OpenWorldTests {
    static let root = Support.fixtures.appendingPathComponent("open_world")

    static var theories: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
    }

    struct Expected {
        var consistent: Bool
        var conflicts: Set<[String]>
        var answers: [(query: String, answer: String?)]
    }

    static func expected(_ theory: String) throws -> Expected {
        let folder = root.appendingPathComponent(theory)
        let conflicts = try Support.json(String(contentsOf: folder.appendingPathComponent("conflicts.json"), encoding: .utf8))
        let lines = try String(contentsOf: folder.appendingPathComponent("expected.jsonl"), encoding: .utf8).split(separator: "\n")
        let answers = try lines.map { line in
            let object = try Support.json(String(line))
            return (query: try #require(object["query"] as? String), answer: object["answer"] as? String)
        }
        return Expected(consistent: conflicts["consistent"] as? Bool ?? true,
                        conflicts: Set((conflicts["conflicts"] as? [[String]] ?? []).map { $0.sorted() }), answers: answers)
    }

    @Test func fixturesCoverEveryAnswerAndDepth() throws {
        #expect(Self.theories.count >= 8)
        var answers: [String: Int] = [:]
        for theory in Self.theories {
            for item in try Self.expected(theory).answers { answers[item.answer ?? "inconsistent", default: 0] += 1 }
        }
        #expect(answers["yes", default: 0] >= 10 && answers["no", default: 0] >= 10 && answers["unknown", default: 0] >= 10)
        #expect(answers["inconsistent", default: 0] >= 3)
    }

    @Test(arguments: theories)
    func answersMatchTheAnswerSetSolver(theory: String) throws {
        let expected = try Self.expected(theory)
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let folder = Self.root.appendingPathComponent(theory).path
        var service = Support.service(cache: cache)
        service.explanations.minimalConflicts = !expected.consistent
        for (index, item) in expected.answers.enumerated() {
            let reply = try Support.encoded(service.query(item.query, knowledge: folder).reply)
            #expect(reply["world"] as? String == "open")
            let consistency = reply["consistency"] as? [String: Any]
            if expected.consistent {
                #expect(reply["answer"] as? String == item.answer, "\(theory): \(item.query)")
                #expect(reply["certified"] as? Bool == true, "\(theory): \(item.query) is not certified: \(reply["certification"] ?? "")")
                #expect(consistency?["consistent"] as? Bool ?? true)
            } else {
                #expect(consistency?["consistent"] as? Bool == false, "\(theory): every reply must say the knowledge is inconsistent")
                guard index == 0 else { continue }
                let conflicts = consistency?["conflicts"] as? [[String: Any]] ?? []
                let sets = conflicts.flatMap { $0["minimal_fact_sets"] as? [[[String: Any]]] ?? [] }
                let found = Set(sets.map { set in set.compactMap { $0["atom"] as? String }.sorted() })
                #expect(found == expected.conflicts, "\(theory): minimal conflict sets")
                for set in sets {
                    #expect(set.allSatisfy { $0["file"] as? String != nil && $0["line"] as? Int != nil }, "every fact of a conflict set cites where it is stored")
                }
            }
        }
    }

    @Test func negationAsFailureOnAnOpenRelationIsRejectedWithItsLocation() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            .pragma "world" "open"
            .decl big(x: symbol)
            .decl small(x: symbol)
            small(x) :- thing(x), !big(x).
            .decl thing(x: symbol)
            thing("cat").
            """.write(to: folder.appendingPathComponent("theory.dl"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Support.service(cache: folder.appendingPathComponent("cache")).query(#"small("cat")"#, knowledge: folder.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("theory.dl:4:") && text.contains("open-world relation") && text.contains("closed")
        }
    }

    @Test func worldCanBeOverriddenOnTheCommandLine() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let closed = try Support.run(["query", #"ancestor("Pablo", "Iris")"#, "--format", "json"], cache: cache)
        let open = try Support.run(["query", #"ancestor("Pablo", "Iris")"#, "--format", "json", "--world", "open"], cache: cache)
        #expect(try Support.json(closed.stdout)["answer"] as? String == "no")
        let reply = try Support.json(open.stdout)
        #expect(reply["answer"] as? String == "unknown")
        #expect(reply["world"] as? String == "open")
        #expect(reply["certified"] as? Bool == true)
    }
}
