import Syntax

/// Turns an interpretation into every English sentence that means it, using the schema's own `.phrase` templates
/// as the source of the words. The work is syntactic: a template is read as subject, verb and complement once,
/// and each question form is a rearrangement of those parts (inversion, do-support, a gap for the asked slot, a
/// fronted or stranded preposition), so the grammar never needs to understand what the words mean.
struct QuestionGrammar: Sendable {
    /// What a clause does with one argument.
    enum Role: Equatable, Sendable {
        case value
        case asked
        case free
        case compared(ComparisonOperator)
    }

    enum Polarity: Sendable {
        case positive
        /// "is not", "does not teach"
        case negative
        /// "isn't", "doesn't teach"
        case contracted
    }

    /// A clause ready to be put in statement or question order.
    struct Clause {
        var subject: [Piece]
        var isPlural: Bool
        var verb: TemplateFrame.Verb
        var complement: [Piece]
    }

    /// A change to the complement: the tokens in `range` are replaced by `pieces` (none for a gap).
    struct Edit {
        var range: ClosedRange<Int>
        var pieces: [Piece]
    }

    let schema: ParserSchema
    /// Each relation's templates as clauses, aligned with its phrases; nil where a template is not read.
    let frames: [String: [TemplateFrame?]]
    let personTypes: Set<String>
    /// Per relation and argument: whether it holds people, and the nouns that name what it holds.
    private let arguments: [String: [(person: Bool, nouns: [String])]]

    init(schema: ParserSchema, personTypes: Set<String>) {
        self.schema = schema
        self.personTypes = personTypes
        var frames: [String: [TemplateFrame?]] = [:]
        var arguments: [String: [(person: Bool, nouns: [String])]] = [:]
        for relation in schema.relations {
            arguments[relation.name] = relation.attributes.map { (Self.isPerson($0, personTypes: personTypes), Self.nouns(of: $0)) }
            // A template may leave an attribute out ("{drug} belongs to the class {class}" for `drug(drug, class,
            // min_age)`); it then only says clauses where that attribute is free.
            let names = Set(relation.attributes.map(\.name))
            frames[relation.name] = relation.phrases.map { phrase in
                guard let frame = TemplateFrame(phrase), Set(frame.slots).count == frame.slots.count, Set(frame.slots).isSubset(of: names) else { return nil }
                return frame
            }
        }
        self.frames = frames
        self.arguments = arguments
    }

    // MARK: nouns for the asked argument

    /// Whether an argument holds people, which decides "who" against "what".
    func isPerson(_ relation: RelationSchema, _ index: Int) -> Bool {
        arguments[relation.name]?[index].person ?? false
    }

    func nouns(_ relation: RelationSchema, _ index: Int) -> [String] {
        arguments[relation.name]?[index].nouns ?? []
    }

    private static func isPerson(_ attribute: RelationSchema.Attribute, personTypes: Set<String>) -> Bool {
        if personTypes.contains(attribute.typeName) { return true }
        let typeWords = Morphology.words(of: attribute.typeName).split(separator: " ")
        let nameWords = Morphology.words(of: attribute.name).split(separator: " ")
        return [typeWords.last, nameWords.last].contains { $0.map { Lexicon.personWords.contains(String($0)) } ?? false }
    }

    /// Nouns that name what an argument holds, for "Which students …" and "How many courses …": the declared
    /// type and the attribute name, where either reads as a noun.
    private static func nouns(of attribute: RelationSchema.Attribute) -> [String] {
        var result: [String] = []
        if PrimitiveType(rawValue: attribute.typeName) == nil {
            result.append(Morphology.words(of: attribute.typeName))
        }
        let name = Morphology.words(of: attribute.name)
        if isNoun(name), !genericNames.contains(name), !result.contains(name) {
            result.append(name)
        }
        return result
    }

    /// The nouns that read well in questions from `frame`: not one the template itself uses ("Which students
    /// are students?"), and "person" for people when nothing else is left.
    static func nouns(_ candidates: [String], for frame: TemplateFrame, person: Bool) -> [String] {
        let used = frame.words
        func fresh(_ noun: String) -> Bool {
            guard let head = noun.split(separator: " ").last.map(String.init) else { return false }
            return !used.contains(head) && !used.contains(Morphology.plural(head))
        }
        let result = candidates.filter(fresh)
        if result.isEmpty, person, fresh("person") { return ["person"] }
        return result
    }

