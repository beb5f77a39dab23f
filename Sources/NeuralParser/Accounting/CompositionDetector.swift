/// Finds the shapes of English that join two or more relations through a thing the question does not ask for:
/// possessive chains ("the father of Noah's mother"), relative clauses ("a course that Kim teaches"), "both … and",
/// superlatives ("the oldest"), and comparisons of two named things ("older than Bob"). A reading is one relation,
/// or two sharing the asked variable, so any of these read as one relation would answer a part of the question.
struct CompositionDetector: Sendable {
    /// Stems of every word of the schema's English: a word of a relation's own template is never a marker.
    let schemaWords: Set<String>
    /// The words of the schema's relation names and templates as written ("best" of `best_grade`).
    let schemaSurfaceWords: Set<String>
    /// The stems each relation's name is made of, by relation.
    let relationNameWords: [String: Set<String>]

    /// Words before "of" that do not name a relation of their own ("the number of children of Elena").
    private static let quantityNouns: Set<String> = ["number", "count", "total", "name", "names", "list", "kind", "type", "sort", "lot", "one", "each", "all", "any", "some", "none", "both"]

    private static let auxiliaries: Set<String> = ["is", "are", "was", "were", "does", "do", "did", "has", "have", "had", "can", "will", "would"]

    /// Why the question needs relations joined, as a short English phrase, or nil.
    func reason(tokens: [Token], mentions: [Mention]) -> String? {
        var mentionAt = [Mention?](repeating: nil, count: tokens.count)
        for mention in mentions { for index in mention.tokenRange { mentionAt[index] = mention } }
        let words = tokens.map(\.text)
        func isContent(_ index: Int) -> Bool {
            words.indices.contains(index) && mentionAt[index] == nil && ReadingAccountant.isWord(words[index])
                && !ClosedWordLists.functionWords.contains(words[index]) && !Vocabulary.isFunctionWord(words[index])
        }
        func isName(_ index: Int) -> Bool {
            guard words.indices.contains(index), let mention = mentionAt[index], case .symbol = mention.value else { return false }
            return true
        }
        for (index, word) in words.enumerated() where mentionAt[index] == nil {
            if word == "the", isContent(index + 1), isName(index + 2), let next = mentionAt[index + 2].map({ $0.tokenRange.upperBound }),
               words.indices.contains(next), Self.auxiliaries.contains(words[next]) {
                return "a clause on '\(tokens[index + 1].surface)' ('\(tokens[index + 1].surface) \(tokens[index + 2].surface) \(tokens[next].surface) …')"
            }
            if ClosedWordLists.isSuperlative(word), !schemaSurfaceWords.contains(word),
               !(["most", "least"].contains(word) && index > 0 && words[index - 1] == "at") {
                return "a superlative ('\(tokens[index].surface)')"
            }
            if word == "both", words[(index + 1)...].prefix(5).contains("and") { return "'both … and'" }
            // "older than Bob", "as old as Bob"; "the same generation as Carlos" is a relation's own wording.
            let comparesTo = word == "than" || (word == "as" && words[max(0, index - 3)..<index].contains("as"))
            if comparesTo, isName(index + 1) || (words.indices.contains(index + 1) && words[index + 1] == "the" && isName(index + 2)) {
                return "a comparison of two named things"
            }
            if word == "same", !schemaSurfaceWords.contains(word) { return "a comparison of two things ('same')" }
            if ClosedWordLists.relativeWords.contains(word), index > 0, isContent(index - 1) || isName(index - 1),
               !ClosedWordLists.clauseOpeners.contains(words[index - 1]), !ClosedWordLists.questionWords.contains(words[index - 1]),
               !Self.isAskedNoun(index - 1, words: words) {
                return "a relative clause ('\(tokens[index - 1].surface) \(tokens[index].surface) …')"
            }
        }
        return possessiveChain(words: words, tokens: tokens, isContent: isContent, isName: isName)
    }

    /// A question whose best reading places one relation but leaves unplaced a word that names another relation
    /// ("How old is Lucia's father?" read as an age) or a superlative names two relations: it needs them joined.
    func reason(unplaced: [String], readingRelations: Set<String>, placesARelation: Bool) -> String? {
        guard placesARelation else { return nil }
        for word in unplaced {
            if ClosedWordLists.isSuperlative(word.lowercased()) { return "a superlative ('\(word)')" }
            let lower = word.lowercased()
            var stems: Set<String> = [Tokenizer.stem(lower)]
            // "how old" and "older" name the relation of their dimension ("age").
            if let dimension = ClosedWordLists.dimensions[ClosedWordLists.measureAdjectives[lower] ?? lower] { stems.formUnion(dimension) }
            if let other = relationNameWords.sorted(by: { $0.key < $1.key }).first(where: { !readingRelations.contains($0.key) && !$0.value.isDisjoint(with: stems) })?.key {
                return "'\(word)' names the relation \(other) beside the one the rest of the question reads as"
            }
        }
        return nil
    }

    /// Whether the noun at `index` is what the question asks for ("which students who …", "is there a drug that
    /// …"): a clause on it restricts the answer rather than joining a second thing.
    static func isAskedNoun(_ index: Int, words: [String]) -> Bool {
        let before = words[max(0, index - 3)..<index]
        return before.contains { ["which", "what", "many", "there", "any"].contains($0) }
    }

    /// Two possessives in a row, "of" before a possessive, or two nouns each followed by "of".
    private func possessiveChain(words: [String], tokens: [Token], isContent: (Int) -> Bool, isName: (Int) -> Bool) -> String? {
        let possessives = words.indices.filter { words[$0] == "'s" && $0 > 0 }
        if possessives.count >= 2 { return "a chain of possessives ('\(Self.quote(tokens[(possessives[0] - 1)...min(possessives[1] + 1, tokens.count - 1)]))')" }
        for index in possessives where isContent(index + 1) {
            let before = (0..<index).reversed().prefix { isName($0) || words[$0] == "the" }
            if let first = before.last, first > 0, words[first - 1] == "of", isContent(first - 2) {
                return "a chain of possessives ('\(Self.quote(tokens[(first - 2)...(index + 1)]))')"
            }
        }
        let relationalOfs = words.indices.filter { index in
            words[index] == "of" && isContent(index - 1) && !Self.quantityNouns.contains(words[index - 1])
        }
        guard relationalOfs.count >= 2 else { return nil }
        return "a chain of relations ('\(Self.quote(tokens[(relationalOfs[0] - 1)...(relationalOfs[1])])) …')"
    }

    /// Tokens as typed, a possessive attached to its word.
    static func quote(_ tokens: ArraySlice<Token>) -> String {
        tokens.reduce(into: "") { text, token in
            if !text.isEmpty, token.text != "'s" { text += " " }
            text += token.surface
        }
    }
}
