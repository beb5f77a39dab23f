import Syntax

/// A sentence and what it means: one training or evaluation example for the parser.
public struct LabeledSentence: Equatable, Hashable, Codable, Sendable {
    public var text: String
    public var interpretation: Interpretation

    public init(text: String, interpretation: Interpretation) {
        self.text = text
        self.interpretation = interpretation
    }
}

/// Makes labelled questions and statements for any schema, synthetic or read from a real knowledge base. The
/// label is chosen first and the sentence is then realised from the relation's own templates, so every label
/// names a declared relation with its arity and only names the schema knows; the text may misspell or recase a
/// name, but the label always holds the name as stored.
public struct QuestionGenerator: Sendable {
    public let schema: ParserSchema
    let grammar: QuestionGrammar
    /// The known names of each declared type, sorted so that sampling does not depend on hashing order.
    let entities: [String: [String]]

    /// - Parameter personTypes: declared types that hold people, for schemas whose type and attribute names are
    ///   not English ("Florp"); others are recognised by their names ("Patient", `lecturer`).
    public init(schema: ParserSchema, personTypes: Set<String> = []) {
        self.schema = schema
        grammar = QuestionGrammar(schema: schema, personTypes: personTypes)
        var entities: [String: [String]] = [:]
        for (name, types) in schema.entityTypes {
            for type in types { entities[type, default: []].append(name) }
        }
        self.entities = entities.mapValues { $0.sorted() }
    }

    /// Every sentence that says `interpretation` with its values filled in, without noise or politeness, in a
    /// fixed order and each once; the sampler draws from these before adding noise. Empty when the relation's
    /// templates cannot say it.
    public func questions(for interpretation: Interpretation) -> [String] {
        let values = fillers(of: interpretation)
        var seen = Set<String>()
        return grammar.phrasings(interpretation).map { $0.rendered(values) }.filter { seen.insert($0).inserted }
    }

    /// `questions(for:)` for a single clause.
    public func questions(for relation: String, form: QuestionForm, arguments: [Interpretation.Argument], negated: Bool = false) -> [String] {
        questions(for: Interpretation(form: form, negated: negated, clauses: [.init(relation: relation, arguments: arguments)]))
    }

    /// `count` samples drawn from `seed`; fewer only when the schema's templates can say almost nothing.
    public func samples(count: Int, seed: UInt64) -> [LabeledSentence] {
        var random = SeededRandom(seed: seed)
        var sampler = Sampler(generator: self)
        var result: [LabeledSentence] = []
        result.reserveCapacity(count)
        var failures = 0
        while result.count < count, failures < 50 + count * 20 {
            if let sample = sampler.next(using: &random) {
                result.append(sample)
            } else {
                failures += 1
            }
        }
        return result
    }

    /// The text each slot is filled with, keyed as the grammar refers to it.
    func fillers(of interpretation: Interpretation) -> [String: String] {
        var values: [String: String] = [:]
        for (index, clause) in interpretation.clauses.enumerated() {
            guard let relation = schema.relation(named: clause.relation) else { continue }
            for (attribute, argument) in zip(relation.attributes, clause.arguments) {
                switch argument {
                case let .value(value), let .compared(_, value):
                    values[QuestionGrammar.slotKey(attribute.name, clause: index)] = value.rawText
                case .asked, .free:
                    break
                }
            }
        }
        return values
    }
}