    /// Attribute names that say nothing about what they hold ("Which name is a person?").
    private static let genericNames: Set<String> = ["name", "id", "value", "item", "entity", "object", "key", "thing", "other", "label", "code", "identifier"]

    private static func isNoun(_ phrase: String) -> Bool {
        let words = phrase.split(separator: " ").map(String.init)
        guard let head = words.last, words.allSatisfy({ $0.allSatisfy(\.isLetter) && TemplateFrame.isContentWord($0) }) else { return false }
        return !head.hasSuffix("ed") && !head.hasSuffix("ing") && !head.hasSuffix("ly") && head.count > 2
    }

    // MARK: clause order

    private static let contractions: [String: String] = [
        "is": "isn't", "are": "aren't", "was": "wasn't", "were": "weren't", "has": "hasn't", "have": "haven't",
        "had": "hadn't", "can": "can't", "could": "couldn't", "must": "mustn't", "should": "shouldn't",
        "would": "wouldn't", "will": "won't", "do": "don't", "does": "doesn't", "did": "didn't",
    ]

    private static func doAuxiliary(_ verb: TemplateFrame.Verb, plural: Bool) -> String {
        verb.isPast ? "did" : plural ? "do" : "does"
    }

    private static func auxiliaryForm(_ verb: TemplateFrame.Verb, plural: Bool) -> String? {
        switch verb.kind {
        case .be: return verb.isPast ? (plural ? "were" : "was") : (plural ? "are" : "is")
        case .perfect: return verb.isPast ? "had" : (plural ? "have" : "has")
        case .modal: return verb.written
        case .have, .present, .past: return nil
        }
    }

    /// The verb of a clause in statement order: "is", "are not", "doesn't teach", "cannot".
    static func finite(_ verb: TemplateFrame.Verb, plural: Bool, _ polarity: Polarity) -> [String]? {
        if let auxiliary = auxiliaryForm(verb, plural: plural) {
            switch polarity {
            case .positive: return [auxiliary]
            case .negative: return auxiliary == "can" ? ["cannot"] : [auxiliary, "not"]
            case .contracted: return contractions[auxiliary].map { [$0] }
            }
        }
        let base = verb.kind == .have ? "have" : verb.base
        let adverb = verb.adverb.map { [$0] } ?? []
        switch polarity {
        case .positive:
            switch verb.kind {
            case .have: return adverb + [verb.isPast ? "had" : plural ? "have" : "has"]
            case .past: return adverb + [verb.written]
            default: return adverb + [plural ? base : verb.isPlural ? Morphology.regularThird(base) : verb.written]
            }
        case .negative: return [doAuxiliary(verb, plural: plural), "not"] + adverb + [base]
        case .contracted: return contractions[doAuxiliary(verb, plural: plural)].map { [$0] + adverb + [base] }
        }
    }

    /// The verb split around an inverted subject: "is … ", "does … teach", "can't … ".
    static func inverted(_ verb: TemplateFrame.Verb, plural: Bool, _ polarity: Polarity) -> (front: [String], middle: [String])? {
        if let auxiliary = auxiliaryForm(verb, plural: plural) {
            switch polarity {
            case .positive: return ([auxiliary], [])
            case .negative: return ([auxiliary], ["not"])
            case .contracted: return contractions[auxiliary].map { ([$0], []) }
            }
        }
        let auxiliary = doAuxiliary(verb, plural: plural)
        let base = (verb.adverb.map { [$0] } ?? []) + [verb.kind == .have ? "have" : verb.base]
        switch polarity {
        case .positive: return ([auxiliary], base)
        case .negative: return ([auxiliary], ["not"] + base)
        case .contracted: return contractions[auxiliary].map { ([$0], base) }
        }
    }

    static func declarative(_ clause: Clause, _ polarity: Polarity) -> [Piece]? {
        guard let verb = finite(clause.verb, plural: clause.isPlural, polarity) else { return nil }
        return clause.subject + verb.map(Piece.word) + clause.complement
    }

    /// The clause without its subject, as it follows "who" or "and": "is a minor", "have completed CS101".
    static func predicate(_ clause: Clause, _ polarity: Polarity) -> [Piece]? {
        guard let verb = finite(clause.verb, plural: clause.isPlural, polarity) else { return nil }
        return verb.map(Piece.word) + clause.complement
    }

