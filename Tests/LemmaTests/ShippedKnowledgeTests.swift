import Foundation
import Testing
@testable import Lemma

@Suite struct ShippedKnowledgeTests {
    /// The binary carries knowledge/ and rules/; `.ci/embed-knowledge` regenerates the copy after an edit.
    @Test func theEmbeddedCopyMatchesTheRepository() throws {
        var onDisk: [String: String] = [:]
        for folder in ["knowledge", "rules"] {
            let root = Support.repository.appendingPathComponent(folder)
            let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
            while let name = enumerator.nextObject() as? String {
                let path = root.appendingPathComponent(name)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder), !isFolder.boolValue,
                      !name.hasPrefix("examples/") else { continue }
                onDisk["\(folder)/\(name)"] = try String(contentsOf: path, encoding: .utf8)
            }
        }
        #expect(Set(onDisk.keys) == Set(ShippedKnowledge.files.keys), "run .ci/embed-knowledge")
        for (path, text) in onDisk {
            #expect(ShippedKnowledge.files[path] == text, "\(path) differs from the embedded copy: run .ci/embed-knowledge")
        }
    }

    @Test func theShippedKnowledgeHasNoErrorsOrWarnings() throws {
        let report = try CheckService().check(nil)
        #expect(report.errorCount == 0, "\(report.rendered)")
        #expect(report.warningCount == 0, "\(report.rendered)")
        #expect(report.files.count >= 6)
    }

    @Test func everyShippedRelationHasAPhrase() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let knowledgeBase = try KnowledgeLocator(cacheDirectory: cache.path).open(nil)
        let program = try knowledgeBase.loadProgram().program
        #expect(program.relations.count >= 30)
        for relation in program.relations {
            #expect(program.phrases.contains { $0.relation == relation.name }, "\(relation.name) has no .phrase")
        }
    }
}
