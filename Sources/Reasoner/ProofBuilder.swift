import Syntax

/// Reads proofs off the engine's derivation log. Each tuple's log entry names the rule and variable binding that
/// first derived it, in an earlier round than the tuple itself, so following premises always terminates, and the
/// first derivation is one of least height: a shortest proof.
struct ProofBuilder {
    let engine: Engine
    let program: Program
    /// For rewritten (query-driven) rules, the index of the stored rule each came from.
    let ruleOrigins: [Int]?
    /// For rewritten relation names such as `ancestor@bf`, the relation they stand for.
    let relationOrigins: [RelationName: RelationName]
    let magicRelations: Set<RelationName>
    /// The most steps one proof may have; a longer proof is not built, and its answer says so.
    var maximumSteps = Int.max

    init(engine: Engine, program: Program, ruleOrigins: [Int]?, relationOrigins: [RelationName: RelationName], magicRelations: Set<RelationName> = []) {
        self.engine = engine
        self.program = program
        self.ruleOrigins = ruleOrigins
        self.relationOrigins = relationOrigins
        self.magicRelations = magicRelations
    }

    private func original(_ relation: RelationName) -> RelationName {
        relationOrigins[relation] ?? relation
    }

    /// A proof of a query body under one answer's substitution.
    func proof(of body: [Literal], substitution: [String: Value]) -> Proof {
        var steps: [ProofStep] = []
        var memo: [Int: [Int: Int]] = [:]
        var goals: [Int] = []
        var conditions: [String] = []
        for literal in body {
            switch literal {
            case let .positive(atom):
                guard let (relation, row) = locate(atom, substitution) else { continue }
                guard Int(engine.logs[relation].round[row]) <= maximumSteps, let goal = step(relation: relation, row: row, steps: &steps, memo: &memo) else {
                    return Proof(steps: [], goals: [], omission: "the proof of \(instantiate(atom, substitution)) has more than \(maximumSteps) steps (the proof budget)")
                }
                goals.append(goal)
            case let .negative(atom):
                conditions.append("not " + instantiate(atom, substitution).description)
            case let .comparison(comparison):
                conditions.append(comparison.text(under: substitution))
            }
        }
        return Proof(steps: steps, goals: goals, queryConditions: conditions)
    }

    /// The row proving an atom under a substitution. With wildcards, the oldest matching row: it is no newer than
    /// the row the derivation used, so the proof stays acyclic.
    private func locate(_ atom: Atom, _ substitution: [String: Value]) -> (Int, Int)? {
        guard let relation = engine.relationIndex[atom.relation] else { return nil }
        var key: [Int32] = []
        var mask = 0
        for (column, argument) in atom.arguments.enumerated() {
            if case .wildcard = argument {
                key.append(0)
                continue
            }
            guard let value = argument.value(under: substitution), let id = engine.values.id(of: value) else { return nil }
            key.append(id)
            mask |= 1 << column
        }
        let set = engine.relations[relation]
        if mask == (1 << key.count) - 1 {
            return set.row(of: key).map { (relation, $0) }
        }
        var oldest: Int?
        set.forEachRow(mask: mask, key: key, in: 0..<set.count) { row in
            if oldest == nil || row < oldest! { oldest = row }
        }
        return oldest.map { (relation, $0) }
    }

    private func instantiate(_ atom: Atom, _ substitution: [String: Value]) -> GroundAtom {
        GroundAtom(original(atom.relation), atom.arguments.map { $0.value(under: substitution) })
    }

