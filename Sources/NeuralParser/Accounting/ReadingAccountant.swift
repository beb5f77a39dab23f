import Syntax

/// Aligns every word of a question with the part of a reading's query that stands for it, and every part of the
/// query with a word that asks for it. The network proposes readings; this decides, by rules a person can check,
/// whether a reading is the question that was asked, so that a confident reading of a different question (a dropped
/// name, an ignored "men", a comparison read backwards) is never answered.
struct ReadingAccountant: Sendable {
    let schema: ParserSchema

    /// What a reading's query is made of, gathered once per reading.
    private struct Parts {
        var relations: [RelationSchema] = []
        var constants: Set<Value> = []
        var comparisons: [(op: ComparisonOperator, value: Value, relation: RelationSchema)] = []
        var typeWords: [String: String] = [:]
        /// Stems that can name what is asked: the asked argument's type and attribute, and classes it is put in.
        var askedWords: Set<String> = []
        var asks = false
        var hasVariable = false
        var negated = false
        var counts = false
        var asksNumber = false
        var form: QuestionForm = .yesNo
    }

    func account(tokens: [Token], mentions: [Mention], interpretation: Interpretation) -> ReadingAccount {
        let parts = self.parts(of: interpretation)
        var alignment = Alignment(tokens: tokens)
        placeMentions(mentions, parts: parts, tokens: tokens, into: &alignment)
        let supportedComparisons = placeComparisons(tokens: tokens, parts: parts, into: &alignment)
        placeAskedNoun(tokens: tokens, parts: parts, into: &alignment)
        for index in tokens.indices where !alignment.decided[index] {
            let (role, part) = role(of: index, tokens: tokens, parts: parts)
            alignment.assign(index, role == .unplaced && !Self.isWord(tokens[index].text) ? .function : role, part)
        }
        var unsupported: [String] = []
        for (index, comparison) in parts.comparisons.enumerated() where !supportedComparisons.contains(index) {
            unsupported.append("a comparison (\(comparison.op.rawValue) \(comparison.value.description))")
        }
        let placedStems = Set(tokens.indices.filter { [.relation, .type].contains(alignment.words[$0].role) }.map { Tokenizer.stem(tokens[$0].text) })
        let compared = Set(supportedComparisons.map { parts.comparisons[$0].relation.name })
        for relation in parts.relations where !compared.contains(relation.name) {
            let words = RelationVocabulary(relation).allWords.union(Self.templateStems(relation)).union(parts.typeWords.filter { $0.value == relation.name }.keys)
            if words.isDisjoint(with: placedStems), !placedStems.contains(where: { stem in words.contains { Self.sharesDerivation(stem, $0) } }) {
                unsupported.append("the relation \(relation.name)")
            }
        }
        if parts.negated, !alignment.words.contains(where: { $0.role == .negation }) { unsupported.append("a negation") }
        if parts.counts, !alignment.words.contains(where: { $0.role == .count }) { unsupported.append("a count") }
        return ReadingAccount(words: alignment.words, unsupported: unsupported)
    }

    /// The words of a question as they are placed, one decision per word.
    private struct Alignment {
        var words: [ReadingAccount.Word]
        var decided: [Bool]

        init(tokens: [Token]) {
            words = tokens.map { ReadingAccount.Word(text: $0.surface, role: .unplaced, part: nil) }
            decided = [Bool](repeating: false, count: tokens.count)
        }

        mutating func assign(_ index: Int, _ role: ReadingAccount.Role, _ part: String?) {
            words[index].role = role
            words[index].part = part
            decided[index] = true
        }
    }

    /// Places each comparison phrase on the comparison of the query it states; returns the comparisons placed.
    private func placeComparisons(tokens: [Token], parts: Parts, into alignment: inout Alignment) -> Set<Int> {
        var supported = Set<Int>()
        for phrase in ComparisonPhrase.phrases(in: tokens) where phrase.indices.allSatisfy({ !alignment.decided[$0] }) {
            // "over" in "{person} is over 65" is the relation's own word, not a comparison of the query.
            if phrase.indices.contains(where: { index in parts.relations.contains { Self.templateWords($0).contains(tokens[index].text) } }) { continue }
            guard let matched = matchingComparison(phrase, tokens: tokens, parts: parts) else { continue }
            supported.insert(matched)
            let comparison = parts.comparisons[matched]
            for index in phrase.indices { alignment.assign(index, .comparison, "\(comparison.op.rawValue) \(comparison.value.description)") }
        }
        return supported
    }

