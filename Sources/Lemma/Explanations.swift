import Certification
import Reasoner
import Syntax

extension Evidence {
    /// Certifies that atoms are not derivable: Z3 on the completed ground program of their dependency cone, or,
    /// when grounding is over budget or unsupported (aggregates), the independent reference evaluator, saying so.
    /// Z3 finding an atom derivable means the reasoner is wrong, which is raised, never reported as an answer.
    func certifyAbsence(of atoms: [GroundAtom]) throws(LemmaError) -> Certificate {
        let certifier = NotDerivableCertifier(timeout: solverTimeout)
        do {
            let certificate = try certifier.certify(goals: atoms, program: reasoner.program, storedFacts: storedFacts)
            return Certificate(certified: true, checkedSteps: certificate.groundInstances, checkerAccepted: true, solverConfirmed: true, reason: nil, method: "completion")
        } catch {
            switch error {
            case .groundingBudgetExceeded, .unsupported:
                do {
                    try certifier.confirmNotDerivableByReference(goals: atoms, program: reasoner.program, storedFacts: storedFacts)
                    return Certificate(certified: true, checkedSteps: 0, checkerAccepted: true, solverConfirmed: false,
                                       reason: "Z3 was not used (\(error)); the independent checker re-derived the relations instead", method: "reference")
                } catch {
                    if case .referenceBudgetExceeded = error {
                        return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false, reason: "\(error)", method: "reference")
                    }
                    throw .certificationDisagreement(error)
                }
            case let .solverUndecided(reason):
                return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false, reason: "timeout: \(reason)", method: "completion")
            default:
                throw .certificationDisagreement(error)
            }
        }
    }

    func explain(_ result: QueryResult, asked: QueryService.Explanations, into reply: inout QueryReply, limits: inout [String]) {}

    func consistency(minimalSets: Bool, limits: inout [String]) -> ConsistencyReply {
        let conflicts = reasoner.conflicts()
        return ConsistencyReply(consistent: conflicts.isEmpty, conflicts: conflicts.map { conflict in
            switch conflict.kind {
            case let .complementary(atom):
                return .init(kind: "complementary", atoms: [atom.description, GroundAtom(atom.relation.complement, atom.values).description], constraint: nil, proof: ProofReply(conflict.proof))
            case let .constraint(index, atoms):
                return .init(kind: "constraint", atoms: atoms.map(\.description), constraint: reasoner.program.constraints[index].sourceText, proof: ProofReply(conflict.proof))
            }
        })
    }
}
