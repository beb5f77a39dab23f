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
    /// Store a fact of a relation that rules derive.
    public var force: Bool

    public init(askService: AskService, force: Bool = false) {
        self.askService = askService
        self.force = force
    }

    public struct Reply: Encodable, Sendable {
        public var stored: String
        public var kind: String
        /// The stored clause in English.
        public var text: String
        public var confidence: Double
        /// The knowledge's content hash after the write.
        public var knowledge: String
        /// Names the statement introduced.
        public var newNames: [String] = []

        enum CodingKeys: String, CodingKey {
            case stored, kind, text, confidence, knowledge
            case newNames = "new_names"
        }
    }

    /// - Parameter prepared: the parser over this knowledge base, when the caller keeps one (`serve`).
    public func tell(_ sentence: String, knowledge path: String, prepared kept: AskService.Prepared? = nil) throws(LemmaError) -> Reply {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue || path.hasSuffix(".dl") {
            throw .knowledge(.notAKnowledgeBase(path: path, reason: "lemma tell writes to a knowledge base file; a folder's knowledge lives in its .dl files (make a file with `lemma import`)"))
        }
        if let told = try tellTheory(sentence, knowledge: path) { return told }
        let prepared: AskService.Prepared
        if let kept { prepared = kept } else { prepared = try askService.prepare(knowledge: path) }
        let statement: ToldStatement
        do {
            statement = try StatementReader(parser: prepared.parser, threshold: askService.confidenceThreshold).read(sentence)
        } catch {
            throw .parse(error)
        }
        if statement.kind != .rule, !force { try refuseDerived(statement, sentence: sentence, prepared: prepared) }
        let file = "told/" + SHA256.hex(sentence).prefix(12) + ".dl"
        let source = "// told: \(sentence.replacingOccurrences(of: "\n", with: " "))\n\(statement.text)\n"
        let summary: ImportSummary
        do {
            summary = try KnowledgeBase.open(at: path).importSources([file], provider: InMemorySource(files: [file: source]))
        } catch {
            throw .knowledge(error)
        }
        return Reply(stored: statement.text, kind: statement.kind.rawValue, text: english(statement, phrasebook: prepared.phrasebook),
                     confidence: statement.confidence, knowledge: summary.contentHash, newNames: statement.newNames)
    }

    /// A fact of a relation that rules derive would sit beside the rules' own answers and be cited as if it were
    /// knowledge; it is stored only when the caller says so.
    private func refuseDerived(_ statement: ToldStatement, sentence: String, prepared: AskService.Prepared) throws(LemmaError) {
        var program = prepared.reasoner?.program
        if program == nil {
            do {
                program = try prepared.knowledgeBase.loadProgram().program
            } catch {
                throw .knowledge(error)
            }
        }
        guard let program else { return }
        let atomText = statement.text.hasPrefix("-") ? String(statement.text.dropFirst()) : statement.text
        let relation = String(atomText.prefix { $0 != "(" })
        guard let rule = program.rules.first(where: { $0.head.relation.name == relation }) else { return }
        let place = "\(rule.location.file):\(rule.location.line)"
        throw .parse(.ambiguous(sentence, reason: "it reads as \(String(statement.text.dropLast())), but '\(relation)' is derived by rules (\(place)); a stored fact would stand beside what the rules derive (pass --force to store it anyway)"))
    }

    /// A sentence of a theory ("The cat is big.", "If something is big and not red then it is kind.") told to an
    /// open-world knowledge base, or to a file that does not exist yet, which becomes one. Its properties and verbs
    /// are declared as relations when new. Nil when the knowledge base is closed-world, or when the sentence is not
    /// in the theory grammar or uses a declared relation with another arity: the network reads it instead.
    private func tellTheory(_ sentence: String, knowledge path: String) throws(LemmaError) -> Reply? {
        let exists = FileManager.default.fileExists(atPath: path)
        let existing: KnowledgeBase?
        let program: Program
        do {
            existing = exists ? try KnowledgeBase.open(at: path) : nil
            program = try existing?.loadProgram().program ?? Program()
        } catch {
            throw .knowledge(error)
        }
        guard !exists || program.world == .open else { return nil }
        let reader = TheoryReader(world: .open)
        let theory: TheoryReader.Theory
        do {
            theory = try reader.read(context: sentence)
        } catch {
            if exists { return nil }
            throw .theory(error)
        }
        guard theory.facts.count + theory.rules.count == 1 else {
            throw .theory(TheoryError(sentence: sentence, index: 0, offset: 0, reason: "tell one statement at a time"))
        }
        for (name, relation) in theory.relations {
            if let declared = program.declaration(of: name), declared.arity != relation.arity { return nil }
        }
        let declared = Set(program.relations.map(\.name))
        let clause = reader.clauses(theory)[0]
        let header = exists ? [] : [".pragma \"world\" \"open\""]
        let file = "told/" + SHA256.hex(sentence).prefix(12) + ".dl"
        let source = (["// told: \(sentence.replacingOccurrences(of: "\n", with: " "))"] + header + reader.declarations(theory.relations, except: declared) + [clause])
            .joined(separator: "\n") + "\n"
        let summary: ImportSummary
        let phrasebook: Phrasebook
        do {
            let knowledgeBase = if let existing { existing } else { try KnowledgeBase.create(at: path) }
            summary = try knowledgeBase.importSources([file], provider: InMemorySource(files: [file: source]))
            phrasebook = Phrasebook(program: try knowledgeBase.loadProgram().program)
        } catch {
            throw .knowledge(error)
        }
        let kind: ToldStatement.Kind = theory.rules.isEmpty ? (theory.facts[0].negated ? .negatedFact : .fact) : .rule
        let statement = ToldStatement(kind: kind, text: clause, confidence: 1)
        return Reply(stored: clause, kind: kind.rawValue, text: english(statement, phrasebook: phrasebook), confidence: 1, knowledge: summary.contentHash)
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