    /// The noun after "which", "what" or "how many" says what is asked for ("which courses", "what year"): it must
    /// name the asked argument's type or attribute, or a class the query puts it in. "In which year was Ann born?"
    /// read as asking for a parent leaves "year" unplaced.
    private func placeAskedNoun(tokens: [Token], parts: Parts, into alignment: inout Alignment) {
        guard parts.asks else { return }
        let run = Self.askedNounRun(tokens: tokens, excluding: alignment.decided)
        guard !run.isEmpty else { return }
        guard let head = run.last(where: { parts.askedWords.contains(Tokenizer.stem(tokens[$0].text)) || ClosedWordLists.genericNouns.contains(tokens[$0].text) }) else {
            for index in run { alignment.assign(index, .unplaced, nil) }
            return
        }
        for index in run where parts.askedWords.contains(Tokenizer.stem(tokens[index].text)) || index == head {
            alignment.assign(index, .type, "the asked variable")
        }
    }

    /// The words right after "which", "what" or "how many" that name what is asked ("which badge holders").
    static func askedNounRun(tokens: [Token], excluding taken: [Bool]) -> [Int] {
        guard let lead = tokens.firstIndex(where: { ["which", "what"].contains($0.text) || ($0.text == "many" && $0 != tokens.first) }) else { return [] }
        var run: [Int] = []
        var index = lead + 1
        while index < tokens.count, run.count < 3, !taken[index], isWord(tokens[index].text),
              !ClosedWordLists.functionWords.contains(tokens[index].text), !Vocabulary.isFunctionWord(tokens[index].text) {
            run.append(index)
            index += 1
        }
        return run
    }

    /// The reading asking for the argument the question's noun names, when the network asked for another argument
    /// of the same relation that the noun does not name: "What grades did Dev get?" asks for the grade, not the
    /// course. Nil when nothing changes.
    func askingAsWorded(_ interpretation: Interpretation, tokens: [Token], mentions: [Mention]) -> Interpretation? {
        var taken = [Bool](repeating: false, count: tokens.count)
        for mention in mentions { for index in mention.tokenRange { taken[index] = true } }
        let nouns = Set(Self.askedNounRun(tokens: tokens, excluding: taken).map { Tokenizer.stem(tokens[$0].text) })
        guard !nouns.isEmpty else { return nil }
        func names(_ attribute: RelationSchema.Attribute) -> Bool {
            !nouns.isDisjoint(with: Self.identifierWords(attribute.typeName) + Self.identifierWords(attribute.name))
        }
        var result = interpretation
        for (clauseIndex, clause) in interpretation.clauses.enumerated() {
            guard let relation = schema.relation(named: clause.relation), let asked = clause.arguments.firstIndex(of: .asked),
                  !names(relation.attributes[asked]) else { continue }
            let named = clause.arguments.indices.filter { clause.arguments[$0] == .free && names(relation.attributes[$0]) }
            guard named.count == 1 else { continue }
            result.clauses[clauseIndex].arguments[asked] = .free
            result.clauses[clauseIndex].arguments[named[0]] = .asked
        }
        return result == interpretation ? nil : result
    }

    /// The reading with each comparison in the direction its words state: the network decides which argument a
    /// number bounds, the words decide which way ("lower than 60" is `< 60` whatever the network thought). Nil
    /// when nothing changes.
    func comparingAsWorded(_ interpretation: Interpretation, tokens: [Token]) -> Interpretation? {
        var stated: [Value: ComparisonOperator] = [:]
        for phrase in ComparisonPhrase.phrases(in: tokens) {
            guard let number = phrase.number.flatMap({ Tokenizer.number(in: tokens[$0].text) }) else { continue }
            stated[number] = phrase.op
        }
        var result = interpretation
        // "not older than 43" is one comparison, `<= 43`, not the denial of `> 43`.
        if interpretation.negated, ComparisonPhrase.phrases(in: tokens).contains(where: { ["no", "not"].contains(tokens[$0.indices[0]].text) }) {
            result.negated = false
            result.domain = nil
        }
        for (clauseIndex, clause) in interpretation.clauses.enumerated() {
            guard let relation = schema.relation(named: clause.relation) else { continue }
            for (slot, argument) in clause.arguments.enumerated() {
                switch argument {
                case let .compared(op, value) where stated[value] != nil && stated[value] != op:
                    result.clauses[clauseIndex].arguments[slot] = .compared(stated[value]!, value)
                case let .value(value) where relation.attributes[slot].isNumeric && stated[value] != nil:
                    result.clauses[clauseIndex].arguments[slot] = .compared(stated[value]!, value)
                default:
                    continue
                }
            }
        }
        return result == interpretation ? nil : result
    }