    /// Builds the steps for one tuple and everything it rests on, depth-first without recursion so that proofs
    /// a million steps deep (long recursive chains) do not exhaust the stack.
    private func step(relation: Int, row: Int, steps: inout [ProofStep], memo: inout [Int: [Int: Int]]) -> Int? {
        if let known = memo[relation]?[row] { return known }
        var stack: [(relation: Int, row: Int)] = [(relation, row)]
        while let (currentRelation, currentRow) = stack.last {
            if steps.count > maximumSteps { return nil }
            if memo[currentRelation]?[currentRow] != nil {
                stack.removeLast()
                continue
            }
            let log = engine.logs[currentRelation]
            let ruleIndex = Int(log.rule[currentRow])
            let conclusion = GroundAtom(original(engine.names[currentRelation]), engine.relations[currentRelation].tuple(row: currentRow).map { engine.values[$0] })
            if ruleIndex < 0 {
                let provenance = log.provenance(ofFactAt: currentRow, files: engine.factFiles)
                steps.append(ProofStep(conclusion: conclusion, justification: .fact(file: provenance.file, line: provenance.line, batch: provenance.batch)))
                memo[currentRelation, default: [:]][currentRow] = steps.count - 1
                stack.removeLast()
                continue
            }
            let rule = engine.rules[ruleIndex]
            let variables = engine.ruleVariables[ruleIndex]
            if ruleOrigins?[ruleIndex] == -1 {
                // A copy of a stored fact into a query-driven relation: the proof step is the stored fact's own.
                guard case let .positive(atom)? = rule.body.first,
                      let (premiseRelation, premiseRow) = locate(atom, bindingOf(rule, variables, log: log, relation: currentRelation, row: currentRow)) else {
                    stack.removeLast()
                    continue
                }
                if let known = memo[premiseRelation]?[premiseRow] {
                    memo[currentRelation, default: [:]][currentRow] = known
                    stack.removeLast()
                } else {
                    stack.append((premiseRelation, premiseRow))
                }
                continue
            }
            let substitution = bindingOf(rule, variables, log: log, relation: currentRelation, row: currentRow)
            var premises: [Int] = []
            var missingPremises: [(Int, Int)] = []
            for case let .positive(atom) in rule.body where !magicRelations.contains(atom.relation) {
                guard let (premiseRelation, premiseRow) = locate(atom, substitution) else { continue }
                if let known = memo[premiseRelation]?[premiseRow] {
                    premises.append(known)
                } else {
                    missingPremises.append((premiseRelation, premiseRow))
                }
            }
            if !missingPremises.isEmpty {
                // Pushed in reverse so that the first body atom's proof gets the first step numbers.
                stack += missingPremises.reversed().map { (relation: $0.0, row: $0.1) }
                continue
            }
            steps.append(ruleStep(ruleOrigins?[ruleIndex] ?? ruleIndex, substitution: substitution, premises: premises, conclusion: conclusion))
            memo[currentRelation, default: [:]][currentRow] = steps.count - 1
            stack.removeLast()
        }
        return memo[relation]?[row]
    }

    /// A step applying stored rule `index` under a substitution, with its negated atoms and conditions instantiated.
    private func ruleStep(_ index: Int, substitution: [String: Value], premises: [Int], conclusion: GroundAtom) -> ProofStep {
        let rule = program.rules[index]
        let citation = RuleCitation(index: index, name: rule.name, location: rule.location, text: rule.sourceText)
        var absent: [GroundAtom] = []
        var conditions: [String] = []
        for literal in rule.body {
            switch literal {
            case let .negative(atom): absent.append(instantiate(atom, substitution))
            case let .comparison(comparison): conditions.append(comparison.text(under: substitution))
            case .positive: break
            }
        }
        let outer = Set(rule.head.variables + rule.body.flatMap(\.variables))
        return ProofStep(conclusion: conclusion, justification: .rule(citation, substitution: substitution.filter { outer.contains($0.key) }, premises: premises, absent: absent, conditions: conditions))
    }

