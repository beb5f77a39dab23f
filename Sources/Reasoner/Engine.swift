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
    /// Per row: the round of its stratum's evaluation that derived it (0 for stored facts), at most 65,535. Each
    /// round's new tuples rest on the previous round's, so a proof has at least that many steps: answers beyond the
    /// proof budget are recognised without building anything. Past 65,535 it is still a lower bound, and building the
    /// proof stops at the budget itself.
    var round: [UInt16] = []
    /// Per row: when it was added, counted over all relations. A tuple's shortest proof uses only earlier tuples,
    /// so an alternative proof whose premises are all earlier than its conclusion cannot be circular.
    var sequence: [Int32] = []
}

extension DerivationLog {
    /// Bytes its arrays hold, counted by capacity (what is allocated, not only what is used).
    var memoryFootprint: Int {
        (rule.capacity + offset.capacity + bindings.capacity + factLines.capacity + sequence.capacity) * MemoryLayout<Int32>.stride
            + round.capacity * MemoryLayout<UInt16>.stride + factBatches.capacity * MemoryLayout<Int64>.stride
    }

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
    /// The variables each rule's recorded binding lists, in order: the rule's variables outside aggregates, except
    /// those that are whole head arguments, which the derived tuple itself holds.
    let ruleVariables: [[String]]
    private(set) var rounds = 0
    private var derivedCount: Int32 = 0
    var budget = EvaluationBudget()
    /// Rules whose bodies could not be ordered; they derived nothing, so the evaluation is incomplete.
    private(set) var unorderableRules: [Int] = []
    private var deadline: ContinuousClock.Instant?
    /// Why evaluation stopped before its fixpoint; nil when it reached it.
    private(set) var exceededBudget: String? {
        didSet { isStopping.pointee = exceededBudget != nil }
    }
    /// While set, every scan returns at its next row. Cleared once evaluation has stopped, so that the query can
    /// still be run over what was derived. Read through a pointer because every row reads it: a class's stored `var`
    /// would be read with a dynamic exclusivity check each time.
    private let isStopping = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
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
        isStopping.initialize(to: false)
        self.ruleVariables = rules.map { rule in
            let inTuple = Set(Self.headVariables(of: rule).compactMap { $0 })
            var names: [String] = []
            for name in rule.head.variables + rule.body.flatMap(\.variables) where !names.contains(name) && !inTuple.contains(name) { names.append(name) }
            return names
        }
    }

    /// Per head argument, the variable it is when it is a plain variable.
    static func headVariables(of rule: Rule) -> [String?] {
        rule.head.arguments.map { argument in
            if case let .variable(name) = argument { name } else { nil }
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

    /// The tuples held over all relations, and the bytes their rows, indexes and derivation records take: what
    /// an evaluation costs in memory, interned values aside (they are shared by every tuple that uses them).
    var footprint: (tuples: Int, bytes: Int) {
        (relations.reduce(0) { $0 + $1.count }, relations.reduce(0) { $0 + $1.memoryFootprint } + logs.reduce(0) { $0 + $1.memoryFootprint })
    }

    // MARK: Evaluation

    /// Evaluates every stratum in dependency order until nothing new is derived, or until the budget is spent.
    func evaluate() {
        deadline = budget.timeLimit.map { ContinuousClock.now + $0 }
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
        unorderableRules = compiler.unorderableRules
        for plan in plans.flatMap({ $0 }) { prepareIndexes(plan.steps) }
        for (component, componentPlans) in zip(components, plans) where !componentPlans.isEmpty && exceededBudget == nil {
            evaluate(members: component.compactMap { relationIndex[$0] }, plans: componentPlans)
        }
        isStopping.pointee = false
    }

    deinit {
        isStopping.deallocate()
    }

    /// Records why evaluation must stop, if the tuples held plus `pending` derivations not yet inserted (taking
    /// `pendingBytes`) exceed the budget, or its time is up.
    private func checkBudget(pending: Int, pendingBytes: Int) {
        let held = relations.reduce(0) { $0 + $1.count }
        if held + pending > budget.maximumTuples {
            exceededBudget = "more than \(budget.maximumTuples) tuples"
        } else if let deadline, let limit = budget.timeLimit, ContinuousClock.now > deadline {
            exceededBudget = "evaluation ran past its time limit of \(limit)"
        } else if footprint.bytes + pendingBytes > budget.maximumBytes {
            exceededBudget = "more than \(budget.maximumBytes / (1 << 20)) MiB of tuples and derivations"
        }
    }

    private func prepareIndexes(_ steps: [Step]) {
        for step in steps {
            switch step {
            case let .scan(scan):
                relations[scan.relation].ensureIndex(mask: scan.mask)
                for (_, expression) in scan.keys { prepareIndexes(in: expression) }
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

    private var low: [Int] = []
    private var high: [Int] = []

    private func evaluate(members: [Int], plans: [RulePlan]) {
        low = relations.map { _ in 0 }
        high = relations.map(\.count)
        for relation in relations.indices where !members.contains(relation) { low[relation] = high[relation] }
        let usesDelta = plans.map { plan in plan.steps.contains { if case let .scan(scan) = $0 { scan.range == .delta } else { false } } }
        let bindingSlots = plans.map { plan in ruleVariables[plan.ruleIndex].map { plan.slotNames[$0] ?? -1 } }
        var slotBuffers = plans.map { [Int32](repeating: -1, count: max($0.slotCount, 1)) }
        var firstRound = true
        var stratumRound: Int32 = 0
        while true {
            rounds += 1
            stratumRound += 1
            // Each plan's derivations this round, flat: the head tuple, then the rule's variable binding.
            var pending: [(records: [Int32], count: Int)] = []
            var pendingCount = 0
            var pendingBytes = 0
            for (number, plan) in plans.enumerated() {
                var derived: [Int32] = []
                var count = 0
                // The budget is checked every 4,096 derivations too, so that one round cannot run away either.
                if usesDelta[number] || firstRound {
                    let bindingSlots = bindingSlots[number]
                    if let headSlots = plan.headSlots {
                        (headSlots + bindingSlots).withUnsafeBufferPointer { recordSlots in
                            run(plan.steps, from: 0, slots: &slotBuffers[number]) { slots in
                                for slot in recordSlots { derived.append(slot < 0 ? -1 : slots[slot]) }
                                count += 1
                                if count & 0xFFF == 0 { checkBudget(pending: pendingCount + count, pendingBytes: pendingBytes + derived.capacity * 4) }
                            }
                        }
                    } else {
                        run(plan.steps, from: 0, slots: &slotBuffers[number]) { slots in
                            let start = derived.count
                            for argument in plan.headArguments {
                                guard let value = evaluate(argument, slots: &slots) else {
                                    derived.removeSubrange(start...)
                                    return
                                }
                                derived.append(value)
                            }
                            for slot in bindingSlots { derived.append(slot < 0 ? -1 : slots[slot]) }
                            count += 1
                            if count & 0xFFF == 0 { checkBudget(pending: pendingCount + count, pendingBytes: pendingBytes + derived.capacity * 4) }
                        }
                    }
                }
                pending.append((derived, count))
                pendingCount += count
                pendingBytes += derived.capacity * 4
            }
            checkBudget(pending: pendingCount, pendingBytes: pendingBytes)
            // A round cut short may hold an aggregate over part of its rows, so none of it is kept.
            if exceededBudget != nil { break }
            firstRound = false
            for relation in members { low[relation] = high[relation] }
            var derivedAny = false
            for (number, plan) in plans.enumerated() where pending[number].count > 0 {
                let arity = plan.headArguments.count
                let stride = arity + bindingSlots[number].count
                let count = pending[number].count
                // A record of a 0-ary head with no variables is empty: one zero, so the buffer has an address.
                if pending[number].records.isEmpty { pending[number].records = [0] }
                pending[number].records.withUnsafeBufferPointer { buffer in
                    for position in 0..<count {
                        let record = buffer.baseAddress! + position * stride
                        guard relations[plan.head].insert(record).inserted else { continue }
                        derivedAny = true
                        derivedCount += 1
                        logs[plan.head].rule.append(Int32(plan.ruleIndex))
                        logs[plan.head].round.append(UInt16(clamping: stratumRound))
                        logs[plan.head].sequence.append(derivedCount)
                        logs[plan.head].offset.append(Int32(logs[plan.head].bindings.count))
                        logs[plan.head].bindings.append(contentsOf: UnsafeBufferPointer(start: record + arity, count: stride - arity))
                    }
                }
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
        case let .scan(scan):
            let isLast = index + 1 == steps.count
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(relations[scan.relation].arity, 1)) { key in
                for (column, expression) in scan.keys {
                    guard let value = evaluate(expression, slots: &slots) else { return }
                    key[column] = value
                }
                // Buffer pointers, because iterating the arrays themselves retains them once per row.
                scan.binds.withUnsafeBufferPointer { binds in
                    scan.repeats.withUnsafeBufferPointer { repeats in
                        relations[scan.relation].forEachRow(mask: scan.mask, key: key.baseAddress!, in: range(scan.relation, scan.range)) { _, row in
                            if isStopping.pointee { return }
                            for (column, slot) in binds { slots[slot] = row[column] }
                            for (column, slot) in repeats where slots[slot] != row[column] { return }
                            if isLast { emit(&slots) } else { run(steps, from: index + 1, slots: &slots, emit: emit) }
                        }
                    }
                }
            }
        case let .absent(relation, arguments, mask):
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(relations[relation].arity, 1)) { key in
                for (column, argument) in arguments.enumerated() {
                    guard let argument else { continue }
                    guard let value = evaluate(argument, slots: &slots) else { return }
                    key[column] = value
                }
                var found = false
                relations[relation].forEachRow(mask: mask, key: key.baseAddress!, in: 0..<relations[relation].count) { _, _ in found = true }
                if !found { run(steps, from: index + 1, slots: &slots, emit: emit) }
            }
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