    private func parts(of interpretation: Interpretation) -> Parts {
        var parts = Parts()
        parts.form = interpretation.form
        parts.negated = interpretation.negated
        parts.counts = interpretation.form == .howMany
        parts.asks = [.which, .howMany, .exists].contains(interpretation.form)
        for clause in interpretation.clauses {
            guard let relation = schema.relation(named: clause.relation) else { continue }
            parts.relations.append(relation)
            for (slot, argument) in clause.arguments.enumerated() {
                switch argument {
                case let .value(value): parts.constants.insert(value)
                case let .compared(op, value):
                    parts.constants.insert(value)
                    parts.comparisons.append((op, value, relation))
                    parts.hasVariable = true
                case .asked:
                    parts.hasVariable = true
                    let attribute = relation.attributes[slot]
                    parts.asksNumber = parts.asksNumber || attribute.isNumeric
                    parts.askedWords.formUnion(Self.identifierWords(attribute.typeName) + Self.identifierWords(attribute.name))
                    if attribute.isNumeric || relation.arity == 1 { parts.askedWords.formUnion(RelationVocabulary(relation).nameWords) }
                    // The relation that lists every value of the type names the type too: "badge holders".
                    if let domain = QueryBuilder(schema: schema).domain(of: attribute, excluding: ""), let listing = schema.relation(named: domain) {
                        parts.askedWords.formUnion(RelationVocabulary(listing).nameWords)
                    }
                case .free: parts.hasVariable = true
                }
            }
            for attribute in relation.attributes {
                for word in Self.identifierWords(attribute.typeName) + Self.identifierWords(attribute.name) {
                    parts.typeWords[word] = relation.name
                }
            }
        }
        if let domain = interpretation.domain.flatMap(schema.relation(named:)) {
            parts.relations.append(domain)
            parts.askedWords.formUnion(RelationVocabulary(domain).nameWords)
        }
        return parts
    }

    /// Linked names and numbers: placed when the query holds them as constants, or when a number is part of a
    /// relation's own English ("{person} is over 65").
    private func placeMentions(_ mentions: [Mention], parts: Parts, tokens: [Token], into alignment: inout Alignment) {
        for mention in mentions {
            let role: ReadingAccount.Role
            var part: String? = mention.value.description
            if parts.constants.contains(mention.value) {
                role = .constant
            } else if case .symbol = mention.value {
                role = .unplaced
                part = nil
            } else if let relation = parts.relations.first(where: { RelationVocabulary($0).templateNumbers.contains(tokens[mention.tokenRange.lowerBound].text) }) {
                role = .relation
                part = relation.name
            } else {
                role = .unplaced
                part = nil
            }
            for index in mention.tokenRange { alignment.assign(index, role, part) }
        }
    }

    /// The comparison of the query a phrase states: same direction, and the number right after it ("over 40") or
    /// before it ("40 or older"). A comparative with a dimension ("older") must compare that dimension.
    private func matchingComparison(_ phrase: ComparisonPhrase, tokens: [Token], parts: Parts) -> Int? {
        let number = phrase.number.flatMap { Tokenizer.number(in: tokens[$0].text) }
        return parts.comparisons.indices.first { index in
            let comparison = parts.comparisons[index]
            guard comparison.op == phrase.op, number == nil || number == comparison.value else { return false }
            guard let dimension = phrase.dimension, let wanted = ClosedWordLists.dimensions[dimension] else { return true }
            let vocabulary = RelationVocabulary(comparison.relation)
            return !wanted.isDisjoint(with: vocabulary.allWords.union(Self.templateStems(comparison.relation)))
        }
    }

