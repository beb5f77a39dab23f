/// A `.phrase` template read as English: words and `{attribute}` slots, with the finite verb found once so that the
/// sentence can be negated ("is not"), hedged ("is not known to be") or put in the plural ("are") without asking
/// the knowledge base's author for more than one template per relation.
struct Template: Sendable {
    /// One space-separated unit of the template: a plain word, or text with slots such as `({title})`.
    struct Chunk: Sendable, Equatable {
        enum Piece: Sendable, Equatable {
            case text(String)
            case slot(String)
        }

        var pieces: [Piece]

        var word: String? {
            if pieces.count == 1, case let .text(text) = pieces[0] { return text }
            return nil
        }

        var slots: [String] {
            pieces.compactMap { if case let .slot(name) = $0 { return name } else { return nil } }
        }

        var beginsWithSlot: Bool {
            if case .slot = pieces.first { return true }
            return false
        }

        static func word(_ text: String) -> Chunk { Chunk(pieces: [.text(text)]) }
    }

    /// The finite verb and what kind of verb it is, which decides how the clause negates and agrees.
    struct Verb: Sendable {
        enum Kind: Sendable {
            case be, have, haveAuxiliary, doAuxiliary, modal, present, past
        }

        var index: Int
        var kind: Kind
        var isPlural: Bool
        var isPast: Bool
        /// The clause already says "not", "no" or "never" right after the verb.
        var isNegative: Bool
    }

    var chunks: [Chunk]
    var verb: Verb?

    init(_ text: String) {
        chunks = text.split(whereSeparator: \.isWhitespace).map { Self.chunk(String($0)) }
        verb = Self.findVerb(in: chunks)
    }

    init(chunks: [Chunk]) {
        self.chunks = chunks
        verb = Self.findVerb(in: chunks)
    }

