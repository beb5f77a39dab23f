import Certification
import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer

/// `lemma query`: parse, answer with proofs, certify, explain, and build the reply. The CLI and `serve` share this.
public struct QueryService: Sendable {
    /// Explanations that cost solver time, computed only when asked for.
    public struct Explanations: Sendable {
        /// Smallest sets of missing facts that would make a "no" or "unknown" true.
        public var abduction: Bool
        /// Smallest sets of stored facts whose removal would make a "yes" false.
        public var counterfactuals: Bool
        /// Minimal sets of stored facts behind each conflict of an inconsistent base.
        public var minimalConflicts: Bool

        public init(abduction: Bool = false, counterfactuals: Bool = false, minimalConflicts: Bool = false) {
            self.abduction = abduction
            self.counterfactuals = counterfactuals
            self.minimalConflicts = minimalConflicts
        }
    }

    public var locator: KnowledgeLocator
    public var options: Reasoner.Options
    public var solverTimeout: Duration
    public var explanations: Explanations
    /// Whether to certify at all; off only to measure what certification costs.
    public var certifies: Bool
    /// Where to write a self-contained audit bundle of the answer, if anywhere.
    public var bundlePath: String?

    public init(locator: KnowledgeLocator = KnowledgeLocator(), options: Reasoner.Options = Reasoner.Options(), solverTimeout: Duration = .seconds(60),
                explanations: Explanations = Explanations(), certifies: Bool = true, bundlePath: String? = nil) {
        self.locator = locator
        self.options = options
        self.solverTimeout = solverTimeout
        self.explanations = explanations
        self.certifies = certifies
        self.bundlePath = bundlePath
    }

    public struct Outcome: Sendable {
        public var reply: QueryReply
        public var result: QueryResult
        /// The why-not explanations of a "no" or "unknown", as the reasoner gave them.
        public var whyNot: [WhyNot]
        /// The knowledge's English, for rendering the outcome.
        public var phrasebook: Phrasebook
    }

    public func query(_ text: String, knowledge path: String?) throws(LemmaError) -> Outcome {
        let start = ContinuousClock.now
        let knowledgeBase: KnowledgeBase
        let reasoner: Reasoner
        do {
            knowledgeBase = try locator.open(path)
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            throw .knowledge(error)
        }
        return try query(text, knowledgeBase: knowledgeBase, reasoner: reasoner, started: start)
    }

