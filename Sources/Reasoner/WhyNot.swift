import Syntax

/// Why an atom is not derivable: every rule that could conclude it, how far its body gets, and (recursively, to a
/// bounded depth) why the first failing body atom fails. People debug knowledge from the closest near-miss, so
/// attempts are ordered by how much of their body holds.
public struct WhyNot: Hashable, Codable, Sendable {
    /// The atom that is not derivable; a nil value stands for any value (a body atom only partly bound).
    public var atom: GroundAtom
    /// Whether the knowledge base stores facts of this relation, so a missing fact is a plausible cause.
    public var isStoredRelation: Bool
    public var attempts: [RuleAttempt]
    /// Set when the explanation stops here because the depth bound was reached.
    public var truncated: Bool

    public init(atom: GroundAtom, isStoredRelation: Bool, attempts: [RuleAttempt], truncated: Bool) {
        self.atom = atom
        self.isStoredRelation = isStoredRelation
        self.attempts = attempts
        self.truncated = truncated
    }
}

/// One rule that could conclude the atom, with the body literals that hold and the first one that does not.
public struct RuleAttempt: Hashable, Codable, Sendable {
    public enum Failure: Hashable, Codable, Sendable {
        /// A positive body atom with no derivation (nil values: not bound when it is reached).
        case notDerivable(GroundAtom)
        /// The atom under a `!` is derivable.
        case derivable(GroundAtom)
        /// A condition such as `15 > 18` is false.
        case conditionFalse(String)
    }

    public var rule: RuleCitation
    /// The body literals that hold, instantiated by the closest binding, in the order they are evaluated.
    public var satisfied: [String]
    public var failure: Failure
    public var bodySize: Int
    /// Why the failing atom is not derivable, when its relation has rules and the depth bound allows.
    public var causes: [WhyNot]
}

extension Reasoner {
    /// Explains why each atom is not derivable, following failing body atoms down to `depth` levels. Each step asks
    /// the query-driven engine whether a prefix of a rule body holds, so explaining a "no" over a large relation costs
    /// a few bound queries, never its whole closure.
    public func whyNot(_ atoms: [GroundAtom], depth: Int = 3, attemptsPerRule: Int = 3) -> [WhyNot] {
        var explainer = WhyNotExplainer(reasoner: self, attemptsPerRule: attemptsPerRule)
        return atoms.map { explainer.explain($0, depth: depth) }
    }
}

struct WhyNotExplainer {
    let reasoner: Reasoner
    let attemptsPerRule: Int
    /// Atoms already being explained higher up, so recursive relations do not explain themselves forever.
    private var inProgress = Set<GroundAtom>()

    init(reasoner: Reasoner, attemptsPerRule: Int) {
        self.reasoner = reasoner
        self.attemptsPerRule = attemptsPerRule
    }

    mutating func explain(_ atom: GroundAtom, depth: Int) -> WhyNot {
        let program = reasoner.program
        let isStored = reasoner.base.names.firstIndex(of: atom.relation).map { reasoner.base.relations[$0].count > 0 } ?? false
        guard depth > 0, inProgress.insert(atom).inserted else {
            return WhyNot(atom: atom, isStoredRelation: isStored, attempts: [], truncated: true)
        }
        defer { inProgress.remove(atom) }
        var attempts: [RuleAttempt] = []
        for (index, rule) in program.rules.enumerated() where rule.head.relation == atom.relation {
            guard let headBindings = unify(rule.head, with: atom) else { continue }
            attempts += attemptsOf(rule, index: index, headBindings: headBindings, depth: depth)
        }
        attempts.sort { ($0.satisfied.count, $1.rule.index) > ($1.satisfied.count, $0.rule.index) }
        return WhyNot(atom: atom, isStoredRelation: isStored, attempts: attempts, truncated: false)
    }

    /// Conditions binding the head's variables to the atom's values; nil when a constant in the head differs.
    private func unify(_ head: Atom, with atom: GroundAtom) -> [Literal]? {
        var literals: [Literal] = []
        for (argument, value) in zip(head.arguments, atom.values) {
            guard let value else { continue }
            switch argument {
            case let .constant(constant):
                guard constant == value else { return nil }
            case .variable:
                literals.append(.comparison(Comparison(.equal, argument, .constant(value), location: head.location)))
            default:
                // An expression or aggregate in the head is left open: the explanation stays sound, only less bound.
                continue
            }
        }
        return literals
    }

