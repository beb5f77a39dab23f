/// The shapes of `.phrase` template real knowledge authors write, each filled with fresh words. A relation gets
/// one family for its canonical template and usually a different one for its alternative, so the network sees
/// the same relation said two ways, as it will in real knowledge bases.
enum TemplateFamily: CaseIterable {
    // one entity
    case isA, adjective, intransitive, hasThing, ageBand, ofIsState, passive, modalIntransitive, placeVerb, hasNone
    // two entities
    case relational, relationalThe, adjectivePreposition, transitive, prepositionalVerb, past, perfect, passiveBy,
         passivePreposition, modal, modalPassive, hasLabel, ofIs, possessiveIs, conjoined, inLabel, labelledSubject,
         progressive, mustNot
    // an entity and a number
    case yearsOld, ageOf, hasCount, numberOf, perfectCount, progressiveCount, countParticiple, ofIsNumber
    // three arguments
    case pastWithPreposition, presentWithPreposition, ofInIs, scoredIn

    enum SlotKind: Equatable {
        case entity
        case number
    }

    /// The kinds of the slots in the order the template mentions them.
    var signature: [SlotKind] {
        switch self {
        case .isA, .adjective, .intransitive, .hasThing, .ageBand, .ofIsState, .passive, .modalIntransitive, .placeVerb, .hasNone:
            return [.entity]
        case .relational, .relationalThe, .adjectivePreposition, .transitive, .prepositionalVerb, .past, .perfect, .passiveBy,
             .passivePreposition, .modal, .modalPassive, .hasLabel, .ofIs, .possessiveIs, .conjoined, .inLabel, .labelledSubject,
             .progressive, .mustNot:
            return [.entity, .entity]
        case .yearsOld, .ageOf, .hasCount, .numberOf, .perfectCount, .progressiveCount, .countParticiple, .ofIsNumber:
            return [.entity, .number]
        case .pastWithPreposition, .presentWithPreposition, .ofInIs:
            return [.entity, .entity, .entity]
        case .scoredIn:
            return [.entity, .number, .entity]
        }
    }

    /// Families that state a person's age.
    static let ageFamilies: Set<TemplateFamily> = [.yearsOld, .ageOf]

    /// Slots (by template order) that must hold people for the English to make sense ("is 30 years old").
    var personSlots: [Int] {
        switch self {
        case .ageBand, .yearsOld, .ageOf: return [0]
        case .conjoined: return [0, 1]
        default: return []
        }
    }

    /// How often the family is drawn, roughly as often as authors write it.
    var weight: Double {
        switch self {
        case .isA, .adjective, .relational, .transitive, .prepositionalVerb, .adjectivePreposition, .passivePreposition: return 3
        case .hasNone, .mustNot, .ageBand, .placeVerb, .labelledSubject, .conjoined, .scoredIn, .ofInIs: return 0.7
        default: return 1.5
        }
    }

    /// A relation's slot: its `{name}` and the declared type or number it holds.
    struct Slot {
        var name: String
        var isPerson: Bool
        /// What one thing in the slot is called ("course"), for labels such as "the course {course}".
        var noun: Lexicon.Noun?
    }

    /// A filled template and the words a relation named after it would use ("can enrol" gives `can_enrol`).
    struct Phrase {
        var template: String
        var nameWords: [String]
        /// A name for the number slot that suits the template ("years", "children").
        var numberName: String?
    }

