/// One unit of a generated sentence. Values stay references to slots until the sentence is rendered, so one
/// phrasing serves every sample of the same shape and the sampler can misspell a name without re-deriving grammar.
enum Piece: Hashable, Sendable {
    case word(String)
    /// The text that fills the named slot.
    case value(String)
    /// The filler with "'s": "Mateo's".
    case possessive(String)
    /// "a" or "an", agreeing with the filler of the named slot.
    case article(String)

    static func words(_ text: String) -> [Piece] {
        text.split(separator: " ").map { .word(String($0)) }
    }
}

/// A sentence the grammar can produce for an interpretation, before values, noise and politeness are applied.
struct Phrasing: Hashable, Sendable {
    var pieces: [Piece]
    /// "?" for questions, "." for statements and requests such as "List the …".
    var terminal: String
    /// The same question as an embedded clause in statement order ("who Juan is a grandparent of"), for
    /// "Could you tell me …"; nil where none reads well.
    var embedded: [Piece]?

    /// The sentence with slots filled, its first letter capitalised and its terminal attached.
    func rendered(_ values: [String: String]) -> String {
        Self.sentence(Self.text(pieces, values), terminal: terminal)
    }

    static func text(_ pieces: [Piece], _ values: [String: String]) -> String {
        var words: [String] = []
        words.reserveCapacity(pieces.count)
        for piece in pieces {
            switch piece {
            case let .word(word): words.append(word)
            case let .value(slot): words.append(values[slot] ?? slot)
            case let .possessive(slot): words.append(Morphology.possessive(values[slot] ?? slot))
            case let .article(slot): words.append(Morphology.article(before: values[slot] ?? slot))
            }
        }
        return words.joined(separator: " ")
    }

    static func sentence(_ text: String, terminal: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + terminal
    }
}
