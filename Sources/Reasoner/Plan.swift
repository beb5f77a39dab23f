import Syntax

/// An expression over variable slots, compiled from a `Term`.
indirect enum Expression {
    case slot(Int)
    case constant(Int32)
    case arithmetic(ArithmeticOperator, Expression, Expression)
    case minus(Expression)
    case aggregate(AggregatePlan)
}

/// One positive atom read through an index: what each column does, split by role so the per-row loop reads plain
/// integers.
struct Scan {
    var relation: Int
    /// The columns in `keys`, as a bit mask: the index the scan looks up.
    var mask: Int
    var range: RowRange
    /// Columns whose value is known before the scan, and how to compute it.
    var keys: [(column: Int, value: Expression)] = []
    /// Columns that bind a variable seen for the first time.
    var binds: [(column: Int, slot: Int)] = []
    /// Columns that must equal a variable bound earlier in the same atom (`r(x, x)`).
    var repeats: [(column: Int, slot: Int)] = []
}

/// Which rows of a relation a scan reads during semi-naive evaluation.
enum RowRange {
    case all, delta, old
}

enum Step {
    case scan(Scan)
    /// Negation as failure; nil arguments are wildcards.
    case absent(relation: Int, arguments: [Expression?], mask: Int)
    case compare(ComparisonOperator, Expression, Expression)
    case assign(slot: Int, Expression)
}

struct AggregatePlan {
    var function: AggregateFunction
    var target: Expression?
    var steps: [Step]
    /// The slots the body binds: the distinct solutions are counted over these (its local variables).
    var localSlots: [Int]
}

/// A rule compiled for one semi-naive variant: body steps in execution order, head as expressions over slots.
struct RulePlan {
    var ruleIndex: Int
    var head: Int
    var headArguments: [Expression]
    var steps: [Step]
    var slotCount: Int
    var slotNames: [String: Int]

    /// The head's slots when every head argument is a plain variable, the common case copied without evaluating.
    var headSlots: [Int]? {
        var result: [Int] = []
        for argument in headArguments {
            guard case let .slot(slot) = argument else { return nil }
            result.append(slot)
        }
        return result
    }
}

/// Turns rules into plans: orders literals so each is evaluated once its variables are bound, uses indexes for
/// bound columns, and produces one variant per recursive body atom for semi-naive evaluation.
struct PlanCompiler {
    let relationIndex: [RelationName: Int]
    var values: ValueStore
    /// The rules (by index) whose bodies could not be ordered so that every variable is bound before it is read.
    private(set) var unorderableRules: [Int] = []
    /// Set by `order` when a body it was given cannot be ordered.
    var unordered = false

    private struct Context {
        var slots: [String: Int] = [:]
        var slotCount = 0
        var bound = Set<String>()
        /// Variables of the clause outside any aggregate: inside an aggregate these are its outer (bound) variables.
        var outerNames = Set<String>()

        mutating func slot(for name: String) -> Int {
            if let slot = slots[name] { return slot }
            slots[name] = slotCount
            slotCount += 1
            return slotCount - 1
        }
    }

    /// Variants of a rule: one with every atom over all rows when no body atom is recursive; otherwise one per
    /// recursive atom, which reads the delta of that atom, the old rows of recursive atoms before it and all rows after.
    mutating func variants(of rule: Rule, index: Int, recursive: Set<Int>) -> [RulePlan] {
        let positions = rule.body.indices.filter { position in
            if case let .positive(atom) = rule.body[position], let relation = relationIndex[atom.relation] { return recursive.contains(relation) }
            return false
        }
        if positions.isEmpty {
            return [plan(rule, index: index, ranges: [:], first: nil)]
        }
        return positions.map { deltaPosition in
            var ranges: [Int: RowRange] = [:]
            for position in positions {
                ranges[position] = position < deltaPosition ? .old : (position == deltaPosition ? .delta : .all)
            }
            return plan(rule, index: index, ranges: ranges, first: deltaPosition)
        }
    }

    mutating func plan(_ rule: Rule, index: Int, ranges: [Int: RowRange], first: Int?) -> RulePlan {
        var context = Context()
        context.outerNames = Set(rule.head.variables + rule.body.flatMap(\.variables))
        unordered = false
        let steps = order(rule.body, ranges: ranges, first: first, context: &context)
        if unordered, !unorderableRules.contains(index) { unorderableRules.append(index) }
        let head = rule.head.arguments.map { compile($0, context: &context) }
        return RulePlan(ruleIndex: index, head: relationIndex[rule.head.relation]!, headArguments: head, steps: steps, slotCount: context.slotCount, slotNames: context.slots)
    }

    /// A plan for a query body: the same machinery as a rule, with the answer variables' slots reported back.
    mutating func plan(query literals: [Literal]) -> (steps: [Step], slots: [String: Int], slotCount: Int) {
        var context = Context()
        context.outerNames = Set(literals.flatMap(\.variables))
        let steps = order(literals, ranges: [:], first: nil, context: &context)
        return (steps, context.slots, context.slotCount)
    }