    func phrase(_ slots: [Slot], words: inout WordSource, random: inout SeededRandom) -> Phrase {
        let x = "{\(slots[0].name)}"
        let y = slots.count > 1 ? "{\(slots[1].name)}" : ""
        let z = slots.count > 2 ? "{\(slots[2].name)}" : ""
        func a(_ phrase: String) -> String { Morphology.article(before: phrase) + " " + phrase }
        func noun(person: Bool) -> Lexicon.Noun { words.noun(&random, person: person) }
        func modifier() -> String? { random.chance(0.2) ? words.adjective(&random, withPreposition: false).word : nil }
        switch self {
        case .isA:
            let head = noun(person: slots[0].isPerson)
            let phrase = ([modifier()].compactMap { $0 } + [head.singular]).joined(separator: " ")
            return Phrase(template: "\(x) is \(a(phrase))", nameWords: [head.singular])
        case .adjective:
            let adjective = words.adjective(&random, withPreposition: false).word
            return Phrase(template: "\(x) is \(adjective)", nameWords: [adjective])
        case .intransitive:
            let verb = words.verb(&random, .intransitive)
            return Phrase(template: "\(x) \(verb.third)", nameWords: [random.chance(0.5) ? verb.third : verb.base])
        case .hasThing:
            let thing = noun(person: false)
            if random.chance(0.5) {
                return Phrase(template: "\(x) has \(a(thing.singular))", nameWords: ["has", thing.singular])
            }
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) \(verb.third) \(a(thing.singular))", nameWords: [verb.base, thing.singular])
        case .ageBand:
            let age = random.element(["12", "16", "18", "21", "65", "70"])
            let band = random.element(["is under \(age)", "is \(age) or older", "is over \(age)"])
            return Phrase(template: "\(x) \(band)", nameWords: [noun(person: true).singular])
        case .ofIsState:
            let thing = noun(person: false)
            let state = random.chance(0.5) ? words.verb(&random, .transitive).participle : words.adjective(&random, withPreposition: false).word
            return Phrase(template: "the \(thing.singular) of \(x) is \(state)", nameWords: [state])
        case .passive:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) is \(verb.participle)", nameWords: [verb.participle])
        case .modalIntransitive:
            let verb = words.verb(&random, .intransitive)
            let modal = random.element(["can", "may"])
            return Phrase(template: "\(x) \(modal) \(verb.base)", nameWords: [modal, verb.base])
        case .placeVerb:
            let verb = words.verb(&random, .intransitive)
            let place = noun(person: false)
            let preposition = random.element(["at", "in", "for", "with"])
            return Phrase(template: "\(x) \(verb.third) \(preposition) the \(place.singular)", nameWords: [verb.base])
        case .hasNone:
            let thing = noun(person: random.chance(0.5))
            return Phrase(template: "\(x) has no \(thing.plural)", nameWords: [thing.singular + "less"])
        case .relational:
            let head = noun(person: slots[0].isPerson && slots[1].isPerson)
            let phrase = ([modifier()].compactMap { $0 } + [head.singular]).joined(separator: " ")
            return Phrase(template: "\(x) is \(a(phrase)) of \(y)", nameWords: random.chance(0.8) ? [head.singular] : [head.singular, "of"])
        case .relationalThe:
            let head = noun(person: slots[0].isPerson)
            let phrase = ([modifier()].compactMap { $0 } + [head.singular]).joined(separator: " ")
            return Phrase(template: "\(x) is the \(phrase) of \(y)", nameWords: phrase.split(separator: " ").map(String.init))
        case .adjectivePreposition:
            let adjective = words.adjective(&random, withPreposition: true)
            let preposition = adjective.preposition ?? "to"
            return Phrase(template: "\(x) is \(adjective.word) \(preposition) \(y)", nameWords: random.chance(0.7) ? [adjective.word] : [adjective.word, preposition])
        case .transitive:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) \(verb.third) \(y)", nameWords: [random.chance(0.6) ? verb.third : verb.base])
        case .prepositionalVerb:
            let verb = words.verb(&random, .prepositional)
            let preposition = verb.preposition ?? "to"
            return Phrase(template: "\(x) \(verb.third) \(preposition) \(y)", nameWords: random.chance(0.5) ? [verb.base, preposition] : [verb.third, preposition])
        case .past:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) \(verb.past) \(y)", nameWords: [verb.past])
        case .perfect:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) has \(verb.participle) \(y)", nameWords: random.chance(0.7) ? [verb.participle] : ["has", verb.participle])
        case .passiveBy:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) is \(verb.participle) by \(y)", nameWords: [verb.participle, "by"])
        case .passivePreposition:
            let verb = words.verb(&random, .dative)
            let preposition = random.element(["to", "to", "in", "with", "for", "at"])
            return Phrase(template: "\(x) is \(verb.participle) \(preposition) \(y)", nameWords: [verb.participle])
        case .modal:
            let modal = random.element(["can", "may", "must", "can"])
            if random.chance(0.5) {
                let verb = words.verb(&random, .prepositional)
                let preposition = verb.preposition ?? "to"
                return Phrase(template: "\(x) \(modal) \(verb.base) \(preposition) \(y)", nameWords: [modal, verb.base])
            }
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) \(modal) \(verb.base) \(y)", nameWords: [modal, verb.base])
        case .modalPassive:
            let modal = random.element(["may", "can"])
            let verb = words.verb(&random, .dative)
            return Phrase(template: "\(x) \(modal) be \(verb.participle) to \(y)", nameWords: [modal, verb.base])
        case .hasLabel:
            let label = slots[1].noun ?? noun(person: false)
            return Phrase(template: "\(x) has the \(label.singular) \(y)", nameWords: ["has", label.singular])
        case .ofIs:
            let head = noun(person: slots[1].isPerson)
            return Phrase(template: "the \(head.singular) of \(x) is \(y)", nameWords: [head.singular])
        case .possessiveIs:
            let head = noun(person: slots[1].isPerson)
            let phrase = ([modifier()].compactMap { $0 } + [head.singular]).joined(separator: " ")
            return Phrase(template: "\(x)'s \(phrase) is \(y)", nameWords: phrase.split(separator: " ").map(String.init))
        case .conjoined:
            let head = noun(person: true)
            return Phrase(template: "\(x) and \(y) are \(head.plural)", nameWords: [head.plural])
        case .inLabel:
            let label = slots[1].noun ?? noun(person: false)
            if random.chance(0.5) {
                return Phrase(template: "\(x) is in the \(label.singular) \(y)", nameWords: ["in", label.singular])
            }
            let verb = words.verb(&random, .prepositional)
            let preposition = verb.preposition ?? "to"
            return Phrase(template: "\(x) \(verb.third) \(preposition) the \(label.singular) \(y)", nameWords: [verb.base, preposition])
        case .labelledSubject:
            let verb = words.verb(&random, .transitive)
            let subject = slots[0].noun ?? noun(person: false)
            let object = slots[1].noun.map { "the \($0.singular) \(y)" } ?? y
            return Phrase(template: "the \(subject.singular) \(x) \(verb.third) \(object)", nameWords: [subject.singular, verb.third])
        case .progressive:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) is \(verb.ing) \(y)", nameWords: [verb.ing])
        case .mustNot:
            let verb = words.verb(&random, .transitive)
            return Phrase(template: "\(x) must not \(verb.base) \(y)", nameWords: ["not", verb.base])
        case .yearsOld:
            return Phrase(template: "\(x) is \(y) years old", nameWords: ["age"], numberName: random.element(["years", "age"]))
        case .ageOf:
            return Phrase(template: "the age of \(x) is \(y)", nameWords: ["age"], numberName: random.element(["years", "age"]))
        case .hasCount:
            let counted = noun(person: random.chance(0.5))
            return Phrase(template: "\(x) has \(y) \(counted.plural)", nameWords: ["number", "of", counted.plural], numberName: counted.plural)
        case .numberOf:
            let counted = noun(person: random.chance(0.5))
            return Phrase(template: "the number of \(counted.plural) of \(x) is \(y)", nameWords: ["number", "of", counted.plural], numberName: counted.plural)
        case .perfectCount:
            let verb = words.verb(&random, .transitive)
            let counted = noun(person: false)
            return Phrase(template: "\(x) has \(verb.participle) \(y) \(counted.plural)", nameWords: [counted.plural, verb.participle], numberName: counted.plural)
        case .progressiveCount:
            let verb = words.verb(&random, .transitive)
            let counted = noun(person: false)
            return Phrase(template: "\(x) is \(verb.ing) \(y) \(counted.plural)", nameWords: [counted.plural, verb.ing], numberName: counted.plural)
        case .countParticiple:
            let verb = words.verb(&random, .transitive)
            let counted = noun(person: random.chance(0.5))
            return Phrase(template: "\(x) has \(y) \(counted.plural) \(verb.participle)", nameWords: [counted.plural, verb.participle], numberName: counted.plural)
        case .ofIsNumber:
            let head = noun(person: false)
            return Phrase(template: "the \(head.singular) of \(x) is \(y)", nameWords: [head.singular], numberName: head.singular)
        case .pastWithPreposition:
            let verb = words.verb(&random, .dative)
            let preposition = random.chance(0.5) ? "to" : random.element(["in", "at", "for", "on", "from"])
            return Phrase(template: "\(x) \(verb.past) \(y) \(preposition) \(z)", nameWords: [verb.past])
        case .presentWithPreposition:
            let verb = words.verb(&random, .dative)
            let preposition = random.element(["to", "in", "at", "for", "on", "from", "with"])
            return Phrase(template: "\(x) \(verb.third) \(y) \(preposition) \(z)", nameWords: [verb.base])
        case .ofInIs:
            let head = noun(person: false)
            let preposition = random.element(["in", "at", "for", "on"])
            return Phrase(template: "the \(head.singular) of \(x) \(preposition) \(y) is \(z)", nameWords: [head.singular])
        case .scoredIn:
            let verb = words.verb(&random, .transitive)
            let counted = noun(person: false)
            let preposition = random.element(["in", "at", "for", "on"])
            return Phrase(template: "\(x) \(verb.past) \(y) \(counted.plural) \(preposition) \(z)", nameWords: [counted.plural, verb.past], numberName: counted.plural)
        }
    }
}
