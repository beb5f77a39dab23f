import Reasoner
import Syntax
import Z3Kit

/// Explains why a goal is not derivable by the smallest sets of missing facts that would make it derivable
/// ("it would follow if parent("Pablo", "Lucia") were known"), found with Z3's optimizer over the stable-model encoding
/// in which each candidate fact is a Boolean, and re-checked by the reference evaluator.
public struct Abducer {
    public var timeout: Duration
    public var groundingBudget: Int
    /// The most candidate facts considered; more throws `groundingBudgetExceeded`, so a wide relation cannot make
    /// the search explode.
    public var candidateBudget: Int
    public var referenceBudget: Int

    public init(timeout: Duration = .seconds(30), groundingBudget: Int = 1_000_000, candidateBudget: Int = 10_000, referenceBudget: Int = 2_000_000) {
        self.timeout = timeout
        self.groundingBudget = groundingBudget
        self.candidateBudget = candidateBudget
        self.referenceBudget = referenceBudget
    }

    /// The smallest sets of facts of the `abducible` relations, not stored and not `excluded`, whose addition makes
    /// `goal` derivable, in increasing size, at most `limit` sets of at most `maximumSize` facts; `[[]]` when the goal
    /// is already derivable. Candidates take their values from the active domain: the constants occurring in stored
    /// facts and in the program in columns of the same declared type (and, for comparisons, of the same primitive type).
    /// An explanation must keep the knowledge consistent: it may not make `p(t)` and `-p(t)` both hold or an
    /// integrity constraint fire, unless that was already so without it.
    public func explanations(goal: GroundAtom, program: Program, storedFacts: @escaping (RelationName) -> Set<[Value]>,
                             abducible: Set<RelationName>, excluded: Set<GroundAtom>, limit: Int, maximumSize: Int) throws(CertificationError) -> [[GroundAtom]] {
        guard goal.values.allSatisfy({ $0 != nil }) else { throw .invalidRequest("the goal \(goal) must be ground") }
        let facts = memoized(storedFacts)
        let abducible = abducible.intersection(program.dependencyCone(of: [goal.relation]))
        let candidates = try self.candidates(of: abducible, program: program, storedFacts: facts).filter { !excluded.contains($0) }
        let grounder = Grounder(program: program, storedFacts: facts, hypothetical: candidates, budget: groundingBudget)

        // Only relations depending on an abducible one can change, so only their conflicts can be new.
        var affected = abducible
        var changed = true
        let edges = DependencyGraph(rules: program.rules).edges
        while changed {
            changed = false
            for edge in edges where affected.contains(edge.from) && affected.insert(edge.to).inserted { changed = true }
        }
        var complementary: [GroundAtom] = []
        for relation in affected {
            let positive = RelationName(relation.name)
            let negative = RelationName(relation.name, classicallyNegated: true)
            guard !relation.isClassicallyNegated || !affected.contains(positive) else { continue }
            // Without rules, facts or hypotheses for both sides, no complementary pair can arise; skipping these
            // keeps a wide relation (every possible `same_generation` pair) from being computed for nothing.
            let canHold = { (side: RelationName) in
                abducible.contains(side) || !facts(side).isEmpty || program.rules.contains { $0.head.relation == side }
            }
            guard canHold(positive), canHold(negative) else { continue }
            let both = try grounder.possibleTuples(of: positive).intersection(grounder.possibleTuples(of: negative))
            complementary += both.map { GroundAtom(positive, $0) }
        }
        let constraints = program.constraints.indices.filter { index in
            DependencyGraph.bodyAtoms(program.constraints[index].body, underNegation: false).contains { affected.contains($0.0.relation) }
        }
        let ground = try grounder.ground(goals: [goal] + complementary + complementary.map(\.complement), constraints: constraints)

        return try withZ3 {
            let context = try Z3Context(timeout: timeout)
            let relevant = Set(ground.atoms)
            let choices = try candidates.filter(relevant.contains).map { (atom: $0, chosen: try context.boolConstant("added \($0)")) }
            let encoding = try StableModelEncoding(context: context, program: ground, controlled: Dictionary(uniqueKeysWithValues: choices.map { ($0.atom, $0.chosen) }))
            var conflicts = try complementary.map { try context.and([encoding.term($0), encoding.term($0.complement)]) }
            conflicts += try ground.instances.filter { $0.head == nil }.map(encoding.body(of:))

            // Conflicts the knowledge already has without any addition are tolerated; only new ones are forbidden.
            var deadline = SolverDeadline(timeout: timeout)
            let solver = try context.makeSolver()
            for constraint in encoding.constraints { try solver.assert(constraint) }
            guard try deadline.check(solver, assuming: choices.map { try context.not($0.chosen) }), let base = try solver.model() else {
                throw CertificationError.solverFailure("the encoding of the knowledge base without additions has no model")
            }
            let optimizer = try context.makeOptimizer()
            for constraint in encoding.constraints { try optimizer.assert(constraint) }
            try optimizer.assert(encoding.term(goal))
            for conflict in conflicts where try base.boolValue(conflict) != true {
                try optimizer.assert(context.not(conflict))
            }
            let selections = MinimalSelections(context: context, optimizer: optimizer, choices: choices)
            return try selections.enumerate(limit: limit, maximumSize: maximumSize, deadline: &deadline) { explanation in
                try ReferenceEvaluator(program: program, budget: referenceBudget, storedFacts: facts, adding: explanation, removing: [])
                    .derivesWithinBudget(goal)
            }
        }
    }

