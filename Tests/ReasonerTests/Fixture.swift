import Foundation
import KnowledgeGraph
@testable import Reasoner
import Syntax

/// A knowledge base compiled from program text in a fresh temporary folder (a real SQLite file).
struct Fixture {
    let folder: URL
    let reasoner: Reasoner

    init(_ program: String, files: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lemma-reasoner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try program.write(to: folder.appendingPathComponent("program.dl"), atomically: true, encoding: .utf8)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let knowledgeBase = try FolderCompiler(cacheDirectory: folder.appendingPathComponent("cache").path).compile(folder.path)
        reasoner = try Reasoner(knowledgeBase: knowledgeBase)
    }

    func answer(_ text: String, queryDriven: Bool = true, maximumProofSteps: Int = 100_000) throws -> QueryResult {
        try reasoner.answer(Query.parse(text), options: Reasoner.Options(queryDriven: queryDriven, maximumProofSteps: maximumProofSteps))
    }

    /// Bindings rendered as `a, b` lines, for compact assertions.
    func rows(_ text: String, queryDriven: Bool = true) throws -> [String] {
        try answer(text, queryDriven: queryDriven).bindings.map { $0.map(\.rawText).joined(separator: ", ") }
    }

    func holds(_ text: String) throws -> Bool {
        try answer(text).holds
    }
}

/// A small deterministic generator, so randomized tests are reproducible from their seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
