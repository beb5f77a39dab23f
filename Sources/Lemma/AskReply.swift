import NeuralParser

/// How a sentence was read: the query it became, how sure the parser is, what else it might mean, and which
/// names in the sentence were linked to which stored names (reported when they differ, e.g. a typo).
public struct ParseReply: Encodable, Sendable {
    public struct Alternative: Encodable, Sendable {
        public var query: String
        public var confidence: Double
        /// The reading in English, so a person can pick the one they meant.
        public var text: String
    }

    public struct Link: Encodable, Sendable {
        /// As typed.
        public var text: String
        /// As stored.
        public var name: String
        public var exact: Bool
    }

    public var query: String?
    public var form: String?
    public var confidence: Double
    /// Whether the parse was confident enough to answer; below the threshold Lemma lists readings instead.
    public var sure: Bool
    public var alternatives: [Alternative]
    public var linked: [Link]
}

/// The reading a question was answered as, and the certificate that it is the question asked: the query, the
/// query as an English question, each word of the question aligned with the part of the query it stands for.
public struct ReadingReply: Encodable, Sendable {
    public var query: String
    /// The canonical English question of the query: "Which person is a grandparent of Mateo?"
    public var text: String
    public var alignment: [ReadingAccount.Word]
    public var confidence: Double

    public init(query: String, text: String, alignment: [ReadingAccount.Word], confidence: Double) {
        self.query = query
        self.text = text
        self.alignment = alignment
        self.confidence = confidence
    }
}

/// `lemma ask`'s reply: the `lemma query` reply of the parsed query, with the parse beside it. When the parser is
/// not sure, there is no query reply: `answer` is "unknown" and the text lists the readings it considered.
public struct AskReply: Encodable, Sendable {
    public var parse: ParseReply
    public var text: String
    public var query: QueryReply?
    /// For a question about a story: the facts read from the story, which the answer rests on.
    public var storyFacts: [String]?
    /// The reading answered; for a refusal, the best reading weighed, if any.
    public var reading: ReadingReply?
    /// Why the question was not answered; nil when it was.
    public var refusal: Refusal?

    public var answered: Bool { refusal == nil && query != nil }

    public init(parse: ParseReply, text: String, query: QueryReply?, storyFacts: [String]? = nil, reading: ReadingReply? = nil, refusal: Refusal? = nil) {
        self.parse = parse
        self.text = text
        self.query = query
        self.storyFacts = storyFacts
        self.reading = reading
        self.refusal = refusal
    }

    enum CodingKeys: String, CodingKey {
        case parse, text, answer, reading, answered, reason
        case storyFacts = "story_facts"
    }

    public func encode(to encoder: any Encoder) throws {
        if let query { try query.encode(to: encoder) }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parse, forKey: .parse)
        try container.encode(text, forKey: .text)
        if query == nil { try container.encode("unknown", forKey: .answer) }
        try container.encode(answered, forKey: .answered)
        try container.encodeIfPresent(refusal?.reason, forKey: .reason)
        try container.encodeIfPresent(reading, forKey: .reading)
        try container.encodeIfPresent(storyFacts, forKey: .storyFacts)
    }
}
