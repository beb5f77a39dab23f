/// The small amount of English morphology the verbalizer needs: plurals, verb agreement, articles and lists.
/// Irregular forms are listed; everything else follows the regular spelling rules, which covers the vocabulary
/// knowledge bases use for relation and attribute names.
public enum English {
    static let irregularPlurals: [String: String] = [
        "child": "children", "person": "people", "man": "men", "woman": "women", "mouse": "mice",
        "foot": "feet", "tooth": "teeth", "goose": "geese", "ox": "oxen", "datum": "data", "criterion": "criteria",
        "analysis": "analyses", "diagnosis": "diagnoses", "thesis": "theses", "index": "indices", "staff": "staff",
        "sheep": "sheep", "fish": "fish", "series": "series", "species": "species", "life": "lives", "wife": "wives",
        "knife": "knives", "leaf": "leaves", "half": "halves", "shelf": "shelves", "wolf": "wolves", "calf": "calves",
    ]

    /// The plural of a noun phrase: its head noun (the last word, or the word before "of") is pluralized.
    public static func plural(_ phrase: String) -> String {
        var words = phrase.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return phrase }
        let head = words.firstIndex(of: "of").map { max($0 - 1, 0) } ?? words.count - 1
        words[head] = pluralNoun(words[head])
        return words.joined(separator: " ")
    }

    static func pluralNoun(_ noun: String) -> String {
        let lower = noun.lowercased()
        if let irregular = irregularPlurals[lower] { return matchCase(irregular, like: noun) }
        for (singular, plural) in irregularPlurals where lower.hasSuffix(singular) && lower.count > singular.count && ["child", "person", "man", "woman"].contains(singular) {
            return String(noun.dropLast(singular.count)) + plural
        }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !isVowel(before) { return noun.dropLast() + "ies" }
        if ["s", "x", "z", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) { return noun + "es" }
        return noun + "s"
    }

    private static func matchCase(_ word: String, like model: String) -> String {
        guard let first = model.first, first.isUppercase else { return word }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    static func isVowel(_ character: Character) -> Bool { "aeiou".contains(character) }

    /// "a" or "an" for the word that follows, by its sound where the spelling misleads.
    public static func indefiniteArticle(before word: String) -> String {
        let lower = word.lowercased()
        guard let first = lower.first else { return "a" }
        if first.isNumber {
            // Said aloud: "an 8", "an 11", "an 18", "an 80", "an 11,000"; every other number starts with a consonant sound.
            let digits = lower.prefix { $0.isNumber }
            return digits.hasPrefix("8") || ((digits.hasPrefix("11") || digits.hasPrefix("18")) && digits.count % 3 == 2) ? "an" : "a"
        }
        for prefix in ["hour", "honest", "honour", "honor", "heir"] where lower.hasPrefix(prefix) { return "an" }
        for prefix in ["uni", "use", "usu", "uti", "ure", "one", "once", "eu", "ewe"] where lower.hasPrefix(prefix) { return "a" }
        if word.count > 1, word.allSatisfy({ $0.isUppercase || $0.isNumber }) {
            return "AEFHILMNORSX".contains(word.first!) ? "an" : "a"
        }
        return isVowel(first) ? "an" : "a"
    }

    /// "Ann", "Ann and Bob", "Ann, Bob, and Eve".
    public static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) \(conjunction) \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", \(conjunction) " + items.last!
        }
    }

    /// "Mateo's", "Iris's": the possessive of a name.
    public static func possessive(_ name: String) -> String {
        name + "'s"
    }

    public static func capitalized(_ sentence: String) -> String {
        guard let first = sentence.first, first.isLowercase else { return sentence }
        return first.uppercased() + sentence.dropFirst()
    }

    /// An attribute or relation name as words: `min_age` becomes "min age", `numberOfChildren` "number of children".
    public static func words(_ identifier: String) -> String {
        var result = ""
        for character in identifier {
            if character == "_" || character == "-" {
                result.append(" ")
            } else if character.isUppercase, let last = result.last, last.isLowercase {
                result.append(" ")
                result.append(Character(character.lowercased()))
            } else {
                result.append(character)
            }
        }
        return result.split(separator: " ").joined(separator: " ")
    }

    /// "2 patients", "1 patient", "no patient".
    public static func counted(_ count: Int, _ noun: String) -> String {
        switch count {
        case 0: return "no \(noun)"
        case 1: return "1 \(noun)"
        default: return "\(count) \(plural(noun))"
        }
    }

    // MARK: verbs

    static let beForms: Set<String> = ["is", "are", "was", "were"]
    static let haveForms: Set<String> = ["has", "have", "had"]
    static let doForms: Set<String> = ["does", "do", "did"]
    static let modals: Set<String> = ["may", "can", "must", "will", "shall", "should", "would", "could", "might"]
    /// Past forms whose base cannot be found by removing "-ed".
    static let irregularPast: [String: String] = [
        "got": "get", "made": "make", "took": "take", "gave": "give", "wrote": "write", "saw": "see", "ran": "run",
        "came": "come", "went": "go", "said": "say", "bought": "buy", "sold": "sell", "paid": "pay", "told": "tell",
        "found": "find", "held": "hold", "kept": "keep", "left": "leave", "lost": "lose", "met": "meet", "sent": "send",
        "spent": "spend", "won": "win", "taught": "teach", "brought": "bring", "built": "build", "chose": "choose",
        "drove": "drive", "ate": "eat", "fell": "fall", "felt": "feel", "flew": "fly", "forgot": "forget", "grew": "grow",
        "knew": "know", "led": "lead", "lent": "lend", "read": "read", "rode": "ride", "rose": "rise", "shot": "shoot",
        "sat": "sit", "slept": "sleep", "spoke": "speak", "stood": "stand", "stole": "steal", "swam": "swim",
        "threw": "throw", "understood": "understand", "wore": "wear", "became": "become", "began": "begin", "bore": "bear",
        "born": "bear", "caught": "catch", "drew": "draw", "fought": "fight", "hid": "hide", "hit": "hit", "hurt": "hurt",
        "lay": "lie", "meant": "mean", "put": "put", "set": "set", "shut": "shut", "thought": "think", "woke": "wake",
    ]
    /// Past participles that differ from the simple past, for "is not known to have …".
    static let irregularParticiples: [String: String] = [
        "took": "taken", "gave": "given", "wrote": "written", "saw": "seen", "ran": "run", "came": "come", "went": "gone",
        "knew": "known", "grew": "grown", "flew": "flown", "ate": "eaten", "fell": "fallen", "drew": "drawn",
        "chose": "chosen", "drove": "driven", "rode": "ridden", "rose": "risen", "spoke": "spoken", "stole": "stolen",
        "swam": "swum", "threw": "thrown", "wore": "worn", "became": "become", "began": "begun", "forgot": "forgotten",
        "hid": "hidden", "woke": "woken",
    ]

    /// The base form of a third-person singular verb: "teaches" to "teach", "carries" to "carry", "holds" to "hold".
    static func baseOfPresent(_ verb: String) -> String {
        switch verb {
        case "is", "are": return "be"
        case "has": return "have"
        case "does": return "do"
        case "goes": return "go"
        default: break
        }
        if verb.hasSuffix("ies"), verb.count > 4 { return verb.dropLast(3) + "y" }
        for ending in ["sses", "shes", "ches", "xes", "zzes", "oes"] where verb.hasSuffix(ending) { return String(verb.dropLast(2)) }
        if verb.hasSuffix("s"), !verb.hasSuffix("ss") { return String(verb.dropLast()) }
        return verb
    }

    /// The base form of a simple past verb: "prescribed" to "prescribe", "opened" to "open", "got" to "get".
    static func baseOfPast(_ verb: String) -> String {
        if let irregular = irregularPast[verb] { return irregular }
        guard verb.hasSuffix("ed"), verb.count > 3 else { return verb }
        if verb.hasSuffix("ied") { return verb.dropLast(3) + "y" }
        let stem = Array(verb.dropLast(2))
        if stem.count >= 2, stem[stem.count - 1] == stem[stem.count - 2], !"lsz".contains(stem[stem.count - 1]) {
            return String(stem.dropLast())
        }
        if stem.count >= 3, "bcgkvz".contains(stem[stem.count - 1]), isVowel(stem[stem.count - 2]), !isVowel(stem[stem.count - 3]) {
            return String(stem) + "e"
        }
        if let last = stem.last, "uv".contains(last) { return String(stem) + "e" }
        if stem.count >= 2, stem[stem.count - 1] == "s", isVowel(stem[stem.count - 2]) { return String(stem) + "e" }
        return String(stem)
    }

    static func pastParticiple(_ verb: String) -> String {
        irregularParticiples[verb] ?? verb
    }

    /// The plural agreement of a finite verb: "is" to "are", "teaches" to "teach"; modals and past forms stay.
    static func pluralOfPresent(_ verb: String) -> String {
        switch verb {
        case "is": return "are"
        case "was": return "were"
        case "has": return "have"
        case "does": return "do"
        default: return baseOfPresent(verb)
        }
    }
}
