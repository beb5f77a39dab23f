/// The pairs of people a story could state kinship between, and what the network sees of each: the words around
/// the pair, with the two people marked, and what the lexical reader made of it.
///
/// A pair is two people named in one sentence, or one named in a sentence and the other in the next ("[A] has a
/// son. His name is [B]."); each pair is seen once per sentence it shares, in the order the story names them.
public struct KinshipPair: Sendable, Equatable {
    /// The text the pair is read from: one sentence or two, as pieces.
    var pieces: [StoryReader.Piece]
    /// Named first.
    public var first: String
    public var second: String
}

/// The kind of kinship between two people, in the direction the network predicts it: `second` is `first`'s `kind`
/// (`forward`), or `first` is `second`'s (`backward`), or no kinship is stated (`none`).
public enum KinshipClass: Hashable, Sendable {
    case none
    case forward(String)
    case backward(String)

    /// Kinds of kin, as `rules/kinship.dl` names them, in the order of the network's outputs.
    public static let kinds = ["child", "child-in-law", "grandchild", "grandparent", "nibling", "parent", "parent-in-law", "pibling", "sibling", "spouse"]
    public static let all: [KinshipClass] = [.none] + kinds.map { .forward($0) } + kinds.map { .backward($0) }

    public var index: Int {
        switch self {
        case .none: 0
        case let .forward(kind): 1 + Self.kinds.firstIndex(of: kind)!
        case let .backward(kind): 1 + Self.kinds.count + Self.kinds.firstIndex(of: kind)!
        }
    }
}

public enum KinshipFeatures {
    /// Each kinship word's kind; words that name a kind without a sex ("children", "married") count too.
    static let kindOfWord: [String: String] = {
        var kinds: [String: String] = [:]
        for (word, kin) in StoryReader.kinWords { kinds[word] = kindOfKin[kin] }
        for word in ["child", "children", "kid", "kids"] { kinds[word] = "child" }
        for word in ["parents"] { kinds[word] = "parent" }
        for word in ["siblings"] { kinds[word] = "sibling" }
        for word in ["grandchildren", "grandkids"] { kinds[word] = "grandchild" }
        for word in ["married", "wed", "anniversary", "wedding"] { kinds[word] = "spouse" }
        return kinds
    }()

    public static let kindOfKin: [String: String] = [
        "father": "parent", "mother": "parent", "son": "child", "daughter": "child", "brother": "sibling", "sister": "sibling",
        "husband": "spouse", "wife": "spouse", "grandfather": "grandparent", "grandmother": "grandparent", "grandson": "grandchild",
        "granddaughter": "grandchild", "uncle": "pibling", "aunt": "pibling", "nephew": "nibling", "niece": "nibling",
        "father-in-law": "parent-in-law", "mother-in-law": "parent-in-law", "son-in-law": "child-in-law", "daughter-in-law": "child-in-law",
    ]

    /// The name of a `kind` of kin of one `sex` ("pibling", "female": "aunt").
    public static func kin(ofKind kind: String, sex: String) -> String? {
        kindOfKin.first { $0.value == kind && StoryReader.sex(ofKin: $0.key) == sex }?.key
    }

    /// If y is x's `kind`, x is y's `inverseKind[kind]`.
    public static let inverseKind: [String: String] = [
        "parent": "child", "child": "parent", "sibling": "sibling", "spouse": "spouse", "grandparent": "grandchild", "grandchild": "grandparent",
        "pibling": "nibling", "nibling": "pibling", "parent-in-law": "child-in-law", "child-in-law": "parent-in-law",
    ]

    public static func pairs(in story: String) -> [KinshipPair] {
        let sentences = StoryReader.sentences(of: story).map(StoryReader.pieces(of:))
        let namesOf = sentences.map { pieces in pieces.compactMap(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } }
        var pairs: [KinshipPair] = []
        for (index, pieces) in sentences.enumerated() {
            let names = namesOf[index]
            for (position, first) in names.enumerated() {
                for second in names[(position + 1)...] { pairs.append(KinshipPair(pieces: pieces, first: first, second: second)) }
            }
            guard index + 1 < sentences.count else { continue }
            let nextNames = namesOf[index + 1]
            for first in names where !nextNames.contains(first) {
                for second in nextNames where !names.contains(second) {
                    pairs.append(KinshipPair(pieces: pieces + sentences[index + 1], first: first, second: second))
                }
            }
        }
        return pairs
    }

