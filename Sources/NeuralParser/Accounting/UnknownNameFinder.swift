import Foundation

/// Finds what a question writes as a name but the knowledge does not hold: a capitalised word, a quoted phrase, a
/// code ("CS999", "B-17") or a titled name ("Dr Zhivago") that the entity linker did not link. Such a question is
/// about something Lemma knows nothing of, so its honest reply names it instead of answering a closed-world "no"
/// or dropping the name.
struct UnknownNameFinder: Sendable {
    /// Stems of every word of the schema's English, which a capitalised word may be ("Is Ann a Student?").
    let schemaWords: Set<String>

    /// Common English content words, so that a capitalised first word ("Students of …") is not taken for a name.
    private static let englishWords: Set<String> = {
        let lexicon = Lexicon.full
        var words = Set<String>()
        for noun in lexicon.personNouns + lexicon.thingNouns { words.insert(noun.singular); words.insert(noun.plural) }
        for adjective in lexicon.adjectives { words.insert(adjective.word) }
        for verb in lexicon.verbs { words.formUnion(verb.forms + [verb.ing]) }
        return words
    }()

    /// The unknown names, as typed, in the order they occur.
    func unknownNames(tokens: [Token], mentions: [Mention], sentence: String) -> [String] {
        unknownNameSpans(tokens: tokens, mentions: mentions, sentence: sentence).map(\.text)
    }

    /// The unknown names with the tokens they cover; a quoted phrase that is not made of whole tokens has none.
    func unknownNameSpans(tokens: [Token], mentions: [Mention], sentence: String) -> [(text: String, tokens: Range<Int>?)] {
        var linked = [Bool](repeating: false, count: tokens.count)
        for mention in mentions { for index in mention.tokenRange { linked[index] = true } }
        var names: [(text: String, tokens: Range<Int>?)] = []
        var run: [Int] = []
        func closeRun() {
            if let first = run.first, let last = run.last { names.append((run.map { tokens[$0].surface }.joined(separator: " "), first..<(last + 1))) }
            run = []
        }
        for index in tokens.indices {
            if linked[index] || !isNameLike(index, tokens: tokens) {
                closeRun()
            } else {
                run.append(index)
            }
        }
        closeRun()
        for quoted in Self.quotedPhrases(in: sentence) where !names.contains(where: { $0.text == quoted }) {
            let covered = tokens.indices.contains { linked[$0] && quoted.localizedCaseInsensitiveContains(tokens[$0].surface) }
            if !covered { names.append((quoted, nil)) }
        }
        return names
    }

    private func isNameLike(_ index: Int, tokens: [Token]) -> Bool {
        let token = tokens[index]
        let text = token.text
        guard ReadingAccountant.isWord(text), !token.isNumber else { return false }
        if index > 0, ClosedWordLists.titles.contains(tokens[index - 1].text) { return true }
        if ClosedWordLists.titles.contains(text), index + 1 < tokens.count, tokens[index + 1].text.first?.isLetter == true { return true }
        if text.contains(where: \.isLetter), text.contains(where: \.isNumber) {
            // A code starts with a letter or has capitals ("CS999", "B-17", "3B"); "20-credit" is a number and a word.
            return !Self.isOrdinal(text) && (text.first!.isLetter || token.surface.contains(where: \.isUppercase))
        }
        guard token.surface.first?.isUppercase == true, text != "i" else { return false }
        // A short word all in capitals is an abbreviation ("ID", "GPA") more often than a name.
        if token.surface.count <= 3, token.surface.allSatisfy(\.isUppercase) { return false }
        let known = Vocabulary.isFunctionWord(text) || ClosedWordLists.functionWords.contains(text) || ClosedWordLists.questionWords.contains(text)
            || ClosedWordLists.negationWords.contains(text) || ClosedWordLists.indefiniteWords.contains(text)
            || ClosedWordLists.genericNouns.contains(text) || schemaWords.contains(Tokenizer.stem(text))
        if known { return false }
        return index > 0 || !Self.englishWords.contains(text)
    }

    /// "1st", "3rd", "20th", "1990s".
    private static func isOrdinal(_ text: String) -> Bool {
        let digits = text.prefix { $0.isNumber }
        return !digits.isEmpty && ["st", "nd", "rd", "th", "s"].contains(String(text.dropFirst(digits.count)))
    }

    /// Phrases between double quotes (straight or curly) or between single quotes that open and close on word
    /// boundaries, so apostrophes inside words are not taken for quotes.
    static func quotedPhrases(in sentence: String) -> [String] {
        var phrases: [String] = []
        let characters = Array(sentence)
        var open: (index: Int, quote: Character)?
        for (index, character) in characters.enumerated() {
            if let current = open {
                let closes = Self.closing(of: current.quote).contains(character)
                    && (index + 1 == characters.count || !characters[index + 1].isLetter)
                if closes {
                    let phrase = String(characters[(current.index + 1)..<index]).trimmingCharacters(in: .whitespaces)
                    if !phrase.isEmpty { phrases.append(phrase) }
                    open = nil
                }
            } else if "\"“‘'".contains(character), index == 0 || !characters[index - 1].isLetter {
                open = (index, character)
            }
        }
        return phrases
    }

    private static func closing(of quote: Character) -> Set<Character> {
        switch quote {
        case "“": return ["”", "\""]
        case "‘": return ["’", "'"]
        case "'": return ["'", "’"]
        default: return ["\"", "”"]
        }
    }
}
