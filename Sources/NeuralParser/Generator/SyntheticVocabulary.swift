/// A made-up knowledge base vocabulary: declared types with named members and relations with `.phrase`
/// templates, drawn from a seed. The parser is trained on many of these rather than on the few real knowledge
/// bases, so that it learns how templates map onto questions instead of memorising one domain's words.
public struct SyntheticVocabulary: Sendable {
    public let seed: UInt64
    public let split: VocabularySplit
    public let schema: ParserSchema
    /// Declared types whose members are people, so questions about them use "who"; needed because invented
    /// type names ("Florp") say nothing about what they hold.
    public let personTypes: Set<String>

    /// The words every vocabulary shares, on both sides of the split: the grammar's own words (articles,
    /// prepositions, auxiliaries) and the few fixed words of template families ("years old", "under 18").
    public static let structuralWords: Set<String> = TemplateFrame.prepositions
        .union(TemplateFrame.articles).union(TemplateFrame.beForms).union(TemplateFrame.modals)
        .union(["has", "have", "had", "be", "not", "no", "and", "or", "years", "old", "older", "age", "number", "of", "by",
                "dr", "prof", "ms", "mr", "mrs", "sir"])

    /// The vocabulary of the given seed; the seed's top bit says which split's words it uses (see
    /// `VocabularySplit.seed(_:)`).
    public init(seed: UInt64) {
        self.seed = seed
        split = VocabularySplit.of(seed: seed)
        var builder = VocabularyBuilder(split: split, seed: seed)
        let built = builder.build()
        schema = built.schema
        personTypes = built.personTypes
    }

    /// The `index`th vocabulary of a split.
    public init(split: VocabularySplit, index: UInt64) {
        self.init(seed: split.seed(index))
    }

    /// A vocabulary of the split whose seed is drawn from `random`, for callers that thread one generator
    /// through a whole training run.
    public init(split: VocabularySplit, using random: inout SeededRandom) {
        self.init(seed: split.seed(random.next()))
    }

    public var generator: QuestionGenerator {
        QuestionGenerator(schema: schema, personTypes: personTypes)
    }

    /// Labelled sentences about this vocabulary.
    public func samples(count: Int, seed: UInt64) -> [LabeledSentence] {
        generator.samples(count: count, seed: seed)
    }

    /// Every word this vocabulary drew or invented, lowercased: type, relation, attribute and entity names and
    /// template words, less the structural words and numbers. Training and held-out vocabularies never share one.
    public var contentWords: Set<String> {
        var texts: [String] = []
        for relation in schema.relations {
            texts.append(relation.name)
            texts += relation.attributes.map(\.name)
            texts += relation.attributes.map { Morphology.words(of: $0.typeName) }
            texts += relation.phrases.map { $0.replacingSlots() }
        }
        texts += schema.entityTypes.keys
        var words = Set<String>()
        for text in texts {
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" }) {
                let word = word.hasSuffix("'s") ? String(word.dropLast(2)) : String(word)
                guard !word.isEmpty, !word.allSatisfy(\.isNumber), !Self.structuralWords.contains(word), word != "symbol" else { continue }
                words.insert(word)
            }
        }
        return words
    }
}

private extension String {
    /// The template with its `{slot}`s removed, leaving only the words its author wrote.
    func replacingSlots() -> String {
        var result = ""
        var inSlot = false
        for character in self {
            if character == "{" { inSlot = true } else if character == "}" { inSlot = false } else if !inSlot { result.append(character) }
        }
        return result
    }
}

/// Draws one vocabulary: types first, then relations whose slots use them, checking that every template it
/// writes is one the question grammar reads, so every relation can be asked about.
struct VocabularyBuilder {
    struct DeclaredType {
        var name: String
        var noun: Lexicon.Noun
        var isPerson: Bool
        var members: [String]
    }

    var words: WordSource
    var random: SeededRandom
    var types: [DeclaredType] = []
    /// Names stored in attributes declared as plain `symbol`.
    var symbolMembers: [String] = []
    /// Every entity name so far: names are unique across types, though their words may repeat ("Ana Lopez").
    var entityNames: Set<String> = []
    /// Number attributes so far: two relations that both read "the age of X is Y" would make a question that
    /// names an age mean either, and a label that picks one would teach a coin toss.
    var numberNames: Set<String> = []
    /// Whether a relation already states ages ("is 30 years old", "the age of X is 30") or age bands ("is over
    /// 65"): one vocabulary has one of them, since "Who is over 65?" would otherwise read either way.
    var statesAges = false
    var statesAgeBands = false

