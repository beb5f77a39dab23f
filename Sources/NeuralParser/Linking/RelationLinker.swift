import Syntax

/// The stemmed words a relation is known by, from the three places its author named it.
struct RelationVocabulary: Sendable {
    /// `can_enrol` gives "can" and "enrol".
    var nameWords: Set<String>
    /// The words of the `.phrase` templates, placeholders left out.
    var templateWords: Set<String>
    var attributeWords: Set<String>
    /// Numbers the templates state rather than leave to a slot: the 65 of "{person} is over 65".
    var templateNumbers: Set<String>
    /// The modals in the name: a relation about what may happen is not what a question about what did happen
    /// asks for ("Who prescribed Codeine?" is `prescription`, not `may_prescribe`).
    var nameModals: Set<String>

    init(_ relation: RelationSchema) {
        nameWords = Self.words(relation.name.split(separator: "_").joined(separator: " "))
        nameModals = nameWords.intersection(Vocabulary.modalWords)
        templateWords = relation.phrases.reduce(into: Set<String>()) { words, template in
            words.formUnion(Self.words(Self.removingPlaceholders(template)))
        }
        templateNumbers = relation.phrases.reduce(into: Set<String>()) { numbers, template in
            numbers.formUnion(Tokenizer.tokenize(Self.removingPlaceholders(template)).filter(\.isNumber).map(\.text))
        }
        attributeWords = relation.attributes.reduce(into: Set<String>()) { words, attribute in
            words.formUnion(Self.words(attribute.name.split(separator: "_").joined(separator: " ")))
        }
    }

    var allWords: Set<String> { nameWords.union(templateWords).union(attributeWords) }

    /// Stems of the words of `text` that can be evidence for a relation.
    static func words(_ text: String) -> Set<String> {
        Set(Tokenizer.tokenize(text).compactMap(evidence(_:)))
    }

    /// The stem a token contributes as evidence, or nil for function words, numbers and punctuation. The modals
    /// of permission are one word: "Can Kim enter?" asks about `may_enter`, "May Alice enrol?" about `can_enrol`.
    static func evidence(_ token: Token) -> String? {
        guard !Vocabulary.neutralWords.contains(token.text), !token.isNumber,
              token.text.first.map({ $0.isLetter }) == true else { return nil }
        if let modal = permissionModals[token.text] { return modal }
        return Tokenizer.stem(token.text)
    }

    static let permissionModals = ["can": "can", "may": "can", "might": "can", "could": "can"]


    static func removingPlaceholders(_ template: String) -> String {
        var result = ""
        var inPlaceholder = false
        for character in template {
            if character == "{" {
                inPlaceholder = true
                result.append(" ")
            } else if character == "}" {
                inPlaceholder = false
            } else if !inPlaceholder {
                result.append(character)
            }
        }
        return result
    }
}

/// Ranks the schema's relations by how well a question's words and linked names fit them. Words count most when
/// they name the relation (`grandparent`), less in its English, least as an attribute name; the linked names
/// then favour relations with attributes of their declared types. It only orders candidates for the parser,
/// which makes the decision.
public struct RelationLinker: Sendable {
    public let schema: ParserSchema
    private let vocabularies: [String: RelationVocabulary]

    /// Evidence weights: a word naming the relation, a word of its English, a word naming one of its attributes.
    static let nameWeight = 1.0, templateWeight = 0.75, attributeWeight = 0.5
    /// A small bonus for the share of the relation's name the question covers, so `teaches` beats
    /// `teaches_student` on "Who teaches CS101?" before types are considered.
    static let coverageWeight = 0.1
    /// Taken off a relation whose name has a modal the question lacks.
    static let missingModalPenalty = 0.5
    /// Type fit of one mention: its declared type, a primitive attribute of its kind, a name of unknown type in a
    /// symbol attribute, and a mention the relation has no place for.
    static let exactTypeFit = 0.5, primitiveTypeFit = 0.2, unknownTypeFit = 0.1, misfit = -0.3

    public init(schema: ParserSchema) {
        self.schema = schema
        var vocabularies: [String: RelationVocabulary] = [:]
        for relation in schema.relations where vocabularies[relation.name] == nil {
            vocabularies[relation.name] = RelationVocabulary(relation)
        }
        self.vocabularies = vocabularies
    }

