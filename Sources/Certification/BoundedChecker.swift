import Reasoner
import Syntax
import Z3Kit

/// Decides questions about a rule set for every set of facts over a small domain: whether a property holds (here),
/// and whether two versions derive the same (`disagreement(old:new:)`). For a property (`.assert`): each relation no rule derives may hold
/// any tuple of the domain, and Z3 searches the stable models of the ground rules (`StableModelEncoding`) for one
/// where the property fails. The domain of each column is `bound` fresh constants of its type, with the constants the
/// rules and the property mention (numbers also one either side, so that `y >= 18` meets 17 and 18). "Holds" is
/// therefore proved only within that domain, and says so; a violation is shrunk by deletion to a minimal set of
/// facts and re-checked by the independent reference evaluator before it is reported.
public struct BoundedChecker {
    public var bound: Int
    public var timeout: Duration
    public var groundingBudget: Int

    public init(bound: Int, timeout: Duration = .seconds(30), groundingBudget: Int = 1_000_000) {
        self.bound = bound
        self.timeout = timeout
        self.groundingBudget = groundingBudget
    }

    public enum Outcome: Sendable, Equatable {
        /// No fact set over the domain violates the property; `candidates` facts were free to hold or not.
        case holds(candidates: Int)
        /// These facts alone violate it (minimal: without any one of them it holds), with the violating bindings.
        case violated(facts: [GroundAtom], bindings: [[String: Value]])
    }

    public func check(_ property: Property, in program: Program) throws(CertificationError) -> Outcome {
        var checked = program
        checked.facts = []
        checked.constraints.append(IntegrityConstraint(body: property.violation, location: property.location, sourceText: property.sourceText))
        let index = checked.constraints.count - 1
        let candidates = BoundedDomain(bound: bound, programs: [checked]).candidateFacts()
        let ground = try Grounder(program: checked, storedFacts: { _ in [] }, hypothetical: candidates, budget: groundingBudget)
            .ground(goals: [], constraints: [index])
        let violations = ground.instances.filter { $0.origin == .constraint(index) }
        guard !violations.isEmpty else { return .holds(candidates: candidates.count) }
        let facts = try withZ3 { () throws -> [GroundAtom]? in
            let context = try Z3Context(timeout: timeout)
            let choosable = Set(candidates)
            let added = try ground.atoms.filter(choosable.contains).map { (atom: $0, term: try context.boolConstant("added \($0)")) }
            let encoding = try StableModelEncoding(context: context, program: ground, controlled: Dictionary(uniqueKeysWithValues: added.map { ($0.atom, $0.term) }))
            let solver = try context.makeSolver()
            for constraint in encoding.constraints { try solver.assert(constraint) }
            try solver.assert(context.or(violations.map(encoding.body(of:))))
            var search = BoundedSearch(context: context, solver: solver, added: added, deadline: SolverDeadline(timeout: timeout))
            return try search.minimalFactSet()
        }
        guard let facts else { return .holds(candidates: candidates.count) }
        let bindings = try confirmedViolations(of: property, in: checked, facts: facts)
        guard !bindings.isEmpty else {
            throw .solverFailure("the counterexample \(facts.map(\.description).joined(separator: ", ")) does not violate '\(property.name)' when re-checked")
        }
        return .violated(facts: facts, bindings: bindings)
    }

    /// The bindings under which the reference evaluator, given only `facts`, finds the property's violation.
    private func confirmedViolations(of property: Property, in program: Program, facts: [GroundAtom]) throws(CertificationError) -> [[String: Value]] {
        let reference = ReferenceEvaluator(program: program, budget: groundingBudget, storedFacts: { _ in [] }, adding: facts, removing: [])
        for (atom, _) in DependencyGraph.bodyAtoms(property.violation, underNegation: true) {
            _ = try reference.derivesWithinBudget(GroundAtom(atom.relation, atom.arguments.map { _ in nil }))
        }
        return reference.solutions(property.violation.namingWildcards(prefix: Grounder.wildcardPrefix), [:]).map { binding in
            binding.filter { !$0.key.hasPrefix(Grounder.wildcardPrefix) }
        }
    }
}

