import Syntax

/// How each tuple came to be, recorded when it is first derived, so proofs are read off rather than searched for.
struct DerivationLog {
    /// Per row: the index of the rule that derived it, or -1 for a stored fact.
    var rule: [Int32] = []
    /// Per row: for a derived tuple, where its variable binding starts in `bindings`; for a fact, its provenance index.
    var offset: [Int32] = []
    var bindings: [Int32] = []
    var factBatches: [Int64] = []
    var factLines: [Int32] = []
    /// Per row: the round of its stratum's evaluation that derived it (0 for stored facts). Each round's new tuples
    /// rest on the previous round's, so a proof has at least that many steps: answers beyond the proof budget are
    /// recognised without building anything.
    var round: [Int32] = []
    /// Per row: when it was added, counted over all relations. A tuple's shortest proof uses only earlier tuples,
    /// so an alternative proof whose premises are all earlier than its conclusion cannot be circular.
    var sequence: [Int64] = []
}

extension DerivationLog {
    /// Where the stored fact in `row` was read from, citing the file of its import batch.
    func provenance(ofFactAt row: Int, files: [Int64: String]) -> FactProvenance {
        let index = Int(offset[row])
        let batch = factBatches[index]
        return FactProvenance(file: files[batch] ?? "batch \(batch)", line: Int(factLines[index]), batch: batch)
    }
}

/// The stored facts loaded once into interned tuple sets, from which every query's evaluation starts.
struct StoredState: Sendable {
    var names: [RelationName]
    var values = ValueStore()
    var relations: [TupleSet]
    var logs: [DerivationLog]
    var factFiles: [Int64: String]
}

/// Stratified semi-naive bottom-up evaluation over interned tuples.
final class Engine {
    var values: ValueStore
    var relations: [TupleSet]
    var logs: [DerivationLog]
    let names: [RelationName]
    let relationIndex: [RelationName: Int]
    let rules: [Rule]
    /// The variables each rule's recorded binding lists, in order (the rule's variables outside aggregates).
    let ruleVariables: [[String]]
    private(set) var rounds = 0
    private var derivedCount: Int64 = 0
    /// The file each import batch read, for citing facts.
    var factFiles: [Int64: String] = [:]

    /// Starts from the stored facts (shared copy-on-write, so a query pays only for what it changes) plus empty
    /// relations for the names a query-driven rewriting adds.
    init(base: StoredState, extraRelations: [(RelationName, Int)], rules: [Rule]) {
        self.names = base.names + extraRelations.map(\.0)
        self.relationIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        self.relations = base.relations + extraRelations.map { TupleSet(arity: $0.1) }
        self.logs = base.logs + extraRelations.map { _ in DerivationLog() }
        self.factFiles = base.factFiles
        self.rules = rules
        self.values = base.values
        self.ruleVariables = rules.map { rule in
            var names: [String] = []
            for name in rule.head.variables + rule.body.flatMap(\.variables) where !names.contains(name) { names.append(name) }
            return names
        }
    }

    func addFact(relation: Int, tuple: [Int32], batch: Int64, line: Int32) {
        Engine.addFact(tuple, batch: batch, line: line, to: &relations[relation], log: &logs[relation])
    }

    /// Adds a stored fact with its provenance; duplicates keep their first provenance. Stored facts come first,
    /// so their sequence numbers need only be negative to precede every derived tuple.
    static func addFact(_ tuple: [Int32], batch: Int64, line: Int32, to relation: inout TupleSet, log: inout DerivationLog) {
        let (_, inserted) = relation.insert(tuple)
        guard inserted else { return }
        log.rule.append(-1)
        log.round.append(0)
        log.sequence.append(-1)
        log.offset.append(Int32(log.factBatches.count))
        log.factBatches.append(batch)
        log.factLines.append(line)
    }

    // MARK: Evaluation

