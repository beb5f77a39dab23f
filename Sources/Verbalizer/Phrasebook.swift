import Reasoner
import Syntax

/// English for the atoms of one knowledge base, from its `.phrase` templates. The first template of a relation is
/// canonical: every statement of an atom is that template with the atom's values filled in, so a reader can map a
/// sentence back to the fact it states. Relations without a phrase read as `parent: Ann, Bob`.
public struct Phrasebook: Sendable {
    /// What fills one argument position of a sentence.
    enum Filler: Sendable {
        case value(Value)
        /// A wildcard: "some child" in a statement, "any child" under a negation.
        case anything
        /// A variable of a rule, printed by name so that its occurrences are seen to be one thing.
        case variable(String)
        /// Text chosen by the caller, such as "2 patients".
        case text(String)
    }

    /// How the clause is asserted.
    enum Mood: Sendable {
        case statement, denial, absence
    }

    private struct Entry: Sendable {
        var canonical: Template
        var denial: Template?
        var absence: Template?
    }

    private var entries: [String: Entry] = [:]
    private var attributes: [String: [String]] = [:]
    /// Which argument positions hold symbols (people, doors, courses) rather than quantities, per relation.
    private var symbolic: [String: [Bool]] = [:]

    public init(program: Program) {
        let types = TypeTable(program.types)
        for declaration in program.relations {
            attributes[declaration.name] = declaration.attributes.map(\.name)
            symbolic[declaration.name] = declaration.attributes.map { types.primitive(of: $0.typeName) == .symbol }
        }
        for phrase in program.phrases {
            guard let text = phrase.templates.first else { continue }
            let canonical = Template(text)
            entries[phrase.relation] = Entry(canonical: canonical, denial: canonical.negated(), absence: canonical.hedged())
        }
    }

    /// The attribute names of a relation, or `argument 1`, `argument 2` … for one that is not declared.
    public func attributeNames(of relation: String, arity: Int) -> [String] {
        attributes[relation] ?? (0..<arity).map { "argument \($0 + 1)" }
    }

    public func hasPhrase(_ relation: String) -> Bool { entries[relation] != nil }

    /// Whether argument `position` of `relation` names things that can be counted ("2 patients"), not quantities.
    func isSymbolic(_ relation: String, _ position: Int) -> Bool {
        symbolic[relation].map { $0.indices.contains(position) && $0[position] } ?? false
    }

    /// The canonical reading of an atom: "Juan is a grandparent of Lucia"; `-p(x)` reads as the denial of `p(x)`.
    public func statement(_ atom: GroundAtom) -> String {
        clause(atom.relation, fillers(atom), mood: .statement)
    }

    /// The atom denied: "Pablo is not an ancestor of Iris".
    public func denial(_ atom: GroundAtom) -> String {
        clause(atom.relation, fillers(atom), mood: .denial)
    }

    /// The atom as not established, for negation as failure: "Yusuf is not known to be allergic to salicylate".
    public func absence(_ atom: GroundAtom) -> String {
        clause(atom.relation, fillers(atom), mood: .absence)
    }

    /// The atom as an open question: "whether the cat is big".
    public func whether(_ atom: GroundAtom) -> String {
        "whether " + statement(atom)
    }

    private func fillers(_ atom: GroundAtom) -> [Filler] {
        atom.values.map { $0.map(Filler.value) ?? .anything }
    }

    /// The sentence for `relation` with `fillers` in its argument positions, in the given mood.
    func clause(_ relation: RelationName, _ fillers: [Filler], mood: Mood, pluralSubject: Int? = nil) -> String {
        if relation.isClassicallyNegated {
            let positive = RelationName(relation.name)
            switch mood {
            case .statement: return clause(positive, fillers, mood: .denial, pluralSubject: pluralSubject)
            case .denial: return "it is not the case that " + clause(positive, fillers, mood: .denial)
            case .absence: return "it is not known that " + clause(positive, fillers, mood: .denial)
            }
        }
        let names = attributeNames(of: relation.name, arity: fillers.count)
        let negated = mood != .statement
        var texts: [String: String] = [:]
        for (name, filler) in zip(names, fillers) {
            texts[name] = text(filler, attribute: name, negated: negated)
        }
        guard let entry = entries[relation.name] else {
            let generic = relation.name + (fillers.isEmpty ? "" : ": " + names.map { texts[$0] ?? "" }.joined(separator: ", "))
            switch mood {
            case .statement: return generic
            case .denial: return "not " + generic
            case .absence: return generic + " is not known"
            }
        }
        switch mood {
        case .statement:
            if let subject = pluralSubject, names.indices.contains(subject), let plural = entry.canonical.pluralSubject(names[subject]) {
                return plural.render(texts)
            }
            return entry.canonical.render(texts)
        case .denial:
            return entry.denial?.render(texts) ?? "it is not the case that " + entry.canonical.render(texts)
        case .absence:
            return entry.absence?.render(texts) ?? "it is not known that " + entry.canonical.render(texts)
        }
    }

    /// Whether the canonical template can take a plural subject in position `index` ("2 patients are minors").
    func agreesInPlural(_ relation: RelationName, subject index: Int, arity: Int) -> Bool {
        let names = attributeNames(of: relation.name, arity: arity)
        guard !relation.isClassicallyNegated, names.indices.contains(index), let entry = entries[relation.name] else { return false }
        return entry.canonical.pluralSubject(names[index]) != nil
    }

    /// A clause about `relation` made ready to open a sentence: capitalized, unless it opens with a stored value,
    /// which is printed exactly as stored (an identifier such as `f0n1` must stay searchable).
    public func sentenceCase(_ clause: String, of relation: RelationName) -> String {
        if clause.hasPrefix("it ") || !opensWithValue(relation) { return English.capitalized(clause) }
        return clause
    }

    private func opensWithValue(_ relation: RelationName) -> Bool {
        entries[relation.name]?.canonical.chunks.first?.beginsWithSlot ?? true
    }

    /// Whether the canonical template opens with the slot of argument `position`.
    func opens(_ relation: RelationName, withArgument position: Int, arity: Int) -> Bool {
        let names = attributeNames(of: relation.name, arity: arity)
        guard names.indices.contains(position), let first = entries[relation.name]?.canonical.chunks.first else { return false }
        return first.pieces.first == .slot(names[position])
    }

    private func text(_ filler: Filler, attribute: String, negated: Bool) -> String {
        switch filler {
        case let .value(value): return Self.text(value)
        case .anything: return (negated ? "any " : "some ") + English.words(attribute)
        case let .variable(name): return name
        case let .text(text): return text
        }
    }

    /// A value as a reader sees it: symbols without quotes, numbers as written.
    public static func text(_ value: Value) -> String {
        switch value {
        case let .symbol(text): return text
        case .number, .float: return value.description
        }
    }
}
