import Foundation
import KnowledgeGraph
import NeuralParser
import Syntax
import Verbalizer

/// `lemma tell`: read a statement and store it in a knowledge base file, in one transaction, through the same
/// import path as `lemma import` (so it is validated against the declarations, and its provenance names the
/// sentence). An ambiguous or unreadable statement stores nothing.
public struct TellService: Sendable {
    public var askService: AskService

    public init(askService: AskService) {
        self.askService = askService
    }

    public struct Reply: Encodable, Sendable {
        public var stored: String
        public var kind: String
        /// The stored clause in English.
        public var text: String
        public var confidence: Double
        /// The knowledge's content hash after the write.
        public var knowledge: String
    }

    public func tell(_ sentence: String, knowledge path: String) throws(LemmaError) -> Reply {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue || path.hasSuffix(".dl") {
            throw .knowledge(.notAKnowledgeBase(path: path, reason: "lemma tell writes to a knowledge base file; a folder's knowledge lives in its .dl files (make a file with `lemma import`)"))
        }
        let prepared = try askService.prepare(knowledge: path)
        let statement: ToldStatement
        do {
            statement = try StatementReader(parser: prepared.parser, threshold: askService.confidenceThreshold).read(sentence)
        } catch {
            throw .parse(error)
        }
        let file = "told/" + SHA256.hex(sentence).prefix(12) + ".dl"
        let source = "// told: \(sentence.replacingOccurrences(of: "\n", with: " "))\n\(statement.text)\n"
        let summary: ImportSummary
        do {
            summary = try KnowledgeBase.open(at: path).importSources([file], provider: InMemorySource(files: [file: source]))
        } catch {
            throw .knowledge(error)
        }
        return Reply(stored: statement.text, kind: statement.kind.rawValue, text: english(statement, phrasebook: prepared.phrasebook),
                     confidence: statement.confidence, knowledge: summary.contentHash)
    }

    private func english(_ statement: ToldStatement, phrasebook: Phrasebook) -> String {
        let clause = String(statement.text.dropLast())
        guard statement.kind == .rule else { return English.capitalized(phrasebook.reading(clause)) + "." }
        let parts = clause.components(separatedBy: " :- ")
        let body = Self.literals(parts[1]).map(phrasebook.reading)
        return "If " + English.list(body) + ", then " + phrasebook.reading(parts[0]) + "."
    }

    /// Splits a rule body at top-level commas.
    static func literals(_ body: String) -> [String] {
        var parts: [String] = []
        var depth = 0
        var inString = false
        var current = ""
        for character in body {
            if character == "\"" { inString.toggle() }
            if !inString, character == "(" { depth += 1 }
            if !inString, character == ")" { depth -= 1 }
            if !inString, depth == 0, character == "," {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts.filter { !$0.isEmpty }
    }
}
