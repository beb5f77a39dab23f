import Reasoner
import Syntax

/// Re-validates every step of a proof against the stored rules and facts. It shares nothing with the reasoner but
/// the syntax: it re-instantiates each cited rule with the step's substitution, matches premises, re-evaluates
/// comparisons and aggregates, and re-derives "not derivable" with its own reference evaluator.
public struct ProofChecker {
    let program: Program
    let lookupFacts: (RelationName) -> Set<[Value]>
    private var factCache: [RelationName: Set<[Value]>] = [:]
    private let reference: ReferenceEvaluator

    /// - Parameters:
    ///   - storedFacts: reads the stored facts of one relation straight from the knowledge base.
    ///   - budget: the most tuples the reference evaluator may derive to confirm negations and aggregates.
    public init(program: Program, budget: Int = 2_000_000, storedFacts: @escaping (RelationName) -> Set<[Value]>) {
        self.program = program
        self.lookupFacts = storedFacts
        self.reference = ReferenceEvaluator(program: program, budget: budget, storedFacts: storedFacts)
    }

    private mutating func stored(_ relation: RelationName) -> Set<[Value]> {
        if let cached = factCache[relation] { return cached }
        let facts = lookupFacts(relation)
        factCache[relation] = facts
        return facts
    }

    /// Throws at the first step that does not follow; `proofNumber` only labels the error.
    public mutating func check(_ proof: Proof, proofNumber: Int = 0) throws(CertificationError) {
        for (index, step) in proof.steps.enumerated() {
            do {
                try check(step, at: index, in: proof)
            } catch let reason as StepRejected {
                throw .invalidStep(proof: proofNumber, step: index, reason: reason.reason)
            } catch let limit as BeyondBudget {
                throw .beyondCheckerBudget(proof: proofNumber, step: index, reason: limit.reason)
            } catch {
                throw .invalidStep(proof: proofNumber, step: index, reason: "\(error)")
            }
        }
        for goal in proof.goals where !proof.steps.indices.contains(goal) {
            throw .invalidStep(proof: proofNumber, step: goal, reason: "the proof names a goal step that does not exist")
        }
        if let unused = Self.firstUnusedStep(of: proof) {
            throw .invalidStep(proof: proofNumber, step: unused, reason: "step \(unused + 1) (\(proof.steps[unused].conclusion)) is not used to prove any goal; a proof lists only what it needs")
        }
    }

    /// A step no goal depends on: harmless to the logic, but a sign that the proof was edited, so it is rejected.
    static func firstUnusedStep(of proof: Proof) -> Int? {
        var used = Set(proof.goals)
        for index in proof.steps.indices.reversed() where used.contains(index) {
            used.formUnion(proof.steps[index].premises)
        }
        return proof.steps.indices.first { !used.contains($0) }
    }

    private struct StepRejected: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private struct BeyondBudget: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private mutating func check(_ step: ProofStep, at index: Int, in proof: Proof) throws {
        let conclusion = try ground(step.conclusion)
        switch step.justification {
        case .fact:
            guard stored(step.conclusion.relation).contains(conclusion) else {
                throw StepRejected("\(step.conclusion) is cited as a stored fact but the knowledge base does not hold it")
            }
        case let .rule(citation, substitution, premises, absent, _):
            guard program.rules.indices.contains(citation.index) else {
                throw StepRejected("cites rule #\(citation.index), which the knowledge base does not have")
            }
            let rule = program.rules[citation.index]
            guard rule.sourceText == citation.text, rule.location == citation.location else {
                throw StepRejected("cites '\(citation.text)' but the stored rule #\(citation.index) is '\(rule.sourceText)'")
            }
            guard reference.instantiate(rule.head.arguments, substitution) == conclusion, rule.head.relation == step.conclusion.relation else {
                throw StepRejected("rule \(citation.name) with this substitution does not conclude \(step.conclusion)")
            }
            guard premises.allSatisfy({ $0 < index && $0 >= 0 }) else {
                throw StepRejected("a premise refers to a later step; proofs must list premises first")
            }
            var unmatched = premises.map { proof.steps[$0].conclusion }
            var expectedAbsent: [GroundAtom] = []
            for literal in rule.body {
                switch literal {
                case let .positive(atom):
                    var pattern: [Value?] = []
                    for argument in atom.arguments {
                        if case .wildcard = argument {
                            pattern.append(nil)
                        } else if let value = reference.value(of: argument, substitution) {
                            pattern.append(value)
                        } else {
                            throw StepRejected("the substitution does not ground \(atom.relation)(...)")
                        }
                    }
                    let expected = GroundAtom(atom.relation, pattern)
                    guard let position = unmatched.firstIndex(where: { premise in
                        premise.relation == atom.relation && premise.values.count == pattern.count
                            && zip(premise.values, pattern).allSatisfy { $1 == nil || $0 == $1 }
                    }) else {
                        throw StepRejected("body atom \(expected) of rule \(citation.name) is not proved by any premise")
                    }
                    unmatched.remove(at: position)
                case let .negative(atom):
                    let pattern = atom.arguments.map { reference.value(of: $0, substitution) }
                    expectedAbsent.append(GroundAtom(atom.relation, pattern))
                    let extensionOfRelation: Set<[Value]>
                    do {
                        extensionOfRelation = try reference.extensionOf(atom.relation)
                    } catch {
                        throw BeyondBudget("cannot re-check that \(GroundAtom(atom.relation, pattern)) is not derivable: '\(atom.relation)' is beyond the checker's budget")
                    }
                    if extensionOfRelation.contains(where: { tuple in zip(tuple, pattern).allSatisfy { $1 == nil || $1 == $0 } }) {
                        throw StepRejected("\(GroundAtom(atom.relation, pattern)) is claimed not derivable, but it is derivable")
                    }
                case let .comparison(comparison):
                    try prepareAggregates(in: comparison)
                    guard let left = reference.value(of: comparison.lhs, substitution), let right = reference.value(of: comparison.rhs, substitution) else {
                        throw StepRejected("the substitution does not ground the comparison at \(comparison.location)")
                    }
                    if reference.isExhausted {
                        throw BeyondBudget("cannot re-check the condition at \(comparison.location): its aggregate is beyond the checker's budget")
                    }
                    guard Arithmetic.compare(comparison.op, left, right) else {
                        throw StepRejected("condition \(left) \(comparison.op.rawValue) \(right) is false")
                    }
                }
            }
            guard unmatched.isEmpty else {
                throw StepRejected("premises \(unmatched.map(\.description).joined(separator: ", ")) are not atoms of rule \(citation.name)")
            }
            guard Set(expectedAbsent) == Set(absent) else {
                throw StepRejected("the negated premises listed do not match the rule's negations")
            }
        }
    }

    /// Aggregates range over whole relations, so their relations are computed by the reference evaluator first.
    private mutating func prepareAggregates(in comparison: Comparison) throws {
        for aggregate in comparison.lhs.aggregates + comparison.rhs.aggregates {
            for (atom, _) in DependencyGraph.bodyAtoms(aggregate.body, underNegation: false) {
                do {
                    _ = try reference.extensionOf(atom.relation)
                } catch {
                    throw BeyondBudget("cannot re-check an aggregate over '\(atom.relation)': it is beyond the checker's budget")
                }
            }
        }
    }

    private func ground(_ atom: GroundAtom) throws -> [Value] {
        let values = atom.values.compactMap { $0 }
        guard values.count == atom.values.count else { throw StepRejected("conclusion \(atom) is not ground") }
        return values
    }
}
