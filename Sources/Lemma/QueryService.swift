import Certification
import KnowledgeGraph
import Reasoner
import Syntax

/// `lemma query`: parse, answer with proofs, certify, and build the reply. The CLI and `serve` share this.
public struct QueryService: Sendable {
    public var locator: KnowledgeLocator
    public var options: Reasoner.Options
    public var solverTimeout: Duration

    public init(locator: KnowledgeLocator = KnowledgeLocator(), options: Reasoner.Options = Reasoner.Options(), solverTimeout: Duration = .seconds(60)) {
        self.locator = locator
        self.options = options
        self.solverTimeout = solverTimeout
    }

    public struct Outcome: Sendable {
        public var reply: QueryReply
        public var result: QueryResult
    }

    public func query(_ text: String, knowledge path: String?) throws(LemmaError) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let query: Query
        do {
            query = try Query.parse(text)
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": text])
        }
        let knowledgeBase: KnowledgeBase
        let reasoner: Reasoner
        do {
            knowledgeBase = try locator.open(path)
            reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        } catch {
            throw .knowledge(error)
        }
        let loaded = clock.now
        let result: QueryResult
        do {
            result = try reasoner.answer(query, options: options)
        } catch {
            throw .invalidInput(error.diagnostics, sources: ["<query>": text])
        }
        let answered = clock.now
        let certificate = try certify(result, reasoner: reasoner, knowledgeBase: knowledgeBase)
        let certified = clock.now

        var reply = QueryReply(query: query.text, answer: nil, answers: nil, count: nil, proofs: result.proofs.map(ProofReply.init),
                               alternativeProofs: result.alternativeProofs.isEmpty ? nil : result.alternativeProofs.map { $0.map(ProofReply.init) },
                               certified: certificate.certified, certification: certificate, knowledge: reasoner.knowledgeHash,
                               evaluation: result.evaluation, timingMilliseconds: [:])
        switch result.kind {
        case .ground:
            reply.answer = result.holds ? "yes" : "no"
        case .bindings, .count:
            var seen = Set<[String: JSONValue]>()
            reply.answers = result.bindings.compactMap { binding in
                let named = zip(result.variables, binding).filter { !$0.0.hasPrefix(Reasoner.hiddenVariablePrefix) }
                let answer = Dictionary(uniqueKeysWithValues: named.map { ($0.0, JSONValue($0.1)) })
                return seen.insert(answer).inserted ? answer : nil
            }
            reply.count = result.count
        }
        func milliseconds(_ duration: Duration) -> Double {
            let (seconds, attoseconds) = duration.components
            return ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 1000).rounded() / 1000
        }
        reply.timingMilliseconds = [
            "load": milliseconds(loaded - start),
            "reason": milliseconds(answered - loaded),
            "certify": milliseconds(certified - answered),
            "total": milliseconds(certified - start),
        ]
        return Outcome(reply: reply, result: result)
    }

    /// Runs the independent checker over every proof, then Z3 over all of them at once. A rejection by either is a
    /// reasoner bug and is raised as such; Z3 running out of time leaves the answer uncertified, with the reason.
    private func certify(_ result: QueryResult, reasoner: Reasoner, knowledgeBase: KnowledgeBase) throws(LemmaError) -> Certificate {
        guard !result.proofs.isEmpty else {
            return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false,
                               reason: "there is no proof to certify: closed-world 'no' and empty answers are not certified")
        }
        let everyProof = result.proofs + result.alternativeProofs.flatMap { $0 }
        let complete = everyProof.filter { $0.omission == nil }
        let omitted = result.proofs.count - complete.count
        let program = reasoner.program
        let symbols = (try? knowledgeBase.symbols()) ?? []
        var checker = ProofChecker(program: program) { relation in
            guard let types = Validator.columnTypes(of: relation.name, in: program),
                  let rows = try? knowledgeBase.factValues(relation, columnTypes: types, symbols: symbols) else { return [] }
            return Set(rows)
        }
        var steps = 0
        do {
            for (number, proof) in everyProof.enumerated() where proof.omission == nil {
                try checker.check(proof, proofNumber: number)
                steps += proof.steps.count
            }
        } catch {
            if case let .beyondCheckerBudget(_, _, reason) = error {
                return Certificate(certified: false, checkedSteps: steps, checkerAccepted: false, solverConfirmed: false, reason: reason)
            }
            throw .certificationDisagreement(error)
        }
        do {
            try EntailmentCertifier(timeout: solverTimeout).certify(complete, program: program)
        } catch {
            if case let .solverUndecided(reason) = error {
                return Certificate(certified: false, checkedSteps: steps, checkerAccepted: true, solverConfirmed: false, reason: "Z3 could not decide in time (\(reason))")
            }
            throw .certificationDisagreement(error)
        }
        if let omission = result.proofs.first(where: { $0.omission != nil })?.omission {
            return Certificate(certified: false, checkedSteps: steps, checkerAccepted: true, solverConfirmed: true,
                               reason: "\(omitted) of \(result.proofs.count) answers have no proof: \(omission)")
        }
        return Certificate(certified: true, checkedSteps: steps, checkerAccepted: true, solverConfirmed: true, reason: nil)
    }
}
