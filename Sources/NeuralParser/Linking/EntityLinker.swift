import Foundation
import Syntax

/// A name or number of the question grounded in the knowledge: what was typed, what it was taken to mean.
public struct Mention: Equatable, Hashable, Sendable {
    /// Indexes into the tokens the mention was found in.
    public var tokenRange: Range<Int>
    /// The words as the person typed them, e.g. "Matteo" for the stored `Mateo`.
    public var surface: String
    /// `.symbol` with the stored spelling, or the number typed.
    public var value: Value
    /// The declared types the value can fill: a symbol's types from the stored facts, a number's the numeric
    /// attribute types of the schema.
    public var typeNames: Set<String>
    /// Typing slips between the words and the stored name (0 for exact matches, case and `_`/`-`/space aside).
    public var editDistance: Int
    /// Other stored names at the same edit distance, in the search's order; when not empty the question is
    /// ambiguous and the caller should ask rather than pick.
    public var alternatives: [Value]

    public init(tokenRange: Range<Int>, surface: String, value: Value, typeNames: Set<String>, editDistance: Int, alternatives: [Value] = []) {
        self.tokenRange = tokenRange
        self.surface = surface
        self.value = value
        self.typeNames = typeNames
        self.editDistance = editDistance
        self.alternatives = alternatives
    }

    public var isAmbiguous: Bool { !alternatives.isEmpty }
}

/// Finds the stored names and the numbers a question mentions. Spans of up to `maximumSpanLength` tokens are
/// looked up in a `NameSearch` and accepted by edit distance; the longest non-overlapping spans win, exact
/// matches before misspelt ones.
public struct EntityLinker: Sendable {
    public var entityTypes: [String: Set<String>]
    /// Types a whole number can fill (`number` and every declared integer type of an attribute).
    public var integerTypeNames: Set<String>
    /// Types a decimal can fill.
    public var floatTypeNames: Set<String>
    /// Stems of the words the schema's relations are written in: such a word in a question is about a relation,
    /// so it may name a stored symbol only when spelled exactly like it.
    public var relationWords: Set<String>
    /// Longest name, in tokens, tried ("Introduction to Programming" is three).
    public var maximumSpanLength = 5
    /// How many names each span asks the search for.
    public var candidatesPerSpan = 16

    public init(schema: ParserSchema) {
        entityTypes = schema.entityTypes
        var integers: Set<String> = [PrimitiveType.number.rawValue]
        var floats: Set<String> = [PrimitiveType.float.rawValue]
        var words = Set<String>()
        for relation in schema.relations {
            for attribute in relation.attributes {
                switch attribute.primitive {
                case .number, .unsigned: integers.insert(attribute.typeName)
                case .float: floats.insert(attribute.typeName)
                case .symbol: break
                }
            }
            words.formUnion(RelationVocabulary(relation).allWords)
        }
        integerTypeNames = integers
        floatTypeNames = floats
        relationWords = words
    }

    /// The mentions of a sentence, with `tokenRange` indexing `Tokenizer.tokenize(sentence)`.
    public func mentions<Search: NameSearch>(in sentence: String, search: Search) throws(Search.Failure) -> [Mention] {
        try mentions(in: Tokenizer.tokenize(sentence), sentence: sentence, search: search)
    }

