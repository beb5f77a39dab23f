import Foundation
import Testing
@testable import Lemma
import Syntax

/// Soufflé-style black-box cases: each folder holds a program, its input facts and the output relations Soufflé's
/// semantics give (computed by a reference engine). Every output relation is asked through `lemma query`'s service
/// and must match line for line.
@Suite struct SouffleCaseTests {
    static let cases = (try? FileManager.default.contentsOfDirectory(atPath: Support.fixtures.appendingPathComponent("souffle").path).sorted()) ?? []

    @Test(arguments: cases)
    func outputsMatchTheReference(caseName: String) throws {
        let folder = Support.fixtures.appendingPathComponent("souffle/\(caseName)")
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let loaded = try ProgramLoader().load(path: folder.path)
        let expectedFolder = folder.appendingPathComponent("expected")
        let outputs = try FileManager.default.contentsOfDirectory(atPath: expectedFolder.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(!outputs.isEmpty)
        for file in outputs {
            let relation = String(file.dropLast(4))
            let arity = try #require(loaded.program.declaration(of: relation)?.arity)
            let query = "\(relation)(\((0..<arity).map { "v\($0)" }.joined(separator: ", ")))"
            let outcome = try Support.service(cache: cache).query(query, knowledge: folder.path)
            let lines: [String]
            if arity == 0 {
                lines = outcome.result.holds ? ["()"] : []
            } else {
                lines = outcome.result.bindings.map { $0.map(\.rawText).joined(separator: "\t") }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            }
            let expected = try String(contentsOf: expectedFolder.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            #expect(lines == expected, "\(caseName): \(relation)")
            if !lines.isEmpty {
                #expect(outcome.reply.certified || outcome.reply.certification.reason != nil, "\(caseName): \(relation) must be certified or say why not")
            }
        }
    }
}
