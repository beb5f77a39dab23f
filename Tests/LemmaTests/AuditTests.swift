import Foundation
import Testing
@testable import Lemma

/// `lemma audit` accepts Lemma's own answers and rejects every single tampering of them.
@Suite struct AuditTests {
    static let queries = [
        #"grandparent(g, "Mateo")"#, #"ancestor("Juan", "Iris")"#, #"cousin("Mateo", c)"#, #"same_generation("Mateo", y)"#,
        #"childless(p)"#, #"can_enrol("Ben", c)"#, #"may_enter("Mona", d)"#, #"ancestor("Ann", x), age(x, a), a < 30"#,
    ]

    /// Saved replies of the shipped knowledge, as `lemma query --format json` writes them.
    static func savedReplies(cache: URL) throws -> [[String: Any]] {
        try queries.map { query in
            let reply = try Support.service(cache: cache).query(query, knowledge: nil).reply
            return try Support.encoded(reply)
        }
    }

    static func audit(_ reply: [String: Any], cache: URL) throws -> AuditReport {
        let file = cache.appendingPathComponent("answer-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: reply).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try AuditService(locator: KnowledgeLocator(cacheDirectory: cache.path)).audit(file: file.path, knowledge: nil)
    }

    @Test func untouchedAnswersAreValid() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        for reply in try Self.savedReplies(cache: cache) {
            let report = try Self.audit(reply, cache: cache)
            #expect(report.valid, "\(reply["query"] ?? ""): \(report.firstInvalid?.reason ?? "")")
            #expect(report.solverConfirmed)
            #expect(report.checkedSteps > 0)
        }
    }

    enum Tampering: CaseIterable {
        case changedConstant, droppedPremise, swappedRule, extraStep, rewordedText
    }

