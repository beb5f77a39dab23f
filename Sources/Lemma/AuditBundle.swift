import Reasoner
import Syntax

/// The version of Lemma recorded in audit bundles.
public enum LemmaVersion {
    public static let current = "0.4.0"
}

/// A self-contained record of one answer, as `lemma query --bundle` writes it: the reply with its proofs, and the
/// part of the knowledge needed to re-check them (every cited rule and fact, plus all rules and facts of the
/// relations whose absence or aggregate a proof relies on), so an auditor needs neither the original knowledge base
/// nor Lemma's database.
public struct AuditBundle<Reply: Sendable>: Sendable {
    public static var formatName: String { "lemma-audit-bundle" }

    public var format: String
    public var version: Int
    public var lemmaVersion: String
    public var reply: Reply
    /// Declarations, types, rules (with their source text and location) and facts (with their provenance).
    public var program: Program

    enum CodingKeys: String, CodingKey {
        case format, version, reply, program
        case lemmaVersion = "lemma_version"
    }

    public init(reply: Reply, program: Program) {
        format = Self.formatName
        version = 1
        lemmaVersion = LemmaVersion.current
        self.reply = reply
        self.program = program
    }
}

/// The parts of a saved reply an audit reads back.
public struct AnswerRecord: Codable, Sendable {
    public struct Refutation: Codable, Sendable {
        public var proofs: [ProofReply]?
        public var notDerivable: [String]?
        public var undecided: [String]?

        enum CodingKeys: String, CodingKey {
            case proofs, undecided
            case notDerivable = "not_derivable"
        }
    }

    public var query: String
    public var world: String?
    public var answer: String?
    public var answers: [[String: JSONValue]]?
    public var proofs: [ProofReply]
    public var alternativeProofs: [[ProofReply]]?
    public var refutation: Refutation?
    public var knowledge: String

    enum CodingKeys: String, CodingKey {
        case query, world, answer, answers, proofs, refutation, knowledge
        case alternativeProofs = "alternative_proofs"
    }
}

extension AuditBundle: Encodable where Reply: Encodable {}
extension AuditBundle: Decodable where Reply: Decodable {}

extension Evidence {
    /// The knowledge a bundle carries for these proofs: cited rules and facts, and the whole dependency cone of
    /// every relation a cited rule negates or aggregates (the checker re-derives those), with the declarations and
    /// types they use.
    func bundleProgram(for proofs: [Proof]) -> Program {
        let program = reasoner.program
        var rules = Set<Int>()
        var facts = Set<GroundAtom>()
        var relations = Set<String>()
        var needsCone: [RelationName] = []
        for proof in proofs {
            for step in proof.steps {
                relations.insert(step.conclusion.relation.name)
                switch step.justification {
                case .fact:
                    facts.insert(step.conclusion)
                case let .rule(citation, _, _, _, _):
                    rules.insert(citation.index)
                    let rule = program.rules[citation.index]
                    for (atom, negated) in DependencyGraph.bodyAtoms(rule.body, underNegation: false) {
                        relations.insert(atom.relation.name)
                        if negated { needsCone.append(atom.relation) }
                    }
                    for literal in rule.body {
                        for aggregate in literal.aggregates {
                            needsCone += DependencyGraph.bodyAtoms(aggregate.body, underNegation: false).map(\.0.relation)
                        }
                    }
                }
            }
        }
        let cone = reasoner.program.dependencyCone(of: needsCone)
        for (index, rule) in program.rules.enumerated() where cone.contains(rule.head.relation) {
            rules.insert(index)
            relations.insert(rule.head.relation.name)
            for (atom, _) in DependencyGraph.bodyAtoms(rule.body, underNegation: false) { relations.insert(atom.relation.name) }
        }
        for relation in cone {
            relations.insert(relation.name)
            for values in storedFacts(relation) { facts.insert(GroundAtom(relation, values)) }
        }
        var bundled = Program()
        bundled.types = program.types
        bundled.relations = program.relations.filter { relations.contains($0.name) }
        bundled.rules = rules.sorted().map { program.rules[$0] }
        bundled.phrases = program.phrases.filter { relations.contains($0.relation) }
        bundled.pragmas = program.pragmas
        bundled.facts = facts.sorted { $0.description < $1.description }.map { atom in
            let provenance = reasoner.provenance(of: atom)
            return Fact(atom.relation, atom.values.map { $0! },
                        location: SourceLocation(file: provenance?.file ?? "<bundle>", line: provenance?.line ?? 0, column: 1))
        }
        return bundled
    }
}
