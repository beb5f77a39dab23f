import Verbalizer

/// The inflections the question grammar produces ("teaches" to "teach", "course" to "courses") and the spelling
/// rules synthetic words are inflected by. The lexicon is consulted first because rules alone cannot tell
/// "completed" (complete) from "visited" (visit); the rules cover knowledge-base words the lexicon lacks and the
/// invented words, which are only kept when the rules read their own inflections back correctly.
enum Morphology {
    static func isVowel(_ character: Character) -> Bool { "aeiou".contains(character) }

    static func regularPlural(_ noun: String) -> String {
        if noun.hasSuffix("y"), let before = noun.dropLast().last, !isVowel(before) { return noun.dropLast() + "ies" }
        if ["s", "x", "z", "ch", "sh"].contains(where: { noun.hasSuffix($0) }) { return noun + "es" }
        return noun + "s"
    }

    /// The plural of a noun phrase: its head (the last word, or the word before "of") takes the plural.
    static func plural(_ phrase: String) -> String {
        var words = phrase.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return phrase }
        let head = words.firstIndex(of: "of").map { max($0 - 1, 0) } ?? words.count - 1
        let word = words[head]
        if let known = Lexicon.pluralOfSingular[word] {
            words[head] = known
        } else if let known = Lexicon.pluralOfSingular[word.lowercased()] {
            words[head] = known.prefix(1).uppercased() + known.dropFirst()
        } else {
            words[head] = regularPlural(word)
        }
        return words.joined(separator: " ")
    }

    /// The singular of a plural noun ("siblings", "children"), for templates that only state the plural.
    static func singular(_ noun: String) -> String {
        if let known = Lexicon.singularOfPlural[noun] { return known }
        if noun.hasSuffix("ies"), noun.count > 4 { return noun.dropLast(3) + "y" }
        for ending in ["sses", "shes", "ches", "xes", "zes"] where noun.hasSuffix(ending) { return String(noun.dropLast(2)) }
        if noun.hasSuffix("s"), !noun.hasSuffix("ss") { return String(noun.dropLast()) }
        return noun
    }

    static func regularThird(_ base: String) -> String {
        switch base {
        case "be": return "is"
        case "have": return "has"
        default: break
        }
        if base.hasSuffix("y"), let before = base.dropLast().last, !isVowel(before) { return base.dropLast() + "ies" }
        if ["s", "x", "z", "ch", "sh", "o"].contains(where: { base.hasSuffix($0) }) { return base + "es" }
        return base + "s"
    }

    static func regularPast(_ base: String, doubling: Bool = false) -> String {
        if base.hasSuffix("e") { return base + "d" }
        if base.hasSuffix("y"), let before = base.dropLast().last, !isVowel(before) { return base.dropLast() + "ied" }
        if doubling, let last = base.last { return base + String(last) + "ed" }
        return base + "ed"
    }

    static func ing(_ base: String, doubling: Bool = false) -> String {
        if base.hasSuffix("ie") { return base.dropLast(2) + "ying" }
        if base.hasSuffix("e"), !base.hasSuffix("ee"), !base.hasSuffix("ye"), !base.hasSuffix("oe"), base.count > 2 { return base.dropLast() + "ing" }
        if doubling, let last = base.last { return base + String(last) + "ing" }
        return base + "ing"
    }

    /// The base of a third-person singular verb: "teaches" to "teach", "carries" to "carry".
    static func base(ofThird verb: String) -> String {
        switch verb {
        case "is", "are": return "be"
        case "has": return "have"
        case "does": return "do"
        case "goes": return "go"
        default: break
        }
        if let known = Lexicon.baseOfForm[verb], regularThird(known) == verb { return known }
        if verb.hasSuffix("ies"), verb.count > 4 { return verb.dropLast(3) + "y" }
        for ending in ["sses", "shes", "ches", "xes", "zzes", "oes"] where verb.hasSuffix(ending) { return String(verb.dropLast(2)) }
        if verb.hasSuffix("s"), !verb.hasSuffix("ss") { return String(verb.dropLast()) }
        return verb
    }

    /// The base of a simple past verb: "prescribed" to "prescribe", "got" to "get".
    static func base(ofPast verb: String) -> String {
        if let known = Lexicon.baseOfForm[verb] { return known }
        guard verb.hasSuffix("ed"), verb.count > 3 else { return verb }
        if verb.hasSuffix("ied") { return verb.dropLast(3) + "y" }
        let stem = Array(verb.dropLast(2))
        if stem.count >= 2, stem[stem.count - 1] == stem[stem.count - 2], !"lsfz".contains(stem[stem.count - 1]) {
            return String(stem.dropLast())
        }
        if stem.count >= 3, "bcgkvz".contains(stem[stem.count - 1]), isVowel(stem[stem.count - 2]), !isVowel(stem[stem.count - 3]) {
            return String(stem) + "e"
        }
        if let last = stem.last, "uv".contains(last) { return String(stem) + "e" }
        if stem.count >= 2, stem[stem.count - 1] == "s", isVowel(stem[stem.count - 2]) { return String(stem) + "e" }
        return String(stem)
    }

    /// Whether a word after "has" makes a perfect ("has completed") rather than naming what is had.
    static func isParticiple(_ word: String) -> Bool {
        Lexicon.participles.contains(word) || (word.hasSuffix("ed") && word.count > 3) || word.hasSuffix("en") && Lexicon.baseOfForm[word] != nil
    }

    /// Whether a word is a simple past verb: "got", "passed", "prescribed".
    static func isPast(_ word: String) -> Bool {
        Lexicon.pastForms.contains(word) || (word.hasSuffix("ed") && word.count > 3)
    }

    /// Whether a word can be a third-person singular verb: "teaches", "holds".
    static func isThirdPerson(_ word: String) -> Bool {
        word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("'s") && word.count > 2
    }

    static func article(before phrase: String) -> String {
        English.indefiniteArticle(before: String(phrase.split(separator: " ").first ?? ""))
    }

    static func possessive(_ name: String) -> String {
        name + "'s"
    }

    /// An identifier as lowercase words: `DrugClass` is "drug class", `min_age` is "min age".
    static func words(of identifier: String) -> String {
        English.words(identifier).lowercased()
    }
}