    /// Evaluates every stratum in dependency order until nothing new is derived.
    func evaluate() {
        let graph = DependencyGraph(rules: rules, extraPredicates: names)
        let components = graph.components()
        var compiler = PlanCompiler(relationIndex: relationIndex, values: values)
        var plans: [[RulePlan]] = []
        for component in components {
            let members = Set(component.compactMap { relationIndex[$0] })
            let isRecursive = component.count > 1 || graph.edges.contains { $0.from == component[0] && $0.to == component[0] }
            var componentPlans: [RulePlan] = []
            for (index, rule) in rules.enumerated() where members.contains(relationIndex[rule.head.relation]!) {
                componentPlans += compiler.variants(of: rule, index: index, recursive: isRecursive ? members : [])
            }
            plans.append(componentPlans)
        }
        values = compiler.values
        for plan in plans.flatMap({ $0 }) { prepareIndexes(plan.steps) }
        for (component, componentPlans) in zip(components, plans) where !componentPlans.isEmpty {
            evaluate(members: component.compactMap { relationIndex[$0] }, plans: componentPlans)
        }
    }

    private func prepareIndexes(_ steps: [Step]) {
        for step in steps {
            switch step {
            case let .scan(relation, arguments, mask, _):
                relations[relation].ensureIndex(mask: mask)
                for case let .key(expression) in arguments { prepareIndexes(in: expression) }
            case let .absent(relation, arguments, mask):
                relations[relation].ensureIndex(mask: mask)
                for case let expression? in arguments { prepareIndexes(in: expression) }
            case let .compare(_, lhs, rhs):
                prepareIndexes(in: lhs)
                prepareIndexes(in: rhs)
            case let .assign(_, expression):
                prepareIndexes(in: expression)
            }
        }
    }

    private func prepareIndexes(in expression: Expression) {
        switch expression {
        case let .aggregate(plan): prepareIndexes(plan.steps)
        case let .arithmetic(_, lhs, rhs):
            prepareIndexes(in: lhs)
            prepareIndexes(in: rhs)
        case let .minus(operand): prepareIndexes(in: operand)
        case .slot, .constant: break
        }
    }

    private struct Pending {
        var relation: Int
        var tuple: [Int32]
        var rule: Int
        var binding: [Int32]
    }

    private var low: [Int] = []
    private var high: [Int] = []

    private func evaluate(members: [Int], plans: [RulePlan]) {
        low = relations.map { _ in 0 }
        high = relations.map(\.count)
        for relation in relations.indices where !members.contains(relation) { low[relation] = high[relation] }
        let usesDelta = plans.map { plan in plan.steps.contains { if case .scan(_, _, _, .delta) = $0 { return true } else { return false } } }
        let bindingSlots = plans.map { plan in ruleVariables[plan.ruleIndex].map { plan.slotNames[$0] } }
        var slotBuffers = plans.map { [Int32](repeating: -1, count: max($0.slotCount, 1)) }
        var firstRound = true
        var stratumRound: Int32 = 0
        while true {
            rounds += 1
            stratumRound += 1
            var pending: [Pending] = []
            for (number, plan) in plans.enumerated() where usesDelta[number] || firstRound {
                let bindingSlots = bindingSlots[number]
                run(plan.steps, from: 0, slots: &slotBuffers[number]) { slots in
                    var tuple: [Int32] = []
                    tuple.reserveCapacity(plan.headArguments.count)
                    for argument in plan.headArguments {
                        guard let value = evaluate(argument, slots: &slots) else { return }
                        tuple.append(value)
                    }
                    pending.append(Pending(relation: plan.head, tuple: tuple, rule: plan.ruleIndex, binding: bindingSlots.map { $0.map { slots[$0] } ?? -1 }))
                }
            }
            firstRound = false
            for relation in members { low[relation] = high[relation] }
            var derivedAny = false
            for item in pending {
                let (_, inserted) = relations[item.relation].insert(item.tuple)
                guard inserted else { continue }
                derivedAny = true
                logs[item.relation].rule.append(Int32(item.rule))
                logs[item.relation].round.append(stratumRound)
                derivedCount += 1
                logs[item.relation].sequence.append(derivedCount)
                logs[item.relation].offset.append(Int32(logs[item.relation].bindings.count))
                logs[item.relation].bindings += item.binding
            }
            for relation in members { high[relation] = relations[relation].count }
            if !derivedAny { break }
        }
    }