    static func interrogative(_ clause: Clause, _ polarity: Polarity) -> [Piece]? {
        guard let (front, middle) = inverted(clause.verb, plural: clause.isPlural, polarity) else { return nil }
        return front.map(Piece.word) + clause.subject + middle.map(Piece.word) + clause.complement
    }

    // MARK: the complement

    /// The complement as pieces after `edits`; nil if a slot that is not a plain value is left unedited.
    static func apply(_ edits: [Edit], to tokens: [TemplateFrame.Token], roles: [String: Role]) -> [Piece]? {
        let edits = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(edits, edits.dropFirst()) where a.range.upperBound >= b.range.lowerBound { return nil }
        var result: [Piece] = []
        var index = 0
        var next = 0
        func edited(_ position: Int) -> Bool { edits.contains { $0.range.contains(position) } }
        while index < tokens.count {
            if next < edits.count, edits[next].range.lowerBound == index {
                result += edits[next].pieces
                index = edits[next].range.upperBound + 1
                next += 1
                continue
            }
            switch tokens[index] {
            case let .word(word):
                let lower = word.lowercased()
                if lower == "a" || lower == "an", index + 1 < tokens.count, case let .slot(slot) = tokens[index + 1], !edited(index + 1) {
                    result.append(.article(slot))
                } else {
                    result.append(.word(word))
                }
            case let .slot(slot):
                guard roles[slot] == .value else { return nil }
                result.append(.value(slot))
            case let .possessive(slot):
                guard roles[slot] == .value else { return nil }
                result.append(.possessive(slot))
            }
            index += 1
        }
        return result
    }

    /// The ways the complement can read with its free and compared slots realised and `fixed` applied:
    /// a free slot is dropped with its preposition ("Who is a parent?") or, where `pronounForFree`, said as
    /// "someone"; a compared number reads "more than 2 children", "older than 30".
    func complements(_ frame: TemplateFrame, roles: [String: Role], fixed: [Edit], pronounForFree: Bool, relation: RelationSchema) -> [[Piece]] {
        var choices: [[Edit]] = [[]]
        for (index, token) in frame.complement.enumerated() {
            guard case let .slot(slot) = token, let role = roles[slot], !fixed.contains(where: { $0.range.contains(index) }) else { continue }
            var options: [Edit] = []
            switch role {
            case .value, .asked:
                continue
            case .free:
                guard let site = frame.site(of: slot) else { return [] }
                // "a kind of {y}" and "the mother of {y}" need their object; "is a parent" and "got A" do not,
                // but "descends" and "works" without theirs change meaning.
                guard frame.relationalNoun?.definite != true else { return [] }
                if let preposition = site.preposition, preposition > 0, let before = frame.complement[preposition - 1].word,
                   TemplateFrame.classifierNouns.contains(before) {
                    return []
                }
                if let preposition = site.preposition, frame.complement.count - (site.slot - preposition + 1) > frame.verbalLength {
                    options.append(Edit(range: preposition...site.slot, pieces: []))
                }
                if pronounForFree, frame.verb.kind != .be || site.preposition != nil {
                    let person = relation.attributes.firstIndex { $0.name == slot }.map { isPerson(relation, $0) } ?? false
                    let pronoun: [Piece]
                    if !site.label.isEmpty {
                        pronoun = [.word(Morphology.article(before: site.label.joined(separator: " ")))] + site.label.map(Piece.word)
                    } else {
                        pronoun = [.word(person ? "someone" : "something")]
                    }
                    options.append(Edit(range: site.start...site.slot, pieces: pronoun))
                }
            case let .compared(op):
                options = Self.comparisons(frame, slot: slot, index: index, op)
            }
            guard !options.isEmpty else { return [] }
            choices = choices.flatMap { chosen in options.map { chosen + [$0] } }
        }
        return choices.compactMap { Self.apply(fixed + $0, to: frame.complement, roles: roles) }
    }

