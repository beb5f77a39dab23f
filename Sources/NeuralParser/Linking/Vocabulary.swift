/// Words whose meaning is grammatical rather than a name or a relation, as the tokenizer writes them.
enum Vocabulary {
    /// Never linked to a stored name, even when one is spelled the same: a knowledge base with a person called
    /// "Will" or a role called "who" must not turn every question into a question about them.
    static let functionWords: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "'s",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "has", "have", "had",
        "can", "could", "may", "might", "must", "shall", "should", "will", "would",
        "who", "whom", "whose", "what", "which", "where", "when", "why", "how",
        "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "about", "than", "as", "over", "under",
        "and", "or", "but", "not", "no", "nor", "if", "then", "so", "also", "too", "only", "just", "ever", "still",
        "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "hers", "it", "its",
        "we", "us", "our", "they", "them", "their", "theirs",
        "there", "here", "any", "anyone", "anybody", "anything", "some", "someone", "somebody", "something",
        "all", "every", "everyone", "everybody", "each", "none", "nobody", "nothing",
        "many", "much", "more", "most", "less", "least", "one", "ones", "other", "others", "else", "own",
        "yes", "please", "tell", "show", "list", "give", "name", "names", "let", "know",
    ]

    /// Function words that still say which relation is meant: "can" in "Which courses can Alice enrol in?" picks
    /// `can_enrol` over `enrolled`, "may" picks `may_enter` over `permitted`.
    static let modalWords: Set<String> = ["can", "could", "may", "might", "must", "shall", "should"]

    /// Words that are no evidence for any relation. Negation is not among the evidence either: the parser marks it
    /// on the interpretation, and counting "not" would favour every relation whose English happens to contain it.
    static let neutralWords: Set<String> = functionWords.subtracting(modalWords)

    static func isFunctionWord(_ text: String) -> Bool {
        functionWords.contains(text)
    }
}