    /// Up to `limit` proofs of the query's first atom other than the shortest one: every other rule instance that
    /// derives it from tuples added before it (so no proof is circular), each premise with its shortest proof.
    /// Found by searching the evaluated relations, so it needs full evaluation (no rewritten relations).
    func alternativeProofs(of body: [Literal], substitution: [String: Value], limit: Int) -> [Proof] {
        guard ruleOrigins == nil, limit > 0, case let .positive(goal)? = body.first(where: \.isPositive),
              let (relation, row) = locate(goal, substitution) else { return [] }
        let target = engine.relations[relation].tuple(row: row).map { engine.values[$0] }
        let targetSequence = engine.logs[relation].sequence[row]
        let shortest = proof(of: [.positive(goal)], substitution: substitution)
        var results: [Proof] = []
        for (index, rule) in program.rules.enumerated() where rule.head.relation == engine.names[relation] {
            var bound: [String: Value] = [:]
            var unifies = true
            for (argument, value) in zip(rule.head.arguments, target) {
                if case let .variable(name) = argument {
                    if let earlier = bound[name], earlier != value { unifies = false }
                    bound[name] = value
                } else if case let .constant(constant) = argument, !Arithmetic.compare(.equal, constant, value) {
                    unifies = false
                }
            }
            guard unifies else { continue }
            var compiler = PlanCompiler(relationIndex: engine.relationIndex, values: engine.values)
            let plan = compiler.plan(query: rule.body.map { Self.substitute(bound, in: $0) })
            engine.values = compiler.values
            var slots = [Int32](repeating: -1, count: max(plan.slotCount, 1))
            var solutions: [[String: Value]] = []
            engine.run(plan.steps, from: 0, slots: &slots) { slots in
                guard solutions.count < limit * 4 else { return }
                var solution = bound
                for (name, slot) in plan.slots where slots[slot] >= 0 { solution[name] = engine.values[slots[slot]] }
                solutions.append(solution)
            }
            for solution in solutions where rule.head.arguments.map({ $0.value(under: solution) }) == target.map(Optional.some) {
                var steps: [ProofStep] = []
                var memo: [Int: [Int: Int]] = [:]
                var premises: [Int] = []
                var acyclic = true
                for case let .positive(atom) in rule.body {
                    guard let (premiseRelation, premiseRow) = locate(atom, solution),
                          engine.logs[premiseRelation].sequence[premiseRow] < targetSequence,
                          let premise = step(relation: premiseRelation, row: premiseRow, steps: &steps, memo: &memo) else {
                        acyclic = false
                        break
                    }
                    premises.append(premise)
                }
                guard acyclic else { continue }
                steps.append(ruleStep(index, substitution: solution, premises: premises, conclusion: GroundAtom(engine.names[relation], target)))
                let candidate = Proof(steps: steps, goals: [steps.count - 1])
                guard candidate.steps.last != shortest.steps.last, !results.contains(where: { $0.steps.last == candidate.steps.last }) else { continue }
                results.append(candidate)
                if results.count == limit { return results }
            }
        }
        return results
    }

    /// The literal with bound variables replaced by their values (inside aggregates too).
    static func substitute(_ values: [String: Value], in literal: Literal) -> Literal {
        switch literal {
        case var .positive(atom):
            atom.arguments = atom.arguments.map { substitute(values, in: $0) }
            return .positive(atom)
        case var .negative(atom):
            atom.arguments = atom.arguments.map { substitute(values, in: $0) }
            return .negative(atom)
        case var .comparison(comparison):
            comparison.lhs = substitute(values, in: comparison.lhs)
            comparison.rhs = substitute(values, in: comparison.rhs)
            return .comparison(comparison)
        }
    }

    static func substitute(_ values: [String: Value], in term: Term) -> Term {
        switch term {
        case let .variable(name): return values[name].map(Term.constant) ?? term
        case .wildcard, .constant: return term
        case let .arithmetic(op, lhs, rhs): return .arithmetic(op, substitute(values, in: lhs), substitute(values, in: rhs))
        case let .minus(operand): return .minus(substitute(values, in: operand))
        case var .aggregate(aggregate):
            aggregate.target = aggregate.target.map { substitute(values, in: $0) }
            aggregate.body = aggregate.body.map { substitute(values, in: $0) }
            return .aggregate(aggregate)
        }
    }

    /// The binding a tuple was derived under: the head's plain variables read off the tuple itself, the rest from
    /// the recorded binding.
    private func bindingOf(_ rule: Rule, _ variables: [String], log: DerivationLog, relation: Int, row: Int) -> [String: Value] {
        let start = Int(log.offset[row])
        var substitution: [String: Value] = [:]
        let tuple = engine.relations[relation].tuple(row: row)
        for (position, variable) in Engine.headVariables(of: rule).enumerated() {
            if let variable { substitution[variable] = engine.values[tuple[position]] }
        }
        for (offset, name) in variables.enumerated() {
            let id = log.bindings[start + offset]
            if id >= 0 { substitution[name] = engine.values[id] }
        }
        return substitution
    }
}