    private mutating func attemptsOf(_ rule: Rule, index: Int, headBindings: [Literal], depth: Int) -> [RuleAttempt] {
        let citation = RuleCitation(index: index, name: rule.name, location: rule.location, text: rule.sourceText)
        let ordered = evaluationOrder(rule.body, headBindings: headBindings)
        var satisfiedCount = 0
        var solutions = solve(headBindings, limit: attemptsPerRule)
        guard !solutions.isEmpty else { return [] }
        while satisfiedCount < ordered.count {
            let next = solve(headBindings + ordered[0...satisfiedCount], limit: attemptsPerRule)
            if next.isEmpty { break }
            solutions = next
            satisfiedCount += 1
        }
        guard satisfiedCount < ordered.count else { return [] }
        let failing = ordered[satisfiedCount]
        var seen = Set<RuleAttempt.Failure>()
        var attempts: [RuleAttempt] = []
        for substitution in solutions {
            let failure: RuleAttempt.Failure
            switch failing {
            case let .positive(atom):
                failure = .notDerivable(GroundAtom(atom.relation, atom.arguments.map { $0.value(under: substitution) }))
            case let .negative(atom):
                failure = .derivable(GroundAtom(atom.relation, atom.arguments.map { $0.value(under: substitution) }))
            case let .comparison(comparison):
                failure = .conditionFalse(comparison.text(under: substitution))
            }
            guard seen.insert(failure).inserted else { continue }
            var causes: [WhyNot] = []
            if case let .notDerivable(missing) = failure, reasoner.program.rules.contains(where: { $0.head.relation == missing.relation }) {
                causes = [explain(missing, depth: depth - 1)]
            }
            attempts.append(RuleAttempt(rule: citation, satisfied: ordered[0..<satisfiedCount].map { $0.text(under: substitution) },
                                        failure: failure, bodySize: rule.body.count, causes: causes))
        }
        return attempts
    }

    /// The body in the order a person reads it, except that a literal waits until the literals before it bind the
    /// variables it cannot bind itself (those of a negation, a condition, an expression): "fails first" then means the first literal that cannot be satisfied. Literals
    /// that never become evaluable (their variables bound only by an open head expression) are left out.
    private func evaluationOrder(_ body: [Literal], headBindings: [Literal]) -> [Literal] {
        var ordered: [Literal] = []
        var waiting: [Literal] = []
        func isReady(_ literal: Literal) -> Bool {
            let bound = Validator.boundVariables(headBindings + ordered + [literal], outerBound: [])
            return literal.variables.allSatisfy(bound.contains)
        }
        for literal in body {
            waiting.append(literal)
            while let ready = waiting.firstIndex(where: isReady) {
                ordered.append(waiting.remove(at: ready))
            }
        }
        return ordered
    }

    /// Up to `limit` distinct substitutions satisfying the literals, by a query-driven evaluation without proofs.
    /// The head's bindings (`x = c`) are put into the other literals as constants first: query-driven evaluation
    /// follows constants in atoms, and an equality beside an atom would leave the atom's whole relation to evaluate.
    private func solve(_ literals: some Collection<Literal>, limit: Int) -> [[String: Value]] {
        var known: [String: Value] = [:]
        var rest: [Literal] = []
        for literal in literals {
            if case let .comparison(comparison) = literal, comparison.op == .equal, case let .variable(name) = comparison.lhs,
               case let .constant(value) = comparison.rhs, known[name] == nil {
                known[name] = value
            } else {
                rest.append(literal)
            }
        }
        guard !rest.isEmpty else { return [known] }
        let query = Query(literals: rest.map { ProofBuilder.substitute(known, in: $0) }, aggregate: nil, text: "why-not")
        guard let result = try? reasoner.derive(query, options: Reasoner.Options(maximumProofSteps: 0)) else { return [] }
        return result.bindings.prefix(limit).map { binding in
            known.merging(zip(result.variables, binding)) { bound, _ in bound }
        }
    }
}
