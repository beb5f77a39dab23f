import Syntax
import Z3Kit

/// A rule that can never fire is either a mistake or dead code. Three reasons are found: a positive body atom of a
/// relation that can never hold (no facts, no input, and no rule of it can fire, to a fixpoint); comparisons in the
/// body that contradict each other (`x > 5, x < 3`), decided by Z3 over the reals; and a body that contains an
/// integrity constraint's (θ-subsumption), so that it holds only in knowledge the constraint declares inconsistent. Both are sound: a rule
/// reported dead cannot fire on any facts the rule set allows, because relations with an `.input` are assumed to
/// hold, and comparisons that Z3 cannot encode (division, symbols ordered) are left out, never guessed. A rule set
/// that states no facts and reads no input is a library whose facts are stored elsewhere: there every relation no
/// rule derives is assumed to hold.
enum DeadRules {
    static let id = "dead-rule"

    static func findings(in program: Program) -> [Diagnostic] {
        let contradictions = program.rules.indices.compactMap { index in contradiction(in: program.rules[index].body).map { (index, $0) } }
        let contradicted = Dictionary(uniqueKeysWithValues: contradictions)
        let canHold = relationsThatCanHold(in: program, excluding: Set(contradicted.keys))
        var findings: [Diagnostic] = []
        for (index, rule) in program.rules.enumerated() {
            if let comparisons = contradicted[index] {
                findings.append(.warning(id, "rule for '\(rule.name)' can never fire: its conditions \(comparisons.map { "'\($0.text())'" }.joined(separator: ", ")) contradict each other",
                                         at: rule.location, notes: comparisons.map { Diagnostic.Note("this condition", at: $0.location) }))
            } else if let constraint = program.constraints.first(where: { RedundantRules.implies(rule.body, $0.body) }) {
                findings.append(.warning(id, "rule for '\(rule.name)' can fire only when the integrity constraint at line \(constraint.location.line) is violated",
                                         at: rule.location, notes: [Diagnostic.Note("the constraint \(constraint.sourceText)", at: constraint.location)]))
            } else if let empty = positiveAtoms(rule.body).first(where: { !canHold.contains($0.relation) }) {
                let why = program.rules.contains { $0.head.relation == empty.relation }
                    ? "none of the rules for '\(empty.relation)' can fire" : "'\(empty.relation)' has no facts, no input and no rules"
                findings.append(.warning(id, "rule for '\(rule.name)' can never fire: it needs '\(empty.relation)', and \(why)",
                                         at: rule.location, notes: [Diagnostic.Note("needed here", at: empty.location)]))
            }
        }
        return findings
    }

    /// Relations that can hold: stated, read from input, or derived by a rule whose positive body can hold.
    static func relationsThatCanHold(in program: Program, excluding deadRules: Set<Int>) -> Set<RelationName> {
        var canHold = Set(program.facts.map(\.relation))
        for input in program.inputs { canHold.insert(RelationName(input.relation)) }
        if canHold.isEmpty {
            let derived = Set(program.rules.map(\.head.relation))
            for declaration in program.relations {
                for relation in [RelationName(declaration.name), RelationName(declaration.name, classicallyNegated: true)] where !derived.contains(relation) {
                    canHold.insert(relation)
                }
            }
        }
        var changed = true
        while changed {
            changed = false
            for (index, rule) in program.rules.enumerated() where !deadRules.contains(index) && !canHold.contains(rule.head.relation) {
                if positiveAtoms(rule.body).allSatisfy({ canHold.contains($0.relation) }) {
                    canHold.insert(rule.head.relation)
                    changed = true
                }
            }
        }
        return canHold
    }

    static func positiveAtoms(_ body: [Literal]) -> [Atom] {
        body.compactMap { if case let .positive(atom) = $0 { atom } else { nil } }
    }

    /// The body's comparisons when Z3 shows they cannot all hold together, the fewest it needed (its unsat core).
    static func contradiction(in body: [Literal]) -> [Comparison]? {
        let comparisons = body.compactMap { if case let .comparison(comparison) = $0 { comparison } else { nil } }
        guard comparisons.count > 1 else { return nil }
        do {
            let context = try Z3Context(timeout: .seconds(5))
            let solver = try context.makeSolver()
            var encoding = ComparisonEncoding(context: context)
            var assumptions: [(Z3Term, Comparison)] = []
            for (position, comparison) in comparisons.enumerated() {
                guard let term = try encoding.encode(comparison) else { continue }
                let marker = try context.boolConstant("condition\(position)")
                try solver.assert(context.implies(marker, term))
                assumptions.append((marker, comparison))
            }
            guard try solver.check(assuming: assumptions.map(\.0)) == .unsatisfiable else { return nil }
            let core = Set(try solver.unsatCore().map(\.description))
            return assumptions.filter { core.contains($0.0.description) }.map(\.1)
        } catch {
            return nil
        }
    }
}

/// Comparisons as Z3 terms over the reals: variables become real constants, numbers real literals, and each
/// symbol a distinct integer-valued real, so equality and inequality of symbols keep their meaning. What cannot be
/// encoded faithfully (division, remainder, aggregates, symbols ordered by < or >) is nil, and left out.
struct ComparisonEncoding {
    let context: Z3Context
    var symbols: [String: Int] = [:]

    mutating func encode(_ comparison: Comparison) throws -> Z3Term? {
        let ordersSymbols = comparison.op != .equal && comparison.op != .notEqual && (mentionsSymbol(comparison.lhs) || mentionsSymbol(comparison.rhs))
        guard !ordersSymbols, let lhs = try encode(comparison.lhs), let rhs = try encode(comparison.rhs) else { return nil }
        switch comparison.op {
        case .equal: return try context.equal(lhs, rhs)
        case .notEqual: return try context.not(context.equal(lhs, rhs))
        case .less: return try context.lessThan(lhs, rhs)
        case .lessOrEqual: return try context.lessOrEqual(lhs, rhs)
        case .greater: return try context.greaterThan(lhs, rhs)
        case .greaterOrEqual: return try context.greaterOrEqual(lhs, rhs)
        }
    }

    private func mentionsSymbol(_ term: Term) -> Bool {
        switch term {
        case .constant(.symbol): true
        case let .arithmetic(_, lhs, rhs): mentionsSymbol(lhs) || mentionsSymbol(rhs)
        case let .minus(operand): mentionsSymbol(operand)
        default: false
        }
    }

    private mutating func encode(_ term: Term) throws -> Z3Term? {
        switch term {
        case let .variable(name): return try context.realConstant("v_" + name)
        case .wildcard, .aggregate: return nil
        case let .constant(.number(number)): return try context.real(Double(number))
        case let .constant(.float(number)): return try context.real(number)
        case let .constant(.symbol(text)):
            let code = symbols[text] ?? -1 - symbols.count
            symbols[text] = code
            return try context.real(Double(code))
        case let .minus(operand): return try encode(operand).map { try context.negate($0) }
        case let .arithmetic(op, lhs, rhs):
            guard let left = try encode(lhs), let right = try encode(rhs) else { return nil }
            switch op {
            case .add: return try context.add(left, right)
            case .subtract: return try context.subtract(left, right)
            case .multiply: return try context.multiply(left, right)
            case .divide, .remainder: return nil
            }
        }
    }
}
