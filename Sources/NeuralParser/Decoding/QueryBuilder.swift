import Syntax

/// Writes an interpretation as rule-language query text, the same text `lemma query` accepts, so a parsed question
/// goes through exactly the parser, type checker and reasoner that a typed query does.
public struct QueryBuilder: Sendable {
    public let schema: ParserSchema

    public init(schema: ParserSchema) {
        self.schema = schema
    }

    /// A query as text, and its literals one by one (for reading them out in English).
    public struct BuiltQuery: Equatable, Sendable {
        public var text: String
        public var literals: [String]
        public var variables: Set<String>
        /// The variable a which, how-many or existence question asks for.
        public var asked: String?
    }

    /// - Parameters:
    ///   - askedVariable: the name of the asked variable, when a caller joins several parses into one rule.
    ///   - avoiding: variable names already taken elsewhere in that rule.
    public func build(_ interpretation: Interpretation, askedVariable: String? = nil, avoiding: Set<String> = []) throws(ParseError) -> BuiltQuery {
        var names = VariableNames(askedName: askedVariable, used: avoiding.union(askedVariable.map { [$0] } ?? []))
        var literals: [String] = []
        var comparisons: [String] = []
        for clause in interpretation.clauses {
            guard let relation = schema.relation(named: clause.relation), relation.arity == clause.arguments.count else {
                throw .notInSchema(clause.relation)
            }
            let arguments = clause.arguments.enumerated().map { slot, argument -> String in
                let attribute = relation.attributes[slot]
                switch argument {
                case let .value(value): return value.description
                case .asked: return names.asked(attribute.name)
                case .free: return "_"
                case let .compared(op, value):
                    let variable = names.fresh(attribute.name)
                    comparisons.append("\(variable) \(op.rawValue) \(value.description)")
                    return variable
                }
            }
            literals.append("\(clause.relation)(\(arguments.joined(separator: ", ")))")
        }
        if interpretation.negated {
            guard let clause = interpretation.clauses.first, literals.count == 1 else { throw .unsupported("a negated conjunction") }
            if let askedSlot = clause.arguments.firstIndex(of: .asked) {
                let attribute = schema.relation(named: clause.relation)!.attributes[askedSlot]
                guard let domain = interpretation.domain ?? domain(of: attribute, excluding: clause.relation) else {
                    throw .noDomain(attribute.typeName)
                }
                literals = ["\(domain)(\(names.asked(attribute.name)))", "!" + literals[0]]
            } else {
                literals = ["!" + literals[0]]
            }
        }
        let all = literals + comparisons
        let body = all.joined(separator: ", ")
        return BuiltQuery(text: interpretation.form == .howMany ? "count : { \(body) }" : body, literals: all, variables: names.used, asked: names.askedName)
    }

    /// A unary relation that lists every value of the type, so "who is not an adult" ranges over people rather than
    /// the whole universe: the relation named after the type if there is one, else the first unary one of the type.
    /// Never the denied relation itself: "snetoix(a), !snetoix(a)" would ask for nothing.
    func domain(of attribute: RelationSchema.Attribute, excluding denied: String) -> String? {
        let unary = schema.relations.filter { $0.arity == 1 && $0.attributes[0].typeName == attribute.typeName && $0.name != denied }
        let typeName = attribute.typeName.lowercased()
        return (unary.first { $0.name.lowercased() == typeName } ?? unary.first { $0.name.lowercased() == attribute.name.lowercased() } ?? unary.first)?.name
    }

    /// Variables named by their attribute's initial, as a person would write them (`g` for grandparent).
    private struct VariableNames {
        var askedName: String?
        var used: Set<String> = []

        mutating func asked(_ attribute: String) -> String {
            if let askedName { return askedName }
            let name = fresh(attribute)
            askedName = name
            return name
        }

        mutating func fresh(_ attribute: String) -> String {
            let letters = attribute.lowercased().filter { $0.isLetter }
            var name = letters.first.map(String.init) ?? "x"
            var length = 1
            while used.contains(name) {
                length += 1
                name = length <= letters.count ? String(letters.prefix(length)) : "\(letters.prefix(1))\(length)"
            }
            used.insert(name)
            return name
        }
    }
}
