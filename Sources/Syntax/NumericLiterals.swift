/// Numeric constants take the type their place declares, as in Soufflé: `A(0)` for `.decl A(x: float)` is the float
/// 0, and so is the `1` of `x < 1` or `y = x + 1` when `x` is a float. The parser reads `0` as a number because it
/// cannot know the column; this pass, run once the declarations are known, writes such integers as floats, so the
/// validator, the store and the reasoner all see one value of one type.
public struct NumericLiterals: Sendable {
    private let columnTypes: [String: [PrimitiveType?]]

    public init(declaring program: Program) {
        let types = TypeTable(program.types)
        columnTypes = Dictionary(program.relations.map { declaration in
            (declaration.name, declaration.attributes.map { types.primitive(of: $0.typeName) })
        }, uniquingKeysWith: { first, _ in first })
    }

    /// The program with every integer constant in a float place written as a float.
    public func typed(_ program: Program) -> Program {
        var result = program
        result.facts = program.facts.map(typed)
        result.rules = program.rules.map { rule in
            var rule = rule
            let floats = floatVariables(rule.body + [.positive(rule.head)])
            rule.head = typed(rule.head, floats: floats)
            rule.body = rule.body.map { typed($0, floats: floats) }
            return rule
        }
        result.constraints = program.constraints.map { constraint in
            var constraint = constraint
            let floats = floatVariables(constraint.body)
            constraint.body = constraint.body.map { typed($0, floats: floats) }
            return constraint
        }
        result.properties = program.properties.map { property in
            var property = property
            let floats = floatVariables(property.body + (property.head.map { [.positive($0)] } ?? []))
            property.head = property.head.map { typed($0, floats: floats) }
            property.body = property.body.map { typed($0, floats: floats) }
            return property
        }
        return result
    }

    /// A query's body (or its aggregate's) with the same typing.
    public func typed(_ query: Query) -> Query {
        var result = query
        let body = query.aggregate?.body ?? query.literals
        let floats = floatVariables(body)
        if var aggregate = query.aggregate {
            aggregate.body = body.map { typed($0, floats: floats) }
            result.aggregate = aggregate
        } else {
            result.literals = body.map { typed($0, floats: floats) }
        }
        return result
    }

    private func typed(_ fact: Fact) -> Fact {
        guard let types = columnTypes[fact.relation.name], types.count == fact.values.count else { return fact }
        var fact = fact
        fact.values = zip(fact.values, types).map { value, type in type == .float ? Self.asFloat(value) : value }
        return fact
    }

    /// The variables that fill a float column of some atom, inside aggregates too.
    private func floatVariables(_ literals: [Literal]) -> Set<String> {
        var floats = Set<String>()
        func visit(_ atom: Atom) {
            let types = columnTypes[atom.relation.name] ?? []
            for (argument, type) in zip(atom.arguments, types) {
                if type == .float, case let .variable(name) = argument { floats.insert(name) }
                for aggregate in argument.aggregates { aggregate.body.forEach(visitLiteral) }
            }
        }
        func visitLiteral(_ literal: Literal) {
            switch literal {
            case let .positive(atom), let .negative(atom): visit(atom)
            case let .comparison(comparison):
                for aggregate in comparison.lhs.aggregates + comparison.rhs.aggregates { aggregate.body.forEach(visitLiteral) }
            }
        }
        literals.forEach(visitLiteral)
        return floats
    }

    private func typed(_ literal: Literal, floats: Set<String>) -> Literal {
        switch literal {
        case let .positive(atom): return .positive(typed(atom, floats: floats))
        case let .negative(atom): return .negative(typed(atom, floats: floats))
        case var .comparison(comparison):
            let isFloat = isFloat(comparison.lhs, floats: floats) || isFloat(comparison.rhs, floats: floats)
            comparison.lhs = typed(comparison.lhs, toFloat: isFloat, floats: floats)
            comparison.rhs = typed(comparison.rhs, toFloat: isFloat, floats: floats)
            return .comparison(comparison)
        }
    }

    private func typed(_ atom: Atom, floats: Set<String>) -> Atom {
        let types = columnTypes[atom.relation.name] ?? []
        var atom = atom
        atom.arguments = atom.arguments.enumerated().map { index, argument in
            let toFloat = types.indices.contains(index) && types[index] == .float
            return typed(argument, toFloat: toFloat || isFloat(argument, floats: floats), floats: floats)
        }
        return atom
    }

    /// A term with its integer constants written as floats when `toFloat`; aggregate bodies are typed on their own.
    private func typed(_ term: Term, toFloat: Bool, floats: Set<String>) -> Term {
        switch term {
        case let .constant(value): return toFloat ? .constant(Self.asFloat(value)) : term
        case let .arithmetic(op, lhs, rhs):
            return .arithmetic(op, typed(lhs, toFloat: toFloat, floats: floats), typed(rhs, toFloat: toFloat, floats: floats))
        case let .minus(operand): return .minus(typed(operand, toFloat: toFloat, floats: floats))
        case var .aggregate(aggregate):
            let inner = floats.union(floatVariables(aggregate.body))
            aggregate.body = aggregate.body.map { typed($0, floats: inner) }
            aggregate.target = aggregate.target.map { typed($0, toFloat: isFloat($0, floats: inner), floats: inner) }
            return .aggregate(aggregate)
        case .variable, .wildcard: return term
        }
    }

    /// Whether a term is of type float: it holds a float constant or a variable that fills a float column.
    private func isFloat(_ term: Term, floats: Set<String>) -> Bool {
        switch term {
        case let .constant(value): return value.primitiveType == .float
        case let .variable(name): return floats.contains(name)
        case let .arithmetic(_, lhs, rhs): return isFloat(lhs, floats: floats) || isFloat(rhs, floats: floats)
        case let .minus(operand): return isFloat(operand, floats: floats)
        case let .aggregate(aggregate):
            guard aggregate.function != .count, let target = aggregate.target else { return false }
            return isFloat(target, floats: floats.union(floatVariables(aggregate.body)))
        case .wildcard: return false
        }
    }

    private static func asFloat(_ value: Value) -> Value {
        if case let .number(integer) = value { return .float(Double(integer)) }
        return value
    }
}
