import Syntax

/// One word of a question. `text` is what the parser and the linkers compare (lower case, contractions expanded,
/// straight apostrophes); `surface` and `range` keep what the person typed, so answers and errors can quote it.
public struct Token: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    /// The characters of the sentence this token came from; for an expanded contraction, its own part of the word
    /// ("ca" of "can't" for `can`, "n't" for `not`), so the ranges of a sentence's tokens never overlap.
    public var surface: String
    public var range: Range<String.Index>

    public init(text: String, surface: String, range: Range<String.Index>) {
        self.text = text
        self.surface = surface
        self.range = range
    }

    public var description: String { text }

    /// Whether the token is a whole number or a decimal, as the parser reads numbers.
    public var isNumber: Bool { Tokenizer.number(in: text) != nil }
}

/// Splits a question into the tokens the parser reads. Codes stay whole ("B-204", "CS101", "beta_lactam", "3.5")
/// because they are names; contractions and possessives are split because "can't", "Mateo's" and "students'"
/// carry a word ("not", "'s") the parser must see on its own.
public enum Tokenizer {
    public static func tokenize(_ sentence: String) -> [Token] {
        var tokens: [Token] = []
        var index = sentence.startIndex
        while index < sentence.endIndex {
            let character = sentence[index]
            let next = sentence.index(after: index)
            if isWordCharacter(character) || (character == "-" && startsSignedNumber(sentence, at: index)) {
                let end = wordEnd(sentence, from: next)
                appendWord(sentence[index..<end], of: sentence, to: &tokens)
                index = end
                // "the students' grades": an apostrophe after a plural is its possessive.
                if index < sentence.endIndex, isApostrophe(sentence[index]), sentence[..<index].last.map({ $0 == "s" || $0 == "S" }) == true {
                    let after = sentence.index(after: index)
                    if after == sentence.endIndex || !isWordCharacter(sentence[after]) {
                        tokens.append(Token(text: "'s", surface: String(sentence[index..<after]), range: index..<after))
                        index = after
                    }
                }
            } else if comparisonCharacters.contains(character), character != "!" || (next < sentence.endIndex && sentence[next] == "=") {
                var end = next
                while end < sentence.endIndex, comparisonCharacters.contains(sentence[end]) { end = sentence.index(after: end) }
                tokens.append(Token(text: String(sentence[index..<end]), surface: String(sentence[index..<end]), range: index..<end))
                index = end
            } else {
                if !isSeparator(character), !droppedCharacters.contains(character), !isApostrophe(character), !isHyphen(character) {
                    tokens.append(Token(text: String(character), surface: String(character), range: index..<next))
                }
                index = next
            }
        }
        return tokens
    }

    /// Sentence punctuation and quotes: they separate words but mean nothing to the parser.
    static let droppedCharacters: Set<Character> = ["?", ",", ".", "!", ";", ":", "\"", "“", "”", "„", "«", "»", "(", ")", "[", "]", "{", "}", "`", "…", "–", "—", "¿", "¡"]
    /// Kept as tokens of their own, since "age >= 18" says something.
    static let comparisonCharacters: Set<Character> = ["<", ">", "=", "!"]