    private static func chunk(_ text: String) -> Chunk {
        var pieces: [Chunk.Piece] = []
        var current = ""
        var inSlot = false
        for character in text {
            if character == "{", !inSlot {
                if !current.isEmpty { pieces.append(.text(current)) }
                current = ""
                inSlot = true
            } else if character == "}", inSlot {
                pieces.append(.slot(current))
                current = ""
                inSlot = false
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { pieces.append(.text(inSlot ? "{" + current : current)) }
        return Chunk(pieces: pieces)
    }

    /// The first auxiliary, modal or inflected verb after the subject. The subject is everything before it, and it
    /// holds a slot unless the verb is an auxiliary ("policy would let {person} in").
    private static func findVerb(in chunks: [Chunk]) -> Verb? {
        var sawSlot = false
        var conjoinedSubject = false
        for (index, chunk) in chunks.enumerated() {
            defer {
                if !chunk.slots.isEmpty { sawSlot = true }
                if chunk.word == "and" { conjoinedSubject = true }
            }
            guard index > 0, let word = chunk.word?.lowercased() else { continue }
            let next = chunks.indices.contains(index + 1) ? chunks[index + 1].word?.lowercased() : nil
            let negative = next.map { ["not", "no", "never"].contains($0) } ?? false
            func verb(_ kind: Verb.Kind, plural: Bool = false, past: Bool = false) -> Verb {
                Verb(index: index, kind: kind, isPlural: plural, isPast: past, isNegative: negative)
            }
            if English.beForms.contains(word) { return verb(.be, plural: word == "are" || word == "were", past: word.hasPrefix("w")) }
            if English.haveForms.contains(word) {
                let auxiliary = next.map { $0.hasSuffix("ed") || $0 == "been" || English.irregularParticiples.values.contains($0) } ?? false
                return verb(auxiliary ? .haveAuxiliary : .have, plural: word == "have", past: word == "had")
            }
            if English.doForms.contains(word) { return verb(.doAuxiliary, plural: word == "do", past: word == "did") }
            if English.modals.contains(word) { return verb(.modal) }
            // A lexical verb follows its subject's slot directly: "{person} holds", "the role {role} grants".
            guard sawSlot, !chunks[index - 1].slots.isEmpty else { continue }
            if English.irregularPast[word] != nil || (word.hasSuffix("ed") && word.count > 3) { return verb(.past, past: true) }
            if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("'s") { return verb(.present) }
            if conjoinedSubject, !functionWords.contains(word) { return verb(.present, plural: true) }
        }
        return nil
    }

    private static let functionWords: Set<String> = ["and", "or", "of", "the", "a", "an", "to", "in", "at", "for", "with", "from", "on", "by", "into", "as"]

    static let prepositions: Set<String> = ["of", "for", "in", "at", "to", "with", "from", "on", "by", "into", "about", "under", "over", "before", "after", "through", "among", "between", "when", "who", "that", "which"]

    // MARK: transformations

    /// The clause denied: "is not", "does not hold", "did not get"; nil when no verb was found.
    func negated() -> Template? {
        guard let verb else { return nil }
        var result = chunks
        if verb.isNegative {
            result.remove(at: verb.index + 1)
            return Template(chunks: result)
        }
        let word = chunks[verb.index].word!
        switch verb.kind {
        case .modal where word == "can":
            result[verb.index] = .word("cannot")
        case .be, .modal, .haveAuxiliary, .doAuxiliary:
            result.insert(.word("not"), at: verb.index + 1)
        case .have:
            result.replaceSubrange(verb.index...verb.index, with: [.word(verb.isPast ? "did" : verb.isPlural ? "do" : "does"), .word("not"), .word("have")])
        case .present:
            let base = verb.isPlural ? word : English.baseOfPresent(word)
            result.replaceSubrange(verb.index...verb.index, with: [.word(verb.isPlural ? "do" : "does"), .word("not"), .word(base)])
        case .past:
            result.replaceSubrange(verb.index...verb.index, with: [.word("did"), .word("not"), .word(English.baseOfPast(word))])
        }
        return Template(chunks: result)
    }

    /// The clause hedged as not established: "is not known to be", "is not known to have got"; nil when the
    /// clause has no verb, is itself negative, or its verb has no infinitive ("would", "does").
    func hedged() -> Template? {
        guard let verb, !verb.isNegative else { return nil }
        let word = chunks[verb.index].word!
        let copula = verb.isPlural ? "are" : "is"
        let infinitive: [String]
        switch verb.kind {
        case .be: infinitive = verb.isPast ? ["have", "been"] : ["be"]
        case .have: infinitive = verb.isPast ? ["have", "had"] : ["have"]
        case .haveAuxiliary: infinitive = ["have"]
        case .present: infinitive = [verb.isPlural ? word : English.baseOfPresent(word)]
        case .past: infinitive = ["have", English.pastParticiple(word)]
        case .modal:
            switch word.lowercased() {
            case "may", "might": infinitive = ["be", "allowed", "to"]
            case "can", "could": infinitive = ["be", "able", "to"]
            case "must": infinitive = ["have", "to"]
            default: return nil
            }
        case .doAuxiliary: return nil
        }
        var result = chunks
        result.replaceSubrange(verb.index...verb.index, with: ([copula, "not", "known", "to"] + infinitive).map(Chunk.word))
        return Template(chunks: result)
    }

    /// The clause with its subject in the plural: "are minors", "hold a badge"; nil unless the subject is exactly
    /// `slot`, so that agreement changes only what the count replaced.
    func pluralSubject(_ slot: String) -> Template? {
        guard let verb, verb.index == 1, chunks[0].pieces == [.slot(slot)], !verb.isPlural else { return nil }
        var result = chunks
        let word = chunks[verb.index].word!
        switch verb.kind {
        case .be: result[verb.index] = .word(verb.isPast ? "were" : "are")
        case .have, .haveAuxiliary, .doAuxiliary, .present: result[verb.index] = .word(English.pluralOfPresent(word))
        case .modal, .past: break
        }
        // "is a minor" becomes "are minors": the article goes and the predicate noun takes the plural.
        if verb.kind == .be, result.indices.contains(verb.index + 1), let article = result[verb.index + 1].word, article == "a" || article == "an" {
            var end = verb.index + 2
            while end < result.count, let word = result[end].word, !Self.prepositions.contains(word) { end += 1 }
            let last = end - 1
            if last > verb.index + 1, let noun = result[last].word {
                result[last] = .word(English.pluralNoun(noun))
                result.remove(at: verb.index + 1)
            }
        }
        return Template(chunks: result)
    }

    private static let articles: Set<String> = ["a", "an", "the"]
    /// Words that open a filler which brings its own determiner: "some course", "any door", "which person".
    private static let determiners: Set<String> = ["some", "any", "which", "what", "how", "that", "those", "more", "less", "at", "exactly", "other"]

    /// "some years" before the template's own "years" is just "some": "Ann is some years old", not "some years years".
    private static func filler(_ value: String, before next: String?) -> String {
        guard let next = next?.lowercased() else { return value }
        for determiner in ["some", "any"] where value.hasPrefix(determiner + " ") {
            let noun = value.dropFirst(determiner.count + 1).lowercased()
            if noun == next || English.plural(noun) == next { return determiner }
        }
        return value
    }

    /// The template with its slots filled. A slot left out of `values` prints as written, so callers can fill
    /// only some. An "a" or "an" before a slot agrees with the value that fills it.
    func render(_ values: [String: String]) -> String {
        var words: [String] = []
        for (index, chunk) in chunks.enumerated() {
            var text = ""
            for piece in chunk.pieces {
                switch piece {
                case let .text(string): text += string
                case let .slot(name): text += Self.filler(values[name] ?? "{\(name)}", before: chunks.indices.contains(index + 1) ? chunks[index + 1].word : nil)
                }
            }
            if let article = chunk.word?.lowercased(), Self.articles.contains(article), chunks.indices.contains(index + 1), chunks[index + 1].beginsWithSlot,
               case let .slot(name)? = chunks[index + 1].pieces.first, let value = values[name], let first = value.split(separator: " ").first {
                // "the door some door leads into" drops its article; "a" agrees with the value that follows.
                if Self.determiners.contains(first.lowercased()) { continue }
                if article != "the" { text = English.indefiniteArticle(before: String(first)) }
            }
            // "the role some role" is "some role": a wildcard that repeats the noun before it takes the noun's place.
            if let noun = Self.wildcardNoun(text), words.count >= 2, words[words.count - 1].lowercased() == noun,
               Self.articles.contains(words[words.count - 2].lowercased()) {
                words.removeLast(2)
            }
            words.append(text)
        }
        return words.joined(separator: " ")
    }

    /// The noun of a wildcard filler: "role" of "some role", "any role" or "that role".
    private static func wildcardNoun(_ text: String) -> String? {
        for determiner in ["some ", "any ", "that "] where text.hasPrefix(determiner) {
            let noun = text.dropFirst(determiner.count)
            return noun.contains(" ") ? nil : noun.lowercased()
        }
        return nil
    }
}
