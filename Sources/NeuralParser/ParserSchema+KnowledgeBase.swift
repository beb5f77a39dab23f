import KnowledgeGraph
import Syntax

public enum ParserSchemaError: Error, CustomStringConvertible, Sendable {
    case knowledgeBase(KnowledgeGraphError)
    /// An attribute's type resolves to no primitive type; a validated program never has one.
    case unresolvedType(relation: String, attribute: String, typeName: String)

    public var description: String {
        switch self {
        case let .knowledgeBase(error):
            return error.description
        case let .unresolvedType(relation, attribute, typeName):
            return "error: attribute '\(attribute)' of relation '\(relation)' has type '\(typeName)', which does not resolve to symbol, number, unsigned or float"
        }
    }
}

extension ParserSchema {
    /// The schema of `program` with the names stored in `knowledgeBase`. Relations without a `.phrase` are
    /// included with no phrases, since a question can still be parsed into them. Facts written in `program` count
    /// as well as stored ones, for a program that was parsed but not imported; derived facts are not stored, so a
    /// name that only a rule produces is not known here.
    public init(program: Program, knowledgeBase: KnowledgeBase) throws(ParserSchemaError) {
        let columns: [String: Set<ColumnReference>]
        do {
            columns = try knowledgeBase.symbolColumns()
        } catch {
            throw .knowledgeBase(error)
        }
        try self.init(program: program, symbolColumns: columns)
    }

    /// The schema of `program` with names known from `symbolColumns` (as `KnowledgeBase.symbolColumns()` returns
    /// them) and from the program's own facts.
    ///
    /// A name's types include the supertypes and unions of the type it was stored under: a `Student <: Person`
    /// can fill a `Person` attribute, and the parser compares names with attributes by type name. Primitive types
    /// are left out unless declared directly, so a name of a declared type fits an attribute of that type better
    /// than a plain `symbol` one.
    public init(program: Program, symbolColumns: [String: Set<ColumnReference>]) throws(ParserSchemaError) {
        let types = TypeTable(program.types)
        var phrases: [String: [String]] = [:]
        for phrase in program.phrases { phrases[phrase.relation, default: []] += phrase.templates }
        var relations: [RelationSchema] = []
        var declared = Set<String>()
        for declaration in program.relations where declared.insert(declaration.name).inserted {
            var attributes: [RelationSchema.Attribute] = []
            for attribute in declaration.attributes {
                guard let primitive = types.primitive(of: attribute.typeName) else {
                    throw .unresolvedType(relation: declaration.name, attribute: attribute.name, typeName: attribute.typeName)
                }
                attributes.append(RelationSchema.Attribute(name: attribute.name, typeName: attribute.typeName, primitive: primitive))
            }
            relations.append(RelationSchema(name: declaration.name, attributes: attributes, phrases: phrases[declaration.name] ?? []))
        }

        let hierarchy = TypeHierarchy(program.types)
        var entityTypes: [String: Set<String>] = [:]
        func record(_ symbol: String, relation: String, column: Int) {
            guard let declaration = program.declaration(of: relation), declaration.attributes.indices.contains(column) else { return }
            entityTypes[symbol, default: []].formUnion(hierarchy.typesContaining(declaration.attributes[column].typeName))
        }
        for (symbol, references) in symbolColumns {
            for reference in references { record(symbol, relation: reference.relation.name, column: reference.column) }
        }
        for fact in program.facts {
            for (column, value) in fact.values.enumerated() {
                if case let .symbol(text) = value { record(text, relation: fact.relation.name, column: column) }
            }
        }
        self.init(relations: relations, entityTypes: entityTypes)
    }
}

/// Which declared types contain the values of a type: itself, what it is a subtype of, and the unions naming it.
struct TypeHierarchy {
    private var containers: [String: [String]] = [:]

    init(_ declarations: [TypeDeclaration]) {
        for declaration in declarations {
            switch declaration.definition {
            case let .subtype(base):
                containers[declaration.name, default: []].append(base)
            case let .alias(alternatives):
                for alternative in alternatives { containers[alternative, default: []].append(declaration.name) }
            }
        }
    }

    /// `typeName` and every declared type above it; primitives only when `typeName` is one.
    func typesContaining(_ typeName: String) -> Set<String> {
        var result: Set<String> = [typeName]
        var pending = [typeName]
        while let next = pending.popLast() {
            for container in containers[next] ?? [] where PrimitiveType(rawValue: container) == nil {
                if result.insert(container).inserted { pending.append(container) }
            }
        }
        return result
    }
}
