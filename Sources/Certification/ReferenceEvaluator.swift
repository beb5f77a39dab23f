import Syntax

/// A deliberately simple, separate evaluator: naive stratified fixpoint with nested-loop joins over `Value` tuples.
/// The proof checker uses it to confirm "not derivable" premises and aggregate values without trusting the reasoner.
/// It computes only the relations asked for and what they depend on, within a budget of tuples.
final class ReferenceEvaluator {
    struct BudgetExceeded: Error {
        var relation: RelationName
    }

    let program: Program
    let storedFacts: (RelationName) -> Set<[Value]>
    let budget: Int
    private(set) var extensions: [RelationName: Set<[Value]>] = [:]
    /// Tuples matched against atoms so far: naive evaluation can do quadratic work, so the budget bounds work as
    /// well as size. Once it is spent, every later result is incomplete and `isExhausted` says so.
    private var work = 0
    private(set) var isExhausted = false

    init(program: Program, budget: Int, storedFacts: @escaping (RelationName) -> Set<[Value]>) {
        self.program = program
        self.budget = budget
        self.storedFacts = storedFacts
    }

    func extensionOf(_ relation: RelationName) throws(BudgetExceeded) -> Set<[Value]> {
        if let known = extensions[relation] { return known }
        var cone = Set<RelationName>()
        var queue = [relation]
        while let next = queue.popLast() {
            guard cone.insert(next).inserted else { continue }
            for rule in program.rules where rule.head.relation == next {
                for (atom, _) in DependencyGraph.bodyAtoms(rule.body, underNegation: false) { queue.append(atom.relation) }
            }
        }
        let rules = program.rules.filter { cone.contains($0.head.relation) }
        let graph = DependencyGraph(rules: rules, extraPredicates: Array(cone))
        var total = 0
        for component in graph.components() {
            let pending = component.filter { extensions[$0] == nil }
            guard !pending.isEmpty else { continue }
            for name in pending {
                extensions[name] = storedFacts(name)
                total += extensions[name]!.count
            }
            let componentRules = rules.filter { pending.contains($0.head.relation) }
            var changed = !componentRules.isEmpty
            while changed {
                changed = false
                for rule in componentRules {
                    let found = solutions(rule.body, [:])
                    if isExhausted { throw BudgetExceeded(relation: rule.head.relation) }
                    for substitution in found {
                        guard let tuple = instantiate(rule.head.arguments, substitution) else { continue }
                        if extensions[rule.head.relation]!.insert(tuple).inserted {
                            changed = true
                            total += 1
                            if total > budget { throw BudgetExceeded(relation: rule.head.relation) }
                        }
                    }
                }
            }
        }
        return extensions[relation] ?? []
    }

    func instantiate(_ terms: [Term], _ substitution: [String: Value]) -> [Value]? {
        var result: [Value] = []
        for term in terms {
            guard let value = value(of: term, substitution) else { return nil }
            result.append(value)
        }
        return result
    }

    /// Every substitution extending `substitution` that satisfies the body, literal by literal in written order
    /// (deferring literals whose variables are not yet bound). An atom waits for the variables of its expression
    /// arguments (`r(x+1, y)`), and an aggregate for the variables it shares with the rest of the body, which group
    /// it wherever they are written, as in Soufflé.
    func solutions(_ body: [Literal], _ substitution: [String: Value]) -> [[String: Value]] {
        guard !body.isEmpty else { return [substitution] }
        let index = body.indices.first { position in
            let literal = body[position]
            switch literal {
            case let .positive(atom):
                return atom.arguments.allSatisfy { argument in
                    if case .variable = argument { return true }
                    return argument.variables.allSatisfy { substitution[$0] != nil }
                }
            case .negative: return literal.variables.allSatisfy { substitution[$0] != nil }
            case let .comparison(comparison):
                let aggregates = literal.aggregates
                if !aggregates.isEmpty {
                    let elsewhere = Set(body.indices.filter { $0 != position }.flatMap { body[$0].variables })
                    let grouping = aggregates.flatMap { $0.body.flatMap(\.variables) }.filter(elsewhere.contains)
                    guard grouping.allSatisfy({ substitution[$0] != nil }) else { return false }
                }
                let unbound = literal.variables.filter { substitution[$0] == nil }
                if unbound.isEmpty { return true }
                if comparison.op == .equal, unbound.count == 1 {
                    if case .variable(unbound[0]) = comparison.lhs { return true }
                    if case .variable(unbound[0]) = comparison.rhs { return true }
                }
                return false
            }
        } ?? 0
        var rest = body
        let literal = rest.remove(at: index)
        switch literal {
        case let .positive(atom):
            var results: [[String: Value]] = []
            for tuple in extensions[atom.relation] ?? [] {
                work += 1
                if work > budget { isExhausted = true }
                if isExhausted { return [] }
                if let extended = match(atom.arguments, tuple, substitution) { results += solutions(rest, extended) }
            }
            return results
        case let .negative(atom):
            let present = (extensions[atom.relation] ?? []).contains { match(atom.arguments, $0, substitution) != nil }
            return present ? [] : solutions(rest, substitution)
        case let .comparison(comparison):
            if let left = value(of: comparison.lhs, substitution), let right = value(of: comparison.rhs, substitution) {
                return Arithmetic.compare(comparison.op, left, right) ? solutions(rest, substitution) : []
            }
            var extended = substitution
            if case let .variable(name) = comparison.lhs, substitution[name] == nil, let right = value(of: comparison.rhs, substitution) {
                extended[name] = right
            } else if case let .variable(name) = comparison.rhs, substitution[name] == nil, let left = value(of: comparison.lhs, substitution) {
                extended[name] = left
            } else {
                return []
            }
            return solutions(rest, extended)
        }
    }

    private func match(_ arguments: [Term], _ tuple: [Value], _ substitution: [String: Value]) -> [String: Value]? {
        var extended = substitution
        for (argument, value) in zip(arguments, tuple) {
            switch argument {
            case .wildcard: continue
            case let .variable(name):
                if let bound = extended[name] {
                    if bound != value { return nil }
                } else {
                    extended[name] = value
                }
            default:
                guard let expected = self.value(of: argument, extended), Arithmetic.compare(.equal, expected, value) else { return nil }
            }
        }
        return extended
    }

    func value(of term: Term, _ substitution: [String: Value]) -> Value? {
        switch term {
        case .variable, .wildcard, .constant:
            return term.value(under: substitution)
        case let .arithmetic(op, lhs, rhs):
            guard let left = value(of: lhs, substitution), let right = value(of: rhs, substitution) else { return nil }
            return Arithmetic.apply(op, left, right)
        case let .minus(operand):
            return value(of: operand, substitution).flatMap(Arithmetic.negate)
        case let .aggregate(aggregate):
            let solutions = solutions(aggregate.body, substitution)
            switch aggregate.function {
            case .count:
                return .number(Int64(solutions.count))
            case .sum:
                return solutions.reduce(Value.number(0)) { total, solution in
                    aggregate.target.flatMap { value(of: $0, solution) }.flatMap { Arithmetic.apply(.add, total, $0) } ?? total
                }
            case .min:
                return solutions.compactMap { solution in aggregate.target.flatMap { value(of: $0, solution) } }.min()
            case .max:
                return solutions.compactMap { solution in aggregate.target.flatMap { value(of: $0, solution) } }.max()
            }
        }
    }
}
