import Foundation
import Testing
import Verbalizer
@testable import Lemma

/// The English of every kind of answer over the shipped knowledge, compared with reviewed text in
/// `Fixtures/golden/NAME.txt`. After a deliberate change, `LEMMA_UPDATE_GOLDEN=1 swift test --filter GoldenText`
/// rewrites the files; review the diff like any other.
@Suite struct GoldenTextTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var query: String
        var world: String?
        var whyNot: Bool?
        var counterfactuals: Bool?
        var format: String?
        var depth: Int?
        var proofs: Int?

        var testDescription: String { name }
    }

    static let folder = Support.fixtures.appendingPathComponent("golden")

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("cases.json")),
              let cases = try? JSONDecoder().decode([Case].self, from: data) else { return [] }
        return cases
    }()

    @Test func everyCaseHasAGoldenFile() {
        #expect(Self.cases.count >= 20)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }) ?? []
        #expect(Set(files) == Set(Self.cases.map { $0.name + ".txt" }), "a golden file without a case, or a case without a file")
    }

    @Test(arguments: cases)
    func rendersAsReviewed(_ golden: Case) throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        var service = Support.service(cache: cache)
        service.explanations = QueryService.Explanations(abduction: golden.whyNot ?? false, counterfactuals: golden.counterfactuals ?? false)
        service.options.world = golden.world == "open" ? .open : nil
        let outcome = try service.query(golden.query, knowledge: nil)
        let document = ReplyDocument(proofsShown: golden.proofs ?? 3, depth: golden.depth)
        var text: String
        switch golden.format ?? "text" {
        case "markdown": text = Layout.markdown.render(document.document(outcome))
        case "dot": text = document.graph(outcome).dot
        default: text = Layout.plainText.render(document.document(outcome))
        }
        // The hash changes with every edit of the shipped knowledge; what it stands for is tested elsewhere.
        text = text.replacingOccurrences(of: outcome.reply.knowledge, with: "sha256:…") + "\n"
        let file = Self.folder.appendingPathComponent(golden.name + ".txt")
        if ProcessInfo.processInfo.environment["LEMMA_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "\(golden.name): rendered text differs from \(file.lastPathComponent)\n--- rendered ---\n\(text)")
    }
}
