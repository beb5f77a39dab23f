/// Prepares labelled sentences over one schema exactly as `QuestionParser` prepares a question at run time (same
/// tokeniser, linkers and candidate ranking), except that the gold relations are always among the candidates.
struct ExampleBuilder: Sendable {
    let schema: ParserSchema
    let entityLinker: EntityLinker
    let relationLinker: RelationLinker
    let search: InMemoryNameSearch
    let queryBuilder: QueryBuilder

    init(schema: ParserSchema) {
        self.schema = schema
        entityLinker = EntityLinker(schema: schema)
        relationLinker = RelationLinker(schema: schema)
        search = InMemoryNameSearch(names: schema.entityTypes.keys.sorted())
        queryBuilder = QueryBuilder(schema: schema)
    }

    func example(_ sentence: String, _ interpretation: Interpretation) -> TrainingExample? {
        let tokens = Tokenizer.tokenize(sentence)
        let mentions = entityLinker.mentions(in: tokens, sentence: sentence, search: search)
        let (question, _) = QuestionParser.linkedQuestion(tokens: tokens, mentions: mentions)
        let gold = interpretation.clauses.map(\.relation)
        var candidates = relationLinker.rank(tokens: tokens, mentions: mentions)
            .compactMap { schema.relation(named: $0.relation) }
            .filter { $0.arity <= SequenceBuilder.maximumArity && !gold.contains($0.name) }
            .prefix(QuestionParser.candidateCount - gold.count)
            .map { $0 }
        for name in gold {
            guard let relation = schema.relation(named: name) else { return nil }
            // The gold relation goes where the ranking put it, so the network cannot learn a position.
            let rank = relationLinker.rank(tokens: tokens, mentions: mentions).firstIndex { $0.relation == name } ?? candidates.count
            candidates.insert(relation, at: min(rank, candidates.count))
        }
        guard let targets = Targets(interpretation, question: question, candidates: candidates) else { return nil }
        return TrainingExample(question: question, candidates: candidates, targets: targets)
    }
}