    /// Greedy ordering: the delta atom first, then repeatedly every filter whose variables are bound, then the
    /// positive atom with the most bound arguments (ties keep the written order).
    private mutating func order(_ body: [Literal], ranges: [Int: RowRange], first: Int?, context: inout Context) -> [Step] {
        var remaining = Array(body.indices)
        var steps: [Step] = []

        func emitReadyFilters() {
            var progress = true
            while progress {
                progress = false
                for position in remaining {
                    let literal = body[position]
                    switch literal {
                    case .positive:
                        continue
                    case let .negative(atom):
                        guard atom.variables.allSatisfy(context.bound.contains) else { continue }
                        var mask = 0
                        var arguments: [Expression?] = []
                        for (column, argument) in atom.arguments.enumerated() {
                            if case .wildcard = argument {
                                arguments.append(nil)
                            } else {
                                arguments.append(compile(argument, context: &context))
                                mask |= 1 << column
                            }
                        }
                        steps.append(.absent(relation: relationIndex[atom.relation]!, arguments: arguments, mask: mask))
                    case .comparison(let comparison):
                        let needed = literal.variables + literal.aggregates.flatMap { aggregate in
                            aggregate.body.flatMap(\.variables).filter(context.outerNames.contains)
                        }
                        let unbound = needed.filter { !context.bound.contains($0) }
                        if unbound.isEmpty {
                            steps.append(.compare(comparison.op, compile(comparison.lhs, context: &context), compile(comparison.rhs, context: &context)))
                        } else if comparison.op == .equal, unbound.count == 1 {
                            let assignment: (String, Term)?
                            if case let .variable(name) = comparison.lhs, name == unbound[0], !comparison.rhs.variables.contains(name) {
                                assignment = (name, comparison.rhs)
                            } else if case let .variable(name) = comparison.rhs, name == unbound[0], !comparison.lhs.variables.contains(name) {
                                assignment = (name, comparison.lhs)
                            } else {
                                assignment = nil
                            }
                            guard let (name, term) = assignment else { continue }
                            let expression = compile(term, context: &context)
                            steps.append(.assign(slot: context.slot(for: name), expression))
                            context.bound.insert(name)
                        } else {
                            continue
                        }
                    }
                    remaining.removeAll { $0 == position }
                    progress = true
                    break
                }
            }
        }

        // An atom can be scanned once the variables inside its expression arguments (such as `i - 1`) are bound.
        func isScannable(_ position: Int) -> Bool {
            body[position].atom!.arguments.allSatisfy { argument in
                if case .variable = argument { return true }
                return argument.variables.allSatisfy(context.bound.contains)
            }
        }
        if let first, isScannable(first) {
            steps.append(scan(body[first].atom!, range: ranges[first] ?? .all, context: &context))
            remaining.removeAll { $0 == first }
        }
        emitReadyFilters()
        while let next = remaining.filter({ body[$0].isPositive && isScannable($0) }).max(by: { lhs, rhs in
            let (left, right) = (boundCount(body[lhs].atom!, context.bound), boundCount(body[rhs].atom!, context.bound))
            return left < right || (left == right && lhs > rhs)
        }) {
            steps.append(scan(body[next].atom!, range: ranges[next] ?? .all, context: &context))
            remaining.removeAll { $0 == next }
            emitReadyFilters()
        }
        if !remaining.isEmpty {
            // Validation makes every rule of a program orderable; a body that is not (a rewriting that left a
            // variable unbound) derives nothing, and the caller is told so rather than given a partial answer.
            unordered = true
            steps.append(.compare(.equal, .constant(values.intern(.number(0))), .constant(values.intern(.number(1)))))
        }
        return steps
    }

    private func boundCount(_ atom: Atom, _ bound: Set<String>) -> Int {
        atom.arguments.filter { argument in
            if case .wildcard = argument { return false }
            return argument.variables.allSatisfy(bound.contains)
        }.count
    }

    private mutating func scan(_ atom: Atom, range: RowRange, context: inout Context) -> Step {
        var scan = Scan(relation: relationIndex[atom.relation]!, mask: 0, range: range)
        var bindingHere = Set<String>()
        for (column, argument) in atom.arguments.enumerated() {
            switch argument {
            case .wildcard:
                continue
            case let .variable(name) where !context.bound.contains(name):
                if bindingHere.contains(name) {
                    scan.repeats.append((column, context.slot(for: name)))
                } else {
                    bindingHere.insert(name)
                    scan.binds.append((column, context.slot(for: name)))
                }
            default:
                scan.keys.append((column, compile(argument, context: &context)))
                scan.mask |= 1 << column
            }
        }
        context.bound.formUnion(bindingHere)
        return .scan(scan)
    }

    private mutating func compile(_ term: Term, context: inout Context) -> Expression {
        switch term {
        case let .variable(name): return .slot(context.slot(for: name))
        case .wildcard: return .constant(-1)
        case let .constant(value): return .constant(values.intern(value))
        case let .arithmetic(op, lhs, rhs): return .arithmetic(op, compile(lhs, context: &context), compile(rhs, context: &context))
        case let .minus(operand): return .minus(compile(operand, context: &context))
        case let .aggregate(aggregate):
            // The aggregate's body sees the clause's bound variables; its own variables stay local to it.
            let outerBound = context.bound
            let steps = order(aggregate.body, ranges: [:], first: nil, context: &context)
            var local: [Int] = []
            for literal in aggregate.body {
                for name in literal.variables where !outerBound.contains(name) {
                    let slot = context.slot(for: name)
                    if !local.contains(slot) { local.append(slot) }
                }
            }
            let target = aggregate.target.map { compile($0, context: &context) }
            context.bound = outerBound
            return .aggregate(AggregatePlan(function: aggregate.function, target: target, steps: steps, localSlots: local))
        }
    }
}

extension Literal {
    var isPositive: Bool {
        if case .positive = self { return true }
        return false
    }
}
