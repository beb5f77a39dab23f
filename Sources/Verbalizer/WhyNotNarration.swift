import Reasoner
import Syntax

extension Phrasebook {
    /// Why an atom does not hold, as bullets: each rule that could conclude it, what of its body holds, and the
    /// first part that fails, with the failing atom explained one level further down.
    public func whyNot(_ explanation: WhyNot) -> Document.Item {
        let missing = sentenceCase(absence(explanation.atom), of: explanation.atom.relation)
        if explanation.truncated {
            return Document.Item(missing + " (not explained further)")
        }
        var children: [Document.Item] = []
        if explanation.isStoredRelation {
            children.append(Document.Item("no stored fact says that \(statement(explanation.atom))"))
        }
        if explanation.attempts.isEmpty {
            children.append(Document.Item("no rule concludes that \(statement(explanation.atom))"))
        }
        for attempt in explanation.attempts {
            children.append(Document.Item(attemptSentence(attempt), children: attempt.causes.map(whyNot)))
        }
        return Document.Item(missing + ":", children: children)
    }

    /// "rule ancestor, rules/family.dl:71: Pablo is a parent of Eve, but Iris is not known to be a descendant of Eve".
    public func attemptSentence(_ attempt: RuleAttempt) -> String {
        let held = attempt.satisfied.map(reading)
        let failure: String
        switch attempt.failure {
        case let .notDerivable(atom): failure = absence(atom)
        case let .derivable(atom): failure = statement(atom) + ", which the rule requires not to hold"
        case let .conditionFalse(condition): failure = falsity(condition)
        }
        let body = held.isEmpty ? failure : English.list(held) + ", but " + failure
        return "by rule \(attempt.rule.name) [\(attempt.rule.location.file):\(attempt.rule.location.line)]: \(body)"
    }
}
