import Syntax

/// A relation as the question parser sees it: typed attributes and the English its author wrote for it.
public struct RelationSchema: Equatable, Hashable, Codable, Sendable {
    public struct Attribute: Equatable, Hashable, Codable, Sendable {
        public var name: String
        /// The declared type, e.g. `Person`; two attributes can hold the same names only if their types agree.
        public var typeName: String
        public var primitive: PrimitiveType

        public init(name: String, typeName: String, primitive: PrimitiveType) {
            self.name = name
            self.typeName = typeName
            self.primitive = primitive
        }

        public var isNumeric: Bool { primitive != .symbol }
    }

    public var name: String
    public var attributes: [Attribute]
    /// `.phrase` templates with `{attribute}` slots, canonical first.
    public var phrases: [String]

    public init(name: String, attributes: [Attribute], phrases: [String]) {
        self.name = name
        self.attributes = attributes
        self.phrases = phrases
    }

    public var arity: Int { attributes.count }
}

/// Everything a question may mention: the relations, and each known name with the types it occurs under.
public struct ParserSchema: Equatable, Codable, Sendable {
    public var relations: [RelationSchema]
    /// Each symbol and the declared types of the columns it was stored in.
    public var entityTypes: [String: Set<String>]

    public init(relations: [RelationSchema], entityTypes: [String: Set<String>]) {
        self.relations = relations
        self.entityTypes = entityTypes
    }

    public func relation(named name: String) -> RelationSchema? {
        relations.first { $0.name == name }
    }
}
