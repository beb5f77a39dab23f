import Reasoner
import Syntax

/// One ground instance of a rule or integrity constraint, with its comparisons already evaluated (true ones are
/// dropped, an instance with a false one is never produced).
public struct GroundInstance: Hashable, Sendable {
    /// Which clause the instance grounds, so a caller can pick out the instances of one constraint.
    public enum Origin: Hashable, Sendable {
        /// Index into `Program.rules`.
        case rule(Int)
        /// Index into `Program.constraints`.
        case constraint(Int)
    }

    /// The concluded atom; nil for an integrity constraint, whose instance says the knowledge is inconsistent.
    public var head: GroundAtom?
    /// Atoms that must hold for the instance to fire.
    public var positive: [GroundAtom]
    /// Atoms that must all be absent: the ground atoms of the negated literals. A negated pattern with `_` stands for
    /// every possible atom matching it, so one literal may contribute several atoms, or none when nothing matches.
    public var negative: [GroundAtom]
    public var origin: Origin
}

/// The relevant ground program of some goals: enough ground instances to decide every goal atom exactly.
public struct GroundProgram: Sendable {
    /// Every instance whose head is a relevant atom, and the requested constraint instances.
    public var instances: [GroundInstance]
    /// Every ground atom the goals and instances mention, sorted so that encodings are reproducible.
    public var atoms: [GroundAtom]
    /// The over-approximation M⁺ of each relation of the cone: an atom outside it is false in every model that
    /// matters, which is why instances using such an atom positively can be left out.
    public var possible: [RelationName: Set<[Value]>]
    /// The stored facts of each relation of the cone.
    public var stored: [RelationName: Set<[Value]>]
    /// The dependency component of each relation of the cone; a positive body atom of the head's own component is
    /// a recursive dependency, the only kind that needs a ranking to rule out self-support.
    public var component: [RelationName: Int]

    /// The atoms of M⁺ matching a pattern (nil values are `_`); a ground atom outside M⁺ matches nothing.
    public func possibleAtoms(matching pattern: GroundAtom) -> [GroundAtom] {
        let values = pattern.values.compactMap { $0 }
        if values.count == pattern.values.count {
            return possible[pattern.relation]?.contains(values) == true ? [pattern] : []
        }
        return (possible[pattern.relation] ?? []).filter { tuple in
            tuple.count == pattern.values.count && zip(tuple, pattern.values).allSatisfy { $1 == nil || $1 == $0 }
        }
        .sorted { $0.lexicographicallyPrecedes($1) }
        .map { GroundAtom(pattern.relation, $0) }
    }

    /// Whether a ground atom is a stored fact; such atoms are true in the model unless the encoding controls them.
    public func isStored(_ atom: GroundAtom) -> Bool {
        let values = atom.values.compactMap { $0 }
        return values.count == atom.values.count && stored[atom.relation]?.contains(values) == true
    }

}

/// Instantiates rules the way gringo does, so that "not derivable" can be proved from a finite ground program.
///
/// It first computes M⁺, the least model of the program with negated literals dropped (comparisons kept as filters)
/// over the stored facts and any hypothetical facts. Dropping negation only enlarges the least model, and adding facts
/// only enlarges it too, so M⁺ contains every atom of the stratified model of the rules over any subset of
/// stored ∪ hypothetical facts. Rule bodies are then joined against M⁺: an instance left out has a positive atom outside
/// M⁺, which is false in every such model, so leaving it out never changes a model — this is what makes the ground
/// program sound for proving non-derivability, for counterfactual removals and for abduction.
public struct Grounder {
    /// Names the variables that stand for `_` in positive atoms, so every ground instance names its exact atoms.
    static let wildcardPrefix = "#"

    /// Ground instances produced, tuples of M⁺ and join work are each bounded by `budget`.
    public let budget: Int
    let program: Program
    private let relaxed: ReferenceEvaluator
    private let storedFacts: (RelationName) -> Set<[Value]>