/// The facts a bounded check lets vary: every tuple, over a small domain, of each relation no rule of the programs
/// derives. Each column's domain is `bound` fresh constants of its type with the constants the rules and constraints
/// mention (numbers also one either side, so that `y >= 18` meets 17 and 18).
struct BoundedDomain {
    let bound: Int
    let programs: [Program]

    func candidateFacts() -> [GroundAtom] {
        var symbols = Set<String>()
        var numbers = Set<Int64>()
        var floats = Set<Double>()
        func collect(_ term: Term) {
            switch term {
            case let .constant(.symbol(text)): symbols.insert(text)
            case let .constant(.number(number)): numbers.formUnion([number - 1, number, number + 1])
            case let .constant(.float(number)): floats.formUnion([number - 1, number, number + 1])
            case let .arithmetic(_, lhs, rhs): collect(lhs); collect(rhs)
            case let .minus(operand): collect(operand)
            default: break
            }
        }
        func collect(_ literals: [Literal]) {
            for literal in literals {
                switch literal {
                case let .positive(atom), let .negative(atom): atom.arguments.forEach(collect)
                case let .comparison(comparison): collect(comparison.lhs); collect(comparison.rhs)
                }
            }
        }
        for program in programs {
            for rule in program.rules { collect(rule.body); rule.head.arguments.forEach(collect) }
            for constraint in program.constraints { collect(constraint.body) }
        }
        numbers.formUnion((0..<Int64(bound)).map { $0 })
        let derived = Set(programs.flatMap { $0.rules.map(\.head.relation) })
        var seen = Set<String>()
        var candidates: [GroundAtom] = []
        for program in programs {
            for declaration in program.relations where !derived.contains(RelationName(declaration.name)) && seen.insert(declaration.name).inserted {
                guard let types = Validator.columnTypes(of: declaration.name, in: program) else { continue }
                let columns = zip(declaration.attributes, types).map { attribute, type -> [Value] in
                    switch type {
                    case .symbol:
                        let fresh = (1...max(bound, 1)).map { Value.symbol("\(attribute.typeName.lowercased())\($0)") }
                        return fresh + symbols.sorted().map(Value.symbol)
                    case .number, .unsigned: return numbers.sorted().filter { type == .number || $0 >= 0 }.map(Value.number)
                    case .float: return (floats.isEmpty ? [0] : floats.sorted()).map(Value.float)
                    }
                }
                var tuples: [[Value]] = [[]]
                for column in columns { tuples = tuples.flatMap { prefix in column.map { prefix + [$0] } } }
                candidates += tuples.map { GroundAtom(RelationName(declaration.name), $0.map(Optional.some)) }
            }
        }
        return candidates
    }
}

/// Z3 over facts that may or may not be added: a first fact set the asserted formulas allow, shrunk by deletion
/// until no single fact can go.
struct BoundedSearch {
    let context: Z3Context
    let solver: Z3Solver
    let added: [(atom: GroundAtom, term: Z3Term)]
    var deadline: SolverDeadline

    /// A minimal set of facts under which the asserted formulas hold, or nil when no set does.
    mutating func minimalFactSet() throws -> [GroundAtom]? {
        guard try deadline.check(solver), let model = try solver.model() else { return nil }
        var chosen = Set(try added.indices.filter { try model.boolValue(added[$0].term) == true })
        var changed = true
        while changed {
            changed = false
            for position in chosen.sorted() where try holds(keeping: chosen.subtracting([position])) {
                chosen.remove(position)
                changed = true
            }
        }
        return chosen.map { added[$0].atom }.sorted { $0.description < $1.description }
    }

    /// Whether the asserted formulas hold with exactly these facts added.
    private mutating func holds(keeping set: Set<Int>) throws -> Bool {
        try deadline.check(solver, assuming: added.indices.map { set.contains($0) ? added[$0].term : try context.not(added[$0].term) })
    }
}
