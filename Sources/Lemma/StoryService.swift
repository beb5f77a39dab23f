import Certification
import NeuralParser
import Reasoner
import Syntax

/// Answers how two people of a kinship story are related: the story's statements become facts of the shipped
/// kinship rules (`rules/kinship.dl`), and `kin(a, b, k)` is answered and certified like any `lemma query`. One
/// relation is an answer; none, or several that disagree, is "unknown". When nothing follows, the conventions CLUTRR's
/// stories follow are allowed (`presumed_kin`), and the answer says so.
public struct StoryService: Sendable {
    public var solverTimeout: Duration
    public let reader: KinshipReader

    /// Reads stories with the network at `model`, else with the shipped one.
    public init(model: String? = nil, solverTimeout: Duration = .seconds(10)) throws(LemmaError) {
        self.solverTimeout = solverTimeout
        do {
            reader = try KinshipWeights.load(path: model)
        } catch {
            throw .parse(error)
        }
    }

    public struct Answer: Sendable {
        /// The relation of the second person to the first ("aunt"), or nil when it is unknown.
        public var relation: String?
        /// Every relation the rules derive between the two.
        public var derived: [String]
        /// Whether the answer rests on one of CLUTRR's conventions (`presumed_kin`) because nothing follows without.
        public var presumed: Bool
        public var certificate: Certificate
        public var story: KinshipStory
        public var program: String
        /// The answer in English ("Dorothy is Donald's aunt.").
        public var text: String
    }

    public func answer(story text: String, person: String, relative: String) throws(LemmaError) -> Answer {
        let story = reader.read(text)
        let program = Self.program(story)
        let stored = try InMemoryProgram(program, file: Self.file)
        let (sound, presumed) = Self.queries(person: person, relative: relative)
        var answer = try answer(sound, in: stored, story: story)
        if answer.derived.isEmpty {
            answer = try self.answer(presumed, in: stored, story: story)
            answer.presumed = true
        }
        return answer
    }

    /// The query that follows from the story, and the one that also allows CLUTRR's conventions, asked only when the
    /// first has no answer.
    static func queries(person: String, relative: String) -> (sound: String, presumed: String) {
        let arguments = "(\(TheoryReader.quoted(person)), \(TheoryReader.quoted(relative)), k)"
        return ("kin" + arguments, "presumed_kin" + arguments)
    }

    private func answer(_ queryText: String, in stored: InMemoryProgram, story: KinshipStory) throws(LemmaError) -> Answer {
        let (result, certificate) = try stored.answer(queryText, solverTimeout: solverTimeout)
        let derived = Array(Set(result.bindings.compactMap { binding -> String? in
            if case let .symbol(name)? = binding.last { return name } else { return nil }
        })).sorted()
        return Answer(relation: derived.count == 1 ? derived[0] : nil, derived: derived, presumed: false, certificate: certificate, story: story,
                      program: stored.program, text: stored.phrasebook.answer(result))
    }

    /// The story's people a question names, in the order it names them ("How is Dorothy related to Donald?").
    public static func people(in question: String, of story: KinshipStory) -> [String] {
        let lowered = question.lowercased()
        let found = story.people.compactMap { name -> (String, String.Index)? in
            var searched = lowered.startIndex..<lowered.endIndex
            while let range = lowered.range(of: name.lowercased(), range: searched) {
                let before = range.lowerBound == lowered.startIndex ? nil : lowered[lowered.index(before: range.lowerBound)]
                let after = range.upperBound == lowered.endIndex ? nil : lowered[range.upperBound]
                if before.map({ !$0.isLetter }) ?? true, after.map({ !$0.isLetter }) ?? true { return (name, range.lowerBound) }
                searched = range.upperBound..<lowered.endIndex
            }
            return nil
        }
        return found.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// The kinship rules followed by the story's statements and the sexes its pronouns tell.
    static func program(_ story: KinshipStory) -> String {
        ([ShippedKnowledge.files[rules] ?? ""] + facts(of: story)).joined(separator: "\n") + "\n"
    }

    /// What a story states, as facts of the kinship rules, so a reader can see what the network read.
    public static func facts(of story: KinshipStory) -> [String] {
        var lines = story.statements.map { "said(\(TheoryReader.quoted($0.person)), \(TheoryReader.quoted($0.relative)), \(TheoryReader.quoted($0.kin)))." }
        lines += story.kindStatements.map {
            "said_kind(\(TheoryReader.quoted($0.person)), \(TheoryReader.quoted($0.relative)), \(TheoryReader.quoted($0.kind)))."
        }
        lines += story.likelyKindStatements.map {
            "likely_said_kind(\(TheoryReader.quoted($0.person)), \(TheoryReader.quoted($0.relative)), \(TheoryReader.quoted($0.kind)))."
        }
        lines += story.sexes.keys.sorted().map { "told_sex(\(TheoryReader.quoted($0)), \(TheoryReader.quoted(story.sexes[$0]!)))." }
        lines += story.likelySexes.keys.sorted().map { "likely_sex(\(TheoryReader.quoted($0)), \(TheoryReader.quoted(story.likelySexes[$0]!)))." }
        return lines
    }

    static let rules = "rules/kinship.dl"
    static let file = "story.dl"
}
