import Certification
import Reasoner
import Syntax
import Verbalizer

extension Evidence {
    /// The most tuples or join steps grounding (and the fallback evaluation) may spend certifying a "no": beyond it
    /// the answer is reported uncertified, with the reason, rather than keeping the user waiting.
    static let absenceBudget = 200_000

    /// Certifies that atoms are not derivable: Z3 on the completed ground program of their dependency cone, or,
    /// when grounding is over budget or unsupported (aggregates), the independent reference evaluator, saying so.
    /// Z3 finding an atom derivable means the reasoner is wrong, which is raised, never reported as an answer.
    func certifyAbsence(of atoms: [GroundAtom]) throws(LemmaError) -> Certificate {
        let certifier = NotDerivableCertifier(timeout: solverTimeout, groundingBudget: Self.absenceBudget)
        do {
            let certificate = try certifier.certify(goals: atoms, program: reasoner.program, storedFacts: storedFacts)
            return Certificate(certified: true, checkedSteps: certificate.groundInstances, checkerAccepted: true, solverConfirmed: true, reason: nil, method: "completion")
        } catch {
            switch error {
            case .groundingBudgetExceeded, .unsupported:
                do {
                    try certifier.confirmNotDerivableByReference(goals: atoms, program: reasoner.program, storedFacts: storedFacts, budget: Self.absenceBudget)
                    return Certificate(certified: true, checkedSteps: 0, checkerAccepted: true, solverConfirmed: false,
                                       reason: "Z3 was not used (\(error)); the independent checker re-derived the relations instead", method: "reference")
                } catch {
                    if case .referenceBudgetExceeded = error {
                        return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false, reason: "\(error)", method: "reference")
                    }
                    throw .certificationDisagreement(error)
                }
            case let .solverUndecided(reason):
                return Certificate(certified: false, checkedSteps: 0, checkerAccepted: false, solverConfirmed: false, reason: reason.contains("timeout") ? reason : "timeout: \(reason)", method: "completion")
            default:
                throw .certificationDisagreement(error)
            }
        }
    }

    /// The explanations that cost solver time: abduction and counterfactuals when asked for, and the witness every
    /// "unknown" carries. One that cannot be computed within budget is left out, with the reason in `limits`.
    func explain(_ result: QueryResult, asked: QueryService.Explanations, into reply: inout QueryReply, limits: inout [String]) {
        let evidence = result.evidence
        if asked.abduction, result.truth == .no || result.truth == .unknown {
            reply.abduction = (evidence.notDerivable + evidence.undecided).flatMap { abduce($0, limits: &limits) }
        }
        if result.truth == .unknown {
            reply.witness = WitnessReply(couldHold: evidence.undecided.flatMap { abduce($0, limits: &limits) },
                                         couldFail: evidence.undecided.flatMap { abduce($0.complement, limits: &limits) })
        }
        if asked.counterfactuals, result.truth == .yes, let proof = result.proofs.first {
            var removals: [[GroundAtom]] = []
            for goal in proof.goals.map({ proof.steps[$0].conclusion }) {
                do {
                    removals += try CounterfactualFinder(timeout: solverTimeout).minimalRemovals(goal: goal, program: reasoner.program, storedFacts: storedFacts, limit: 5)
                } catch {
                    limits.append("counterfactuals for \(goal): \(error)")
                }
            }
            let sorted = Set(removals.map { $0.sorted { $0.description < $1.description } }).sorted { ($0.count, $0.description) < ($1.count, $1.description) }
            reply.counterfactuals = sorted.prefix(5).map { $0.map { FactReply($0, provenance: reasoner.provenance(of: $0), phrasebook: phrasebook) } }
        }
    }

    /// The smallest sets of missing facts that would make the atom derivable. Hypotheses are facts of relations
    /// that can be stored (those with stored facts or no rules), never of closed relations in the open world, and
    /// not the atom itself or its negation unless nothing else would do.
    private func abduce(_ atom: GroundAtom, limits: inout [String]) -> [[FactReply]] {
        let program = reasoner.program
        let world = program.world
        let defined = Set(program.rules.map(\.head.relation))
        var abducible = Set<RelationName>()
        for declaration in program.relations where world == .closed || !declaration.isClosed {
            for relation in [RelationName(declaration.name), RelationName(declaration.name, classicallyNegated: true)]
            where !defined.contains(relation) || !storedFacts(relation).isEmpty {
                abducible.insert(relation)
            }
        }
        do {
            let sets = try Abducer(timeout: solverTimeout).explanations(goal: atom, program: program, storedFacts: storedFacts, abducible: abducible,
                                                                     excluded: [atom, atom.complement], limit: 3, maximumSize: 3)
            // When nothing else would decide it, stating the atom itself is the only missing fact.
            let decisive = sets.isEmpty && abducible.contains(atom.relation) ? [[atom]] : sets
            // The solver finds equally small sets in no fixed order; readers (and golden tests) need one.
            let ordered = decisive.map { $0.sorted { $0.description < $1.description } }
                .sorted { ($0.count, $0.map(\.description).joined(separator: "\n")) < ($1.count, $1.map(\.description).joined(separator: "\n")) }
            return ordered.map { $0.map { FactReply($0, provenance: nil, phrasebook: phrasebook) } }
        } catch {
            limits.append("missing facts for \(atom): \(error)")
            return []
        }
    }

    /// Whether the knowledge is consistent, with every conflict's proof and, when asked, its minimal sets of stored
    /// facts (Z3 unsat cores over the stored facts, minimised by deletion).
    func consistency(minimalSets: Bool, limits: inout [String]) -> ConsistencyReply {
        consistency(of: conflicts(), minimalSets: minimalSets, limits: &limits)
    }

    /// The knowledge's conflicts. Finding them evaluates every constraint over the whole knowledge, which dwarfs a
    /// question's own cost, and `lemma ask` is a new process each time; so a knowledge base found consistent records
    /// its content hash and later questions read the record. The record is only a shortcut: when it cannot be read
    /// or written (a read-only file), the check simply runs.
    private func conflicts() -> [ProvedConflict] {
        let hash = reasoner.knowledgeHash
        if (try? knowledgeBase.isRecordedConsistent(contentHash: hash, checker: Reasoner.consistencyChecker)) == true { return [] }
        let conflicts = reasoner.conflicts()
        if conflicts.isEmpty { try? knowledgeBase.recordConsistent(contentHash: hash, checker: Reasoner.consistencyChecker) }
        return conflicts
    }

    /// The same for conflicts already found, in their order.
    func consistency(of conflicts: [ProvedConflict], minimalSets: Bool, limits: inout [String]) -> ConsistencyReply {
        var setsByConflict: [Conflict: [[FactReply]]] = [:]
        if minimalSets, !conflicts.isEmpty {
            do {
                let sets = try ConflictFinder(timeout: solverTimeout).minimalConflicts(program: reasoner.program, storedFacts: storedFacts,
                                                                                     conflicts: conflicts.map(\.conflict), limitPerConflict: 5)
                for set in sets {
                    setsByConflict[set.conflict, default: []].append(set.facts.map { FactReply($0, provenance: reasoner.provenance(of: $0), phrasebook: phrasebook) })
                }
            } catch {
                limits.append("minimal conflict sets: \(error)")
            }
        }
        return ConsistencyReply(consistent: conflicts.isEmpty, conflicts: conflicts.map { proved in
            var reply: ConsistencyReply.ConflictReply
            switch proved.conflict {
            case let .complementary(atom):
                reply = .init(kind: "complementary", text: "both \(phrasebook.statement(atom)) and \(phrasebook.statement(atom.complement))",
                              atoms: [atom.description, atom.complement.description], constraint: nil, proof: ProofReply(proved.proof, phrasebook: phrasebook))
            case let .constraint(index, atoms):
                let constraint = reasoner.program.constraints[index]
                reply = .init(kind: "constraint", text: "the integrity constraint at \(constraint.location.file):\(constraint.location.line) is violated: \(English.list(atoms.map(phrasebook.statement)))",
                              atoms: atoms.map(\.description), constraint: constraint.sourceText, proof: ProofReply(proved.proof, phrasebook: phrasebook))
            }
            reply.minimalFactSets = minimalSets ? setsByConflict[proved.conflict] ?? [] : nil
            return reply
        })
    }
}