    /// Every atom of the abducible relations over the active domain that is not stored.
    private func candidates(of relations: Set<RelationName>, program: Program, storedFacts: (RelationName) -> Set<[Value]>) throws(CertificationError) -> [GroundAtom] {
        let domain = ActiveDomain(program: program, storedFacts: storedFacts)
        var result: [GroundAtom] = []
        for relation in relations.sorted() {
            guard let declaration = program.declaration(of: relation.name) else {
                throw .invalidRequest("abducible relation '\(relation)' is not declared")
            }
            let columns = declaration.attributes.map { domain.values(ofType: $0.typeName).sorted() }
            let count = columns.reduce(1.0) { $0 * Double($1.count) }
            guard Double(result.count) + count <= Double(candidateBudget) else {
                throw .groundingBudgetExceeded("more than \(candidateBudget) candidate facts for abduction (relation '\(relation)' alone has \(Int(count)))")
            }
            let stored = storedFacts(relation)
            var tuples: [[Value]] = [[]]
            for column in columns {
                tuples = tuples.flatMap { prefix in column.map { prefix + [$0] } }
            }
            result += tuples.filter { !stored.contains($0) }.map { GroundAtom(relation, $0) }
        }
        return result
    }
}

/// The constants a candidate fact may use: those of stored facts and of the program, by declared column type.
struct ActiveDomain {
    private var byType: [String: Set<Value>] = [:]
    private var byPrimitive: [PrimitiveType: Set<Value>] = [:]
    private let types: TypeTable

    init(program: Program, storedFacts: (RelationName) -> Set<[Value]>) {
        types = TypeTable(program.types)
        for declaration in program.relations {
            for negated in [false, true] {
                for tuple in storedFacts(RelationName(declaration.name, classicallyNegated: negated)) {
                    for (value, attribute) in zip(tuple, declaration.attributes) { note(value, type: attribute.typeName) }
                }
            }
        }
        var literals = program.rules.flatMap { [.positive($0.head)] + $0.body } + program.constraints.flatMap(\.body)
        literals += literals.flatMap(\.aggregates).flatMap(\.body)
        for literal in literals {
            switch literal {
            case let .positive(atom), let .negative(atom):
                guard let declaration = program.declaration(of: atom.relation.name) else { continue }
                for (argument, attribute) in zip(atom.arguments, declaration.attributes) {
                    if case let .constant(value) = argument { note(value, type: attribute.typeName) }
                }
            case let .comparison(comparison):
                for case let .constant(value) in [comparison.lhs, comparison.rhs] where value.primitiveType != .float {
                    byPrimitive[value.primitiveType.domain, default: []].insert(value)
                }
            }
        }
    }

    /// Symbols and numbers only: a float is a measurement, not something a missing fact would plausibly name.
    private mutating func note(_ value: Value, type: String) {
        guard value.primitiveType != .float else { return }
        byType[type, default: []].insert(value)
    }

    func values(ofType type: String) -> Set<Value> {
        let primitive = types.primitive(of: type)?.domain
        return (byType[type] ?? []).union(primitive.flatMap { byPrimitive[$0] } ?? [])
    }
}
