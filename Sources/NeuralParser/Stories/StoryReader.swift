/// What a kinship story in the style of CLUTRR states: who is whose father, sister, husband, and the sexes it tells
/// by pronouns ("[Alma] helped her brother [James]": Alma is female).
public struct KinshipStory: Equatable, Sendable {
    /// "`relative` is `person`'s `kin`", with `kin` one of the names of `rules/kinship.dl` ("father", "son-in-law").
    public struct Statement: Hashable, Sendable {
        public var person: String
        public var relative: String
        public var kin: String
    }

    /// "`relative` is `person`'s `kind`" ("parent"), when the story does not tell the relative's sex with it.
    public struct KindStatement: Hashable, Sendable {
        public var person: String
        public var relative: String
        public var kind: String
    }

    public var statements: [Statement] = []
    public var kindStatements: [KindStatement] = []
    /// Kinship the reader found less likely than none, read only to join people the rest leaves apart.
    public var likelyKindStatements: [KindStatement] = []
    /// Person to "male" or "female", from possessive pronouns.
    public var sexes: [String: String] = [:]
    /// Person to the sex the reader thinks likelier but is not sure of: a presumption, which the rules use only when
    /// the story does not tell.
    public var likelySexes: [String: String] = [:]
    /// Everyone the story names, in order of first mention.
    public var people: [String] = []