    /// The same over a knowledge base already open and loaded: an in-memory one made from a story, or the one `serve`
    /// keeps for many requests.
    public func query(_ text: String, knowledgeBase: KnowledgeBase, reasoner: Reasoner, started start: ContinuousClock.Instant = .now) throws(LemmaError) -> Outcome {
        let clock = ContinuousClock()
        let query: Query
        do {
            query = reasoner.typed(try Query.parse(text))
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": text])
        }
        let loaded = clock.now
        let result: QueryResult
        do {
            result = try reasoner.answer(query, options: options)
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": text])
        }
        let answered = clock.now
        let phrasebook = Phrasebook(program: reasoner.program)
        let evidence = Evidence(reasoner: reasoner, knowledgeBase: knowledgeBase, solverTimeout: solverTimeout, phrasebook: phrasebook)
        let certificate: Certificate
        if let exceeded = result.exceededBudget, result.truth == .unknown {
            certificate = Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false,
                                      reason: "evaluation stopped at its budget (\(exceeded)), so the answer is unknown")
        } else if certifies {
            certificate = try evidence.certify(result)
        } else {
            certificate = Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false, reason: "certification was turned off")
        }
        let certified = clock.now

        let proofReply = { (proof: Proof) in ProofReply(proof, phrasebook: phrasebook) }
        var reply = QueryReply(query: query.text, text: phrasebook.answer(result), world: result.world.rawValue, answer: result.truth?.rawValue,
                               answers: nil, count: nil, proofs: result.proofs.map(proofReply),
                               alternativeProofs: result.alternativeProofs.isEmpty ? nil : result.alternativeProofs.map { $0.map(proofReply) },
                               certified: certificate.certified, certification: certificate, knowledge: reasoner.knowledgeHash,
                               evaluation: result.evaluation, timingMilliseconds: [:])
        if result.kind != .ground {
            var seen = Set<[String: JSONValue]>()
            reply.answers = result.bindings.compactMap { binding in
                let named = zip(result.variables, binding).filter { !$0.0.hasPrefix(Reasoner.hiddenVariablePrefix) }
                let answer = Dictionary(uniqueKeysWithValues: named.map { ($0.0, JSONValue($0.1)) })
                return seen.insert(answer).inserted ? answer : nil
            }
            reply.count = result.count
        }
        if !result.evidence.isEmpty {
            reply.refutation = RefutationReply(result.evidence, phrasebook: phrasebook)
        }
        if let exceeded = result.exceededBudget, result.truth == .unknown {
            return Outcome(reply: budgetExceeded(reply, reason: exceeded, timing: [loaded - start, answered - loaded, certified - answered]), result: result, whyNot: [], phrasebook: phrasebook)
        }
        var limits: [String] = []
        var whyNot: [WhyNot] = []
        let unexplained = result.evidence.notDerivable + result.evidence.undecided
        if !unexplained.isEmpty {
            // Each why-not step is a query-driven evaluation of about the query's own cost; past a few seconds the
            // explanation would keep the user waiting for minutes, so it is left out and the reply says why.
            if answered - loaded < Self.whyNotBudget {
                whyNot = reasoner.whyNot(unexplained)
                reply.whyNot = whyNot.map { WhyNotReply($0, phrasebook: phrasebook) }
            } else {
                limits.append("why-not: evaluating the query took \(Self.milliseconds(answered - loaded)) ms, and each step of the explanation would cost as much")
            }
        }
        evidence.explain(result, asked: explanations, into: &reply, limits: &limits)
        if reasoner.canBeInconsistent {
            reply.consistency = evidence.consistency(minimalSets: explanations.minimalConflicts, limits: &limits)
        }
        reply.explanationLimits = limits.isEmpty ? nil : limits
        let explained = clock.now
        reply.timingMilliseconds = [
            "load": Self.milliseconds(loaded - start),
            "reason": Self.milliseconds(answered - loaded),
            "certify": Self.milliseconds(certified - answered),
            "explain": Self.milliseconds(explained - certified),
            "total": Self.milliseconds(explained - start),
        ]
        if let bundlePath {
            let proofs = result.proofs + result.alternativeProofs.flatMap { $0 } + result.evidence.refutations
            try write(AuditBundle(reply: reply, program: evidence.bundleProgram(for: proofs)), to: bundlePath)
        }
        return Outcome(reply: reply, result: result, whyNot: whyNot, phrasebook: phrasebook)
    }

    private func write(_ bundle: AuditBundle<QueryReply>, to path: String) throws(LemmaError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(bundle).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .invalidInput([.error("unwritable-bundle", "cannot write the audit bundle: \(error.localizedDescription)", at: SourceLocation(file: path, line: 0, column: 0))], sources: [:])
        }
    }

    /// The reply to a query whose evaluation ran out of budget: "unknown", without the answers found so far (the
    /// list could be incomplete) and without explanations, which would each evaluate as much again.
    private func budgetExceeded(_ reply: QueryReply, reason: String, timing: [Duration]) -> QueryReply {
        var reply = reply
        reply.answer = "unknown"
        reply.answers = nil
        reply.count = nil
        reply.budgetExceeded = reason
        reply.text = "Unknown (budget exceeded: \(reason))."
        reply.timingMilliseconds = ["load": Self.milliseconds(timing[0]), "reason": Self.milliseconds(timing[1]), "certify": Self.milliseconds(timing[2]),
                                    "total": Self.milliseconds(timing.reduce(.zero, +))]
        return reply
    }

    static let whyNotBudget = Duration.seconds(2)

    static func milliseconds(_ duration: Duration) -> Double {
        (duration.inMilliseconds * 1000).rounded() / 1000
    }
}
