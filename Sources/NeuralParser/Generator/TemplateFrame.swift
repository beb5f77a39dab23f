/// A `.phrase` template read as one English clause: a subject, a finite verb and the rest. Questions are made by
/// moving these parts (inverting the subject and the auxiliary, leaving a gap where the asked slot was), so a
/// template is only read when its subject has one of the shapes knowledge authors write; anything else gives nil,
/// and such a template is only ever stated, never turned into a question that might be ungrammatical.
struct TemplateFrame: Sendable {
    enum Token: Hashable, Sendable {
        case word(String)
        case slot(String)
        /// `{child}'s`
        case possessive(String)

        var word: String? {
            if case let .word(text) = self { return text.lowercased() }
            return nil
        }

        var slot: String? {
            switch self {
            case let .slot(name), let .possessive(name): return name
            case .word: return nil
            }
        }
    }

    enum Subject: Sendable, Equatable {
        /// `{x} …`
        case slot(String)
        /// `{x} and {y} are …`
        case conjoined(String, String)
        /// `{child}'s mother …`
        case possessive(owner: String, head: [String])
        /// `the age of {person} …`, `the grade of {student} in {course} …`
        case ofPhrase(head: [String], owner: String, rest: [Token])
        /// `the role {role} …`: a noun saying what kind of thing fills the slot.
        case labelled(label: [String], slot: String)

        var slots: [String] {
            switch self {
            case let .slot(name): return [name]
            case let .conjoined(a, b): return [a, b]
            case let .possessive(owner, _): return [owner]
            case let .ofPhrase(_, owner, rest): return [owner] + rest.compactMap(\.slot)
            case let .labelled(_, slot): return [slot]
            }
        }
    }

    /// The finite verb: its kind decides how the clause inverts ("is he", "does he teach") and negates.
    struct Verb: Sendable, Equatable {
        enum Kind: Sendable {
            /// "is a parent of", "is enrolled in"
            case be
            /// "has the role", "has {n} children"
            case have
            /// "has completed": the participle is the first word of the complement.
            case perfect
            /// "may be prescribed to": the verb after the modal is the first word of the complement.
            case modal
            /// "teaches", or the plural "belong" after a conjoined subject.
            case present
            /// "got", "prescribed"
            case past
        }

        var kind: Kind
        /// As written, lowercased: "is", "teaches", "may".
        var written: String
        /// "be", "have", "teach", or the modal itself.
        var base: String
        var isPlural: Bool
        var isPast: Bool
        /// An adverb between subject and lexical verb: "{person} effectively has the role {role}".
        var adverb: String? = nil
    }

    /// Where a slot of the complement sits, and so what moves with it when it is asked for.
    struct Site: Sendable, Equatable {
        var slot: Int
        /// First token of the slot's noun phrase: an article ("as a {class}") or a label ("the role {role}").
        var start: Int
        /// The label's nouns without "the": `["role"]` in "has the role {role}".
        var label: [String]
        /// The preposition the phrase is the object of, if any.
        var preposition: Int?
    }

    var subject: Subject
    var subjectTokens: [Token]
    var verb: Verb
    var complement: [Token]
    /// The template itself is a denial ("has no children", "must not take"): it is not negated again.
    var isNegative: Bool
    /// Whether the clause can be denied: not when it is already a denial, and not for "must", whose denial
    /// ("must not") forbids rather than denies.
    var isNegatable: Bool {
        !isNegative && !(verb.kind == .modal && ["must", "should", "shall"].contains(verb.written))
    }

    /// Tokens of the complement that belong to the verb ("not", "be prescribed", "completed"), which an asked
    /// object never includes.
    var verbalLength: Int
    /// Every slot the template mentions, subject first.
    var slots: [String] { subject.slots + complement.compactMap(\.slot) }

    /// The template's words and their singulars, so question nouns can avoid repeating them.
    var words: Set<String> = []

