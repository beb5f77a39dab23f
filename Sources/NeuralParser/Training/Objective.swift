import Foundation
import LinearAlgebra

/// The training loss of one sentence: cross-entropy of the gold candidates among all candidates, of the
/// sentence-level choices read at the first clause's candidate, of the asked slot and of every unit's tag at each
/// clause's candidate, plus the experts' load-balancing loss.
struct Objective {
    struct Result {
        var loss: Float
        /// Every head's argmax was right.
        var exact: Bool
    }

    /// Runs forward and backward for every candidate, accumulating gradients into `network.store`.
    static func accumulate(_ network: inout ParserNetwork, sequences: [ParserNetwork.Sequence], targets: Targets) -> Result {
        let outputs = sequences.map { network.forward($0) }
        var loss: Float = 0
        var exact = true
        var sentenceGradients = outputs.map { [Float](repeating: 0, count: $0.sentence.count) }
        var tokenGradients = outputs.map { $0.tokens.map { [Float](repeating: 0, count: $0.count) } }

        let relevance = outputs.map { $0.sentence[SentenceHeads.relevance.lowerBound] }
        var wanted = [Float](repeating: 0, count: outputs.count)
        for candidate in targets.clauseCandidates { wanted[candidate] += 1 / Float(targets.clauseCandidates.count) }
        let (relevanceLoss, relevanceGradient) = crossEntropy(logits: relevance, target: wanted)
        loss += relevanceLoss
        for candidate in outputs.indices { sentenceGradients[candidate][SentenceHeads.relevance.lowerBound] = relevanceGradient[candidate] }
        let ranked = relevance.indices.sorted { relevance[$0] > relevance[$1] }
        exact = exact && Set(ranked.prefix(targets.clauseCandidates.count)) == Set(targets.clauseCandidates)

        let first = targets.clauseCandidates[0]
        let choices: [(Range<Int>, Int)] = [
            (SentenceHeads.form, QuestionForm.allCases.firstIndex(of: targets.form)!),
            (SentenceHeads.negated, targets.negated ? 1 : 0),
            (SentenceHeads.conjunction, targets.conjunction ? 1 : 0),
            (SentenceHeads.comparison, targets.comparison.rawValue),
        ]
        for (group, answer) in choices {
            loss += classify(outputs[first].sentence, group: group, answer: answer, gradient: &sentenceGradients[first], exact: &exact)
        }
        for (clause, candidate) in targets.clauseCandidates.enumerated() {
            loss += classify(outputs[candidate].sentence, group: SentenceHeads.asked, answer: targets.asked[clause],
                             gradient: &sentenceGradients[candidate], exact: &exact)
            for (unit, tag) in targets.tags[clause].enumerated() where unit < outputs[candidate].tokens.count {
                loss += classify(outputs[candidate].tokens[unit], group: 0..<TokenTag.allCases.count, answer: tag.rawValue,
                                 gradient: &tokenGradients[candidate][unit], exact: &exact)
            }
        }
        for (candidate, output) in outputs.enumerated() {
            loss += output.auxiliaryLoss
            network.backward(sequences[candidate], output, sentenceGradient: sentenceGradients[candidate], tokenGradients: tokenGradients[candidate])
        }
        return Result(loss: loss, exact: exact)
    }

    private static func classify(_ logits: [Float], group: Range<Int>, answer: Int, gradient: inout [Float], exact: inout Bool) -> Float {
        var target = [Float](repeating: 0, count: group.count)
        target[answer] = 1
        let slice = Array(logits[group])
        let (loss, groupGradient) = crossEntropy(logits: slice, target: target)
        for (offset, value) in groupGradient.enumerated() { gradient[group.lowerBound + offset] += value }
        exact = exact && slice.indices.max(by: { slice[$0] < slice[$1] }) == answer
        return loss
    }

    /// −Σ t log softmax(z), and its gradient softmax(z) − t (t sums to one).
    static func crossEntropy(logits: [Float], target: [Float]) -> (Float, [Float]) {
        let probabilities = softmax(logits)
        var loss: Float = 0
        for index in logits.indices where target[index] > 0 { loss -= target[index] * log(max(probabilities[index], 1e-12)) }
        return (loss, zip(probabilities, target).map { $0 - $1 })
    }
}

func softmax(_ logits: [Float]) -> [Float] {
    guard let largest = logits.max() else { return [] }
    let exponentials = logits.map { exp($0 - largest) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
}
