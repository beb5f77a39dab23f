import Certification
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer

/// Certifies and explains one answer against the knowledge it came from. Everything here re-reads the stored
/// facts straight from the knowledge base, never from the reasoner's tables, so the checks stay independent.
struct Evidence {
    let reasoner: Reasoner
    let knowledgeBase: KnowledgeBase
    let solverTimeout: Duration
    let storedFacts: @Sendable (RelationName) -> Set<[Value]>
    let phrasebook: Phrasebook

    init(reasoner: Reasoner, knowledgeBase: KnowledgeBase, solverTimeout: Duration, phrasebook: Phrasebook) {
        self.reasoner = reasoner
        self.phrasebook = phrasebook
        self.knowledgeBase = knowledgeBase
        self.solverTimeout = solverTimeout
        storedFacts = knowledgeBase.storedFactsReader(for: reasoner.program, symbols: (try? knowledgeBase.symbols()) ?? [])
    }

    func certify(_ result: QueryResult) throws(LemmaError) -> Certificate {
        if result.holds {
            return try certify(proofs: result.proofs + result.alternativeProofs.flatMap { $0 }, answers: result.proofs.count, method: "proofs")
        }
        guard result.kind == .ground else {
            return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false,
                               reason: "an empty set of answers is not certified; ask a ground query to certify a 'no'")
        }
        let evidence = result.evidence
        if !evidence.refutations.isEmpty {
            return try certify(proofs: evidence.refutations, answers: evidence.refutations.count, method: "refutation")
        }
        if !evidence.notDerivable.isEmpty {
            return try certifyAbsence(of: evidence.notDerivable)
        }
        if !evidence.undecided.isEmpty {
            return try certifyAbsence(of: evidence.undecided + evidence.undecided.map { $0.complement })
        }
        return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false,
                           reason: "the query's own condition \(evidence.falseConditions.joined(separator: ", ")) is false; there is nothing in the knowledge to certify")
    }

    /// Runs the independent checker over every proof, then Z3 over all of them at once. A rejection by either is a
    /// reasoner bug and is raised as such; Z3 running out of time leaves the answer uncertified, with the reason.
    private func certify(proofs everyProof: [Proof], answers: Int, method: String) throws(LemmaError) -> Certificate {
        let complete = everyProof.filter { $0.omission == nil }
        let omitted = everyProof.prefix(answers).count - complete.prefix(answers).count
        var checker = ProofChecker(program: reasoner.program, storedFacts: storedFacts)
        var steps = 0
        do {
            for (number, proof) in everyProof.enumerated() where proof.omission == nil {
                try checker.check(proof, proofNumber: number)
                steps += proof.steps.count
            }
        } catch {
            if case let .beyondCheckerBudget(_, _, reason) = error {
                return Certificate(certified: false, checkedSteps: steps, checkerAccepted: false, solverConfirmed: false, reason: reason, method: method)
            }
            throw .certificationDisagreement(error)
        }
        do {
            try EntailmentCertifier(timeout: solverTimeout).certify(complete, program: reasoner.program)
        } catch {
            if case let .solverUndecided(reason) = error {
                return Certificate(certified: false, checkedSteps: steps, checkerAccepted: true, solverConfirmed: false, reason: "timeout: Z3 could not decide in time (\(reason))", method: method)
            }
            throw .certificationDisagreement(error)
        }
        if let omission = everyProof.first(where: { $0.omission != nil })?.omission {
            return Certificate(certified: false, checkedSteps: steps, checkerAccepted: true, solverConfirmed: true,
                               reason: "\(omitted) of \(answers) answers have no proof: \(omission)", method: method)
        }
        return Certificate(certified: true, checkedSteps: steps, checkerAccepted: true, solverConfirmed: true, reason: nil, method: method)
    }
}

extension KnowledgeBase {
    /// Reads one relation's stored facts straight from the database, typed by the program's declarations: what the
    /// checker and the Z3 encodings see, independently of the reasoner's tables.
    func storedFactsReader(for program: Program, symbols: [String]) -> @Sendable (RelationName) -> Set<[Value]> {
        { relation in
            guard let types = Validator.columnTypes(of: relation.name, in: program),
                  let rows = try? self.factValues(relation, columnTypes: types, symbols: symbols) else { return [] }
            return Set(rows)
        }
    }
}
