/// One interpretation of a sentence with the network's confidence in it, and what it routed where.
public struct Reading: Equatable, Sendable {
    public var interpretation: Interpretation
    /// The product of the probabilities of every choice the decoder made.
    public var confidence: Double
}

/// Turns the network's outputs over the candidate relations into interpretations that are well-formed by
/// construction: only candidate relations, their arity, names in slots their types fit, one value per slot, and an
/// asked slot exactly when the form asks for something.
struct InterpretationDecoder {
    let question: LinkedQuestion
    let candidates: [RelationSchema]
    let outputs: [ParserNetwork.Output]

    /// The best reading with each candidate as the first clause, best first. A person names a thing in a question
    /// to ask about it, so readings that give every linked name a slot come before those that leave one out ("Why
    /// does Kaya not apply for Ramirez?" is about Kavya even when the misspelling made the network doubt it); a
    /// reading that must leave one out keeps its lower rank rather than being dropped. Numbers are exempt: "under
    /// 12" can be the wording of a relation (`{x} is under 12`) rather than its argument.
    func readings() -> [Reading] {
        let relevance = softmax(outputs.map { $0.sentence[SentenceHeads.relevance.lowerBound] })
        var decoded: [(reading: Reading, placesEveryName: Bool)] = []
        for first in candidates.indices {
            guard let free = reading(first: first, relevance: relevance, placing: false) else { continue }
            decoded.append(free)
            if !free.placesEveryName, let placing = reading(first: first, relevance: relevance, placing: true),
               placing.placesEveryName, placing.reading.interpretation != free.reading.interpretation {
                decoded.append(placing)
            }
        }
        return decoded.sorted { lhs, rhs in
            lhs.placesEveryName != rhs.placesEveryName ? lhs.placesEveryName : lhs.reading.confidence > rhs.reading.confidence
        }.map(\.reading)
    }

    /// - Parameters:
    ///   - placing: whether a linked name that fits an open slot must take one rather than be left outside.
    ///   - comparing: false when the chosen comparison found no number slot to sit in; the reading is then decoded
    ///     without one, so a sentence always has its best well-formed reading.
    private func reading(first: Int, relevance: [Float], placing: Bool, comparing: Bool = true) -> (reading: Reading, placesEveryName: Bool)? {
        let sentence = outputs[first].sentence
        let (formIndex, formProbability) = best(sentence, SentenceHeads.form)
        let form = QuestionForm.allCases[formIndex]
        let (negatedIndex, negatedProbability) = best(sentence, SentenceHeads.negated)
        let (conjunctionIndex, conjunctionProbability) = best(sentence, SentenceHeads.conjunction)
        // A comparison needs a number to compare with; without one, only "no comparison" is well-formed.
        let hasNumber = question.units.contains { if case .number = $0 { return true } else { return false } }
        let (comparisonIndex, comparisonProbability) = hasNumber && comparing
            ? best(sentence, SentenceHeads.comparison)
            : (ComparisonChoice.none.rawValue, softmax(Array(sentence[SentenceHeads.comparison]))[ComparisonChoice.none.rawValue])
        var confidence = Double(relevance[first]) * Double(formProbability * negatedProbability * conjunctionProbability * comparisonProbability)

        var clauseCandidates = [first]
        if conjunctionIndex == 1 {
            let others = relevance.indices.filter { $0 != first }
            guard let second = others.max(by: { relevance[$0] < relevance[$1] }) else { return nil }
            clauseCandidates.append(second)
            confidence *= Double(relevance[second] / max(1 - relevance[first], 1e-6))
        }
        let asks = ![.yesNo, .why, .whyNot, .statement].contains(form)
        let comparison = ComparisonChoice(rawValue: comparisonIndex)!
        var clauses: [Interpretation.Clause] = []
        var usedUnits = Set<Int>()
        for candidate in clauseCandidates {
            guard let (clause, probability) = decodeClause(candidate, asks: asks, comparison: comparison, placing: placing, usedUnits: &usedUnits)
            else { return nil }
            clauses.append(clause)
            confidence *= probability
        }
        let compares = clauses.contains { clause in
            clause.arguments.contains { if case .compared = $0 { return true } else { return false } }
        }
        if comparison != .none, !compares {
            return reading(first: first, relevance: relevance, placing: placing, comparing: false)
        }
        let interpretation = Interpretation(form: form, negated: negatedIndex == 1 && clauses.count == 1, clauses: clauses)
        let placesEveryName = question.units.indices.allSatisfy { !question.isName($0) || usedUnits.contains($0) }
        return (Reading(interpretation: interpretation, confidence: confidence), placesEveryName)
    }

