import Reasoner
import Syntax

/// English for the body literals proofs and explanations carry as rule syntax: `15 < 18`, `not minor("Ann")`,
/// `"Carlos" != "Sofia"`, `3 = count : { parent("Ann", _) }`. The text is parsed back with the dialect's own parser,
/// which reads exactly what the reasoner wrote, so nothing is guessed from the spelling.
extension Phrasebook {
    /// A literal as English: "15 is less than 18", "Ann is not known to be a minor".
    public func reading(_ literalText: String) -> String {
        var text = literalText
        var absent = false
        if text.hasPrefix("not ") {
            text.removeFirst(4)
            absent = true
        }
        guard let query = try? Query.parse(text), query.aggregate == nil, query.literals.count == 1 else { return literalText }
        if absent, case let .positive(atom) = query.literals[0] {
            return clause(atom.relation, atom.arguments.map { filler($0) }, mood: .absence)
        }
        return (absent ? "it is not the case that " : "") + reading(query.literals[0], negation: .absence)
    }

    /// A body literal: `!p` in the given mood (in a proof, "not known to"; in a question, a plain denial).
    func reading(_ literal: Literal, negation: Mood, under binding: [String: Value] = [:]) -> String {
        switch literal {
        case let .positive(atom): return clause(atom.relation, atom.arguments.map { filler($0, under: binding) }, mood: .statement)
        case let .negative(atom): return clause(atom.relation, atom.arguments.map { filler($0, under: binding) }, mood: negation)
        case let .comparison(comparison): return reading(comparison, under: binding)
        }
    }

    /// A comparison as English, or its denial for a condition found false: "15 is not at least 18".
    public func reading(_ comparison: Comparison, holds: Bool = true, under binding: [String: Value] = [:]) -> String {
        let lhs = reading(comparison.lhs, under: binding)
        let rhs = reading(comparison.rhs, under: binding)
        let symbolic = comparison.lhs.isSymbolConstant || comparison.rhs.isSymbolConstant
        let relation: String
        switch (comparison.op, holds) {
        case (.less, true): relation = "is less than"
        case (.less, false): relation = "is not less than"
        case (.lessOrEqual, true): relation = "is at most"
        case (.lessOrEqual, false): relation = "is more than"
        case (.greater, true): relation = "is greater than"
        case (.greater, false): relation = "is not greater than"
        case (.greaterOrEqual, true): relation = "is at least"
        case (.greaterOrEqual, false): relation = "is less than"
        case (.equal, true): relation = symbolic || comparison.rhs.isAggregate ? "is" : "equals"
        case (.equal, false): relation = symbolic ? "is not" : "does not equal"
        case (.notEqual, true): relation = "is different from"
        case (.notEqual, false): relation = "is the same as"
        }
        return "\(lhs) \(relation) \(rhs)"
    }

    /// A false condition of the query or a rule body, given as rule syntax: "15 is not at least 18".
    public func falsity(_ conditionText: String) -> String {
        guard let query = try? Query.parse(conditionText), query.literals.count == 1, case let .comparison(comparison) = query.literals[0] else {
            return "it is not the case that " + reading(conditionText)
        }
        return reading(comparison, holds: false)
    }

    /// What fills an argument: its value under the binding, else the variable's name (a hidden variable standing
    /// for `_` reads as a wildcard), else the term read aloud.
    func filler(_ term: Term, under binding: [String: Value] = [:]) -> Filler {
        if let value = term.value(under: binding) { return .value(value) }
        switch term {
        case .wildcard: return .anything
        case let .variable(name): return name.hasPrefix(Reasoner.hiddenVariablePrefix) ? .anything : .variable(name)
        default: return .text(reading(term))
        }
    }

    /// What an aggregate adds up or compares, named by the attribute its variable fills: "the sum of the years".
    private func aggregated(_ target: Term, in body: [Literal]) -> String {
        guard case let .variable(name) = target else { return reading(target) }
        return "the " + (attributeNoun(of: name, in: body).map(English.plural) ?? "values")
    }

