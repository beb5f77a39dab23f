import KnowledgeGraph
import Synchronization
import Syntax

/// Answers queries over a knowledge base with proofs: loads the stored program and facts, evaluates (query-driven
/// by default), and reads a proof for every answer off the recorded derivations.
public final class Reasoner: Sendable {
    public let program: Program
    public let knowledgeHash: String
    /// The stored facts, interned and indexed once; every query's evaluation starts from a copy-on-write share of it.
    let base: StoredState
    /// The conflicts found so far with the limit they were searched under: they depend only on the knowledge, so a
    /// reasoner kept for many queries (`serve`) finds them once.
    let conflictCache = Mutex<(limit: Int, conflicts: [ProvedConflict])?>(nil)

    public init(knowledgeBase: KnowledgeBase) throws(KnowledgeGraphError) {
        let stored = try knowledgeBase.loadProgram()
        program = stored.program
        knowledgeHash = try knowledgeBase.contentHash()
        let symbols = try knowledgeBase.symbols()
        var facts: [RelationName: StoredFacts] = [:]
        for name in try knowledgeBase.storedPredicates() {
            guard let types = Validator.columnTypes(of: name.name, in: stored.program) else { continue }
            facts[name] = try knowledgeBase.loadFacts(name, columnTypes: types)
        }
        let names = Self.relationNames(of: stored.program, stored: facts.keys.sorted())
        base = Self.load(facts, symbols: symbols, names: names, program: stored.program, factFiles: try knowledgeBase.batches().mapValues(\.file))
    }

    /// Every relation the engine needs: the declared ones, their classical negations, and stored ones.
    static func relationNames(of program: Program, stored: [RelationName]) -> [RelationName] {
        var seen = Set<RelationName>()
        var result: [RelationName] = []
        func add(_ name: RelationName) {
            if seen.insert(name).inserted { result.append(name) }
        }
        for declaration in program.relations { add(RelationName(declaration.name)) }
        // Every relation's classical negation exists, empty unless used, so `-p(...)` can always be asked about.
        for declaration in program.relations { add(RelationName(declaration.name, classicallyNegated: true)) }
        for rule in program.rules {
            add(rule.head.relation)
            for (atom, _) in DependencyGraph.bodyAtoms(rule.body, underNegation: false) { add(atom.relation) }
        }
        for constraint in program.constraints {
            for (atom, _) in DependencyGraph.bodyAtoms(constraint.body, underNegation: false) { add(atom.relation) }
        }
        for name in stored { add(name) }
        return result
    }

    public func arity(of relation: RelationName) -> Int? {
        program.declaration(of: relation.name)?.arity
    }

    /// The query with its integer constants written as floats where a float is declared, as Soufflé reads them.
    public func typed(_ query: Query) -> Query {
        NumericLiterals(declaring: program).typed(query)
    }

    /// Checks a query against the program: declared relations, arity, types and safety, reported at query columns.
    public func validate(_ query: Query) throws(ReasonerError) {
        var probe = program
        probe.facts = []
        let body = query.aggregate.map { $0.body } ?? query.literals
        probe.relations.append(RelationDeclaration(name: "__query", attributes: [], location: SourceLocation(file: "<query>", line: 1, column: 1)))
        probe.rules.append(Rule(head: Atom(RelationName("__query"), [], location: SourceLocation(file: "<query>", line: 1, column: 1)), body: body, location: SourceLocation(file: "<query>", line: 1, column: 1), sourceText: query.text))
        let errors = Validator(program: probe).validate().filter { $0.severity == .error && $0.location?.file == "<query>" }
        if !errors.isEmpty { throw .invalidQuery(errors) }
    }

    public struct Options: Sendable {
        public var queryDriven: Bool
        /// The most steps one proof may have: longer proofs are not built, and their answers are not certified.
        public var maximumProofSteps: Int

        /// How many proofs besides the shortest to find for each answer (0: only the shortest). Alternatives are
        /// searched in the fully evaluated relations, so asking for them turns query-driven evaluation off.
        public var alternativeProofs: Int

        /// Overrides the knowledge base's `.pragma "world"` when set.
        public var world: World?

        public var budget: EvaluationBudget

