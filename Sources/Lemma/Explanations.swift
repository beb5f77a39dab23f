import Certification
import Reasoner
import Syntax

extension Evidence {
    func certifyAbsence(of atoms: [GroundAtom]) -> Certificate {
        Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false, reason: "pending", method: "completion")
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