    /// Fills the candidate's slots from the unit tags, most confident first, never against a slot's type. Only a
    /// number the sentence bounds ("more than 54") is compared when it has one; another number in the same
    /// sentence ("has 26 trainees and is older than 54") is a plain value.
    private func decodeClause(_ candidate: Int, asks: Bool, comparison: ComparisonChoice, placing: Bool, usedUnits: inout Set<Int>)
        -> (Interpretation.Clause, Double)? {
        let relation = candidates[candidate]
        let output = outputs[candidate]
        let arity = relation.arity
        guard arity <= SequenceBuilder.maximumArity else { return nil }
        var probability = 1.0

        let askedProbabilities = softmax(Array(output.sentence[SentenceHeads.asked]))
        var askedSlot: Int?
        if asks {
            guard let slot = (0..<arity).max(by: { askedProbabilities[$0 + 1] < askedProbabilities[$1 + 1] }) else { return nil }
            askedSlot = slot
            probability *= Double(askedProbabilities[slot + 1])
        } else {
            probability *= Double(askedProbabilities[0])
        }

        var arguments = [Interpretation.Argument](repeating: .free, count: arity)
        if let askedSlot { arguments[askedSlot] = .asked }
        var choices: [(unit: Int, slot: Int?, probability: Float)] = []
        for (unit, value) in question.units.enumerated() where value.value != nil && !usedUnits.contains(unit) {
            guard unit < output.tokens.count else { continue }
            let tagProbabilities = softmax(output.tokens[unit])
            let fittingSlots = (0..<arity).filter { $0 != askedSlot && LinkedQuestion.fits(value, relation.attributes[$0]) }
            for tag in TokenTag.allCases {
                let slot = tag == .outside ? nil : tag.rawValue - 1
                if let slot, !fittingSlots.contains(slot) { continue }
                if slot == nil, placing, question.isName(unit), !fittingSlots.isEmpty { continue }
                choices.append((unit, slot, tagProbabilities[tag.rawValue]))
            }
        }
        let bounded = Set(question.units.indices.filter(question.isBoundedNumber))
        var decidedUnits = Set<Int>()
        var filledSlots = Set<Int>(askedSlot.map { [$0] } ?? [])
        for choice in choices.sorted(by: { $0.probability > $1.probability }) where !decidedUnits.contains(choice.unit) {
            if let slot = choice.slot {
                guard !filledSlots.contains(slot) else { continue }
                filledSlots.insert(slot)
                let value = question.units[choice.unit].value!
                if let op = comparison.comparisonOperator, value.primitiveType != .symbol, relation.attributes[slot].isNumeric,
                   bounded.isEmpty || bounded.contains(choice.unit) {
                    arguments[slot] = .compared(op, value)
                } else {
                    arguments[slot] = .value(value)
                }
                usedUnits.insert(choice.unit)
            }
            decidedUnits.insert(choice.unit)
            probability *= Double(choice.probability)
        }
        return (Interpretation.Clause(relation: relation.name, arguments: arguments), probability)
    }

    private func best(_ logits: [Float], _ group: Range<Int>) -> (Int, Float) {
        let probabilities = softmax(Array(logits[group]))
        let index = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
        return (index, probabilities[index])
    }
}