    static let prepositions: Set<String> = [
        "of", "to", "for", "in", "at", "with", "from", "on", "by", "into", "onto", "through", "about", "among",
        "against", "towards", "toward", "after", "before", "under", "over", "as", "like", "within", "without",
        "across", "behind", "beyond", "near", "upon", "via", "per", "around", "between",
    ]
    static let articles: Set<String> = ["a", "an", "the"]
    /// Prepositions that read well at the front of a question ("To whom may …", "In which course …"); "as" and
    /// "like" do not ("As what does …").
    static let frontablePrepositions: Set<String> = [
        "of", "to", "for", "in", "at", "with", "from", "on", "by", "into", "through", "about", "among", "against",
        "under", "over", "after", "before", "within",
    ]
    /// Nouns that classify rather than relate ("a kind of"): "Whose kind is …" is not English.
    static let classifierNouns: Set<String> = ["kind", "type", "sort", "form", "instance", "example", "variety", "case", "subclass"]
    static let beForms: Set<String> = ["is", "are", "was", "were"]
    static let modals: Set<String> = ["may", "can", "must", "will", "shall", "should", "would", "could", "might"]
    /// Words that start a clause or a coordination: a slot after them belongs to a clause the grammar does not
    /// rebuild, so nothing is asked for across them.
    static let clauseWords: Set<String> = [
        "when", "who", "whom", "that", "which", "where", "while", "if", "because", "whose", "and", "or", "but",
        "than", "unless", "whether", "has", "have", "had", "does", "do", "did", "be", "been",
    ]
    static let functionWords: Set<String> = prepositions.union(articles).union([
        "not", "no", "never", "and", "or", "their", "his", "her", "its", "every", "any", "some", "all", "also",
        "only", "very", "too", "this", "these", "those", "each",
    ])

    /// A template as words and slots; nil when a slot is glued to other text ("({title})").
    static func tokens(_ template: String) -> [Token]? {
        var tokens: [Token] = []
        for chunk in template.split(whereSeparator: \.isWhitespace) {
            guard let token = Self.token(String(chunk)) else { return nil }
            tokens.append(contentsOf: token)
        }
        return tokens
    }

    init?(_ template: String) {
        guard let tokens = Self.tokens(template) else { return nil }
        for index in tokens.indices.dropFirst() {
            guard var word = tokens[index].word, let subject = Self.subject(Array(tokens[..<index])) else { continue }
            var rest = Array(tokens[(index + 1)...])
            var adverb: String?
            if word.hasSuffix("ly"), word.count > 4, let next = rest.first?.word {
                adverb = word
                word = next
                rest.removeFirst()
            }
            guard var verb = Self.verb(word, subject: subject, rest: rest) else { continue }
            if let adverb {
                guard [.present, .past, .have].contains(verb.kind) else { continue }
                verb.adverb = adverb
            }
            self.subject = subject
            subjectTokens = Array(tokens[..<index])
            self.verb = verb
            complement = rest
            isNegative = rest.first.map { ["not", "no", "never"].contains($0.word ?? "") } ?? false
            verbalLength = Self.verbalLength(of: verb, complement: rest)
            words = Set(tokens.compactMap(\.word).flatMap { [$0, Morphology.singular($0)] })
            return
        }
        return nil
    }

    /// A chunk between spaces; contractions are opened so that "isn't" reads as "is not".
    private static func token(_ chunk: String) -> [Token]? {
        if chunk.hasPrefix("{") {
            if chunk.hasSuffix("}'s"), !chunk.dropFirst().dropLast(3).contains("{") { return [.possessive(String(chunk.dropFirst().dropLast(3)))] }
            if chunk.hasSuffix("}"), !chunk.dropFirst().dropLast().contains(where: { "{}".contains($0) }) { return [.slot(String(chunk.dropFirst().dropLast()))] }
            return nil
        }
        guard !chunk.contains(where: { "{}()\"".contains($0) }) else { return nil }
        if chunk.contains("'") || chunk == "cannot", let expanded = contractions[chunk.lowercased()] { return expanded.map(Token.word) }
        return [.word(chunk)]
    }

    private static let contractions: [String: [String]] = [
        "isn't": ["is", "not"], "aren't": ["are", "not"], "wasn't": ["was", "not"], "cannot": ["can", "not"],
        "can't": ["can", "not"], "mustn't": ["must", "not"], "hasn't": ["has", "not"], "haven't": ["have", "not"],
    ]

