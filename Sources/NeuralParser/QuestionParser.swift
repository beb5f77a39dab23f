import Foundation
import LinearAlgebra
import Synchronization
import Syntax

/// A sentence as the parser read it, with everything `--explain-parse` shows.
public struct ParsedSentence: Sendable {
    public struct Link: Equatable, Sendable {
        public var surface: String
        public var name: String
        public var exact: Bool
    }

    public var tokens: [String]
    public var links: [Link]
    public var question: LinkedQuestion
    /// What each question unit looked like in the sentence: a word, or the linked name's text.
    public var unitLabels: [String]
    /// The relations the network compared, most lexically likely first.
    public var candidates: [String]
    /// Interpretations, best first.
    public var readings: [Reading]
    /// For the best reading's first relation: per layer, the expert each question unit went to (nil: over capacity).
    public var routing: [[Int?]]

    public static func unparsed(_ sentence: String) -> ParsedSentence {
        ParsedSentence(tokens: Tokenizer.tokenize(sentence).map(\.text), links: [], question: LinkedQuestion(units: []), unitLabels: [],
                       candidates: [], readings: [], routing: [])
    }
}

/// Reads English sentences against one knowledge base: tokenise, link names (trigram search) and relations
/// (their English), then let the network compare the most likely relations and decode the best interpretations.
public struct QuestionParser: Sendable {
    public let network: ParserNetwork
    public let schema: ParserSchema
    public let builder: QueryBuilder
    let entityLinker: EntityLinker
    let relationLinker: RelationLinker
    let link: @Sendable ([Token], String) throws(ParseError) -> [Mention]
    /// How many relations the network compares for one sentence.
    public static let candidateCount = 5

    public init<Search: NameSearch>(network: ParserNetwork, schema: ParserSchema, names: Search) {
        self.network = network
        self.schema = schema
        builder = QueryBuilder(schema: schema)
        let entityLinker = EntityLinker(schema: schema)
        self.entityLinker = entityLinker
        relationLinker = RelationLinker(schema: schema)
        link = { tokens, sentence throws(ParseError) in
            do {
                return try entityLinker.mentions(in: tokens, sentence: sentence, search: names)
            } catch {
                throw .nameSearch(String(describing: error))
            }
        }
    }

    /// The most tokens a sentence may have.
    public static let maximumTokens = 100

    public func parse(_ sentence: String) throws(ParseError) -> ParsedSentence {
        let tokens = Tokenizer.tokenize(sentence)
        guard !tokens.isEmpty else { throw .empty }
        guard tokens.count <= Self.maximumTokens else { throw .tooLong(words: tokens.count, limit: Self.maximumTokens) }
        let mentions = try link(tokens, sentence)
        let (question, labels) = Self.linkedQuestion(tokens: tokens, mentions: mentions)
        let candidates = self.candidates(tokens: tokens, mentions: mentions)
        guard !candidates.isEmpty else { throw .nothingLinked(sentence) }
        let outputs = forward(question, over: candidates)
        let readings = InterpretationDecoder(question: question, candidates: candidates, outputs: outputs).readings().map { reading in
            var named = reading
            named.interpretation.domain = namedDomain(of: reading.interpretation, tokens: tokens)
            return named
        }
        var routing: [[Int?]] = []
        if let best = readings.first, let index = candidates.firstIndex(where: { $0.name == best.interpretation.clauses[0].relation }) {
            let positions = SequenceBuilder.sequence(network.configuration, question, candidates[index]).questionPositions
            routing = outputs[index].cache.blocks.map { block in
                positions.map { position in block.experts.assigned.firstIndex { $0.contains(position) } }
            }
        }
        let links = mentions.compactMap { mention -> ParsedSentence.Link? in
            guard case let .symbol(name) = mention.value else { return nil }
            return ParsedSentence.Link(surface: mention.surface, name: name, exact: mention.editDistance == 0 && mention.surface == name)
        }
        return ParsedSentence(tokens: tokens.map(\.text), links: links, question: question, unitLabels: labels,
                              candidates: candidates.map(\.name), readings: readings, routing: routing)
    }

    /// One forward pass per candidate, spread over the cores: the passes are independent, and a question's latency
    /// is what a person waits for.
    func forward(_ question: LinkedQuestion, over candidates: [RelationSchema]) -> [ParserNetwork.Output] {
        let results = Mutex<[Int: ParserNetwork.Output]>([:])
        let network = self.network
        DispatchQueue.concurrentPerform(iterations: candidates.count) { index in
            let output = network.forward(SequenceBuilder.sequence(network.configuration, question, candidates[index]))
            results.withLock { $0[index] = output }
        }
        let outputs = results.withLock { $0 }
        return candidates.indices.map { outputs[$0]! }
    }

    /// For a negated question, the unary relation of the asked type whose name follows the question word ("which
    /// badge holders", "how many minors"), other than the denied relation itself.
    func namedDomain(of interpretation: Interpretation, tokens: [Token]) -> String? {
        guard interpretation.negated, let clause = interpretation.clauses.first, let slot = clause.arguments.firstIndex(of: .asked),
              let relation = schema.relation(named: clause.relation),
              let lead = tokens.firstIndex(where: { ["which", "what", "many"].contains($0.text) }) else { return nil }
        let typeName = relation.attributes[slot].typeName
        let following = tokens[(lead + 1)...].map { Tokenizer.stem($0.text) }
        return schema.relations.filter { unary in
            guard unary.arity == 1, unary.attributes[0].typeName == typeName, unary.name != clause.relation else { return false }
            let words = unary.name.split(separator: "_").map { Tokenizer.stem(String($0)) }
            return following.starts(with: words)
        }.max { $0.name.count < $1.name.count }?.name
    }

    /// The relations most likely by their words and types, at most `candidateCount`, that the network can fill.
    /// Training always has its labelled relations among the candidates; here the linker's shortlist stands in.
    func candidates(tokens: [Token], mentions: [Mention], count: Int = QuestionParser.candidateCount) -> [RelationSchema] {
        let schema = self.schema
        return relationLinker.shortlist(tokens: tokens, mentions: mentions, count: count) { name in
            schema.relation(named: name).map { $0.arity <= SequenceBuilder.maximumArity } ?? false
        }.compactMap { schema.relation(named: $0) }
    }

    /// Collapses each mention into one unit; the other tokens stay words.
    static func linkedQuestion(tokens: [Token], mentions: [Mention]) -> (LinkedQuestion, [String]) {
        var units: [LinkedQuestion.Unit] = []
        var labels: [String] = []
        var index = 0
        let byStart = Dictionary(mentions.map { ($0.tokenRange.lowerBound, $0) }, uniquingKeysWith: { first, _ in first })
        while index < tokens.count {
            if let mention = byStart[index], !mention.tokenRange.isEmpty {
                switch mention.value {
                case .symbol:
                    units.append(.name(mention.value, typeNames: mention.typeNames, approximate: mention.editDistance > 0))
                case .number, .float:
                    units.append(.number(mention.value))
                }
                labels.append(mention.surface)
                index = mention.tokenRange.upperBound
            } else {
                units.append(.word(tokens[index].text))
                labels.append(tokens[index].text)
                index += 1
            }
        }
        return (LinkedQuestion(units: units), labels)
    }
}
