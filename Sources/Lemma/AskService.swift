import Foundation
import KnowledgeGraph
import NeuralParser
import Reasoner
import Syntax
import Verbalizer

/// `lemma ask`: read an English question with the neural parser, then answer the query it became exactly as
/// `lemma query` would, certified. A parse below the confidence threshold is not answered: the reply says so and
/// lists the readings it weighed, in English and as queries.
public struct AskService: Sendable {
    public var queryService: QueryService
    public var network: ParserNetwork
    /// Readings less likely than this are not answered. Chosen on held-out vocabularies (BENCHMARKS.md).
    public var confidenceThreshold: Double

    public static let defaultConfidenceThreshold = 0.5

    public init(queryService: QueryService = QueryService(), network: ParserNetwork, confidenceThreshold: Double = AskService.defaultConfidenceThreshold) {
        self.queryService = queryService
        self.network = network
        self.confidenceThreshold = confidenceThreshold
    }

    public struct Outcome: Sendable {
        public var reply: AskReply
        public var parsed: ParsedSentence
        /// The answer to the parsed query; nil when the parser was not sure.
        public var answer: QueryService.Outcome?
    }

    /// The parser bound to one knowledge base: its schema, name search and English. Building it scans the stored
    /// names once, so callers asking many questions (eval, serve) keep it.
    public struct Prepared: Sendable {
        public var path: String?
        public var knowledgeBase: KnowledgeBase
        /// The loaded knowledge, when the caller keeps one for many questions (`serve`); without it, each question
        /// opens the knowledge afresh, as `lemma query` does.
        public var reasoner: Reasoner?
        public var parser: QuestionParser
        public var phrasebook: Phrasebook
        public var world: World
    }

    public func prepare(knowledge path: String?) throws(LemmaError) -> Prepared {
        let knowledgeBase: KnowledgeBase
        do {
            knowledgeBase = try queryService.locator.open(path)
        } catch {
            throw .knowledge(error)
        }
        return try prepare(knowledgeBase, path: path, reasoner: nil)
    }

    public func prepare(_ knowledgeBase: KnowledgeBase, path: String?, reasoner: Reasoner?) throws(LemmaError) -> Prepared {
        do {
            let program: Program
            if let reasoner { program = reasoner.program } else { program = try knowledgeBase.loadProgram().program }
            let schema = try ParserSchema(program: program, knowledgeBase: knowledgeBase)
            return Prepared(path: path, knowledgeBase: knowledgeBase, reasoner: reasoner,
                            parser: QuestionParser(network: network, schema: schema, names: KnowledgeBaseNameSearch(knowledgeBase: knowledgeBase)),
                            phrasebook: Phrasebook(program: program), world: program.world)
        } catch let error as KnowledgeGraphError {
            throw .knowledge(error)
        } catch {
            throw .knowledge(.database(path: path ?? KnowledgeLocator.shippedName, message: String(describing: error)))
        }
    }

    /// Answers a parsed query over the prepared knowledge.
    private func answer(_ query: String, prepared: Prepared) throws(LemmaError) -> QueryService.Outcome {
        if let reasoner = prepared.reasoner {
            return try queryService.query(query, knowledgeBase: prepared.knowledgeBase, reasoner: reasoner)
        }
        return try queryService.query(query, knowledge: prepared.path)
    }

    public func ask(_ sentence: String, knowledge path: String?) throws(LemmaError) -> Outcome {
        try ask(sentence, prepared: try prepare(knowledge: path))
    }