    private static func subject(_ tokens: [Token]) -> Subject? {
        switch tokens.count {
        case 0: return nil
        case 1:
            if case let .slot(name) = tokens[0] { return .slot(name) }
            return nil
        default: break
        }
        if tokens.count == 3, case let .slot(a) = tokens[0], tokens[1].word == "and", case let .slot(b) = tokens[2] {
            return .conjoined(a, b)
        }
        if case let .possessive(owner) = tokens[0] {
            let head = tokens.dropFirst().compactMap(\.word)
            guard head.count == tokens.count - 1, head.allSatisfy(isContentWord) else { return nil }
            return .possessive(owner: owner, head: head)
        }
        guard tokens[0].word == "the", let firstSlot = tokens.firstIndex(where: { $0.slot != nil }), firstSlot >= 2 else { return nil }
        let before = tokens[1..<firstSlot].compactMap(\.word)
        guard before.count == firstSlot - 1, case let .slot(slot) = tokens[firstSlot] else { return nil }
        if before.last == "of" {
            let head = Array(before.dropLast())
            let rest = Array(tokens[(firstSlot + 1)...])
            let restIsPlain = rest.allSatisfy { token in
                if case .possessive = token { return false }
                return token.word.map { !clauseWords.contains($0) && !beForms.contains($0) && !modals.contains($0) } ?? true
            }
            guard !head.isEmpty, head.first.map(isContentWord) == true, restIsPlain else { return nil }
            return .ofPhrase(head: head, owner: slot, rest: rest)
        }
        guard firstSlot == tokens.count - 1, before.allSatisfy(isContentWord) else { return nil }
        return .labelled(label: before, slot: slot)
    }

    static func isContentWord(_ word: String) -> Bool {
        !functionWords.contains(word) && !clauseWords.contains(word) && !beForms.contains(word) && !modals.contains(word)
            && word.first?.isLetter == true
    }

    private static func verb(_ word: String, subject: Subject, rest: [Token]) -> Verb? {
        if beForms.contains(word) {
            return Verb(kind: .be, written: word, base: "be", isPlural: word == "are" || word == "were", isPast: word.hasPrefix("w"))
        }
        if ["has", "have", "had"].contains(word) {
            let next = rest.first { !["not", "never"].contains($0.word ?? "") }
            let perfect = next?.word.map(Morphology.isParticiple) ?? false
            return Verb(kind: perfect ? .perfect : .have, written: word, base: "have", isPlural: word == "have", isPast: word == "had")
        }
        if modals.contains(word) {
            return Verb(kind: .modal, written: word, base: word, isPlural: false, isPast: false)
        }
        // A lexical verb follows the slot that ends its subject: "{x} teaches", "the role {role} grants".
        switch subject {
        case .slot, .labelled:
            if Morphology.isThirdPerson(word) {
                return Verb(kind: .present, written: word, base: Morphology.base(ofThird: word), isPlural: false, isPast: false)
            }
            if Morphology.isPast(word) {
                return Verb(kind: .past, written: word, base: Morphology.base(ofPast: word), isPlural: false, isPast: true)
            }
            return nil
        case .conjoined:
            guard isContentWord(word), !Morphology.isThirdPerson(word) else { return nil }
            if Morphology.isPast(word) {
                return Verb(kind: .past, written: word, base: Morphology.base(ofPast: word), isPlural: true, isPast: true)
            }
            return Verb(kind: .present, written: word, base: word, isPlural: true, isPast: false)
        case .possessive, .ofPhrase:
            return nil
        }
    }

    private static func verbalLength(of verb: Verb, complement: [Token]) -> Int {
        var index = 0
        if let first = complement.first?.word, first == "not" || first == "never" { index = 1 }
        guard index < complement.count, let word = complement[index].word else { return index }
        switch verb.kind {
        case .modal:
            if word == "be" || word == "have" || word.hasSuffix("ly") { return min(index + 2, complement.count) }
            return index + 1
        case .perfect:
            return index + 1
        case .be:
            let verbal = Morphology.isParticiple(word) || (word.hasSuffix("ing") && word.count > 4)
            return verbal ? index + 1 : index
        case .have, .present, .past:
            return index
        }
    }

    // MARK: reading the complement

    /// Whether the complement after the verb is one simple clause: nothing is asked for, dropped or replaced
    /// inside one that is not.
    var complementIsSimple: Bool {
        complement.dropFirst(verbalLength).allSatisfy { token in
            token.word.map { !Self.clauseWords.contains($0) && !Self.beForms.contains($0) && !Self.modals.contains($0) } ?? true
        }
    }

    func complementIndex(of slot: String) -> Int? {
        complement.firstIndex { $0 == .slot(slot) }
    }

