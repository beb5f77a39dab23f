import Syntax

/// The closed lists of English words the accounting of a reading relies on. Each list is small on purpose: a word on
/// none of them must be placed in the query by its meaning (a relation, a type, a name), or the question is not
/// answered. Adding a word here lets it pass unread, so a word that can change what a question asks never belongs.
enum ClosedWordLists {
    /// Words that carry no content a query could miss: articles, auxiliaries, prepositions, the speaker and the
    /// listener, and the politeness around a question ("Could you please tell me …").
    static let functionWords: Set<String> = [
        "a", "an", "the", "this", "these", "those", "'s", "it", "its",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "has", "have", "had",
        "can", "could", "may", "might", "must", "shall", "should", "will", "would",
        "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "about", "as", "and",
        "i", "me", "my", "you", "your", "we", "us", "our",
        "please", "kindly", "tell", "show", "list", "give", "name", "let", "know", "find", "out", "want", "like",
        "wonder", "wondering", "see", "check", "ask", "hi", "hello", "thanks", "thank", "currently", "now",
        "also", "actually", "really", "there", "true", "that", "if",
        "through", "via", "during", "within", "between", "among", "across", "behind", "near", "around", "against",
        "toward", "towards", "upon", "per", "inside", "outside", "onto", "along",
    ]

    /// Words that stand for the asked variable.
    static let questionWords: Set<String> = ["who", "whom", "whose", "what", "which", "where", "when", "how"]

    /// Words that stand for a variable of an existence question or for an argument left open.
    static let indefiniteWords: Set<String> = [
        "anyone", "anybody", "anything", "someone", "somebody", "something", "any", "some", "one", "ones",
    ]

    /// Nouns that say only that the asked thing is a person or a thing, which every reading's asked slot is.
    static let genericNouns: Set<String> = [
        "person", "people", "persons", "thing", "things", "individual", "individuals", "everyone", "everybody", "all", "every", "each",
    ]

    /// "How old", "how tall": the adjective asks for a number of the dimension its comparative compares.
    static let measureAdjectives: [String: String] = [
        "old": "older", "young": "younger", "tall": "taller", "heavy": "heavier", "long": "longer", "late": "later", "early": "earlier",
    ]

    static let negationWords: Set<String> = ["not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without", "cannot"]

    /// Words that ask for a count.
    static let countWords: Set<String> = ["many", "number", "count", "total"]

    /// Words that ask why.
    static let explanationWords: Set<String> = ["why", "reason", "explain"]

    /// Comparative words and the direction they compare in when they stand alone before a number ("over 40").
    static let greaterWords: Set<String> = [
        "more", "over", "above", "greater", "higher", "older", "bigger", "larger", "later", "after", "exceed", "exceeds",
        "exceeding", "beyond", "longer", "heavier", "taller",
    ]
    static let lessWords: Set<String> = [
        "less", "fewer", "under", "below", "lower", "younger", "smaller", "earlier", "before", "shorter", "lighter",
    ]

    /// Comparatives that compare along one dimension: the compared relation must be about it ("older than 40" is
    /// a question about age, never about a grade).
    static let dimensions: [String: Set<String>] = [
        "older": ["old", "young", "age", "year", "born", "birth"],
        "younger": ["old", "young", "age", "year", "born", "birth"],
        "taller": ["tall", "height", "short", "high"],
        "shorter": ["tall", "height", "short", "long", "length"],
        "heavier": ["heavy", "weight", "weigh", "light"],
        "lighter": ["heavy", "weight", "weigh", "light"],
        "longer": ["long", "length", "duration", "time", "day", "hour", "minute"],
        "earlier": ["year", "date", "time", "day", "early", "late", "born"],
        "later": ["year", "date", "time", "day", "early", "late", "born"],
    ]

    /// Words that open a relative clause when they follow a noun ("a course that Kim teaches").
    static let relativeWords: Set<String> = ["who", "whom", "whose", "which", "that", "where"]

    /// Words after which "who", "which" or "that" opens the question itself, not a clause about a noun: "Tell me who
    /// …", "Is it true that …", "Is there anyone who …", "Which people who …" (the asked thing restricted).
    static let clauseOpeners: Set<String> = [
        "tell", "me", "us", "know", "wonder", "wondering", "show", "list", "ask", "find", "out", "see", "check", "true",
        "sure", "think", "say", "mean", "believe", "is", "are", "was", "were", "and", "or", "but", "anyone", "anybody",
        "someone", "somebody", "everyone", "everybody", "people", "person", "persons", "one", "ones", "those", "all", "them",
    ]

    /// Words ending in "est" that are not superlatives.
    static let notSuperlatives: Set<String> = [
        "interest", "interested", "request", "forest", "honest", "modest", "suggest", "contest", "harvest", "manifest",
        "protest", "digest", "conquest", "inquest", "arrest", "invest", "guest", "quest", "rest", "test", "west",
        "chest", "nest", "pest", "vest", "zest", "crest", "priest", "earnest", "behest", "tempest",
        "attest", "detest", "divest", "infest", "ingest", "molest", "pretest", "retest", "bequest",
    ]

    /// Superlatives not made with "-est".
    static let irregularSuperlatives: Set<String> = ["most", "least", "fewest", "best", "worst"]

    /// Titles that make the next word a name: "Dr Okafor", "Prof. Lindqvist".
    static let titles: Set<String> = ["dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame", "saint", "st"]

    /// Whether a word reads as a superlative: "oldest", "highest", "most".
    static func isSuperlative(_ word: String) -> Bool {
        if irregularSuperlatives.contains(word) { return true }
        return word.count >= 6 && word.hasSuffix("est") && word.allSatisfy(\.isLetter) && !notSuperlatives.contains(word)
    }
}
