/// How one reading accounts for a question, word by word: the certificate that the query is the question asked.
/// A reading is answered only when every word is placed and every part of the query rests on a word.
public struct ReadingAccount: Equatable, Sendable {
    /// What a word of the question was aligned to.
    public enum Role: String, Codable, Sendable {
        /// A linked name or number that is a constant of the query.
        case constant
        /// A word of a relation of the query: its name, its templates, or an attribute's name.
        case relation
        /// A noun naming the type of an argument ("students" for an argument of type Student).
        case type
        /// A question word or indefinite pronoun standing for the asked variable.
        case asked
        /// "how many", "number of": the count aggregate.
        case count
        /// "not", "no", "never": the negation of the query.
        case negation
        /// "over", "at least", "younger than": a comparison, in its direction.
        case comparison
        /// "why": the form of the question.
        case form
        /// A word on the closed list of function and politeness words.
        case function
        /// Nothing in the query stands for this word.
        case unplaced
    }

    public struct Word: Equatable, Codable, Sendable {
        /// As typed.
        public var text: String
        public var role: Role
        /// The part of the query the word stands for, in rule syntax (`grandparent`, `"Mateo"`, `y > 40`); nil for
        /// function words and unplaced ones.
        public var part: String?
    }

    public var words: [Word]
    /// Parts of the query no word of the question asks for ("y > 40" when the question compares nothing).
    public var unsupported: [String]

    /// The words nothing in the query stands for, as typed, each once.
    public var unplaced: [String] {
        var seen = Set<String>()
        return words.filter { $0.role == .unplaced && seen.insert($0.text.lowercased()).inserted }.map(\.text)
    }

    /// Whether the reading accounts for the whole question.
    public var isComplete: Bool { unplaced.isEmpty && unsupported.isEmpty }
}