    /// Where a slot of the complement can be asked for, or nil when moving it would leave bad English.
    func site(of slot: String) -> Site? {
        guard complementIsSimple, let index = complementIndex(of: slot), index >= verbalLength else { return nil }
        var start = index
        var label: [String] = []
        if start - 1 >= verbalLength, let word = complement[start - 1].word {
            if word == "a" || word == "an" {
                start -= 1
            } else if Self.isContentWord(word) {
                while start - 1 >= verbalLength, let previous = complement[start - 1].word, Self.isContentWord(previous) {
                    start -= 1
                    label.insert(previous, at: 0)
                }
                if start - 1 >= verbalLength, complement[start - 1].word == "the" { start -= 1 }
            }
        }
        if start == verbalLength {
            // Straight after the verb: a direct object, or after "is" the whole predicate ("the age of {p} is {n}").
            if verb.kind == .be && (!label.isEmpty || index != complement.count - 1) { return nil }
            return Site(slot: index, start: start, label: label, preposition: nil)
        }
        guard let word = complement[start - 1].word, Self.prepositions.contains(word) else { return nil }
        // "on the advice of {doctor}": a phrase inside another prepositional phrase stays where it is.
        guard !complement[verbalLength..<(start - 1)].contains(where: { $0.word.map(Self.prepositions.contains) ?? false }) else { return nil }
        return Site(slot: index, start: start, label: label, preposition: start - 1)
    }

    /// The complement as it reads after a plural subject: "is a minor" becomes "are minors"; nil when it cannot
    /// ("is the mother of", "is a {class}").
    func pluralComplement() -> [Token]? {
        guard verb.kind == .be else { return complement }
        let start = complement.first?.word == "not" ? 1 : 0
        guard start < complement.count, let first = complement[start].word else { return complement }
        if first == "the" || complement.contains(where: { ["someone", "something", "one"].contains($0.word ?? "") }) { return nil }
        guard first == "a" || first == "an" else { return complement }
        var end = start + 1
        while end < complement.count, let word = complement[end].word, !Self.prepositions.contains(word) { end += 1 }
        guard end > start + 1, end == complement.count || complement[end].slot == nil, let noun = complement[end - 1].word else { return nil }
        var result = complement
        result[end - 1] = .word(Morphology.plural(noun))
        result.remove(at: start)
        return result
    }

    /// The frame as it reads after a plural subject, or nil (see `pluralComplement`).
    func pluralised() -> TemplateFrame? {
        guard let complement = pluralComplement() else { return nil }
        var result = self
        result.complement = complement
        return result
    }

    /// For "{x} is a grandparent of {y}" and "{x} is the mother of {y}": the article, the noun and the slot after
    /// "of", which give "Who are Mateo's grandparents?" and "Whose mother is Sofia?".
    var relationalNoun: (definite: Bool, noun: String, owner: String)? {
        guard verb.kind == .be, !isNegative, case .slot = subject, complement.count >= 4,
              let article = complement[0].word, Self.articles.contains(article),
              complement[complement.count - 2].word == "of", case let .slot(owner) = complement[complement.count - 1] else { return nil }
        let noun = complement[1..<(complement.count - 2)].compactMap(\.word)
        guard noun.count == complement.count - 3, noun.allSatisfy(Self.isContentWord), let head = noun.last,
              !Self.classifierNouns.contains(head) else { return nil }
        return (article == "the", noun.joined(separator: " "), owner)
    }

    /// For "{x} is a minor": the class noun a present-tense frame states of its subject, which gives "Which minors
    /// are female?" and "How many minors are there?".
    var classNoun: String? {
        guard verb.kind == .be, !verb.isPast, !isNegative, let article = complement.first?.word, article == "a" || article == "an" else { return nil }
        let rest = complement.dropFirst()
        let words = rest.compactMap(\.word)
        guard !rest.isEmpty, words.count == rest.count, words.allSatisfy(Self.isContentWord) else { return nil }
        return words.joined(separator: " ")
    }

    /// For "{x} and {y} are siblings": the singular noun, which gives "Who is a sibling of Ana?".
    var symmetricNoun: String? {
        guard verb.kind == .be, verb.isPlural, !isNegative, case .conjoined = subject, !complement.isEmpty else { return nil }
        let words = complement.compactMap(\.word)
        guard words.count == complement.count, words.allSatisfy(Self.isContentWord), let last = words.last, last.hasSuffix("s") || Lexicon.singularOfPlural[last] != nil else { return nil }
        return (words.dropLast() + [Morphology.singular(last)]).joined(separator: " ")
    }
}