    /// Applies one tampering at a random place; nil when this proof offers no place for it.
    static func tamper(_ reply: [String: Any], _ tampering: Tampering, symbols: [String], rules: [[String: Any]], random: inout SeededGenerator) -> [String: Any]? {
        var reply = reply
        guard var proofs = reply["proofs"] as? [[String: Any]], !proofs.isEmpty else { return nil }
        let proofIndex = Int.random(in: 0..<proofs.count, using: &random)
        var steps = proofs[proofIndex]["steps"] as? [[String: Any]] ?? []
        switch tampering {
        case .changedConstant:
            let candidates = steps.indices.flatMap { index in
                ((steps[index]["values"] as? [Any]) ?? []).indices.filter { (steps[index]["values"] as! [Any])[$0] is String }.map { (index, $0) }
            }
            guard let (index, position) = candidates.randomElement(using: &random) else { return nil }
            var values = steps[index]["values"] as! [Any]
            let old = values[position] as! String
            let new = symbols.filter { $0 != old }.randomElement(using: &random)!
            values[position] = new
            steps[index]["values"] = values
            steps[index]["atom"] = "\(steps[index]["relation"]!)(\(values.map { $0 is String ? "\"\($0)\"" : "\($0)" }.joined(separator: ", ")))"
        case .droppedPremise:
            guard let index = steps.indices.filter({ !((steps[$0]["premises"] as? [Int]) ?? []).isEmpty }).randomElement(using: &random) else { return nil }
            var premises = steps[index]["premises"] as! [Int]
            premises.remove(at: Int.random(in: 0..<premises.count, using: &random))
            steps[index]["premises"] = premises
        case .swappedRule:
            guard let index = steps.indices.filter({ steps[$0]["rule"] != nil }).randomElement(using: &random) else { return nil }
            let current = (steps[index]["rule"] as! [String: Any])["text"] as! String
            steps[index]["rule"] = rules.filter { $0["text"] as? String != current }.randomElement(using: &random)!
        case .extraStep:
            var extra = steps.randomElement(using: &random)!
            extra["id"] = steps.count + 1
            steps.append(extra)
        case .rewordedText:
            // The proof stays intact; only what a person reads changes, to another step's statement or a negation.
            let index = Int.random(in: 0..<steps.count, using: &random)
            let text = steps[index]["text"] as! String
            let others = steps.compactMap { $0["text"] as? String }.filter { $0 != text }
            steps[index]["text"] = others.randomElement(using: &random) ?? text.replacingOccurrences(of: " is ", with: " is not ")
        }
        proofs[proofIndex]["steps"] = steps
        reply["proofs"] = proofs
        return reply
    }

    @Test func everySingleTamperingIsRejected() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let replies = try Self.savedReplies(cache: cache)
        let steps = replies.flatMap { ($0["proofs"] as? [[String: Any]] ?? []).flatMap { $0["steps"] as? [[String: Any]] ?? [] } }
        let symbols = Array(Set(steps.flatMap { $0["values"] as? [Any] ?? [] }.compactMap { $0 as? String })).sorted()
        var seenRules = Set<String>()
        let rules = steps.compactMap { $0["rule"] as? [String: Any] }.filter { seenRules.insert($0["text"] as! String).inserted }
        var random = SeededGenerator(seed: 20261123)
        var rejected: [Tampering: Int] = [:]
        for round in 0..<60 {
            let tampering = Tampering.allCases[round % Tampering.allCases.count]
            let original = replies[Int.random(in: 0..<replies.count, using: &random)]
            guard let tampered = Self.tamper(original, tampering, symbols: symbols, rules: rules, random: &random) else { continue }
            let report = try Self.audit(tampered, cache: cache)
            #expect(!report.valid, "\(tampering) of \(original["query"] ?? "") was accepted")
            #expect(report.firstInvalid?.reason.isEmpty == false)
            rejected[tampering, default: 0] += 1
        }
        for tampering in Tampering.allCases {
            #expect(rejected[tampering, default: 0] >= 10, "\(tampering) was tried only \(rejected[tampering, default: 0]) times")
        }
    }

    @Test func bundleIsCheckedWithoutTheKnowledge() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let bundle = cache.appendingPathComponent("answer.bundle.json").path
        let written = try Support.run(["query", #"childless(p)"#, "--bundle", bundle, "--format", "json"], cache: cache)
        #expect(written.status == 0)
        let empty = cache.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let audited = try Support.run(["audit", bundle, "--format", "json"], cache: empty, environment: ["LEMMA_KNOWLEDGE": "/nonexistent"])
        #expect(audited.status == 0, "\(audited.stdout)\(audited.stderr)")
        let report = try Support.json(audited.stdout)
        #expect(report["input"] as? String == "bundle")
        #expect(report["valid"] as? Bool == true)
        #expect(report["checked_knowledge"] == nil)
    }

    @Test func changedKnowledgeIsReportedWithWhatNoLongerExists() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let knowledge = folder.appendingPathComponent("kb")
        try FileManager.default.createDirectory(at: knowledge, withIntermediateDirectories: true)
        let source = knowledge.appendingPathComponent("family.dl")
        try """
            .decl parent(p: symbol, c: symbol)
            .decl grandparent(g: symbol, c: symbol)
            grandparent(g, c) :- parent(g, p), parent(p, c).
            parent("Ann", "Bob").
            parent("Bob", "Cy").
            """.write(to: source, atomically: true, encoding: .utf8)
        let answer = folder.appendingPathComponent("answer.json").path
        let saved = try Support.run(["query", #"grandparent("Ann", "Cy")"#, "--knowledge", knowledge.path, "--format", "json"], cache: folder)
        try saved.stdout.write(toFile: answer, atomically: true, encoding: .utf8)
        try """
            .decl parent(p: symbol, c: symbol)
            .decl grandparent(g: symbol, c: symbol)
            grandparent(g, c) :- parent(g, p), parent(p, c).
            parent("Ann", "Bob").
            """.write(to: source, atomically: true, encoding: .utf8)
        let audited = try Support.run(["audit", answer, "--knowledge", knowledge.path, "--format", "json"], cache: folder)
        #expect(audited.status == 1)
        let report = try Support.json(audited.stdout)
        #expect((report["warnings"] as? [String])?.first?.contains("knowledge changed") == true)
        #expect(report["missing_facts"] as? [String] == [#"parent("Bob", "Cy")"#])
    }

    @Test func badInputNamesTheFieldAndExitsWithTwo() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let file = cache.appendingPathComponent("bad.json")
        try #"{"query": "parent(\"Ann\", x)", "proofs": [{"steps": "none", "goals": []}], "knowledge": "x"}"#.write(to: file, atomically: true, encoding: .utf8)
        let run = try Support.run(["audit", file.path], cache: cache)
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.json") && run.stderr.contains("proofs[0].steps"))
        let missing = try Support.run(["audit", cache.appendingPathComponent("absent.json").path], cache: cache)
        #expect(missing.status == 2)
    }
}

/// A small deterministic generator (SplitMix64), so a failing tampering can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