    private func range(_ relation: Int, _ kind: RowRange) -> Range<Int> {
        guard relation < high.count else { return 0..<relations[relation].count }
        switch kind {
        case .all: return 0..<high[relation]
        case .delta: return low[relation]..<high[relation]
        case .old: return 0..<low[relation]
        }
    }

    /// Runs the steps from `index` on, calling `emit` for every complete binding.
    func run(_ steps: [Step], from index: Int, slots: inout [Int32], emit: (inout [Int32]) -> Void) {
        guard index < steps.count else {
            emit(&slots)
            return
        }
        switch steps[index] {
        case let .scan(relation, arguments, mask, rangeKind):
            let set = relations[relation]
            var key = [Int32](repeating: 0, count: set.arity)
            for (column, argument) in arguments.enumerated() {
                guard case let .key(expression) = argument else { continue }
                guard let value = evaluate(expression, slots: &slots) else { return }
                key[column] = value
            }
            let rows = range(relation, rangeKind)
            set.forEachRow(mask: mask, key: key, in: rows) { row in
                for (column, argument) in arguments.enumerated() {
                    switch argument {
                    case let .bind(slot): slots[slot] = set.value(row: row, column: column)
                    case let .sameAs(slot): if slots[slot] != set.value(row: row, column: column) { return }
                    case .key, .ignore: break
                    }
                }
                run(steps, from: index + 1, slots: &slots, emit: emit)
            }
        case let .absent(relation, arguments, mask):
            let set = relations[relation]
            var key = [Int32](repeating: 0, count: set.arity)
            for (column, argument) in arguments.enumerated() {
                guard let argument else { continue }
                guard let value = evaluate(argument, slots: &slots) else { return }
                key[column] = value
            }
            var found = false
            set.forEachRow(mask: mask, key: key, in: 0..<set.count) { _ in found = true }
            if !found { run(steps, from: index + 1, slots: &slots, emit: emit) }
        case let .compare(op, lhs, rhs):
            guard let left = evaluate(lhs, slots: &slots), let right = evaluate(rhs, slots: &slots) else { return }
            if left == right ? (op == .equal || op == .lessOrEqual || op == .greaterOrEqual) : Arithmetic.compare(op, values[left], values[right]) {
                run(steps, from: index + 1, slots: &slots, emit: emit)
            }
        case let .assign(slot, expression):
            guard let value = evaluate(expression, slots: &slots) else { return }
            slots[slot] = value
            run(steps, from: index + 1, slots: &slots, emit: emit)
        }
    }

    func evaluate(_ expression: Expression, slots: inout [Int32]) -> Int32? {
        switch expression {
        case let .slot(slot): return slots[slot]
        case let .constant(id): return id
        case let .arithmetic(op, lhs, rhs):
            guard let left = evaluate(lhs, slots: &slots), let right = evaluate(rhs, slots: &slots),
                  let result = Arithmetic.apply(op, values[left], values[right]) else { return nil }
            return values.intern(result)
        case let .minus(operand):
            guard let value = evaluate(operand, slots: &slots), let result = Arithmetic.negate(values[value]) else { return nil }
            return values.intern(result)
        case let .aggregate(plan):
            return aggregate(plan, slots: &slots)
        }
    }

    /// Soufflé's aggregate semantics: every solution of the body counts (relations are sets, so solutions are distinct);
    /// `count` and `sum` of nothing are 0, `min` and `max` of nothing have no value.
    private func aggregate(_ plan: AggregatePlan, slots: inout [Int32]) -> Int32? {
        var count: Int64 = 0
        var total: Value = .number(0)
        var best: Value?
        let saved = plan.localSlots.map { slots[$0] }
        run(plan.steps, from: 0, slots: &slots) { slots in
            count += 1
            guard let target = plan.target, let id = evaluate(target, slots: &slots) else { return }
            let value = values[id]
            switch plan.function {
            case .sum: total = Arithmetic.apply(.add, total, value) ?? total
            case .min: if best == nil || value < best! { best = value }
            case .max: if best == nil || best! < value { best = value }
            case .count: break
            }
        }
        for (slot, value) in zip(plan.localSlots, saved) { slots[slot] = value }
        switch plan.function {
        case .count: return values.intern(.number(count))
        case .sum: return values.intern(total)
        case .min, .max: return best.map { values.intern($0) }
        }
    }
}