    /// "older than 30", "more than 2 children", "at least 30": the number slot and what counts it, rewritten.
    static func comparisons(_ frame: TemplateFrame, slot: String, index: Int, _ op: ComparisonOperator) -> [Edit] {
        let tokens = frame.complement
        guard frame.complementIsSimple || tokens.count == index + 3 else { return [] }
        let leftIsOpen = index == frame.verbalLength || (index > 0 && tokens[index - 1].word.map(TemplateFrame.prepositions.contains) == true)
        guard leftIsOpen else { return [] }
        let number = Piece.value(slot)
        if frame.verb.kind == .be, index == frame.verbalLength, tokens.count == index + 3,
           tokens[index + 1].word == "years", tokens[index + 2].word == "old" {
            let range = index...(index + 2)
            let phrases: [[Piece]]
            switch op {
            case .greater: phrases = [[.word("older"), .word("than"), number], [.word("over"), number], Piece.words("more than") + [number] + Piece.words("years old")]
            case .less: phrases = [[.word("younger"), .word("than"), number], [.word("under"), number], Piece.words("less than") + [number] + Piece.words("years old")]
            case .greaterOrEqual: phrases = [Piece.words("at least") + [number] + Piece.words("years old"), [number] + Piece.words("or older")]
            case .lessOrEqual: phrases = [Piece.words("at most") + [number] + Piece.words("years old"), [number] + Piece.words("or younger"), Piece.words("no older than") + [number]]
            case .equal, .notEqual: return []
            }
            return phrases.map { Edit(range: range, pieces: $0) }
        }
        guard frame.complementIsSimple else { return [] }
        let counted = index + 1 < tokens.count && tokens[index + 1].word.map(TemplateFrame.isContentWord) == true
        let atEnd = frame.verb.kind == .be && index == tokens.count - 1
        let bounds: [[String]]
        switch (op, counted, atEnd) {
        case (.greater, true, _): bounds = [["more", "than"], ["over"]]
        case (.less, true, _): bounds = [["fewer", "than"], ["less", "than"]]
        case (.greater, false, true): bounds = [["more", "than"], ["greater", "than"], ["over"], ["above"]]
        case (.less, false, true): bounds = [["less", "than"], ["below"], ["under"]]
        case (.greaterOrEqual, true, _), (.greaterOrEqual, false, true): bounds = [["at", "least"]]
        case (.lessOrEqual, true, _), (.lessOrEqual, false, true): bounds = [["at", "most"], ["no", "more", "than"]]
        default: return []
        }
        return bounds.map { Edit(range: index...index, pieces: $0.map(Piece.word) + [number]) }
    }

    // MARK: the subject

    /// The subject with its slots filled, and "the age of {p}" also as "{p}'s age"; empty if a subject slot is
    /// not a plain value (a subject is never dropped or compared).
    static func subjects(_ frame: TemplateFrame, roles: [String: Role]) -> [[Piece]] {
        guard frame.subject.slots.allSatisfy({ roles[$0] == .value }) else { return [] }
        switch frame.subject {
        case let .slot(name):
            return [[.value(name)]]
        case let .conjoined(a, b):
            return [[.value(a), .word("and"), .value(b)]]
        case let .possessive(owner, head):
            var result: [[Piece]] = [[.possessive(owner)] + head.map(Piece.word)]
            if !head.contains("of") { result.append([.word("the")] + head.map(Piece.word) + [.word("of"), .value(owner)]) }
            return result
        case let .ofPhrase(head, owner, rest):
            guard let restPieces = apply([], to: rest, roles: roles) else { return [] }
            var result: [[Piece]] = [[.word("the")] + head.map(Piece.word) + [.word("of"), .value(owner)] + restPieces]
            if rest.isEmpty, !head.contains("of") { result.append([.possessive(owner)] + head.map(Piece.word)) }
            return result
        case let .labelled(label, slot):
            return [[.word("the")] + label.map(Piece.word) + [.value(slot)]]
        }
    }

    /// The key a slot's value is filled under: clauses of a conjunction may share attribute names ("course").
    static func slotKey(_ slot: String, clause: Int) -> String {
        clause == 0 ? slot : "\(clause):\(slot)"
    }

    static func qualified(_ pieces: [Piece], clause: Int) -> [Piece] {
        pieces.map { piece in
            switch piece {
            case .word: return piece
            case let .value(slot): return .value(slotKey(slot, clause: clause))
            case let .possessive(slot): return .possessive(slotKey(slot, clause: clause))
            case let .article(slot): return .article(slotKey(slot, clause: clause))
            }
        }
    }

    /// The relative pronouns that can introduce a clause about an argument: "who" or "that" for people.
    func relativePronouns(person: Bool) -> [String] {
        person ? ["who", "that"] : ["that", "which"]
    }
}