    /// An aggregate's body, its own variables read by what they fill: the first time "some role", after that "that
    /// role", so the reader sees one thing where the rule has one variable and never the variable's name.
    private func localCondition(_ body: [Literal]) -> String {
        var seen = Set<String>()
        let clauses = body.map { literal -> String in
            switch literal {
            case let .positive(atom), let .negative(atom):
                var isNegative = false
                if case .negative = literal { isNegative = true }
                let names = attributeNames(of: atom.relation.name, arity: atom.arguments.count)
                let fillers = zip(atom.arguments, names).map { term, attribute -> Filler in
                    guard case let .variable(name) = term, !name.hasPrefix(Reasoner.hiddenVariablePrefix) else { return filler(term) }
                    let noun = English.words(attribute)
                    return .text(seen.insert(name).inserted ? (isNegative ? "any " : "some ") + noun : "that " + noun)
                }
                return clause(atom.relation, fillers, mood: isNegative ? .absence : .statement)
            case let .comparison(comparison):
                return reading(comparison)
            }
        }
        return English.list(clauses)
    }

    /// What a min or max picks, in the singular: "level" in "the largest level for which …".
    private func extreme(_ aggregate: Aggregate) -> String {
        guard case let .variable(name)? = aggregate.target else { return aggregate.target.map { reading($0) } ?? "value" }
        return attributeNoun(of: name, in: aggregate.body) ?? "value"
    }

    /// The attribute a variable fills in the first atom that holds it, in words: "parent", "years".
    func attributeNoun(of variable: String, in literals: [Literal]) -> String? {
        for literal in literals {
            guard case let .positive(atom) = literal, let position = atom.arguments.firstIndex(of: .variable(variable)) else { continue }
            return English.words(attributeNames(of: atom.relation.name, arity: atom.arguments.count)[position])
        }
        return nil
    }

    /// A term read aloud under a binding, arithmetic kept as written ("45 minus 19") so the reader sees the sum.
    func reading(_ term: Term, under binding: [String: Value] = [:]) -> String {
        if let value = term.value(under: binding), !term.isArithmetic { return Self.text(value) }
        switch term {
        case let .constant(value): return Self.text(value)
        case let .variable(name): return name
        case .wildcard: return "anything"
        case let .minus(operand): return "minus " + reading(operand, under: binding)
        case let .arithmetic(op, lhs, rhs):
            let word = [ArithmeticOperator.add: "plus", .subtract: "minus", .multiply: "times", .divide: "divided by", .remainder: "modulo"][op]!
            return "\(reading(lhs, under: binding)) \(word) \(reading(rhs, under: binding))"
        case let .aggregate(aggregate):
            let condition = localCondition(aggregate.body)
            let target = aggregate.target.map { aggregated($0, in: aggregate.body) } ?? ""
            switch aggregate.function {
            case .count: return "the number of cases in which \(condition)"
            case .sum: return "the sum of \(target) over the cases in which \(condition)"
            case .min: return "the smallest \(extreme(aggregate)) for which \(condition)"
            case .max: return "the largest \(extreme(aggregate)) for which \(condition)"
            }
        }
    }
}

private extension Term {
    var isSymbolConstant: Bool {
        if case .constant(.symbol) = self { return true }
        return false
    }

    var isAggregate: Bool {
        if case .aggregate = self { return true }
        return false
    }

    var isArithmetic: Bool {
        if case .arithmetic = self { return true }
        return false
    }
}

extension Literal {
    /// The literal with each variable argument of its atom read as `_`; comparisons are left as they are.
    func replacingVariables(by replacement: Term) -> Literal {
        func replaced(_ atom: Atom) -> Atom {
            var copy = atom
            copy.arguments = atom.arguments.map { if case .variable = $0 { return replacement } else { return $0 } }
            return copy
        }
        switch self {
        case let .positive(atom): return .positive(replaced(atom))
        case let .negative(atom): return .negative(replaced(atom))
        case .comparison: return self
        }
    }
}
