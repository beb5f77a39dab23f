import Certification
import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer

/// The verdict of `lemma audit`.
public struct AuditReport: Encodable, Sendable {
    public struct InvalidStep: Encodable, Sendable {
        /// 1-based, counting the answer proofs, then alternative proofs, then refutation proofs.
        public var proof: Int
        /// 1-based step id, as in the reply; nil when the proof as a whole is wrong (its goals).
        public var step: Int?
        public var reason: String
    }

    public var valid: Bool
    /// "reply" or "bundle".
    public var input: String
    public var recordedKnowledge: String
    /// The hash of the knowledge checked against; nil when checking a bundle on its own.
    public var checkedKnowledge: String?
    public var checkedProofs: Int
    public var checkedSteps: Int
    public var solverConfirmed: Bool
    /// For "no" and "unknown" resting on atoms that are not derivable: whether that was re-certified, and how.
    public var absence: Certificate?
    public var firstInvalid: InvalidStep?
    /// Cited rules and facts that the knowledge checked against does not have (when it changed since the answer).
    public var missingRules: [String]
    public var missingFacts: [String]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case valid, input, absence, warnings
        case recordedKnowledge = "recorded_knowledge"
        case checkedKnowledge = "checked_knowledge"
        case checkedProofs = "checked_proofs"
        case checkedSteps = "checked_steps"
        case solverConfirmed = "solver_confirmed"
        case firstInvalid = "first_invalid"
        case missingRules = "missing_rules"
        case missingFacts = "missing_facts"
    }
}

/// `lemma audit`: re-checks a saved reply (or a self-contained bundle) against knowledge, trusting nothing in it:
/// each step by the independent checker, all goals by Z3, the goals against the query and answers it claims.
public struct AuditService: Sendable {
    public var locator: KnowledgeLocator
    public var solverTimeout: Duration

    public init(locator: KnowledgeLocator = KnowledgeLocator(), solverTimeout: Duration = .seconds(60)) {
        self.locator = locator
        self.solverTimeout = solverTimeout
    }

