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
        public var questionSentence: QuestionSentence
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
                            phrasebook: Phrasebook(program: program), questionSentence: QuestionSentence(program: program), world: program.world)
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
        if let statement = statementQuery(sentence, prepared: prepared) {
            let answer = try answer(statement, prepared: prepared)
            let parse = ParseReply(query: statement, form: QuestionForm.statement.rawValue, confidence: 1, sure: true, alternatives: [], linked: [])
            let reading = ReadingReply(query: statement, text: englishQuestion(statement, form: .yesNo, asked: nil, prepared: prepared), alignment: [], confidence: 1)
            return Outcome(reply: AskReply(parse: parse, text: answer.reply.text, query: answer.reply, reading: reading), parsed: .unparsed(sentence), answer: answer)
        }
        let decision = try decide(sentence, prepared: prepared)
        guard let chosen = decision.chosen else {
            return refused(decision.refusal!, parsed: decision.parsed, considered: decision.considered, prepared: prepared)
        }
        guard chosen.confidence >= confidenceThreshold else {
            return refused(.notSure(confidence: chosen.confidence, threshold: confidenceThreshold), parsed: decision.parsed,
                           considered: decision.considered, prepared: prepared)
        }
        return try answered(chosen, parsed: decision.parsed, considered: decision.considered, prepared: prepared)
    }

    /// What the question was read as before any threshold: the reading that accounts for every word, or why none
    /// can be answered.
    public struct Decision: Sendable {
        public var parsed: ParsedSentence
        public var considered: [ConsideredReading]
        public var chosen: ConsideredReading?
        public var refusal: Refusal?
    }

    /// Reads a question and decides which reading, if any, is the question asked: unknown names and questions
    /// that join relations are refused first, then the best reading that accounts for every word is chosen.
    public func decide(_ sentence: String, prepared: Prepared) throws(LemmaError) -> Decision {
        let parser = prepared.parser
        let scan: SentenceScan
        do {
            scan = try parser.scan(sentence)
        } catch {
            throw .parse(error)
        }
        var parsed = ParsedSentence.unparsed(sentence)
        parsed.scan = scan
        do {
            parsed = try parser.parse(scan)
        } catch .nothingLinked {
        } catch {
            throw .parse(error)
        }
        let considered = consider(parsed, prepared: prepared)
        func refuse(_ refusal: Refusal) -> Decision { Decision(parsed: parsed, considered: considered, chosen: nil, refusal: refusal) }
        if !parser.unknownNames(in: scan).isEmpty { return refuse(unknownNames(scan, reading: considered.first, prepared: prepared)) }
        if let shape = parser.compositionReason(in: scan) { return refuse(.needsComposition(shape)) }
        guard let chosen = considered.first(where: { $0.account.isComplete }) else {
            guard let best = considered.first else { return refuse(.unplacedWords(scan.contentWords, unsupported: [])) }
            if let shape = parser.compositionReason(for: best.account, of: best.interpretation) { return refuse(.needsComposition(shape)) }
            return refuse(.unplacedWords(best.account.unplaced, unsupported: best.account.unsupported))
        }
        return Decision(parsed: parsed, considered: considered, chosen: chosen, refusal: nil)
    }

    /// A reading the parser proposed, built into a query and accounted for word by word.
    public struct ConsideredReading: Sendable {
        public var interpretation: Interpretation
        public var query: QueryBuilder.BuiltQuery
        public var account: ReadingAccount
        public var confidence: Double
        public var english: String
    }

    /// How many of the parser's readings are weighed for one that accounts for the whole question.
    static let readingsWeighed = 8

    /// The parser's best readings that build into queries, best first, each with its accounting.
    /// A reading whose comparison runs against its words, or that asks for an argument its question noun does not
    /// name, is weighed as worded too, right after it.
    func consider(_ parsed: ParsedSentence, prepared: Prepared) -> [ConsideredReading] {
        let parser = prepared.parser
        var seen = Set<Interpretation>()
        var considered: [ConsideredReading] = []
        for reading in parsed.readings.prefix(Self.readingsWeighed) {
            let compared = parser.comparingAsWorded(reading.interpretation, in: parsed.scan) ?? reading.interpretation
            let variants = [reading.interpretation, compared, parser.askingAsWorded(compared, in: parsed.scan)].compactMap(\.self)
            for interpretation in variants where seen.insert(interpretation).inserted {
                guard let built = try? parser.builder.build(interpretation) else { continue }
                considered.append(ConsideredReading(interpretation: interpretation, query: built, account: parser.account(interpretation, in: parsed.scan),
                                                    confidence: reading.confidence,
                                                    english: englishQuestion(built.text, form: interpretation.form, asked: built.asked, prepared: prepared)))
            }
        }
        return considered
    }

    private func answered(_ chosen: ConsideredReading, parsed: ParsedSentence, considered: [ConsideredReading], prepared: Prepared) throws(LemmaError) -> Outcome {
        let query = chosen.query.text
        var answer = try answer(query, prepared: prepared)
        // "Is anyone …?" and "Is Juan older than 30?" hold variables, but ask for a yes or a no.
        if [.exists, .yesNo, .why, .whyNot].contains(chosen.interpretation.form), answer.reply.answer == nil, let found = answer.reply.answers {
            answer.reply.answer = !found.isEmpty ? "yes" : (answer.result.world == .open ? "unknown" : "no")
        }
        let alternatives = self.alternatives(considered).filter { $0.query != query }
        let parse = ParseReply(query: query, form: chosen.interpretation.form.rawValue, confidence: chosen.confidence, sure: true,
                               alternatives: alternatives, linked: links(parsed))
        let reading = ReadingReply(query: query, text: chosen.english, alignment: chosen.account.words, confidence: chosen.confidence)
        return Outcome(reply: AskReply(parse: parse, text: answer.reply.text, query: answer.reply, reading: reading), parsed: parsed, answer: answer)
    }

    private func refused(_ refusal: Refusal, parsed: ParsedSentence, considered: [ConsideredReading], prepared: Prepared) -> Outcome {
        let alternatives = self.alternatives(considered.filter(\.account.isComplete).isEmpty ? considered : considered.filter(\.account.isComplete))
        let best = considered.first
        let parse = ParseReply(query: nil, form: best?.interpretation.form.rawValue, confidence: best?.confidence ?? 0, sure: false,
                               alternatives: alternatives, linked: links(parsed))
        let reading = best.map { ReadingReply(query: $0.query.text, text: $0.english, alignment: $0.account.words, confidence: $0.confidence) }
        let text = Self.refusalText(refusal, alternatives: refusal.reason == "unknown-name" ? [] : alternatives)
        return Outcome(reply: AskReply(parse: parse, text: text, query: nil, reading: reading, refusal: refusal), parsed: parsed, answer: nil)
    }

    private func alternatives(_ considered: [ConsideredReading]) -> [ParseReply.Alternative] {
        considered.prefix(3).map { ParseReply.Alternative(query: $0.query.text, confidence: $0.confidence, text: $0.english) }
    }

    private func links(_ parsed: ParsedSentence) -> [ParseReply.Link] {
        parsed.links.map { ParseReply.Link(text: $0.surface, name: $0.name, exact: $0.exact) }
    }

    /// The unknown names of the sentence, each with the stored names nearest it of a type the reading could use.
    private func unknownNames(_ scan: SentenceScan, reading: ConsideredReading?, prepared: Prepared) -> Refusal {
        let schema = prepared.parser.schema
        let typeNames = Set((reading?.interpretation.clauses ?? []).flatMap { clause in
            (schema.relation(named: clause.relation)?.attributes ?? []).filter { !$0.isNumeric }.map(\.typeName)
        })
        return .unknownName(prepared.parser.unknownNames(in: scan).map { name in
            (name, prepared.parser.nearestNames(to: name, typeNames: typeNames))
        })
    }

    /// The English question a query asks, capitalised.
    func englishQuestion(_ query: String, form: QuestionForm, asked: String?, prepared: Prepared) -> String {
        guard let parsed = try? Query.parse(query) else { return query }
        let kind: QuestionSentence.Kind
        switch form {
        case .which: kind = .which
        case .howMany: kind = .howMany
        case .exists: kind = .exists
        case .yesNo, .why, .whyNot, .statement: kind = .yesNo
        }
        return English.capitalized(prepared.questionSentence.text(parsed, kind: kind, asked: asked))
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

    static func refusalText(_ refusal: Refusal, alternatives: [ParseReply.Alternative]) -> String {
        var lines = ["Not answered: " + refusal.explanation]
        if !alternatives.isEmpty {
            lines.append("Readings I weighed:")
            for (index, alternative) in alternatives.enumerated() {
                lines.append("  \(index + 1). \(alternative.text) — \(alternative.query) (\(Refusal.percent(alternative.confidence)))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
