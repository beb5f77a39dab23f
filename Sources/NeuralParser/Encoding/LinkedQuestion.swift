import Syntax

/// A sentence after tokenising and linking, as the network reads it. Each linked name or number is collapsed into
/// one unit and its words are hidden: the network decides what a name does from where it stands and which slots
/// its types fit, never from the name itself, which is what lets it read knowledge bases it has never seen.
public struct LinkedQuestion: Equatable, Sendable {
    public enum Unit: Equatable, Sendable {
        case word(String)
        /// A linked stored name with the declared types it occurs under.
        case name(Value, typeNames: Set<String>, approximate: Bool)
        case number(Value)

        public var value: Value? {
            switch self {
            case .word: return nil
            case let .name(value, _, _), let .number(value): return value
            }
        }
    }

    public var units: [Unit]

    public init(units: [Unit]) {
        self.units = units
    }

    /// Whether a unit can stand for an argument of this attribute: names need a type they were stored under (the
    /// linker adds supertypes, and `symbol` for names stored in plain `symbol` columns), numbers need a number
    /// attribute. A drug class never lands in a `doctor: symbol` slot just because both are symbols.
    static func fits(_ unit: Unit, _ attribute: RelationSchema.Attribute) -> Bool {
        switch unit {
        case .word: return false
        case let .name(_, typeNames, _): return !attribute.isNumeric && typeNames.contains(attribute.typeName)
        case .number: return attribute.isNumeric
        }
    }

    func isName(_ index: Int) -> Bool {
        if case .name = units[index] { return true } else { return false }
    }

    /// Whether the unit is a number the words around it bound: "more than 54", "under 16", "at least 3",
    /// "18 or older". A sentence can hold another number that is a plain value ("has 26 trainees").
    func isBoundedNumber(_ index: Int) -> Bool {
        guard units.indices.contains(index), case .number = units[index] else { return false }
        if index > 0, case let .word(before) = units[index - 1], Self.boundsBefore.contains(before) { return true }
        if index + 2 < units.count, case .word("or") = units[index + 1], case let .word(after) = units[index + 2] {
            return Self.boundsAfter.contains(after)
        }
        return false
    }

    static let boundsBefore: Set<String> = ["than", "over", "under", "above", "below", "least", "most"]
    static let boundsAfter: Set<String> = ["older", "younger", "more", "less", "fewer", "over", "under", "above", "below"]
}
