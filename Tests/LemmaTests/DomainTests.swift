import Foundation
import Testing
@testable import Lemma

/// Knowledge written by someone else, answered exactly as the reference engine answers it.
@Suite struct DomainTests {
    /// `expected.jsonl` holds one reply per line of `queries.txt`, from the clingo-based reference engine.
    func compare(queries folder: URL, knowledge: String?) throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let expectedLines = try String(contentsOf: folder.appendingPathComponent("expected.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(expectedLines.count >= 10)
        for line in expectedLines {
            let expected = try Support.json(line)
            let query = try #require(expected["query"] as? String)
            let outcome = try Support.service(cache: cache).query(query, knowledge: knowledge)
            let reply = try Support.encoded(outcome.reply)
            if let answer = expected["answer"] as? String {
                #expect(reply["answer"] as? String == answer, "\(query)")
            }
            if let count = expected["count"] as? Int {
                #expect(reply["count"] as? Int == count, "\(query)")
            } else if let answers = expected["answers"] as? [[String: Any]] {
                let got = reply["answers"] as? [[String: Any]] ?? []
                #expect(got.map { NSDictionary(dictionary: $0) } == answers.map { NSDictionary(dictionary: $0) }, "\(query)")
            }
            if outcome.result.holds {
                #expect(reply["certified"] as? Bool == true, "\(query) should be certified")
            }
        }
    }

    @Test func clinicDomainMatchesTheReferenceEngine() throws {
        let folder = Support.fixtures.appendingPathComponent("domains/clinic")
        try compare(queries: folder, knowledge: folder.path)
    }

    @Test func shippedKnowledgeMatchesTheReferenceEngine() throws {
        try compare(queries: Support.fixtures.appendingPathComponent("knowledge_queries"), knowledge: nil)
    }
}