    public func ask(_ sentence: String, prepared: Prepared) throws(LemmaError) -> Outcome {
        let parser = prepared.parser
        let phrasebook = prepared.phrasebook
        if let statement = statementQuery(sentence, prepared: prepared) {
            let answer = try answer(statement, prepared: prepared)
            let parse = ParseReply(query: statement, form: QuestionForm.statement.rawValue, confidence: 1, sure: true, alternatives: [], linked: [])
            return Outcome(reply: AskReply(parse: parse, text: answer.reply.text, query: answer.reply), parsed: .unparsed(sentence), answer: answer)
        }
        let parsed: ParsedSentence
        do {
            parsed = try parser.parse(sentence)
        } catch {
            throw .parse(error)
        }
        let alternatives = parsed.readings.prefix(3).compactMap { reading -> ParseReply.Alternative? in
            guard let built = try? parser.builder.build(reading.interpretation) else { return nil }
            return ParseReply.Alternative(query: built.text, confidence: reading.confidence,
                                          text: built.literals.map(phrasebook.reading).joined(separator: " and "))
        }
        let links = parsed.links.map { ParseReply.Link(text: $0.surface, name: $0.name, exact: $0.exact) }
        guard let best = parsed.readings.first, best.confidence >= confidenceThreshold else {
            let parse = ParseReply(query: nil, form: parsed.readings.first?.interpretation.form.rawValue,
                                   confidence: parsed.readings.first?.confidence ?? 0, sure: false, alternatives: alternatives, linked: links)
            return Outcome(reply: AskReply(parse: parse, text: Self.unsureText(alternatives), query: nil), parsed: parsed, answer: nil)
        }
        // The best reading itself, not the first one that builds: a confident "who is not a florp" over a type no
        // relation lists is refused with that reason rather than answered as a different question.
        let query: String
        do {
            query = try parser.builder.build(best.interpretation).text
        } catch {
            throw .parse(error)
        }
        var answer = try answer(query, prepared: prepared)
        // "Is anyone …?" and "Is Juan older than 30?" hold variables, but ask for a yes or a no.
        if [.exists, .yesNo, .why, .whyNot].contains(best.interpretation.form), answer.reply.answer == nil, let found = answer.reply.answers {
            answer.reply.answer = !found.isEmpty ? "yes" : (answer.result.world == .open ? "unknown" : "no")
        }
        let parse = ParseReply(query: query, form: best.interpretation.form.rawValue, confidence: best.confidence, sure: true,
                               alternatives: alternatives.filter { $0.query != query }, linked: links)
        return Outcome(reply: AskReply(parse: parse, text: answer.reply.text, query: answer.reply), parsed: parsed, answer: answer)
    }

    /// The longest story read, in characters. CLUTRR's training stories have at most 631 and its ten-step ones a few
    /// thousand; a story of 1,000 sentences (57,000 characters) takes half a minute, as its closure grows with the
    /// square of its people.
    public static let maximumStoryCharacters = 10_000

    /// A question about a kinship story ("How is Dorothy related to Donald?"): the story is read into facts of the
    /// shipped kinship rules, and the relation of the first person named to the second is answered like `lemma query`
    /// answers `kin("Donald", "Dorothy", k)`, with `presumed_kin` (CLUTRR's conventions) only when nothing follows
    /// without them.
    public func ask(_ question: String, story text: String, reader: KinshipReader) throws(LemmaError) -> Outcome {
        guard text.count <= Self.maximumStoryCharacters else { throw .parse(.storyTooLong(characters: text.count, limit: Self.maximumStoryCharacters)) }
        let story = reader.read(text)
        let named = StoryService.people(in: question, of: story)
        guard named.count == 2 else {
            throw .parse(.notAboutTheStory(question, named: named, people: story.people))
        }
        let (relative, person) = (named[0], named[1])
        let stored = try InMemoryProgram(StoryService.program(story), file: StoryService.file)
        let (sound, presumed) = StoryService.queries(person: person, relative: relative)
        var query = sound
        var answer = try queryService.query(query, knowledgeBase: stored.knowledgeBase, reasoner: stored.reasoner)
        if answer.reply.answers?.isEmpty ?? true {
            query = presumed
            answer = try queryService.query(query, knowledgeBase: stored.knowledgeBase, reasoner: stored.reasoner)
        }
        let parse = ParseReply(query: query, form: QuestionForm.which.rawValue, confidence: 1, sure: true, alternatives: [], linked: [])
        return Outcome(reply: AskReply(parse: parse, text: answer.reply.text, query: answer.reply, storyFacts: StoryService.facts(of: story)),
                       parsed: .unparsed(question), answer: answer)
    }

    /// A statement to decide ("The cat is not round.") in the theory grammar, over relations the knowledge declares
    /// with the arity the statement gives them: the literal as stated, so "not" is answered in the knowledge's own
    /// world. Nil for questions, and for statements the grammar cannot read, which go to the network.
    func statementQuery(_ sentence: String, prepared: Prepared) -> String? {
        let trimmed = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.hasSuffix("?") else { return nil }
        let reader = TheoryReader(world: prepared.world)
        var theory = TheoryReader.Theory()
        guard let atom = try? reader.read(statement: trimmed, into: &theory),
              prepared.parser.schema.relation(named: atom.predicate)?.arity == atom.terms.count else { return nil }
        return reader.literal(atom)
    }

    static func unsureText(_ alternatives: [ParseReply.Alternative]) -> String {
        guard !alternatives.isEmpty else { return "Unknown: I could not read the question as a query over this knowledge." }
        let listed = alternatives.enumerated().map { index, alternative in
            "\(index + 1). \(alternative.text) — \(alternative.query) (\(Int((alternative.confidence * 100).rounded()))%)"
        }
        return (["Unknown: I am not sure what the question means. It could be:"] + listed).joined(separator: "\n")
    }
}