    /// The mentions in `tokens`, ordered by position. With the `sentence` the tokens came from (their ranges index
    /// it, so it must be that very string), a mention's surface is quoted from it exactly; without, it is the
    /// tokens' surfaces joined by spaces.
    public func mentions<Search: NameSearch>(in tokens: [Token], sentence: String? = nil, search: Search) throws(Search.Failure) -> [Mention] {
        var normaliser = NameNormaliser()
        var found: [SpanMatch] = []
        for start in tokens.indices where canStartName(tokens[start]) {
            var length = min(maximumSpanLength, tokens.count - start)
            while length >= 1 {
                let span = start..<(start + length)
                length -= 1
                guard canEndName(tokens[span.upperBound - 1]), tokens[span].allSatisfy(canBeInsideName(_:)) else { continue }
                if span.count == 1, tokens[start].isNumber { continue }
                if let match = try match(span, of: tokens, search: search, normaliser: &normaliser) {
                    found.append(match)
                }
            }
        }
        // Exact matches first, then longer spans, then closer spellings, then earlier ones. A name of several words
        // with one slip counts as exact here: "Kavya Huse" is Kavya House, not the Kavya its first word spells.
        func trusted(_ match: SpanMatch) -> Bool { match.distance == 0 || (match.span.count > 1 && match.distance == 1) }
        found.sort { lhs, rhs in
            if trusted(lhs) != trusted(rhs) { return trusted(lhs) }
            if lhs.span.count != rhs.span.count { return lhs.span.count > rhs.span.count }
            if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
            return lhs.span.lowerBound < rhs.span.lowerBound
        }
        var taken = [Bool](repeating: false, count: tokens.count)
        var result: [Mention] = []
        for match in found where !match.span.contains(where: { taken[$0] }) {
            for index in match.span { taken[index] = true }
            let names = match.names
            result.append(Mention(
                tokenRange: match.span,
                surface: surface(of: match.span, in: tokens, sentence: sentence),
                value: .symbol(names[0]),
                typeNames: entityTypes[names[0]] ?? [],
                editDistance: match.distance,
                alternatives: names.dropFirst().map(Value.symbol)))
        }
        for (index, token) in tokens.enumerated() where !taken[index] {
            guard let number = Tokenizer.number(in: token.text) else { continue }
            let typeNames: Set<String>
            if case .float = number { typeNames = floatTypeNames } else { typeNames = integerTypeNames }
            result.append(Mention(tokenRange: index..<(index + 1), surface: token.surface, value: number, typeNames: typeNames, editDistance: 0))
        }
        return result.sorted { $0.tokenRange.lowerBound < $1.tokenRange.lowerBound }
    }

    /// A span and the stored names that match it best, best first.
    private struct SpanMatch {
        var span: Range<Int>
        var distance: Int
        var names: [String]
    }

    private func canStartName(_ token: Token) -> Bool {
        canBeInsideName(token) && !Vocabulary.isFunctionWord(token.text)
    }

    private func canEndName(_ token: Token) -> Bool {
        !Vocabulary.isFunctionWord(token.text)
    }

    /// Names may contain function words ("Introduction to Programming") but not a possessive or an operator.
    private func canBeInsideName(_ token: Token) -> Bool {
        token.text != "'s" && token.text.first.map { $0.isLetter || $0.isNumber || $0 == "-" } == true
    }

    /// The most slips a name of this many characters can absorb: none below four characters, where nearly every
    /// misspelling is another word ("Kim"/"him"), one up to five, two beyond.
    static func allowedDistance(forNameOfLength length: Int) -> Int {
        length < 4 ? 0 : length <= 5 ? 1 : 2
    }

    /// A misspelling may be forgiven only where the words are not the schema's own: "parents" one slip from a
    /// person called "Parent" is still the relation word.
    private func allowsMisspelling(_ tokens: ArraySlice<Token>) -> Bool {
        tokens.contains { token in
            !token.isNumber && !Vocabulary.isFunctionWord(token.text) && !relationWords.contains(token.text) && !relationWords.contains(Tokenizer.stem(token.text))
        }
    }

