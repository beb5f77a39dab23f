/// Where a synthetic vocabulary gets its words: the real words of its split's half of the lexicon, and invented
/// pronounceable ones ("florp", "zanberry") that hash to the same split. Invented words keep the network from
/// leaning on what words mean; real ones keep the English realistic. Every word handed out is remembered, so no
/// two types, relations or names of one vocabulary collide.
struct WordSource {
    let lexicon: Lexicon
    let split: VocabularySplit
    private(set) var used: Set<String> = []

    /// The lexicon halves, computed once: restricting the full lexicon is too slow to repeat per vocabulary.
    static let training = Lexicon.full.restricted(to: .training)
    static let heldOut = Lexicon.full.restricted(to: .heldOut)
    private static let realForms = Lexicon.full.allForms

    init(split: VocabularySplit) {
        self.split = split
        lexicon = split == .training ? Self.training : Self.heldOut
    }

    private static let onsets = ["b", "br", "bl", "d", "dr", "f", "fl", "fr", "g", "gl", "gr", "k", "kl", "kr", "l", "m", "n", "p", "pl", "pr", "r", "s", "sk", "sl", "sn", "sp", "st", "t", "tr", "v", "z", "ch", "sh", "th", "w", "j", "h"]
    private static let vowels = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "oo", "ou", "ei"]
    private static let codas = ["", "", "", "n", "r", "l", "m", "p", "k", "t", "nd", "rk", "rp", "nt", "mp", "rt", "lk"]

    /// Marks a word as taken; false if it already was.
    mutating func claim(_ word: String) -> Bool {
        used.insert(word.lowercased()).inserted
    }

    /// An invented word of the split, unused so far, that no rule of English would read as an inflected form:
    /// it ends in neither "s", "ed", "en", "ing" nor "ly", so the grammar never mistakes it for a verb form.
    mutating func pseudoWord(_ random: inout SeededRandom, syllables: ClosedRange<Int> = 1...3) -> String {
        while true {
            let count = syllables.lowerBound + random.index(syllables.count)
            var word = ""
            for index in 0..<count {
                word += random.element(Self.onsets) + random.element(Self.vowels)
                if index == count - 1 || random.chance(0.3) { word += random.element(Self.codas) }
            }
            if random.chance(0.15) { word += random.element(["berry", "ix", "ola", "ex", "ium", "ard", "ine", "ump"]) }
            guard word.count >= 4, word.count <= 11,
                  !["s", "ed", "en", "ing", "ly", "y", "e"].contains(where: { word.hasSuffix($0) }),
                  VocabularySplit.of(word) == split, !Self.realForms.contains(word), claim(word) else { continue }
            return word
        }
    }

    /// An invented adjective: a pseudo-word with an adjective ending ("florpish", "zantic").
    mutating func pseudoAdjective(_ random: inout SeededRandom) -> String {
        while true {
            let stem = pseudoWord(&random, syllables: 1...2)
            let word = stem + random.element(["ish", "ous", "al", "ic", "ive", "ent", "ar"])
            if VocabularySplit.of(word) == split, !Self.realForms.contains(word), claim(word) { return word }
        }
    }

    /// An invented regular verb whose inflections the grammar reads back to the same base.
    mutating func pseudoVerb(_ random: inout SeededRandom, _ kind: VerbKind) -> Lexicon.Verb {
        while true {
            let base = pseudoWord(&random, syllables: 1...2)
            // A consonant ending keeps the inflections plain English spelling: "florps", "florped".
            guard let last = base.last, "bdfgklmnprt".contains(last) else { continue }
            let third = Morphology.regularThird(base)
            let past = Morphology.regularPast(base)
            guard Morphology.base(ofThird: third) == base, Morphology.base(ofPast: past) == base else { continue }
            let preposition = kind == .prepositional ? random.element(["to", "in", "on", "for", "with", "from", "at"]) : nil
            return Lexicon.Verb(base: base, third: third, past: past, participle: past, ing: Morphology.ing(base), isTransitive: kind != .prepositional,
                                isDative: kind == .dative, isIntransitive: kind == .intransitive, preposition: preposition)
        }
    }

    mutating func pseudoNoun(_ random: inout SeededRandom, person: Bool) -> Lexicon.Noun {
        let word = pseudoWord(&random)
        return Lexicon.Noun(singular: word, plural: Morphology.regularPlural(word), isPerson: person)
    }

    /// An unused element, or nil after a few tries when the pool is nearly exhausted.
    mutating func fresh<T>(_ pool: [T], _ random: inout SeededRandom, key: (T) -> String) -> T? {
        guard !pool.isEmpty else { return nil }
        for _ in 0..<12 {
            let candidate = random.element(pool)
            if claim(key(candidate)) { return candidate }
        }
        return nil
    }

    /// A noun of the split: real most of the time, invented otherwise.
    mutating func noun(_ random: inout SeededRandom, person: Bool, pseudoChance: Double = 0.3) -> Lexicon.Noun {
        if !random.chance(pseudoChance), let noun = fresh(person ? lexicon.personNouns : lexicon.thingNouns, &random, key: \.singular) {
            return noun
        }
        return pseudoNoun(&random, person: person)
    }

    mutating func adjective(_ random: inout SeededRandom, withPreposition: Bool, pseudoChance: Double = 0.3) -> Lexicon.Adjective {
        let pool = lexicon.adjectives.filter { ($0.preposition != nil) == withPreposition }
        if !random.chance(pseudoChance), let adjective = fresh(pool, &random, key: { $0.word + ":" + ($0.preposition ?? "") }) {
            return adjective
        }
        let preposition = withPreposition ? random.element(["to", "for", "with", "of", "on"]) : nil
        return Lexicon.Adjective(word: pseudoAdjective(&random), preposition: preposition)
    }

    enum VerbKind {
        /// "{x} teaches {y}"
        case transitive
        /// "{x} prescribed {y} to {z}"
        case dative
        /// "{x} smokes"
        case intransitive
        /// "{x} depends on {y}"
        case prepositional
    }

    /// A verb of the kind, real most of the time, invented otherwise.
    mutating func verb(_ random: inout SeededRandom, _ kind: VerbKind, pseudoChance: Double = 0.3) -> Lexicon.Verb {
        let pool = lexicon.verbs.filter { verb in
            switch kind {
            case .transitive: return verb.isTransitive
            case .dative: return verb.isDative
            case .intransitive: return verb.isIntransitive
            case .prepositional: return verb.preposition != nil
            }
        }
        if !random.chance(pseudoChance), let verb = fresh(pool, &random, key: \.base) {
            return verb
        }
        return pseudoVerb(&random, kind)
    }
}
