/// What a kinship story in the style of CLUTRR states: who is whose father, sister, husband, and the sexes it tells
/// by pronouns ("[Alma] helped her brother [James]": Alma is female).
public struct KinshipStory: Equatable, Sendable {
    /// "`relative` is `person`'s `kin`", with `kin` one of the names of `rules/kinship.dl` ("father", "son-in-law").
    public struct Statement: Hashable, Sendable {
        public var person: String
        public var relative: String
        public var kin: String
    }

    public var statements: [Statement] = []
    /// Person to "male" or "female", from possessive pronouns.
    public var sexes: [String: String] = [:]
    /// Everyone the story names, in order of first mention.
    public var people: [String] = []
}

/// Reads the kinship a story states, sentence by sentence, from the patterns people write it in: "[A]'s son [B]",
/// "[A] and her brother [B]", "[B], the father of [A]", "[A] went shopping with her son. His name is [B].". Names are
/// the bracketed words. This is the lexical first stage: a sentence that states kinship without a kinship word
/// ("[A] and [B] celebrated their anniversary") yields nothing, and the story is then answered "unknown".
public struct StoryReader: Sendable {
    public init() {}

    /// Kinship words and their spellings, to the names `rules/kinship.dl` uses.
    static let kinWords: [String: String] = [
        "father": "father", "dad": "father", "daddy": "father", "mother": "mother", "mom": "mother", "mum": "mother", "mommy": "mother",
        "son": "son", "daughter": "daughter", "brother": "brother", "sister": "sister", "husband": "husband", "wife": "wife",
        "grandfather": "grandfather", "grandpa": "grandfather", "granddad": "grandfather", "grandmother": "grandmother",
        "grandma": "grandmother", "granny": "grandmother", "grandson": "grandson", "granddaughter": "granddaughter",
        "uncle": "uncle", "aunt": "aunt", "nephew": "nephew", "niece": "niece", "father-in-law": "father-in-law",
        "mother-in-law": "mother-in-law", "son-in-law": "son-in-law", "daughter-in-law": "daughter-in-law",
    ]

    static let maleKin: Set<String> = ["father", "son", "brother", "husband", "grandfather", "grandson", "uncle", "nephew", "father-in-law", "son-in-law"]

    enum Piece: Equatable {
        case name(String)
        case word(String)
    }

    public func read(_ story: String) -> KinshipStory {
        var result = KinshipStory()
        var pending: (owner: String, kin: String)?
        for sentence in Self.sentences(of: story) {
            let pieces = Self.pieces(of: sentence)
            let names = pieces.indices.filter { if case .name = pieces[$0] { return true } else { return false } }
            for index in names {
                if case let .name(name) = pieces[index], !result.people.contains(name) { result.people.append(name) }
            }
            // "… her son. His name is [Joe].": a kinship word left without its relative takes the next name.
            if let waiting = pending, let first = names.first, case let .name(relative) = pieces[first], relative != waiting.owner {
                add(KinshipStory.Statement(person: waiting.owner, relative: relative, kin: waiting.kin), to: &result)
                pending = nil
            }
            for (index, piece) in pieces.enumerated() {
                guard case let .word(word) = piece, let kin = Self.kinWords[word] else { continue }
                guard let owner = owner(ofKinAt: index, in: pieces, names: names, sexes: &result.sexes) else { continue }
                if let relative = relative(ofKinAt: index, owner: owner, in: pieces, names: names) {
                    add(KinshipStory.Statement(person: owner, relative: relative, kin: kin), to: &result)
                } else {
                    pending = (owner, kin)
                }
            }
        }
        return result
    }

    private func add(_ statement: KinshipStory.Statement, to story: inout KinshipStory) {
        guard statement.person != statement.relative, !story.statements.contains(statement) else { return }
        story.statements.append(statement)
        story.sexes[statement.relative] = Self.maleKin.contains(statement.kin) ? "male" : "female"
    }

    /// Whose kin the word names: "[A]'s son", "his son" (the sentence's first name), "the son of [A]".
    private func owner(ofKinAt index: Int, in pieces: [Piece], names: [Int], sexes: inout [String: String]) -> String? {
        if index >= 2, case .word("'s") = pieces[index - 1], case let .name(owner) = pieces[index - 2] { return owner }
        if index >= 2, case .word("'") = pieces[index - 1], case let .name(owner) = pieces[index - 2] { return owner }
        if index >= 1, case let .word(pronoun) = pieces[index - 1], ["his", "her", "their"].contains(pronoun),
           let first = names.first, first < index, case let .name(owner) = pieces[first] {
            if pronoun != "their" { sexes[owner] = pronoun == "his" ? "male" : "female" }
            return owner
        }
        // "the father of the lovely [Donald]": a few words may stand between "of" and the name.
        if index + 2 < pieces.count, case .word("of") = pieces[index + 1],
           let named = pieces[(index + 2)...].prefix(4).first(where: { if case .name = $0 { return true } else { return false } }),
           case let .name(owner) = named {
            return owner
        }
        return nil
    }

    /// The person the kinship word names: the next name after it ("her son, [B]"), else the nearest name before it
    /// that is not the owner ("[B], [A]'s father", "[B] is the father of [A]").
    private func relative(ofKinAt index: Int, owner: String, in pieces: [Piece], names: [Int]) -> String? {
        var next = index + 1
        while next < pieces.count, case let .word(word) = pieces[next], [",", "the", "named", "called", "is", "was", "name"].contains(word) { next += 1 }
        if next < pieces.count, case let .name(name) = pieces[next], name != owner { return name }
        for position in names.reversed() where position < index {
            if case let .name(name) = pieces[position], name != owner { return name }
        }
        return nil
    }

    static func sentences(of story: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inName = false
        for character in story {
            if character == "[" { inName = true }
            if character == "]" { inName = false }
            current.append(character)
            if !inName, ".!?".contains(character) {
                result.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current) }
        return result
    }

    /// Names in brackets, words lower-cased, "'s" and punctuation as pieces of their own.
    static func pieces(of sentence: String) -> [Piece] {
        var pieces: [Piece] = []
        var characters = Array(sentence)[...]
        while let character = characters.first {
            if character == "[", let close = characters.firstIndex(of: "]") {
                pieces.append(.name(String(characters[characters.index(after: characters.startIndex)..<close])))
                characters = characters[characters.index(after: close)...]
            } else if character.isLetter || character == "-" {
                let word = characters.prefix { $0.isLetter || $0 == "-" }
                pieces.append(.word(String(word).lowercased()))
                characters = characters.dropFirst(word.count)
            } else if character == "'" || character == "’" {
                let rest = characters.dropFirst()
                if rest.first == "s", rest.dropFirst().first.map({ !$0.isLetter }) ?? true {
                    pieces.append(.word("'s"))
                    characters = rest.dropFirst()
                } else {
                    pieces.append(.word("'"))
                    characters = rest
                }
            } else {
                if ",;".contains(character) { pieces.append(.word(String(character))) }
                characters = characters.dropFirst()
            }
        }
        return pieces
    }
}