    /// The role of a word no mention or comparison took.
    private func role(of index: Int, tokens: [Token], parts: Parts) -> (ReadingAccount.Role, String?) {
        let word = tokens[index].text
        if ClosedWordLists.functionWords.contains(word) { return (.function, nil) }
        if ClosedWordLists.negationWords.contains(word) {
            if parts.negated || parts.form == .whyNot { return (.negation, "not") }
            // "not" is a relation's own word only beside the word it negates there: "must not take".
            let next = index + 1 < tokens.count ? Tokenizer.stem(tokens[index + 1].text) : ""
            if let relation = parts.relations.first(where: { Self.templateStems($0).isSuperset(of: [word, next]) }) { return (.relation, relation.name) }
            return (.unplaced, nil)
        }
        if ClosedWordLists.isSuperlative(word), !parts.relations.contains(where: { Self.templateWords($0).union(RelationVocabulary($0).nameWords).contains(word) }) {
            return (.unplaced, nil)
        }
        if let relation = relationWord(word, parts: parts) { return (.relation, relation) }
        if let relation = parts.typeWords[Tokenizer.stem(word)] { return (.type, relation) }
        if ClosedWordLists.questionWords.contains(word) {
            if word == "how", index + 1 < tokens.count, ["many", "much"].contains(tokens[index + 1].text) {
                return parts.counts || parts.asksNumber ? (.count, "count") : (.unplaced, nil)
            }
            return parts.asks || (word == "how" && parts.form == .why) ? (.asked, "the asked variable") : (.unplaced, nil)
        }
        if ClosedWordLists.explanationWords.contains(word) {
            return [.why, .whyNot].contains(parts.form) ? (.form, parts.form.rawValue) : (.unplaced, nil)
        }
        if ClosedWordLists.countWords.contains(word) {
            return parts.counts || (parts.asksNumber && word != "count") ? (.count, "count") : (.unplaced, nil)
        }
        if ClosedWordLists.indefiniteWords.contains(word) {
            return parts.hasVariable ? (.asked, "a variable") : (.unplaced, nil)
        }
        if let comparative = ClosedWordLists.measureAdjectives[word], parts.asksNumber,
           !ClosedWordLists.dimensions[comparative, default: []].isDisjoint(with: parts.askedWords.union(parts.relations.flatMap { Self.templateStems($0) })) {
            return (.type, "the asked variable")
        }
        if ClosedWordLists.genericNouns.contains(word) {
            return parts.asks ? (.asked, "the asked variable") : (.unplaced, nil)
        }
        return (.unplaced, nil)
    }

    /// The relation of the query whose English holds the word, through the same stems the relation linker uses,
    /// or a derived form of one ("enrolment" for "enrolled", "teacher" for "teaches").
    private func relationWord(_ word: String, parts: Parts) -> String? {
        let stem = Tokenizer.stem(word)
        let vocabularies = parts.relations.map { ($0.name, RelationVocabulary($0)) }
        if let named = vocabularies.first(where: { $0.1.nameWords.contains(stem) }) { return named.0 }
        if let written = parts.relations.first(where: { $0.phrases.isEmpty == false && Self.templateStems($0).contains(stem) }) { return written.name }
        if let attribute = vocabularies.first(where: { $0.1.allWords.contains(stem) }) { return attribute.0 }
        return vocabularies.first { $0.1.allWords.contains { Self.sharesDerivation(stem, $0) || Self.abbreviates($0, stem) } }?.0
    }

    /// Stems of every word the schema's relations are written in: names, templates, attributes and types.
    static func schemaWords(_ schema: ParserSchema) -> Set<String> {
        schema.relations.reduce(into: Set<String>()) { words, relation in
            words.formUnion(RelationVocabulary(relation).allWords)
            words.formUnion(templateStems(relation).filter { !ClosedWordLists.functionWords.contains($0) })
            for attribute in relation.attributes { words.formUnion(identifierWords(attribute.typeName)) }
        }
    }

    /// The words of a relation's templates as written, lower-cased.
    static func templateWords(_ relation: RelationSchema) -> Set<String> {
        Set(relation.phrases.flatMap { Tokenizer.tokenize(RelationVocabulary.removingPlaceholders($0)).map(\.text) })
    }

    /// Every word of a relation's templates, function words included: "over" is part of "{person} is over 65".
    static func templateStems(_ relation: RelationSchema) -> Set<String> {
        relation.phrases.reduce(into: Set<String>()) { stems, template in
            for token in Tokenizer.tokenize(RelationVocabulary.removingPlaceholders(template)) where isWord(token.text) {
                stems.insert(Tokenizer.stem(token.text))
            }
        }
    }

    /// Two stems of one word family: one starts with most of the other ("enrol"/"enrolment", "allerg"/"allergic").
    static func sharesDerivation(_ lhs: String, _ rhs: String) -> Bool {
        let shared = zip(lhs, rhs).prefix { $0 == $1 }.count
        return shared >= 5 && Double(shared) >= 0.7 * Double(min(lhs.count, rhs.count))
    }

    /// An attribute named by an abbreviation the question spells out: `min_age` for "minimum age".
    static func abbreviates(_ short: String, _ long: String) -> Bool {
        short.count >= 3 && long.count >= short.count + 3 && long.hasPrefix(short)
    }

    /// The words of an identifier: `DrugClass` and `drug_class` give "drug" and "class", stemmed.
    static func identifierWords(_ identifier: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in identifier {
            if character == "_" || character == "-" || (character.isUppercase && !current.isEmpty) {
                if !current.isEmpty { words.append(current) }
                current = character.isLetter ? String(character) : ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { Tokenizer.stem($0.lowercased()) }.filter { $0 != "symbol" && $0 != "number" && $0.count > 1 }
    }

    static func isWord(_ text: String) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }
}