        public init(queryDriven: Bool = true, maximumProofSteps: Int = 100_000, alternativeProofs: Int = 0, world: World? = nil, budget: EvaluationBudget = EvaluationBudget()) {
            self.queryDriven = queryDriven
            self.maximumProofSteps = maximumProofSteps
            self.alternativeProofs = alternativeProofs
            self.world = world
            self.budget = budget
        }
    }

    public func world(under options: Options) -> World {
        options.world ?? program.world
    }

    /// Whether "not derivable" means false for this relation: always in the closed world; in the open world only
    /// for relations declared `closed`.
    public func isClosed(_ relation: RelationName, world: World) -> Bool {
        world == .closed || program.declaration(of: relation.name)?.isClosed == true
    }

    public func answer(_ untyped: Query, options: Options = Options()) throws(ReasonerError) -> QueryResult {
        let query = typed(untyped)
        try validate(query)
        var result = try derive(query, options: options)
        result.world = world(under: options)
        if result.exceededBudget != nil, !(result.kind == .ground && result.holds) {
            // A goal not derived may yet follow: the answer is neither "no" nor a list that could be incomplete.
            result.truth = .unknown
            return result
        }
        guard result.kind == .ground else { return result }
        if result.holds {
            result.truth = .yes
        } else {
            result.evidence = assess(query.literals, world: result.world, options: options)
            let evidence = result.evidence
            let isRefuted = !(evidence.notDerivable.isEmpty && evidence.refutations.isEmpty && evidence.falseConditions.isEmpty)
            result.truth = isRefuted || evidence.undecided.isEmpty ? .no : .unknown
        }
        return result
    }

    /// Why a ground conjunction that does not hold fails, literal by literal: a literal is false when its atom is
    /// not derivable in a closed relation, when the classical negation of an open-world atom is derivable, when the
    /// atom under `!` is derivable, or when a condition is false; an open-world atom with neither is undecided.
    private func assess(_ literals: [Literal], world: World, options: Options) -> FailureEvidence {
        var evidence = FailureEvidence()
        var single = options
        single.alternativeProofs = 0
        func proof(of atom: Atom) -> Proof? {
            (try? derive(Query(literals: [.positive(atom)], aggregate: nil, text: "\(atom)"), options: single))?.proofs.first
        }
        for literal in literals {
            switch literal {
            case let .positive(atom):
                // A query of one atom was just evaluated and did not hold; only a conjunction needs each atom asked.
                guard literals.count == 1 || proof(of: atom) == nil, let ground = Self.ground(atom) else { continue }
                if isClosed(atom.relation, world: world) {
                    evidence.notDerivable.append(ground)
                } else if let refutation = proof(of: Atom(atom.relation.complement, atom.arguments, location: atom.location)) {
                    evidence.refutations.append(refutation)
                } else {
                    evidence.undecided.append(ground)
                }
            case let .negative(atom):
                if let refutation = proof(of: atom) { evidence.refutations.append(refutation) }
            case let .comparison(comparison):
                guard let left = comparison.lhs.value(under: [:]), let right = comparison.rhs.value(under: [:]),
                      !Arithmetic.compare(comparison.op, left, right) else { continue }
                evidence.falseConditions.append("\(left) \(comparison.op.rawValue) \(right)")
            }
        }
        return evidence
    }

