import Syntax

/// What the network should answer for one sentence over its candidate relations, derived from the labelled
/// interpretation: which candidates are its clauses, the sentence-level choices, the asked slot and the slot each
/// linked unit fills.
struct Targets: Sendable {
    /// Candidate index of each clause, in clause order.
    var clauseCandidates: [Int]
    var form: QuestionForm
    var negated: Bool
    var conjunction: Bool
    var comparison: ComparisonChoice
    /// Per clause: 0 when nothing is asked, else 1 + the asked slot.
    var asked: [Int]
    /// Per clause: the tag of every question unit.
    var tags: [[TokenTag]]
    /// The labelled interpretation the targets were derived from.
    var interpretation: Interpretation

    /// Nil when the interpretation cannot be expressed over these candidates and units (a clause's relation is not
    /// a candidate, or a mentioned value was not linked), so the example is skipped rather than taught wrongly.
    init?(_ interpretation: Interpretation, question: LinkedQuestion, candidates: [RelationSchema]) {
        guard (1...2).contains(interpretation.clauses.count) else { return nil }
        var clauseCandidates: [Int] = []
        var asked: [Int] = []
        var tags: [[TokenTag]] = []
        var comparison = ComparisonChoice.none
        for clause in interpretation.clauses {
            guard let index = candidates.firstIndex(where: { $0.name == clause.relation }),
                  clause.arguments.count == candidates[index].arity,
                  clause.arguments.count <= SequenceBuilder.maximumArity else { return nil }
            clauseCandidates.append(index)
            asked.append(clause.arguments.firstIndex(of: .asked).map { $0 + 1 } ?? 0)
            var unitTags = [TokenTag](repeating: .outside, count: question.units.count)
            for (slot, argument) in clause.arguments.enumerated() {
                let wanted: Value
                switch argument {
                case let .value(value):
                    wanted = value
                case let .compared(op, value):
                    wanted = value
                    guard let choice = ComparisonChoice(op) else { return nil }
                    comparison = choice
                case .asked, .free:
                    continue
                }
                guard let unit = question.units.indices.first(where: { question.units[$0].value == wanted && unitTags[$0] == .outside }) else {
                    return nil
                }
                unitTags[unit] = TokenTag(rawValue: slot + 1)!
            }
            tags.append(unitTags)
        }
        self.clauseCandidates = clauseCandidates
        self.asked = asked
        self.tags = tags
        self.comparison = comparison
        form = interpretation.form
        negated = interpretation.negated
        conjunction = interpretation.clauses.count == 2
        self.interpretation = interpretation
    }
}

extension ComparisonChoice {
    init?(_ op: ComparisonOperator) {
        switch op {
        case .greater: self = .greater
        case .less: self = .less
        case .greaterOrEqual: self = .greaterOrEqual
        case .lessOrEqual: self = .lessOrEqual
        case .equal, .notEqual: return nil
        }
    }

    var comparisonOperator: ComparisonOperator? {
        switch self {
        case .none: return nil
        case .greater: return .greater
        case .less: return .less
        case .greaterOrEqual: return .greaterOrEqual
        case .lessOrEqual: return .lessOrEqual
        }
    }
}