    init(split: VocabularySplit, seed: UInt64) {
        words = WordSource(split: split)
        random = SeededRandom(seed: seed ^ 0x5EED_0F_70CA_B)
    }

    mutating func build() -> (schema: ParserSchema, personTypes: Set<String>) {
        let typeCount = 3 + random.index(4)
        for index in 0..<typeCount {
            let person = index == 0 ? random.chance(0.85) : index == 1 ? !types[0].isPerson || random.chance(0.3) : random.chance(0.35)
            types.append(declaredType(person: person))
        }
        var relations: [RelationSchema] = []
        let relationCount = 6 + random.index(25)
        var names = Set<String>()
        var attempts = 0
        while relations.count < relationCount, attempts < relationCount * 8 {
            attempts += 1
            guard let relation = relation(avoiding: names) else { continue }
            names.insert(relation.name)
            relations.append(relation)
        }
        var entityTypes: [String: Set<String>] = [:]
        for type in types {
            for member in type.members { entityTypes[member, default: []].insert(type.name) }
        }
        for member in symbolMembers { entityTypes[member, default: []].insert("symbol") }
        return (ParserSchema(relations: relations, entityTypes: entityTypes), Set(types.filter(\.isPerson).map(\.name)))
    }

    // MARK: types and names

    private mutating func declaredType(person: Bool) -> DeclaredType {
        let noun: Lexicon.Noun
        let name: String
        let roll = random.index(10)
        if roll < 6, let real = words.fresh(person ? words.lexicon.personNouns : words.lexicon.thingNouns, &random, key: \.singular) {
            noun = real
            name = Self.capitalised(real.singular)
        } else if roll < 8, !person, let first = words.fresh(words.lexicon.thingNouns, &random, key: \.singular),
                  let second = words.fresh(words.lexicon.thingNouns, &random, key: \.singular) {
            noun = Lexicon.Noun(singular: first.singular + " " + second.singular, plural: first.singular + " " + second.plural, isPerson: false)
            name = Self.capitalised(first.singular) + Self.capitalised(second.singular)
        } else {
            noun = words.pseudoNoun(&random, person: person)
            name = Self.capitalised(noun.singular)
        }
        let count = 5 + random.index(16)
        let style = person ? NameStyle.person : random.element([NameStyle.brand, .code, .dashCode, .lowercase, .place])
        var members: [String] = []
        for _ in 0..<(count * 3) where members.count < count {
            let member = entityName(style)
            if entityNames.insert(member).inserted { members.append(member) }
        }
        return DeclaredType(name: name, noun: noun, isPerson: person, members: members)
    }

    enum NameStyle {
        /// "Maria", "Maria Lopez", "Dr House"
        case person
        /// "Aspirin", "Zanberry"
        case brand
        /// "CS101"
        case code
        /// "B-204"
        case dashCode
        /// "penicillin", "beta_lactam"
        case lowercase
        /// "North Wing"
        case place
    }

    private mutating func entityName(_ style: NameStyle) -> String {
        let lexicon = words.lexicon
        switch style {
        case .person:
            let given = random.element(lexicon.givenNames)
            let surname = random.element(lexicon.surnames)
            switch random.index(10) {
            case 0..<5: return given
            case 5..<8: return surname == given ? given : given + " " + surname
            case 8: return random.element(["Dr", "Prof", "Ms", "Mr"]) + " " + surname
            default: return surname
            }
        case .brand:
            return Self.capitalised(words.pseudoWord(&random, syllables: 2...3))
        case .code:
            return codePrefix(letters: 2...3) + String(100 + random.index(400))
        case .dashCode:
            return codePrefix(letters: 1...1) + "-" + String(100 + random.index(900))
        case .lowercase:
            switch random.index(3) {
            case 0: return words.pseudoWord(&random, syllables: 2...3)
            case 1: return words.pseudoWord(&random, syllables: 1...2) + "_" + words.pseudoWord(&random, syllables: 1...2)
            default: return words.noun(&random, person: false, pseudoChance: 0.2).singular.replacingOccurrences(of: " ", with: "_") + "_" + words.pseudoWord(&random, syllables: 1...2)
            }
        case .place:
            let place = words.noun(&random, person: false, pseudoChance: 0.3).singular
            return random.element(lexicon.placeModifiers) + " " + Self.capitalised(place)
        }
    }

