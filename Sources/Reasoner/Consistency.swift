import Syntax

/// One way the knowledge is inconsistent.
public enum Conflict: Hashable, Sendable, CustomStringConvertible {
    /// `p(t)` and `-p(t)` both hold; the atom given is the positive one.
    case complementary(GroundAtom)
    /// Integrity constraint `program.constraints[index]` fires with these ground positive atoms.
    case constraint(index: Int, atoms: [GroundAtom])

    public var description: String {
        switch self {
        case let .complementary(atom): return "\(atom) and \(atom.complement)"
        case let .constraint(index, atoms): return "constraint #\(index) with \(atoms.map(\.description).joined(separator: ", "))"
        }
    }
}

/// A conflict found in the knowledge, with a proof of its atoms, so a reviewer can see where the contradiction
/// comes from and the certification layer can find its minimal causes.
public struct ProvedConflict: Hashable, Sendable {
    public var conflict: Conflict
    /// Proves the conflicting atoms (its goals).
    public var proof: Proof
}

extension Reasoner {
    /// Names the semantics of `conflicts`: a recorded "consistent" holds only for the checker that found it, so
    /// this changes whenever what counts as a conflict does.
    public static let consistencyChecker = "conflicts-v1"

    /// Whether the knowledge can be inconsistent at all: only classical negation and integrity constraints can
    /// make it so, and knowing that lets every other query skip the check.
    public var canBeInconsistent: Bool {
        !program.constraints.isEmpty || !negationsInUse.isEmpty
    }

    /// The classical negations that can hold: those with stored facts or rules (every `-p` exists, mostly empty).
    private var negationsInUse: [RelationName] {
        base.names.enumerated().compactMap { index, name in
            guard name.isClassicallyNegated else { return nil }
            let isUsed = base.relations[index].count > 0 || program.rules.contains { $0.head.relation == name }
            return isUsed ? name : nil
        }
    }

    /// Every conflict in the knowledge, up to `limit`: complementary pairs `p(t)`, `-p(t)` and integrity
    /// constraints whose bodies hold. Each is found by a query-driven evaluation of the pair or the body.
    public func conflicts(limit: Int = 100) -> [ProvedConflict] {
        if let cached = conflictCache.withLock({ $0 }), cached.limit == limit { return cached.conflicts }
        let found = findConflicts(limit: limit)
        conflictCache.withLock { $0 = (limit, found) }
        return found
    }

    private func findConflicts(limit: Int) -> [ProvedConflict] {
        var found: [ProvedConflict] = []
        let location = SourceLocation(file: "<consistency>", line: 1, column: 1)
        for negated in negationsInUse {
            let arity = arity(of: negated) ?? 0
            let variables = (0..<arity).map { Term.variable("v\($0)") }
            let literals: [Literal] = [.positive(Atom(negated.complement, variables, location: location)), .positive(Atom(negated, variables, location: location))]
            // Validated rules always order under full evaluation, which derive falls back to.
            guard let result = try? derive(Query(literals: literals, aggregate: nil, text: "\(negated.complement), \(negated)"), options: Options()) else { continue }
            for (binding, proof) in zip(result.bindings, result.proofs) {
                found.append(ProvedConflict(conflict: .complementary(GroundAtom(negated.complement, binding)), proof: proof))
            }
        }
        for (index, constraint) in program.constraints.enumerated() {
            guard let result = try? derive(Query(literals: constraint.body, aggregate: nil, text: constraint.sourceText), options: Options()) else { continue }
            for proof in result.proofs {
                found.append(ProvedConflict(conflict: .constraint(index: index, atoms: proof.goals.map { proof.steps[$0].conclusion }), proof: proof))
            }
        }
        return Array(found.prefix(limit))
    }
}
