import Foundation
import Testing
@testable import Lemma

/// Every proof step's `text` is the canonical `.phrase` reading of its atom: the relation's first template with the
/// step's values in its slots. The templates are read here straight from the rule files with a regular expression,
/// independently of the verbalizer, and every relation of the shipped knowledge and the clinic domain is queried.
@Suite struct StepTextTests {
    struct Vocabulary {
        var attributes: [String: [String]] = [:]
        var templates: [String: String] = [:]

        init(files: [URL]) throws {
            let declaration = try NSRegularExpression(pattern: #"^\.decl\s+(\w+)\s*\(([^)]*)\)"#, options: .anchorsMatchLines)
            let phrase = try NSRegularExpression(pattern: #"^\.phrase\s+(\w+)\s+"((?:[^"\\]|\\.)*)""#, options: .anchorsMatchLines)
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                let range = NSRange(text.startIndex..., in: text)
                for match in declaration.matches(in: text, range: range) {
                    let name = String(text[Range(match.range(at: 1), in: text)!])
                    attributes[name] = text[Range(match.range(at: 2), in: text)!].split(separator: ",").map {
                        $0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces)
                    }
                }
                for match in phrase.matches(in: text, range: range) {
                    templates[String(text[Range(match.range(at: 1), in: text)!])] = String(text[Range(match.range(at: 2), in: text)!])
                }
            }
        }

        /// The canonical reading by plain substitution; relations without a phrase read `name: v1, v2`.
        func reading(_ relation: String, _ values: [String]) -> String {
            let names = attributes[relation] ?? []
            guard var text = templates[relation] else { return relation + (values.isEmpty ? "" : ": " + values.joined(separator: ", ")) }
            for (name, value) in zip(names, values) {
                text = text.replacingOccurrences(of: "{\(name)}", with: value)
            }
            return text
        }
    }

    static func text(_ value: Any) -> String {
        if let number = value as? NSNumber { return number.stringValue }
        return value as? String ?? "_"
    }

    /// An indefinite article agrees with the value after it ("an antibiotic"), which plain substitution cannot know.
    static func withoutArticles(_ text: String) -> String {
        text.replacingOccurrences(of: " an ", with: " a ")
    }

    @Test(arguments: ["shipped", "clinic"])
    func everyStepReadsAsItsCanonicalPhrase(_ knowledge: String) throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let clinic = Support.fixtures.appendingPathComponent("domains/clinic")
        let files = knowledge == "shipped"
            ? ["family", "access", "university"].map { Support.repository.appendingPathComponent("rules/\($0).dl") }
            : [clinic.appendingPathComponent("clinic.dl")]
        let vocabulary = try Vocabulary(files: files)
        #expect(vocabulary.templates.count >= 13)
        var service = Support.service(cache: cache)
        service.certifies = false
        var checked = 0
        for (relation, attributes) in vocabulary.attributes.sorted(by: { $0.key < $1.key }) {
            let query = "\(relation)(\(attributes.indices.map { "x\($0)" }.joined(separator: ", ")))"
            let reply = try Support.encoded(service.query(query, knowledge: knowledge == "shipped" ? nil : clinic.path).reply)
            #expect(reply["text"] is String, "\(query) has no English answer")
            for proof in reply["proofs"] as? [[String: Any]] ?? [] {
                for step in proof["steps"] as? [[String: Any]] ?? [] {
                    let relation = try #require(step["relation"] as? String)
                    let values = (step["values"] as? [Any] ?? []).map(Self.text)
                    let text = try #require(step["text"] as? String, "\(step) has no text")
                    #expect(Self.withoutArticles(text) == Self.withoutArticles(vocabulary.reading(relation, values)), "\(query): step \(step["id"] ?? "?")")
                    let explanation = try #require(step["explanation"] as? String)
                    #expect(explanation.lowercased().hasPrefix(text.lowercased()), "the step's sentence starts with its statement: \(explanation)")
                    checked += 1
                }
            }
        }
        #expect(checked > 200, "only \(checked) steps checked")
    }
}
