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
    /// The tokens and the linked names and numbers, which the accounting of a reading aligns.
    public var scan: SentenceScan

    public static func unparsed(_ sentence: String) -> ParsedSentence {
        let tokens = Tokenizer.tokenize(sentence)
        return ParsedSentence(tokens: tokens.map(\.text), links: [], question: LinkedQuestion(units: []), unitLabels: [],
                              candidates: [], readings: [], routing: [], scan: SentenceScan(sentence: sentence, tokens: tokens, mentions: []))
    }
}

/// A sentence split into tokens, with the names and numbers linked in it.
public struct SentenceScan: Sendable {
    public var sentence: String
    public var tokens: [Token]
    public var mentions: [Mention]

    /// The words that are neither function words nor punctuation, as typed.
    public var contentWords: [String] {
        tokens.filter { token in
            ReadingAccountant.isWord(token.text) && !token.isNumber && !ClosedWordLists.functionWords.contains(token.text)
                && !ClosedWordLists.questionWords.contains(token.text)
        }.map(\.surface)
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
    let nearest: @Sendable (String) -> [String]
    let accountant: ReadingAccountant
    let compositionDetector: CompositionDetector
    let unknownNameFinder: UnknownNameFinder
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
        nearest = { text in (try? names.candidates(near: text.lowercased(), limit: 16)) ?? [] }
        accountant = ReadingAccountant(schema: schema)
        let schemaWords = ReadingAccountant.schemaWords(schema)
        let surfaceWords = schema.relations.reduce(into: Set<String>()) { words, relation in
            words.formUnion(ReadingAccountant.templateWords(relation))
            words.formUnion(relation.name.lowercased().split(separator: "_").map(String.init))
        }
        let nameWords = Dictionary(schema.relations.map { ($0.name, RelationVocabulary($0).nameWords) }, uniquingKeysWith: { first, _ in first })
        compositionDetector = CompositionDetector(schemaWords: schemaWords, schemaSurfaceWords: surfaceWords, relationNameWords: nameWords)
        unknownNameFinder = UnknownNameFinder(schemaWords: schemaWords)
    }

    /// The most tokens a sentence may have.
    public static let maximumTokens = 100

    /// Tokenises the sentence and links its names and numbers.
    public func scan(_ sentence: String) throws(ParseError) -> SentenceScan {
        let tokens = Tokenizer.tokenize(sentence)
        guard !tokens.isEmpty else { throw .empty }
        guard tokens.count <= Self.maximumTokens else { throw .tooLong(words: tokens.count, limit: Self.maximumTokens) }
        return SentenceScan(sentence: sentence, tokens: tokens, mentions: try link(tokens, sentence))
    }

    public func parse(_ sentence: String) throws(ParseError) -> ParsedSentence {
        try parse(scan(sentence))
    }

    public func parse(_ scan: SentenceScan) throws(ParseError) -> ParsedSentence {
        let (sentence, tokens, mentions) = (scan.sentence, scan.tokens, scan.mentions)
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
                              candidates: candidates.map(\.name), readings: readings, routing: routing, scan: scan)
    }

    /// How a reading accounts for the scanned sentence, word by word.
    public func account(_ interpretation: Interpretation, in scan: SentenceScan) -> ReadingAccount {
        accountant.account(tokens: scan.tokens, mentions: scan.mentions, interpretation: interpretation)
    }

    /// The interpretation with its comparisons turned the way the sentence words them, or nil if they already are.
    public func comparingAsWorded(_ interpretation: Interpretation, in scan: SentenceScan) -> Interpretation? {
        accountant.comparingAsWorded(interpretation, tokens: scan.tokens)
    }

    /// The interpretation asking for the argument the question's noun names, or nil if it already does.
    public func askingAsWorded(_ interpretation: Interpretation, in scan: SentenceScan) -> Interpretation? {
        accountant.askingAsWorded(interpretation, tokens: scan.tokens, mentions: scan.mentions)
    }

    /// Why the sentence needs two or more relations joined through something it does not ask for, or nil.
    public func compositionReason(in scan: SentenceScan) -> String? {
        compositionDetector.reason(tokens: scan.tokens, mentions: scan.mentions)
    }

    /// Why a reading that leaves words unplaced shows the question joins relations: an unplaced word names another
    /// relation, or is a superlative. Nil when the unplaced words say nothing of the kind.
    public func compositionReason(for account: ReadingAccount, of interpretation: Interpretation) -> String? {
        let placesARelation = account.words.contains { $0.role == .relation || $0.role == .comparison }
        return compositionDetector.reason(unplaced: account.unplaced, readingRelations: Set(interpretation.clauses.map(\.relation)), placesARelation: placesARelation)
    }

    /// What the sentence writes as a name but no stored name matches.
    public func unknownNames(in scan: SentenceScan) -> [String] {
        unknownNameFinder.unknownNames(tokens: scan.tokens, mentions: scan.mentions, sentence: scan.sentence)
    }

    /// The sentence with each unknown name linked as a new symbol that fits every symbol slot: a statement may
    /// introduce someone ("Zed is a parent of Iris."). Returns the names introduced.
    public func introducingNewNames(in scan: SentenceScan) -> (scan: SentenceScan, names: [String]) {
        let symbolTypes = Set(schema.relations.flatMap { $0.attributes.filter { !$0.isNumeric }.map(\.typeName) })
        var result = scan
        var names: [String] = []
        for unknown in unknownNameFinder.unknownNameSpans(tokens: scan.tokens, mentions: scan.mentions, sentence: scan.sentence) {
            guard let range = unknown.tokens else { continue }
            result.mentions.append(Mention(tokenRange: range, surface: unknown.text, value: .symbol(unknown.text), typeNames: symbolTypes, editDistance: 0))
            names.append(unknown.text)
        }
        result.mentions.sort { $0.tokenRange.lowerBound < $1.tokenRange.lowerBound }
        return (result, names)
    }

    /// Up to three stored names spelled most like `text`, of one of `typeNames` when given and any fit.
    public func nearestNames(to text: String, typeNames: Set<String> = []) -> [String] {
        let typed = Array(NameNormaliser.key(ofTokens: Tokenizer.tokenize(text).map(\.text)))
        var normaliser = NameNormaliser()
        var scored: [(name: String, distance: Int)] = []
        let typedWords = String(typed).split(separator: " ").map(Array.init)
        for name in Set(typedWords.flatMap { nearest(String($0)) } + nearest(text)) {
            let stored = normaliser.key(of: name)
            // A name is near when it is spelled nearly alike, or shares a word spelled nearly alike ("Lopez").
            let whole = EditDistance.damerauLevenshtein(typed, stored, limit: 64)
            let byWord = typedWords.flatMap { word in
                String(stored).split(separator: " ").map { EditDistance.damerauLevenshtein(word, Array($0), limit: 64) }
            }.min() ?? whole
            let distance = min(whole, byWord)
            if distance <= max(1, typed.count / 3) { scored.append((name, distance)) }
        }
        let ranked = scored.sorted { lhs, rhs in lhs.distance != rhs.distance ? lhs.distance < rhs.distance : lhs.name < rhs.name }.map(\.name)
        let fitting = ranked.filter { !typeNames.isDisjoint(with: schema.entityTypes[$0] ?? []) }
        return Array((fitting.isEmpty ? ranked : fitting).prefix(3))
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