    /// What the network reads of a pair: words by region (before, between and after the two people), their bigrams,
    /// each kinship word's kind with where the two people stand from it and the possessive before it, the words next
    /// to each person, and, weighted most, the kind the lexical reader found (`lexicalKind`, or "none").
    public static func features(of pair: KinshipPair, lexicalKind: String?) -> [(feature: String, weight: Float)] {
        let sequence = pair.pieces.map { piece -> String in
            switch piece {
            case let .name(name): name == pair.first ? "<p>" : name == pair.second ? "<q>" : "<o>"
            case let .word(word): word
            }
        }
        let first = sequence.firstIndex(of: "<p>")!
        let second = sequence.firstIndex(of: "<q>")!
        let namePositions = sequence.indices.filter { sequence[$0].hasPrefix("<") && sequence[$0].hasSuffix(">") }
        var features = ["bias"]
        for (position, word) in sequence.enumerated() {
            let region = position < first ? "b" : position < second ? "m" : "a"
            features.append(region + ":" + word)
            if position + 1 < sequence.count { features.append(region + ":" + word + "_" + sequence[position + 1]) }
            guard let kind = kindOfWord[word] else { continue }
            let before = namePositions.filter { $0 < position }.reversed()
            let after = namePositions.filter { $0 > position }
            func role(_ person: Int) -> String {
                if let rank = before.firstIndex(of: person) { return "b\(min(before.distance(from: before.startIndex, to: rank), 3))" }
                return "a\(min(after.firstIndex(of: person)!, 3))"
            }
            let previous = position > 0 ? sequence[position - 1] : "^"
            let next = position + 1 < sequence.count ? sequence[position + 1] : "$"
            let possessive = ["his", "her", "their", "'s", "'"].contains(previous) ? previous : "x"
            let roles = role(first) + ":" + role(second)
            features += ["kr:\(kind):\(roles)", "krp:\(kind):\(possessive):\(roles)", "krp:\(possessive):\(roles)", "kinw:\(previous):\(kind):\(next)",
                         "kq:\(kind):\(second > position ? "a" : "b")\(min(abs(second - position), 5))",
                         "kp:\(kind):\(first > position ? "a" : "b")\(min(abs(first - position), 5))"]
        }
        for distance in 1...3 {
            for (mark, position) in [("p", first), ("q", second)] {
                features.append("\(mark)-\(distance):" + (position - distance >= 0 ? sequence[position - distance] : "^"))
                features.append("\(mark)+\(distance):" + (position + distance < sequence.count ? sequence[position + distance] : "$"))
            }
        }
        features += ["gap:\(min(second - first, 12))", "names:\(namePositions.count)"]
        let scale = 1 / Float(features.count + lexicalWeight).squareRoot()
        return features.map { ($0, scale) } + [("lex:" + (lexicalKind ?? "none"), Float(lexicalWeight) * scale)]
    }

    static let lexicalWeight = 3

    /// What the network reads of one person's sex: around every mention, the words at each distance and the kinship
    /// words near it, the nearest pronouns after and before it with how many people are named between, and what the
    /// lexical reader made of it (`lexicalSex`, or "none"). Never the name: a name's usual sex is not what the story says.
    public static func sexFeatures(of person: String, in story: String, lexicalSex: String?) -> [(feature: String, weight: Float)] {
        let sequence = StoryReader.sentences(of: story).flatMap { sentence in
            StoryReader.pieces(of: sentence).map { piece -> String in
                switch piece {
                case let .name(name): name == person ? "<p>" : "<o>"
                case let .word(word): word
                }
            } + ["<s>"]
        }
        var features = ["bias"]
        for mention in sequence.indices where sequence[mention] == "<p>" {
            for distance in 1...3 {
                features.append("-\(distance):" + (mention - distance >= 0 ? sequence[mention - distance] : "^"))
                features.append("+\(distance):" + (mention + distance < sequence.count ? sequence[mention + distance] : "$"))
            }
            features.append("-bigram:" + sequence[max(0, mention - 2)..<mention].joined(separator: "_"))
            features.append("+bigram:" + sequence[(mention + 1)..<min(sequence.count, mention + 3)].joined(separator: "_"))
            for distance in 1...3 {
                if mention - distance >= 0, StoryReader.kinWords[sequence[mention - distance]] != nil { features.append("kin-\(distance):" + sequence[mention - distance]) }
                if mention + distance < sequence.count, StoryReader.kinWords[sequence[mention + distance]] != nil { features.append("kin+\(distance):" + sequence[mention + distance]) }
            }
            // The nearest kinship word on each side with no one named between, however far, and the word before it:
            // "[B] who is the grandmother of" names B's kin where "[A] and her son [B]" does not name A's.
            for (direction, positions) in [("kin-next", Array(sequence.indices[(mention + 1)...])), ("kin-previous", Array(sequence.indices[..<mention].reversed()))] {
                for position in positions {
                    let word = sequence[position]
                    if word.hasPrefix("<") { break }
                    guard let kin = StoryReader.kinWords[word] else { continue }
                    let before = position > 0 ? sequence[position - 1] : "^"
                    features += ["\(direction):\(StoryReader.sex(ofKin: kin))", "\(direction):\(before):\(StoryReader.sex(ofKin: kin))"]
                    break
                }
            }
            for (direction, positions) in [("next", Array(sequence.indices[(mention + 1)...])), ("previous", Array(sequence.indices[..<mention].reversed()))] {
                var namesBetween = 0
                var sentencesBetween = 0
                for position in positions {
                    let word = sequence[position]
                    if word == "<o>" { namesBetween += 1 }
                    if word == "<s>" { sentencesBetween += 1 }
                    if word == "<p>" || sentencesBetween > 1 { break }
                    guard let sex = pronounSexes[word] else { continue }
                    features += ["\(direction):\(word):\(min(namesBetween, 2)):\(sentencesBetween)", "\(direction):\(sex):\(min(namesBetween, 2))"]
                    break
                }
            }
        }
        let scale = 1 / Float(features.count + lexicalWeight).squareRoot()
        return features.map { ($0, scale) } + [("lexsex:" + (lexicalSex ?? "none"), Float(lexicalWeight) * scale)]
    }

    static let pronounSexes = ["he": "male", "him": "male", "his": "male", "himself": "male",
                               "she": "female", "her": "female", "hers": "female", "herself": "female"]
}