    /// Spaces, and invisible characters that a pasted question may carry.
    static func isSeparator(_ character: Character) -> Bool {
        character.isWhitespace || character.unicodeScalars.allSatisfy { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
        }
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    static func isApostrophe(_ character: Character) -> Bool {
        character == "'" || character == "’" || character == "‘" || character == "ʼ"
    }

    static func isHyphen(_ character: Character) -> Bool {
        character == "-" || character == "‐" || character == "‑"
    }

    /// "-5" after a space or at the start is a number; "B-5" is a code and "x - 5" is not a word.
    private static func startsSignedNumber(_ sentence: String, at index: String.Index) -> Bool {
        let next = sentence.index(after: index)
        guard next < sentence.endIndex, sentence[next].isNumber else { return false }
        guard index > sentence.startIndex else { return true }
        let previous = sentence[sentence.index(before: index)]
        return isSeparator(previous) || droppedCharacters.contains(previous)
    }

    /// The end of the word that continues at `start`: letters and digits, joined by `-`, `_` and apostrophes between
    /// them, by `.` between digits (decimals) and by `,` before exactly three digits (thousands).
    private static func wordEnd(_ sentence: String, from start: String.Index) -> String.Index {
        var end = start
        while end < sentence.endIndex {
            let character = sentence[end]
            if isWordCharacter(character) {
                end = sentence.index(after: end)
                continue
            }
            let next = sentence.index(after: end)
            guard next < sentence.endIndex, isWordCharacter(sentence[next]), end > sentence.startIndex else { break }
            let previous = sentence[sentence.index(before: end)]
            let joins: Bool
            switch character {
            case "_": joins = true
            case _ where isHyphen(character): joins = true
            case _ where isApostrophe(character): joins = sentence[next].isLetter
            case ".": joins = previous.isNumber && sentence[next].isNumber
            case ",": joins = previous.isNumber && thousandsGroupFollows(sentence, at: next)
            default: joins = false
            }
            guard joins else { break }
            end = next
        }
        return end
    }

    private static func thousandsGroupFollows(_ sentence: String, at start: String.Index) -> Bool {
        var index = start
        for _ in 0..<3 {
            guard index < sentence.endIndex, sentence[index].isNumber else { return false }
            index = sentence.index(after: index)
        }
        return index == sentence.endIndex || !sentence[index].isNumber
    }

    /// Normalised text of a word: lower case, straight apostrophes, plain hyphens, no thousands separators.
    static func normalise(_ word: Substring) -> String {
        var result = ""
        let isNumeric = word.first.map { $0.isNumber || $0 == "-" } == true && word.allSatisfy { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" }
        for character in word.lowercased() {
            if isApostrophe(character) {
                result.append("'")
            } else if isHyphen(character) {
                result.append("-")
            } else if character == "," && isNumeric {
                continue
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Words before "'s" that make it "is" rather than a possessive.
    private static let isContractors: Set<String> = ["who", "what", "where", "when", "why", "how", "that", "there", "here", "it", "he", "she", "this", "everyone", "nobody", "somebody", "someone"]
    /// Negated auxiliaries whose stem is not the word before "n't".
    private static let irregularNegations: [String: String] = ["ca": "can", "wo": "will", "sha": "shall", "ai": "is"]
    private static let contractedSuffixes: [String: String] = ["re": "are", "ve": "have", "ll": "will", "d": "would", "m": "am"]

    /// Appends one word, split at a contraction or possessive.
    private static func appendWord(_ word: Substring, of sentence: String, to tokens: inout [Token]) {
        func token(_ part: Substring, text: String? = nil) -> Token {
            Token(text: text ?? normalise(part), surface: String(part), range: part.startIndex..<part.endIndex)
        }
        guard let apostrophe = word.lastIndex(where: isApostrophe(_:)), apostrophe > word.startIndex else {
            tokens.append(token(word))
            return
        }
        let base = word[..<apostrophe]
        let suffix = word[word.index(after: apostrophe)...].lowercased()
        let baseText = normalise(base)
        if suffix == "t", baseText.hasSuffix("n"), baseText.count > 1 {
            let n = word.index(before: apostrophe)
            let stem = word[..<n]
            let stemText = normalise(stem)
            tokens.append(token(stem, text: irregularNegations[stemText] ?? stemText))
            tokens.append(token(word[n...], text: "not"))
        } else if suffix == "s" {
            tokens.append(token(base))
            if baseText == "let" {
                tokens.append(token(word[apostrophe...], text: "us"))
            } else {
                tokens.append(token(word[apostrophe...], text: isContractors.contains(baseText) ? "is" : "'s"))
            }
        } else if let expansion = contractedSuffixes[suffix] {
            tokens.append(token(base))
            tokens.append(token(word[apostrophe...], text: expansion))
        } else {
            tokens.append(token(word))
        }
    }

    /// The number a token's text spells, if any: `.number` for whole numbers, `.float` for decimals.
    public static func number(in text: String) -> Value? {
        guard let first = text.first, first.isNumber || (first == "-" && text.count > 1) else { return nil }
        if let whole = Int64(text) { return .number(whole) }
        if text.contains("."), let decimal = Double(text), decimal.isFinite { return .float(decimal) }
        return nil
    }

    // MARK: Stemming

    /// Irregular forms mapped to the form the suffix rules then stem, so "people" meets "person" and "older" the
    /// "old" of "{person} is {years} years old".
    private static let irregularForms: [String: String] = [
        "people": "person", "children": "child", "men": "man", "women": "woman",
        "taught": "teach", "gave": "give", "given": "give", "took": "take", "taken": "take",
        "older": "old", "oldest": "old", "younger": "young", "youngest": "young",
    ]

    /// A crude stem for lexical matching: plural and third-person `-s`/`-es`/`-ies`, `-ed` and `-ing` are removed,
    /// then a final doubled consonant and a final `e`. It only has to map the forms of a word to one key, not to
    /// a real word: "enrolled", "enrol" and "enrolling" all become "enrol", "course" and "courses" "cours".
    public static func stem(_ word: String) -> String {
        var stem = word.lowercased()
        if let base = irregularForms[stem] ?? Lexicon.irregularBaseOfForm[stem] {
            stem = base
        } else if stem.hasSuffix("children") {
            stem = String(stem.dropLast("ren".count))
        }
        guard stem.count > 3, stem.allSatisfy(\.isLetter) else { return stem }
        if stem.hasSuffix("ies"), stem.count > 4 {
            stem.removeLast(3)
            stem += "y"
        } else if stem.hasSuffix("sses") || stem.hasSuffix("ches") || stem.hasSuffix("shes") || stem.hasSuffix("xes") || stem.hasSuffix("zes") {
            stem.removeLast(2)
        } else if stem.hasSuffix("s"), !stem.hasSuffix("ss"), !stem.hasSuffix("us"), !stem.hasSuffix("is") {
            stem.removeLast()
        }
        if stem.hasSuffix("ied"), stem.count > 4 {
            stem.removeLast(3)
            stem += "y"
        } else if stem.hasSuffix("ed"), stem.count > 4 {
            stem.removeLast(2)
        } else if stem.hasSuffix("ing"), stem.count > 5 {
            stem.removeLast(3)
        }
        if stem.count > 3, let last = stem.last, !"aeiou".contains(last), stem.dropLast().last == last {
            stem.removeLast()
        }
        if stem.count > 3, stem.hasSuffix("e") {
            stem.removeLast()
        }
        return stem
    }
}