    public func audit(file path: String, knowledge: String?) throws(LemmaError) -> AuditReport {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Self.badInput(path, "cannot read the answer file: \(error.localizedDescription)")
        }
        return try audit(data, named: path, knowledge: knowledge)
    }

    /// A saved answer or bundle already in memory, such as `serve`'s `audit` request; `path` names it in errors.
    public func audit(_ data: Data, named path: String, knowledge: String?) throws(LemmaError) -> AuditReport {
        let decoder = JSONDecoder()
        let isBundle = (try? decoder.decode(FormatProbe.self, from: data))?.format == AuditBundle<AnswerRecord>.formatName
        let record: AnswerRecord
        let bundledProgram: Program?
        do {
            if isBundle {
                let bundle = try decoder.decode(AuditBundle<AnswerRecord>.self, from: data)
                record = bundle.reply
                bundledProgram = bundle.program
            } else {
                record = try decoder.decode(AnswerRecord.self, from: data)
                bundledProgram = nil
            }
        } catch {
            throw Self.badInput(path, Self.describe(error))
        }
        let query: Query
        do {
            query = try Query.parse(record.query)
        } catch {
            throw Self.badInput(path, "field 'query' is not a query: \(error.diagnostics.first?.message ?? "syntax error")")
        }
        let context = try knowledgeContext(bundle: bundledProgram, knowledge: knowledge)
        var report = AuditReport(valid: true, input: isBundle ? "bundle" : "reply", recordedKnowledge: record.knowledge,
                                 checkedKnowledge: context.hash, checkedProofs: 0, checkedSteps: 0, solverConfirmed: false,
                                 firstInvalid: nil, missingRules: [], missingFacts: [], warnings: [])
        if let hash = context.hash, hash != record.knowledge {
            report.warnings.append("the knowledge changed since this answer was given (recorded \(record.knowledge), now \(hash)); checking against the current knowledge")
        }
        let replies = record.proofs + (record.alternativeProofs ?? []).flatMap { $0 } + (record.refutation?.proofs ?? [])
        var proofs: [Proof] = []
        for (number, reply) in replies.enumerated() {
            switch ProofReader(program: context.program).proof(from: reply) {
            case let .success(proof):
                proofs.append(proof)
            case let .failure(problem):
                report.missingRules += problem.missingRule.map { [$0] } ?? []
                return report.invalid(proof: number, step: problem.step, reason: problem.reason)
            }
        }
        if let hash = context.hash, hash != record.knowledge {
            report.missingFacts = Self.missingFacts(in: proofs, stored: context.storedFacts)
        }
        if let problem = Self.firstMisstatement(in: replies, proofs: proofs, phrasebook: Phrasebook(program: context.program)) {
            return report.invalid(proof: problem.proof, step: problem.step, reason: problem.reason)
        }
        if let problem = GoalMatcher(query: query, record: record).firstMismatch(in: Array(proofs.prefix(record.proofs.count))) {
            return report.invalid(proof: problem.proof, step: nil, reason: problem.reason)
        }
        var checker = ProofChecker(program: context.program, storedFacts: context.storedFacts)
        for (number, proof) in proofs.enumerated() where proof.omission == nil {
            do {
                try checker.check(proof, proofNumber: number)
            } catch {
                switch error {
                case let .invalidStep(_, step, reason), let .beyondCheckerBudget(_, step, reason):
                    return report.invalid(proof: number, step: step, reason: reason)
                default:
                    return report.invalid(proof: number, step: nil, reason: error.description)
                }
            }
            report.checkedProofs += 1
            report.checkedSteps += proof.steps.count
        }
        do {
            try EntailmentCertifier(timeout: solverTimeout).certify(proofs.filter { $0.omission == nil }, program: context.program)
            report.solverConfirmed = true
        } catch {
            if case let .solverUndecided(reason) = error {
                report.warnings.append("timeout: Z3 could not re-confirm the entailment in time (\(reason))")
            } else {
                return report.invalid(proof: 0, step: nil, reason: error.description)
            }
        }
        return report
    }

    private struct FormatProbe: Decodable {
        var format: String?
    }

    struct KnowledgeContext {
        var program: Program
        var storedFacts: @Sendable (RelationName) -> Set<[Value]>
        var hash: String?
    }

    /// People read the English, so a step whose `text` says something other than its atom misleads as much as a
    /// forged step: each text must be the canonical reading of the step's atom under the knowledge's phrases.
    /// Relations without a phrase in the knowledge checked against are skipped (an older bundle carries none).
    static func firstMisstatement(in replies: [ProofReply], proofs: [Proof], phrasebook: Phrasebook) -> (proof: Int, step: Int, reason: String)? {
        for (number, (reply, proof)) in zip(replies, proofs).enumerated() {
            for (index, step) in reply.steps.enumerated() {
                let atom = proof.steps[index].conclusion
                guard let text = step.text, phrasebook.hasPhrase(atom.relation.name) else { continue }
                let canonical = phrasebook.statement(atom)
                if text != canonical {
                    return (number, index + 1, "step \(index + 1) reads \"\(text)\", but its atom \(atom) reads \"\(canonical)\"")
                }
            }
        }
        return nil
    }

    /// The knowledge to check against: the given (or default) knowledge base, or the bundle's own program when
    /// auditing a bundle with no knowledge named.
    private func knowledgeContext(bundle: Program?, knowledge: String?) throws(LemmaError) -> KnowledgeContext {
        if let bundle, knowledge == nil {
            var facts: [RelationName: Set<[Value]>] = [:]
            for fact in bundle.facts { facts[fact.relation, default: []].insert(fact.values) }
            let stored = facts
            return KnowledgeContext(program: bundle, storedFacts: { stored[$0] ?? [] }, hash: nil)
        }
        do {
            let knowledgeBase = try locator.open(knowledge)
            let program = try knowledgeBase.loadProgram().program
            let storedFacts = knowledgeBase.storedFactsReader(for: program, symbols: try knowledgeBase.symbols())
            return KnowledgeContext(program: program, storedFacts: storedFacts, hash: try knowledgeBase.contentHash())
        } catch {
            throw .knowledge(error)
        }
    }

    private static func missingFacts(in proofs: [Proof], stored: (RelationName) -> Set<[Value]>) -> [String] {
        var missing: [String] = []
        for fact in Set(proofs.flatMap(\.facts)) where !stored(fact.relation).contains(fact.values.compactMap { $0 }) {
            missing.append(fact.description)
        }
        return missing.sorted()
    }

    static func badInput(_ path: String, _ message: String) -> LemmaError {
        .invalidInput([.error("bad-answer-file", message, at: SourceLocation(file: path, line: 0, column: 0))], sources: [:])
    }

    /// A decoding error as a person reads it: which JSON field, and what was expected there.
    static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : "field '\(text.hasPrefix(".") ? String(text.dropFirst()) : text)'"
        }
        switch error as? DecodingError {
        case let .keyNotFound(key, context)?:
            return "\(path(context.codingPath + [key])) is missing; expected a reply of 'lemma query --format json' or a bundle of 'lemma query --bundle'"
        case let .typeMismatch(type, context)?, let .valueNotFound(type, context)?:
            return "\(path(context.codingPath)): expected \(type)"
        case let .dataCorrupted(context)?:
            return "\(path(context.codingPath)): \(context.underlyingError.map { "not valid JSON (\($0.localizedDescription))" } ?? context.debugDescription)"
        default:
            return "not a Lemma answer: \(error)"
        }
    }
}

extension AuditReport {
    fileprivate func invalid(proof: Int, step: Int?, reason: String) -> AuditReport {
        var report = self
        report.valid = false
        report.firstInvalid = InvalidStep(proof: proof + 1, step: step.map { $0 + 1 }, reason: reason)
        return report
    }
}