    /// - Parameters:
    ///   - storedFacts: the stored facts of one relation, as `ProofChecker` reads them.
    ///   - hypothetical: facts that may be added (abduction's candidates); M⁺ includes them.
    ///   - budget: the most tuples, join steps and ground instances before `groundingBudgetExceeded` is thrown.
    public init(program: Program, storedFacts: @escaping (RelationName) -> Set<[Value]>, hypothetical: [GroundAtom] = [], budget: Int = 1_000_000) {
        self.program = program
        self.budget = budget
        let facts = memoized(storedFacts)
        self.storedFacts = facts
        var added: [RelationName: Set<[Value]>] = [:]
        for atom in hypothetical {
            added[atom.relation, default: []].insert(atom.values.compactMap { $0 })
        }
        var positiveProgram = program
        positiveProgram.rules = program.rules.map { rule in
            var rule = rule
            rule.body = rule.body.namingWildcards(prefix: Grounder.wildcardPrefix).droppingNegations()
            return rule
        }
        relaxed = ReferenceEvaluator(program: positiveProgram, budget: budget) { relation in
            facts(relation).union(added[relation] ?? [])
        }
    }

    /// M⁺ of one relation (and, on the way, of everything it depends on).
    public func possibleTuples(of relation: RelationName) throws(CertificationError) -> Set<[Value]> {
        do {
            return try relaxed.extensionOf(relation)
        } catch {
            throw .groundingBudgetExceeded("the possible atoms of '\(error.relation)' exceed \(budget) tuples or join steps")
        }
    }

    /// The ground instances relevant to the goals (patterns allowed) and every instance of the given constraints.
    /// Relevance is followed atom by atom: an instance is kept when its head is a goal or a body atom of a kept one.
    /// - Throws: `unsupported` for aggregates in the cone, `groundingBudgetExceeded` beyond the budget.
    public func ground(goals: [GroundAtom], constraints: [Int] = []) throws(CertificationError) -> GroundProgram {
        for goal in goals {
            try validate(goal)
        }
        for index in constraints where !program.constraints.indices.contains(index) {
            throw .invalidRequest("the program has no integrity constraint #\(index)")
        }
        let constraintRelations = constraints.flatMap { DependencyGraph.bodyAtoms(program.constraints[$0].body, underNegation: false).map(\.0.relation) }
        let cone = program.dependencyCone(of: goals.map(\.relation) + constraintRelations)
        let coneRules = program.rules.indices.filter { cone.contains(program.rules[$0].head.relation) }
        for index in coneRules where !program.rules[index].hasNoAggregates {
            throw .unsupported("rule '\(program.rules[index].sourceText)' has an aggregate, which the ground encoding does not cover")
        }
        for index in constraints where !program.constraints[index].body.allSatisfy({ $0.aggregates.isEmpty }) {
            throw .unsupported("constraint '\(program.constraints[index].sourceText)' has an aggregate, which the ground encoding does not cover")
        }

        var possible: [RelationName: Set<[Value]>] = [:]
        var stored: [RelationName: Set<[Value]>] = [:]
        for relation in cone.sorted() {
            possible[relation] = try possibleTuples(of: relation)
            stored[relation] = storedFacts(relation)
        }
        var ground = GroundProgram(instances: [], atoms: [], possible: possible, stored: stored, component: [:])
        let graph = DependencyGraph(rules: coneRules.map { program.rules[$0] }, extraPredicates: cone.sorted())
        if let (edge, cycle) = graph.negativeCycle() {
            // The encoding's single-model argument needs strata; validation normally rejects such programs first.
            throw .unsupported("'\(edge.to)' depends negatively on itself through \(cycle.map(\.description).joined(separator: " → "))")
        }
        for (number, members) in graph.components().enumerated() {
            for relation in members { ground.component[relation] = number }
        }

        var byHead: [GroundAtom: [GroundInstance]] = [:]
        var produced = 0
        for index in coneRules {
            let rule = program.rules[index]
            for instance in try instances(of: rule.body, head: rule.head, origin: .rule(index), in: ground) {
                byHead[instance.head!, default: []].append(instance)
                produced += 1
                if produced > budget { throw .groundingBudgetExceeded("more than \(budget) ground rule instances") }
            }
        }
        var constraintInstances: [GroundInstance] = []
        for index in constraints {
            constraintInstances += try instances(of: program.constraints[index].body, head: nil, origin: .constraint(index), in: ground)
            if produced + constraintInstances.count > budget { throw .groundingBudgetExceeded("more than \(budget) ground instances") }
        }

        var relevant = Set<GroundAtom>()
        var queue = goals.flatMap(ground.possibleAtoms(matching:)) + constraintInstances.flatMap { $0.positive + $0.negative }
        var kept: [GroundInstance] = []
        while let atom = queue.popLast() {
            guard relevant.insert(atom).inserted else { continue }
            for instance in byHead[atom] ?? [] {
                kept.append(instance)
                queue += instance.positive + instance.negative
            }
        }
        ground.instances = kept + constraintInstances
        ground.atoms = relevant.sorted { $0.description < $1.description }
        return ground
    }