    static func ground(_ atom: Atom) -> GroundAtom? {
        let values = atom.arguments.map { $0.value(under: [:]) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return GroundAtom(atom.relation, values)
    }

    /// Evaluates (query-driven unless told otherwise) and reads off the answers and their proofs.
    func derive(_ query: Query, options: Options) throws(ReasonerError) -> QueryResult {
        // Soufflé's count counts matching rows, so in a count query each `_` is a distinct, hidden variable.
        let body = query.aggregate.map { $0.body.namingWildcards(prefix: Self.hiddenVariablePrefix) } ?? query.literals
        let rewriting = options.queryDriven && options.alternativeProofs == 0 ? MagicSets(program: program, arity: arity).rewrite(body) : nil
        let rules = rewriting?.rules ?? (options.queryDriven && !readsDerivedRelation(body) ? [] : program.rules)
        let queryBody = rewriting?.query ?? body
        let engine = Engine(base: base, extraRelations: rewriting?.extraRelations ?? [], rules: rules)
        for seed in rewriting?.seeds ?? [] {
            let tuple = seed.values.map { engine.values.intern($0!) }
            engine.addFact(relation: engine.relationIndex[seed.relation]!, tuple: tuple, batch: 0, line: 0)
        }
        engine.budget = options.budget
        engine.evaluate()
        if let index = engine.unorderableRules.first {
            // A rewriting the planner cannot order is evaluated without it; a stored rule it cannot order is an error.
            if rewriting != nil {
                var full = options
                full.queryDriven = false
                return try derive(query, options: full)
            }
            let rule = rules[index]
            throw .invalidQuery([.error("unorderable-rule", "cannot order the body of rule '\(rule.head.relation)' so that every variable is bound before it is used", at: rule.location)])
        }
        var builder = ProofBuilder(engine: engine, program: program, ruleOrigins: rewriting?.ruleOrigins, relationOrigins: rewriting?.relationOrigins ?? [:], magicRelations: rewriting?.magicRelations ?? [])
        builder.maximumSteps = options.maximumProofSteps
        let variables = query.aggregate == nil ? query.answerVariables : Self.variables(of: body)
        let kind: QueryResult.Kind = query.aggregate != nil ? .count : (variables.isEmpty ? .ground : .bindings)
        // Past the budget, only a ground goal already derived is worth its proof: a list of answers or a count
        // would be incomplete, and proving each answer could cost more than the evaluation was allowed.
        let isIncomplete = engine.exceededBudget != nil && kind != .ground
        let (bindings, proofs, alternatives) = isIncomplete ? ([], [], [])
            : collectAnswers(of: queryBody, in: engine, builder: builder, variables: variables, alternatives: options.alternativeProofs)
        return QueryResult(query: query, kind: kind, variables: variables, bindings: bindings, proofs: proofs, alternativeProofs: alternatives,
                           count: kind == .count && !isIncomplete ? bindings.count : nil, evaluation: rewriting == nil ? "full" : "query-driven", rounds: engine.rounds,
                           world: world(under: options), truth: nil, evidence: FailureEvidence(), exceededBudget: engine.exceededBudget)
    }

    /// Whether any atom of `body` (under negation and in aggregates too) is the head of a rule. A query that reads
    /// stored facts alone needs no rule evaluated, however large or endless the rest of the program's closure.
    private func readsDerivedRelation(_ body: [Literal]) -> Bool {
        let derived = Set(program.rules.map(\.head.relation))
        return DependencyGraph.bodyAtoms(body, underNegation: false).contains { derived.contains($0.0.relation) }
    }

    /// The prefix of the hidden variables that stand for `_` in count queries; no identifier can start with it.
    public static let hiddenVariablePrefix = "_#"

    static func variables(of body: [Literal]) -> [String] {
        var result: [String] = []
        for literal in body {
            for name in literal.variables where !result.contains(name) { result.append(name) }
        }
        return result
    }

    /// Interns the stored facts once; single-column indexes are built here too, so queries share them.
    private static func load(_ facts: [RelationName: StoredFacts], symbols: [String], names: [RelationName], program: Program, factFiles: [Int64: String]) -> StoredState {
        var state = StoredState(names: names, relations: names.map { TupleSet(arity: program.declaration(of: $0.name)?.arity ?? 0) },
                                logs: names.map { _ in DerivationLog() }, factFiles: factFiles)
        var symbolIds = [Int32](repeating: -1, count: symbols.count)
        for (relation, name) in names.enumerated() {
            guard let stored = facts[name] else { continue }
            let arity = stored.arity
            var tuple = [Int32](repeating: 0, count: arity)
            for row in 0..<stored.count {
                for column in 0..<arity {
                    let cell = stored.cells[row * arity + column]
                    switch stored.columnTypes[column] {
                    case .symbol:
                        if symbolIds[Int(cell)] < 0 { symbolIds[Int(cell)] = state.values.intern(.symbol(symbols[Int(cell)])) }
                        tuple[column] = symbolIds[Int(cell)]
                    case .number, .unsigned:
                        tuple[column] = state.values.intern(.number(cell))
                    case .float:
                        tuple[column] = state.values.intern(.float(Double(bitPattern: UInt64(bitPattern: cell))))
                    }
                }
                Engine.addFact(tuple, batch: stored.batches[row], line: stored.lines[row], to: &state.relations[relation], log: &state.logs[relation])
            }
            for column in 0..<arity { state.relations[relation].ensureIndex(mask: 1 << column) }
        }
        return state
    }

    /// Evaluates the whole program without answering anything: the size of every relation. For benchmarks.
    public func evaluateAll() -> [RelationName: Int] {
        let engine = Engine(base: base, extraRelations: [], rules: program.rules)
        engine.evaluate()
        return Dictionary(uniqueKeysWithValues: engine.names.enumerated().map { ($1, engine.relations[$0].count) })
    }

    /// Evaluates the whole program and hands every tuple of one relation to `visit`, without building proofs: for
    /// comparing answers with other engines on the same program. Returns what the evaluator held at the end: every
    /// relation's tuples (stored and derived) and the bytes of their rows, indexes and derivation records.
    @discardableResult
    public func evaluateAll(visiting relation: RelationName, _ visit: ([Value]) -> Void) -> (tuples: Int, bytes: Int) {
        let engine = Engine(base: base, extraRelations: [], rules: program.rules)
        engine.evaluate()
        let footprint = engine.footprint
        guard let index = engine.relationIndex[relation] else { return footprint }
        let tuples = engine.relations[index]
        for row in 0..<tuples.count {
            visit((0..<tuples.arity).map { engine.values[tuples.value(row: row, column: $0)] })
        }
        return footprint
    }

    /// Runs the query body over the evaluated relations and reads one proof per distinct binding.
    private func collectAnswers(of body: [Literal], in engine: Engine, builder: ProofBuilder, variables: [String], alternatives: Int) -> (bindings: [[Value]], proofs: [Proof], alternatives: [[Proof]]) {
        var compiler = PlanCompiler(relationIndex: engine.relationIndex, values: engine.values)
        let plan = compiler.plan(query: body)
        engine.values = compiler.values
        var seen = Set<[Int32]>()
        var found: [(binding: [Int32], slots: [Int32])] = []
        var slots = [Int32](repeating: -1, count: max(plan.slotCount, 1))
        let answerSlots = variables.map { plan.slots[$0]! }
        engine.run(plan.steps, from: 0, slots: &slots) { slots in
            let binding = answerSlots.map { slots[$0] }
            if seen.insert(binding).inserted { found.append((binding, slots)) }
        }
        let decoded = found.map { item in (values: item.binding.map { engine.values[$0] }, slots: item.slots) }
            .sorted { $0.values.lexicographicallyPrecedes($1.values) }
        var proofs: [Proof] = []
        var alternativeProofs: [[Proof]] = []
        proofs.reserveCapacity(decoded.count)
        for item in decoded {
            let substitution = Dictionary(uniqueKeysWithValues: plan.slots.compactMap { name, slot in
                item.slots[slot] >= 0 ? (name, engine.values[item.slots[slot]]) : nil
            })
            proofs.append(builder.proof(of: body, substitution: substitution))
            if alternatives > 0 {
                alternativeProofs.append(builder.alternativeProofs(of: body, substitution: substitution, limit: alternatives))
            }
        }
        return (decoded.map(\.values), proofs, alternativeProofs)
    }
}

/// Where a stored fact was read from: the file (or import batch) and line a citation names.
public struct FactProvenance: Hashable, Codable, Sendable {
    public var file: String
    public var line: Int
    public var batch: Int64

    public init(file: String, line: Int, batch: Int64) {
        self.file = file
        self.line = line
        self.batch = batch
    }
}

extension Reasoner {
    /// The provenance of a stored fact; nil when the knowledge base does not store it.
    public func provenance(of fact: GroundAtom) -> FactProvenance? {
        guard let relation = base.names.firstIndex(of: fact.relation) else { return nil }
        var tuple: [Int32] = []
        for value in fact.values {
            guard let value, let id = base.values.id(of: value) else { return nil }
            tuple.append(id)
        }
        guard let row = base.relations[relation].row(of: tuple) else { return nil }
        return base.logs[relation].provenance(ofFactAt: row, files: base.factFiles)
    }
}