    /// The bracketed names of a story's text, in order, once each.
    public static func bracketedNames(in text: String) -> [String] {
        StoryReader.sentences(of: text).flatMap(StoryReader.pieces(of:)).compactMap(\.name).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The text with every bracketed name replaced by its new name, where it has one.
    public static func renaming(_ text: String, _ names: [String: String]) -> String {
        var result = ""
        var name: String?
        for character in text {
            if character == "[" {
                name = ""
            } else if character == "]", let old = name {
                result += "[" + (names[old] ?? old) + "]"
                name = nil
            } else if name != nil {
                name!.append(character)
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Reads the kinship a story states, sentence by sentence, from the patterns people write it in: "[A]'s son [B]",
/// "[A] and her brother [B]", "[B], the father of [A]", "[A] went shopping with her son. His name is [B].". Names are
/// the bracketed words. This is the lexical first stage: a sentence that states kinship without a kinship word
/// ("[A] and [B] celebrated their anniversary") yields nothing, and the story is then answered "unknown".
public struct StoryReader: Sendable {
    public init() {}

    /// Kinship words, their plurals and common spellings, to the names `rules/kinship.dl` uses.
    static let kinWords: [String: String] = {
        let singular: [String: String] = [
            "father": "father", "dad": "father", "daddy": "father", "papa": "father", "mother": "mother", "mom": "mother", "mum": "mother",
            "mommy": "mother", "momma": "mother", "son": "son", "daughter": "daughter", "brother": "brother", "sister": "sister",
            "husband": "husband", "wife": "wife", "grandfather": "grandfather", "grandpa": "grandfather", "granddad": "grandfather",
            "grandad": "grandfather", "gramps": "grandfather", "grandmother": "grandmother", "grandma": "grandmother", "granny": "grandmother",
            "grandmom": "grandmother", "nana": "grandmother", "grandson": "grandson", "granddaughter": "granddaughter",
            "grandaughter": "granddaughter", "uncle": "uncle", "aunt": "aunt", "nephew": "nephew", "niece": "niece",
            "father-in-law": "father-in-law", "mother-in-law": "mother-in-law", "son-in-law": "son-in-law", "daughter-in-law": "daughter-in-law",
        ]
        var words = singular
        for (word, kin) in singular { words[word + "s"] = kin }
        words["wives"] = "wife"
        return words
    }()

    static let maleKin: Set<String> = ["father", "son", "brother", "husband", "grandfather", "grandson", "uncle", "nephew", "father-in-law", "son-in-law"]

    public static func sex(ofKin kin: String) -> String { maleKin.contains(kin) ? "male" : "female" }

    enum Piece: Equatable {
        case name(String)
        case word(String)

        var word: String? { if case let .word(word) = self { word } else { nil } }
        var name: String? { if case let .name(name) = self { name } else { nil } }
    }

    /// Words that may stand between a possessive and its kinship word ("her younger brother", "his smoking hot wife").
    private static let describingWordLimit = 3
    private static let notDescribing: Set<String> = ["'s", "'", "his", "her", "their", ",", "and", "of", "the", "a", "to", "with", "for"]
    /// Words that may stand between a kinship word and the name it introduces ("a son named [B]", "her son, [B]").
    private static let introducing: Set<String> = [",", "the", "named", "called", "names", "is", "was", "name", "his", "her", "a", "an", "who"]

    public func read(_ story: String) -> KinshipStory {
        var result = KinshipStory()
        var pending: (owner: String, kin: String)?
        var previousNames: [String] = []
        for sentence in Self.sentences(of: story) {
            let pieces = Self.pieces(of: sentence)
            let names = pieces.indices.filter { pieces[$0].name != nil }
            for index in names where !result.people.contains(pieces[index].name!) { result.people.append(pieces[index].name!) }
            // "… her son. His name is [Joe].": a kinship word left without its relative takes the next name.
            if let waiting = pending, let first = names.first, let relative = pieces[first].name {
                if relative != waiting.owner { add(KinshipStory.Statement(person: waiting.owner, relative: relative, kin: waiting.kin), to: &result) }
                pending = nil
            }
            for (index, piece) in pieces.enumerated() {
                guard let word = piece.word, let kin = Self.kinWords[word] else { continue }
                let earlier = names.filter { $0 < index }.map { pieces[$0].name! }
                guard let owner = owner(ofKinAt: index, in: pieces, earlier: earlier, previousNames: previousNames, story: &result) else { continue }
                let relatives = relatives(ofKinAt: index, owner: owner, in: pieces, earlier: earlier)
                if relatives.isEmpty { pending = (owner, kin) }
                for relative in relatives { add(KinshipStory.Statement(person: owner, relative: relative, kin: kin), to: &result) }
            }
            if !names.isEmpty { previousNames = names.map { pieces[$0].name! } }
        }
        return result
    }

    private func add(_ statement: KinshipStory.Statement, to story: inout KinshipStory) {
        guard statement.person != statement.relative, !story.statements.contains(statement) else { return }
        story.statements.append(statement)
        story.sexes[statement.relative] = Self.sex(ofKin: statement.kin)
    }

    /// Whose kin the word names: "[A]'s (younger) son", "his son" (the nearest name before that can be "his"), "the
    /// son of [A]", "[A] has a son named …".
    private func owner(ofKinAt index: Int, in pieces: [Piece], earlier: [String], previousNames: [String], story: inout KinshipStory) -> String? {
        var before = index - 1
        var described = 0
        while before >= 0, let word = pieces[before].word, Self.kinWords[word] == nil, !Self.notDescribing.contains(word), described < Self.describingWordLimit {
            before -= 1
            described += 1
        }
        let marker = before >= 0 ? pieces[before].word : nil
        if marker == "'s" || marker == "'", before >= 1, let owner = pieces[before - 1].name { return owner }
        if let pronoun = marker, ["his", "her", "their"].contains(pronoun) {
            let wanted: String? = pronoun == "his" ? "male" : pronoun == "her" ? "female" : nil
            let candidates = earlier.isEmpty ? previousNames.reversed() : earlier.reversed()
            let owner = candidates.first { wanted == nil || story.sexes[$0] == nil || story.sexes[$0] == wanted } ?? candidates.first
            if let owner, let wanted, story.sexes[owner] == nil { story.sexes[owner] = wanted }
            return owner
        }
        // "the father of the lovely [Donald]": a few words may stand between "of" and the name.
        if index + 1 < pieces.count, pieces[index + 1].word == "of",
           let owner = pieces[(index + 2)...].prefix(5).first(where: { $0.name != nil })?.name {
            return owner
        }
        if ["a", "an", "two", "both"].contains(marker ?? "") || (index >= 1 && ["a", "an"].contains(pieces[index - 1].word ?? "")) {
            return earlier.first
        }
        return nil
    }

    /// The people the kinship word names: the next name after it ("her son, [B]"; "her sisters [B] and [C]"), else the
    /// nearest name before it that is not the owner when the word ends its phrase ("[B], [A]'s father", "[B] is the
    /// father of [A]").
    private func relatives(ofKinAt index: Int, owner: String, in pieces: [Piece], earlier: [String]) -> [String] {
        var next = index + 1
        while next < pieces.count, next < index + 6, let word = pieces[next].word, Self.introducing.contains(word) { next += 1 }
        if next < pieces.count, let relative = pieces[next].name, relative != owner {
            var relatives = [relative]
            let plural = pieces[index].word.map { $0.hasSuffix("s") && Self.kinWords[String($0.dropLast())] != nil } ?? false
            if plural, next + 2 < pieces.count, ["and", ","].contains(pieces[next + 1].word ?? ""), let second = pieces[next + 2].name {
                relatives.append(second)
            }
            return relatives
        }
        let following = index + 1 < pieces.count ? pieces[index + 1].word : "."
        guard let following, ["of", ".", "!", "?", ","].contains(following) else { return [] }
        return earlier.last(where: { $0 != owner }).map { [$0] } ?? []
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
                if ",;.!?".contains(character) { pieces.append(.word(String(character))) }
                characters = characters.dropFirst()
            }
        }
        return pieces
    }
}