    /// Upper-case letters of the split for codes: a known prefix ("CS") or random letters.
    private mutating func codePrefix(letters: ClosedRange<Int>) -> String {
        if letters.lowerBound > 1, random.chance(0.6), !words.lexicon.codePrefixes.isEmpty { return random.element(words.lexicon.codePrefixes) }
        let alphabet = Array("ABCDEFGHJKLMNPRSTUVWXZ")
        while true {
            let count = letters.lowerBound + random.index(letters.count)
            let prefix = String((0..<count).map { _ in random.element(alphabet) })
            if VocabularySplit.of(prefix) == words.split { return prefix }
        }
    }

    static func capitalised(_ word: String) -> String {
        word.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    // MARK: relations

    private mutating func relation(avoiding names: Set<String>) -> RelationSchema? {
        let arity = [1, 2, 3][random.weighted([0.3, 0.55, 0.15])]
        let numbers = arity == 2 ? (random.chance(0.22) ? 1 : 0) : arity == 3 ? (random.chance(0.35) ? 1 : 0) : 0
        let families = TemplateFamily.allCases.filter { family in
            family.signature.count == arity && family.signature.filter({ $0 == .number }).count == numbers
        }
        guard !families.isEmpty else { return nil }
        let canonical = families[random.weighted(families.map(\.weight))]
        let statesAge = TemplateFamily.ageFamilies.contains(canonical)
        if statesAge && (statesAges || statesAgeBands) || canonical == .ageBand && statesAges { return nil }

        // The slots in the canonical template's order, with types that satisfy it.
        var slots: [TemplateFamily.Slot] = []
        var typeNames: [String] = []
        var used = Set<String>()
        for (index, kind) in canonical.signature.enumerated() {
            if kind == .number {
                slots.append(.init(name: "", isPerson: false, noun: nil))
                typeNames.append("number")
                continue
            }
            let mustBePerson = canonical.personSlots.contains(index)
            let candidates = types.indices.filter { !mustBePerson || types[$0].isPerson }
            guard !candidates.isEmpty else { return nil }
            let type = types[random.element(candidates)]
            let symbolTyped = !mustBePerson && random.chance(0.07)
            let name = attributeName(for: type, symbolTyped: symbolTyped, avoiding: &used)
            if symbolTyped, symbolMembers.isEmpty {
                for _ in 0..<(5 + random.index(8)) {
                    let member = entityName(type.isPerson ? .person : .brand)
                    if entityNames.insert(member).inserted { symbolMembers.append(member) }
                }
            }
            slots.append(.init(name: name, isPerson: type.isPerson, noun: symbolTyped ? nil : type.noun))
            typeNames.append(symbolTyped ? "symbol" : type.name)
        }
        var phrase = canonical.phrase(slots, words: &words, random: &random)
        if let numberIndex = canonical.signature.firstIndex(of: .number) {
            let name = phrase.numberName.map { $0.replacingOccurrences(of: " ", with: "_") } ?? "amount"
            guard !numberNames.contains(name), used.insert(name).inserted else { return nil }
            slots[numberIndex].name = name
            phrase = Self.renaming(phrase, slot: numberIndex, to: name)
        }
        var templates = [phrase.template]
        var alternativeFamily: TemplateFamily?
        if random.chance(0.7), let alternative = alternative(to: canonical, slots: slots) {
            templates.append(alternative.template)
            alternativeFamily = alternative.family
        }
        let attributes = zip(slots, typeNames).map { slot, type in
            RelationSchema.Attribute(name: slot.name, typeName: type, primitive: type == "number" ? .number : .symbol)
        }
        // Authors usually declare the subject first, but not always ("sibling(person, sibling)").
        let declared = random.chance(0.8) ? attributes : attributes.reversed()
        guard let name = relationName(phrase.nameWords, avoiding: names) else { return nil }
        let relation = RelationSchema(name: name, attributes: declared, phrases: templates)
        let grammar = QuestionGrammar(schema: ParserSchema(relations: [relation], entityTypes: [:]), personTypes: [])
        guard grammar.frames[name]?.first.map({ $0 != nil }) == true else { return nil }
        if let numberIndex = canonical.signature.firstIndex(of: .number) { numberNames.insert(slots[numberIndex].name) }
        statesAges = statesAges || statesAge
        statesAgeBands = statesAgeBands || canonical == .ageBand || alternativeFamily == .ageBand
        return RelationSchema(name: name, attributes: declared, phrases: zip(templates, grammar.frames[name] ?? []).compactMap { $1 == nil ? nil : $0 })
    }

    /// The canonical template was written with an empty number slot name; the name is chosen after the words.
    private static func renaming(_ phrase: TemplateFamily.Phrase, slot: Int, to name: String) -> TemplateFamily.Phrase {
        var result = phrase
        result.template = phrase.template.replacingOccurrences(of: "{}", with: "{\(name)}")
        return result
    }

    /// Another family with the same kinds of slot, filled in a possibly different order.
    private mutating func alternative(to canonical: TemplateFamily, slots: [TemplateFamily.Slot]) -> (template: String, family: TemplateFamily)? {
        let kinds = canonical.signature
        let families = TemplateFamily.allCases.filter { family in
            // Only an age relation may say it with an age template, or two relations would read alike.
            family != canonical && family.signature.count == kinds.count
                && (TemplateFamily.ageFamilies.contains(canonical) || !TemplateFamily.ageFamilies.contains(family))
                && (family != .ageBand || !statesAges)
                && family.signature.filter({ $0 == .number }).count == kinds.filter({ $0 == .number }).count
        }
        for _ in 0..<6 {
            guard !families.isEmpty else { return nil }
            let family = families[random.weighted(families.map(\.weight))]
            // Entity slots may swap places; the number slot goes wherever the family puts its number.
            var entities = slots.indices.filter { kinds[$0] == .entity }
            if random.chance(0.5) { entities.reverse() }
            let number = slots.indices.first { kinds[$0] == .number }
            var order: [Int] = []
            for kind in family.signature {
                if kind == .number, let number { order.append(number) } else if !entities.isEmpty { order.append(entities.removeFirst()) }
            }
            let ordered = order.map { slots[$0] }
            guard family.personSlots.allSatisfy({ ordered[$0].isPerson }) else { continue }
            return (family.phrase(ordered, words: &words, random: &random).template, family)
        }
        return nil
    }

    private mutating func attributeName(for type: DeclaredType, symbolTyped: Bool, avoiding used: inout Set<String>) -> String {
        for _ in 0..<8 {
            // A plain `symbol` attribute's name is all that says whether it holds people, so it is a real noun.
            let pool = type.isPerson ? words.lexicon.personNouns : words.lexicon.thingNouns
            let candidate: String
            switch random.index(10) {
            case 0..<5 where !symbolTyped:
                candidate = type.noun.singular.replacingOccurrences(of: " ", with: "_")
            case 8..<10 where !symbolTyped:
                candidate = words.pseudoWord(&random, syllables: 1...2)
            default:
                candidate = random.element(pool).singular.replacingOccurrences(of: " ", with: "_")
            }
            if used.insert(candidate).inserted { return candidate }
        }
        let fallback = words.pseudoWord(&random, syllables: 2...2)
        used.insert(fallback)
        return fallback
    }

    /// A snake_case name from the template's key words ("can_enrol", "number_of_children"), or now and then
    /// an arbitrary one, as authors also choose.
    private mutating func relationName(_ keyWords: [String], avoiding names: Set<String>) -> String? {
        var candidates: [String] = []
        if random.chance(0.85) { candidates.append(keyWords.joined(separator: "_").replacingOccurrences(of: " ", with: "_")) }
        if let last = keyWords.last(where: { !SyntheticVocabulary.structuralWords.contains($0) }) {
            candidates.append(last.replacingOccurrences(of: " ", with: "_"))
        }
        for _ in 0..<3 {
            candidates.append(random.chance(0.5) ? words.pseudoWord(&random, syllables: 1...2) : words.noun(&random, person: false).singular.replacingOccurrences(of: " ", with: "_"))
        }
        return candidates.first { !$0.isEmpty && !names.contains($0) }
    }
}
