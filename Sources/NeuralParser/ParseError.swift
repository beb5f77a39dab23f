/// Why a sentence could not be turned into a query.
public enum ParseError: Error, Equatable, CustomStringConvertible {
    case notInSchema(String)
    case unsupported(String)
    case noDomain(String)
    case empty
    /// Longer than the parser reads: its cost grows with the square of the length, and no question needs as many words.
    case tooLong(words: Int, limit: Int)
    /// A story longer than Lemma reads: the reasoning over its people grows faster than the story.
    case storyTooLong(characters: Int, limit: Int)
    case nothingLinked(String)
    case invalidWeights(path: String, reason: String)
    case nameSearch(String)
    case unreadable(path: String)
    case notAStatement(String, reading: String)
    case ambiguous(String, reason: String)
    /// A question about a story that does not name two of its people.
    case notAboutTheStory(String, named: [String], people: [String])

    /// A stable identifier for JSON replies.
    public var code: String {
        switch self {
        case .notInSchema: return "not-in-schema"
        case .unsupported: return "unsupported-question"
        case .noDomain: return "no-domain"
        case .empty: return "empty-sentence"
        case .tooLong: return "sentence-too-long"
        case .storyTooLong: return "story-too-long"
        case .nothingLinked: return "nothing-linked"
        case .invalidWeights: return "invalid-weights"
        case .nameSearch: return "name-search-failed"
        case .unreadable: return "unreadable-file"
        case .notAStatement: return "not-a-statement"
        case .ambiguous: return "ambiguous-statement"
        case .notAboutTheStory: return "not-about-the-story"
        }
    }

    public var description: String {
        switch self {
        case let .notInSchema(relation): return "the parse names \(relation), which the knowledge does not declare with that arity"
        case let .unsupported(what): return "\(what) cannot be asked yet"
        case let .noDomain(type): return "cannot list everything of type \(type) that is not so: no unary relation lists the values of \(type)"
        case .empty: return "the question is empty"
        case let .tooLong(words, limit): return "the sentence has \(words) words and symbols; the parser reads at most \(limit)"
        case let .storyTooLong(characters, limit): return "the story has \(characters) characters; Lemma reads stories of at most \(limit)"
        case let .nothingLinked(question): return "no relation of the knowledge matches \"\(question)\""
        case let .invalidWeights(path, reason): return "\(path): not a usable parser weights file: \(reason)"
        case let .nameSearch(reason): return "cannot search the stored names: \(reason)"
        case let .unreadable(path): return "cannot read '\(path)'"
        case let .notAStatement(sentence, reading): return "\"\(sentence)\" reads as a \(reading) question, not a statement; nothing was stored"
        case let .ambiguous(sentence, reason): return "cannot store \"\(sentence)\": \(reason); nothing was stored"
        case let .notAboutTheStory(question, named, people):
            let found = named.isEmpty ? "none" : named.joined(separator: " and ")
            return "\"\(question)\" should name two people of the story (\(people.joined(separator: ", "))) to ask how they are related; it names \(found)"
        }
    }
}