    /// Joins the positive atoms of a body against M⁺, evaluates comparisons once ground, and expands negated
    /// patterns to the M⁺ atoms they could meet. Wildcards in positive atoms are named first, so that every solution
    /// determines the exact atoms it used.
    private func instances(of body: [Literal], head: Atom?, origin: GroundInstance.Origin, in program: GroundProgram) throws(CertificationError) -> Set<GroundInstance> {
        let named = body.namingWildcards(prefix: Grounder.wildcardPrefix)
        let solutions = relaxed.solutions(named.droppingNegations(), [:])
        if relaxed.isExhausted { throw .groundingBudgetExceeded("joining rule bodies takes more than \(budget) steps") }
        var result = Set<GroundInstance>()
        for substitution in solutions {
            var positive: [GroundAtom] = []
            var negative: [GroundAtom] = []
            var isComplete = true
            for literal in named {
                switch literal {
                case let .positive(atom):
                    if let values = relaxed.instantiate(atom.arguments, substitution) {
                        positive.append(GroundAtom(atom.relation, values))
                    } else {
                        isComplete = false
                    }
                case let .negative(atom):
                    // `_` matches any value; an argument without a value (say, a division by zero) matches none, so
                    // the literal then holds outright and contributes no atom.
                    var pattern: [Value?] = []
                    for argument in atom.arguments {
                        if case .wildcard = argument {
                            pattern.append(nil)
                        } else if let value = relaxed.value(of: argument, substitution) {
                            pattern.append(value)
                        } else {
                            break
                        }
                    }
                    if pattern.count == atom.arguments.count {
                        negative += program.possibleAtoms(matching: GroundAtom(atom.relation, pattern))
                    }
                case .comparison:
                    break
                }
            }
            var groundHead: GroundAtom?
            if let head {
                guard let values = relaxed.instantiate(head.arguments, substitution) else { continue }
                groundHead = GroundAtom(head.relation, values)
            }
            if isComplete {
                result.insert(GroundInstance(head: groundHead, positive: positive, negative: negative, origin: origin))
            }
        }
        return result
    }

    private func validate(_ goal: GroundAtom) throws(CertificationError) {
        guard let declaration = program.declaration(of: goal.relation.name) else {
            throw .invalidRequest("relation '\(goal.relation)' is not declared")
        }
        guard declaration.arity == goal.values.count else {
            throw .invalidRequest("\(goal) has \(goal.values.count) arguments but '\(goal.relation)' has \(declaration.arity)")
        }
    }
}

extension Rule {
    var hasNoAggregates: Bool {
        body.allSatisfy { $0.aggregates.isEmpty } && head.arguments.allSatisfy { $0.aggregates.isEmpty }
    }
}


extension [Literal] {
    /// The positive atoms and comparisons: the body M⁺ is computed and joined with.
    func droppingNegations() -> [Literal] {
        filter { literal in
            if case .negative = literal { return false }
            return true
        }
    }
}

/// Reads each relation's stored facts once: the closure may query the knowledge base, and grounding, encoding and
/// verification all ask for the same relations.
func memoized(_ storedFacts: @escaping (RelationName) -> Set<[Value]>) -> (RelationName) -> Set<[Value]> {
    final class Cache {
        var facts: [RelationName: Set<[Value]>] = [:]
    }
    let cache = Cache()
    return { relation in
        if let known = cache.facts[relation] { return known }
        let facts = storedFacts(relation)
        cache.facts[relation] = facts
        return facts
    }
}