    private func match<Search: NameSearch>(_ span: Range<Int>, of tokens: [Token], search: Search, normaliser: inout NameNormaliser) throws(Search.Failure) -> SpanMatch? {
        let key = NameNormaliser.key(ofTokens: tokens[span].map(\.text))
        guard !key.isEmpty else { return nil }
        let typed = Array(key)
        let forgiving = allowsMisspelling(tokens[span])
        var best: (distance: Int, names: [String])?
        func consider(_ candidates: [String]) {
            for name in candidates {
                let stored = normaliser.key(of: name)
                let allowed = forgiving ? Self.allowedDistance(forNameOfLength: stored.count) : 0
                var distance = EditDistance.damerauLevenshtein(typed, stored, limit: allowed)
                if distance > allowed, allowed > 0,
                   EditDistance.damerauLevenshtein(Self.soundKey(typed), Self.soundKey(stored), limit: 0) == 0 {
                    distance = 1
                }
                guard distance <= allowed else { continue }
                if best == nil || distance < best!.distance {
                    best = (distance, [name])
                } else if distance == best!.distance, !best!.names.contains(name) {
                    best!.names.append(name)
                }
            }
        }
        consider(try search.candidates(near: key, limit: candidatesPerSpan))
        // A slip in a short name can leave no trigram in common ("Noha" and "Noah"); undoing one swap or one extra
        // letter restores the shared trigrams.
        if best == nil, forgiving, span.count == 1, (4...6).contains(typed.count) {
            for variant in Self.singleSlipVariants(of: typed) {
                consider(try search.candidates(near: variant, limit: candidatesPerSpan))
            }
        }
        if best == nil, forgiving, span.count == 1, typed.count >= 4 {
            consider(try search.candidates(near: String(Self.soundKey(typed)), limit: candidatesPerSpan))
        }
        // A slip in a name of four or five letters can leave no trigram in common ("Yui" for "Yuki", "Jwdy" for
        // "Judy"). Only names at most one letter longer can be one slip away, and the search returns a prefix's
        // names shortest first: those with the same first letter, or failing that the same first two, are found.
        if best == nil, forgiving, span.count == 1, (3...5).contains(typed.count) {
            consider(try search.candidates(near: String(typed[0...1]), limit: candidatesPerSpan))
            if best == nil { consider(try search.candidates(near: String(typed[0]), limit: candidatesPerSpan * 4)) }
        }
        guard let best else { return nil }
        let surfaceText = tokens[span].map(\.surface).joined(separator: " ")
        let names = best.names.enumerated().sorted { lhs, rhs in
            // The spelling typed, then the search's order.
            let (left, right) = (lhs.element == surfaceText, rhs.element == surfaceText)
            if left != right { return left }
            return lhs.offset < rhs.offset
        }.map(\.element)
        return SpanMatch(span: span, distance: best.distance, names: names)
    }

    /// A spelling reduced to how it sounds, for names written several ways: "Sophia" and "Sofia", "Matthew" and
    /// "Mathew", "Nicky" and "Nicki" share a key. Two spellings with one key count as a single slip.
    static func soundKey(_ word: [Character]) -> [Character] {
        var key: [Character] = []
        var index = 0
        while index < word.count {
            var character = word[index]
            let next = index + 1 < word.count ? word[index + 1] : nil
            if character == "p", next == "h" {
                character = "f"
                index += 1
            } else if character == "c", next == "k" || next == "h" && index + 2 < word.count && word[index + 2] == "r" {
                character = "k"
                index += 1
            } else if character == "t", next == "h" {
                index += 1
            } else if character == "y", index > 0 {
                character = "i"
            }
            if key.last != character { key.append(character) }
            index += 1
        }
        return key
    }

    /// The word with one neighbour swap undone or one letter removed, each variant once.
    static func singleSlipVariants(of word: [Character]) -> [String] {
        var variants: [String] = []
        var seen = Set<String>([String(word)])
        for index in word.indices.dropLast() {
            var swapped = word
            swapped.swapAt(index, index + 1)
            let text = String(swapped)
            if seen.insert(text).inserted { variants.append(text) }
        }
        for index in word.indices {
            var shorter = word
            shorter.remove(at: index)
            let text = String(shorter)
            if seen.insert(text).inserted { variants.append(text) }
        }
        return variants
    }

    private func surface(of span: Range<Int>, in tokens: [Token], sentence: String?) -> String {
        let first = tokens[span.lowerBound], last = tokens[span.upperBound - 1]
        if let sentence, first.range.lowerBound >= sentence.startIndex, last.range.upperBound <= sentence.endIndex,
           first.range.lowerBound <= last.range.upperBound {
            return String(sentence[first.range.lowerBound..<last.range.upperBound])
        }
        return tokens[span].map(\.surface).joined(separator: " ")
    }
}

/// Compares names the way people type them: case, diacritics and the separators `_`, `-` and spaces do not
/// matter, and punctuation the tokenizer drops ("Dr. House") is dropped from stored names too.
struct NameNormaliser {
    private var cache: [String: [Character]] = [:]

    /// The key of a stored name, remembered because the same names come back for many spans.
    mutating func key(of name: String) -> [Character] {
        if let known = cache[name] { return known }
        let key = Array(Self.key(ofTokens: Tokenizer.tokenize(name).map(\.text)))
        cache[name] = key
        return key
    }

    static func key(ofTokens texts: [String]) -> String {
        var words: [String] = []
        for text in texts {
            let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            words += folded.split { $0 == "_" || $0 == "-" || $0.isWhitespace }.map(String.init)
        }
        return words.joined(separator: " ")
    }
}