    /// Every relation of the schema with its score, best first; equal scores in name order, so the ranking is the
    /// same on every run. Tokens inside mentions are not word evidence: a course called "Databases" says nothing
    /// about which relation is asked for.
    public func rank(tokens: [Token], mentions: [Mention]) -> [(relation: String, score: Double)] {
        let words = questionWords(tokens: tokens, mentions: mentions)
        var scored: [(relation: String, score: Double)] = []
        var seen = Set<String>()
        for relation in schema.relations where seen.insert(relation.name).inserted {
            guard let vocabulary = vocabularies[relation.name] else { continue }
            // A number the relation's English states is a word of that English, not an argument looking for a slot.
            let stated = mentions.filter { mention in
                mention.value.primitiveType != .symbol && vocabulary.templateNumbers.contains(mention.value.rawText)
            }
            let arguments = mentions.filter { !stated.contains($0) }
            let score = lexicalScore(words, vocabulary) + Self.templateWeight * Double(stated.count) + typeScore(arguments, relation)
            scored.append((relation.name, score))
        }
        return scored.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.relation < rhs.relation
        }
    }

    /// The `count` relations the parser should compare, in rank order: the best by `rank`, except that a relation
    /// the question names outright (every word of `student`, of `suspended`) always has a place. In "Who is a
    /// student and enrolled in CS101?" the course fits every relation about courses better than `student`, which
    /// has no place for it, yet a conjunction's second clause needs no place for the first clause's names.
    public func shortlist(tokens: [Token], mentions: [Mention], count: Int, admitting admits: (String) -> Bool) -> [String] {
        let ranked = rank(tokens: tokens, mentions: mentions).map(\.relation).filter(admits)
        let words = Set(questionWords(tokens: tokens, mentions: mentions))
        let named = ranked.filter { relation in
            guard let names = vocabularies[relation]?.nameWords, !names.isEmpty else { return false }
            return names.isSubset(of: words)
        }.prefix(count)
        var chosen = Set(named)
        for relation in ranked where chosen.count < count { chosen.insert(relation) }
        return ranked.filter(chosen.contains)
    }

    /// The stems that are evidence, each once, in sentence order.
    private func questionWords(tokens: [Token], mentions: [Mention]) -> [String] {
        var insideMention = [Bool](repeating: false, count: tokens.count)
        for mention in mentions {
            for index in mention.tokenRange where insideMention.indices.contains(index) { insideMention[index] = true }
        }
        var questionWords: [String] = []
        for (index, token) in tokens.enumerated() where !insideMention[index] {
            if let word = RelationVocabulary.evidence(token), !questionWords.contains(word) { questionWords.append(word) }
            // "How many" asks for a number: relations that store one are written with that word
            // (`number_of_children`, "the number of people allowed in {zone}").
            if index > 0, token.text == "many" || token.text == "much", tokens[index - 1].text == "how", !questionWords.contains("number") {
                questionWords.append("number")
            }
        }
        return questionWords
    }

    /// For each token, whether it is one of the words relation `relation` is written in (its templates and its
    /// name; function words never match). All false for a relation the schema does not have.
    public func matches(tokens: [Token], relation: String) -> [Bool] {
        guard let vocabulary = vocabularies[relation] else { return tokens.map { _ in false } }
        return tokens.map { token in
            guard let word = RelationVocabulary.evidence(token) else { return false }
            return vocabulary.templateWords.contains(word) || vocabulary.nameWords.contains(word)
        }
    }

    private func lexicalScore(_ words: [String], _ vocabulary: RelationVocabulary) -> Double {
        var score = 0.0
        var namedWords = 0
        for word in words {
            if vocabulary.nameWords.contains(word) {
                score += Self.nameWeight
                namedWords += 1
            } else if vocabulary.templateWords.contains(word) {
                score += Self.templateWeight
            } else if vocabulary.attributeWords.contains(word) {
                score += Self.attributeWeight
            }
        }
        if !vocabulary.nameWords.isEmpty {
            score += Self.coverageWeight * Double(namedWords) / Double(vocabulary.nameWords.count)
        }
        if !vocabulary.nameModals.isSubset(of: words) {
            score -= Self.missingModalPenalty
        }
        return score
    }

    /// The best total fit of the mentions to distinct attributes (each mention in at most one, as in a clause).
    private func typeScore(_ mentions: [Mention], _ relation: RelationSchema) -> Double {
        guard !mentions.isEmpty else { return 0 }
        let fits = mentions.map { mention in relation.attributes.map { Self.fit(mention, $0) } }
        var used = [Bool](repeating: false, count: relation.arity)
        func best(from index: Int) -> Double {
            guard index < fits.count else { return 0 }
            var result = Self.misfit + best(from: index + 1)
            for attribute in fits[index].indices where !used[attribute] && fits[index][attribute] > Self.misfit {
                used[attribute] = true
                result = max(result, fits[index][attribute] + best(from: index + 1))
                used[attribute] = false
            }
            return result
        }
        // Questions name few things; past a handful the exhaustive search is not worth its cost.
        guard mentions.count <= 6 else {
            return fits.reduce(0) { total, row in total + (row.max() ?? Self.misfit) }
        }
        return best(from: 0)
    }

    static func fit(_ mention: Mention, _ attribute: RelationSchema.Attribute) -> Double {
        guard mention.value.primitiveType.domain == attribute.primitive.domain else { return misfit }
        if mention.typeNames.contains(attribute.typeName) { return exactTypeFit }
        if PrimitiveType(rawValue: attribute.typeName) != nil { return primitiveTypeFit }
        if mention.typeNames.isEmpty, attribute.primitive == .symbol { return unknownTypeFit }
        return misfit
    }
}
