import Foundation
import LinearAlgebra

/// The feed-forward half of a block as a Switch-style mixture of experts: a learned router sends each token to its
/// top-1 expert (a two-layer ReLU network) and scales the expert's output by the router's probability, which is
/// what lets the router learn. Each expert takes at most `capacity` tokens of a sequence; the rest skip the layer
/// through the residual connection. With one expert this is the dense baseline of equal active parameters.
struct MixtureOfExperts: Sendable {
    struct Cache: Sendable {
        var input: [Float]
        /// n × experts router probabilities.
        var probabilities: [Float]
        /// The expert chosen for each token, before capacity is applied.
        var choices: [Int]
        /// The tokens each expert processed, in order.
        var assigned: [[Int]]
        /// Per expert: hidden pre-activations (m × hidden) and outputs (m × width).
        var hidden: [[Float]]
        var outputs: [[Float]]
        var auxiliaryLoss: Float
    }

    let router: Linear
    let firstWeights: ParameterID
    let firstBiases: ParameterID
    let secondWeights: ParameterID
    let secondBiases: ParameterID
    let width: Int
    let hiddenWidth: Int
    let experts: Int
    let capacityFactor: Float
    /// The weight α of the load-balancing loss α · E · Σ_e f_e · P_e.
    let balanceWeight: Float

    init(_ name: String, width: Int, hiddenWidth: Int, experts: Int, capacityFactor: Float, balanceWeight: Float,
         store: inout ParameterStore, random: inout SeededRandom) {
        self.width = width
        self.hiddenWidth = hiddenWidth
        self.experts = experts
        self.capacityFactor = capacityFactor
        self.balanceWeight = balanceWeight
        router = Linear(name + ".router", inputs: width, outputs: experts, bias: false, store: &store, random: &random)
        firstWeights = store.add(name + ".experts.first.weight", shape: [experts, width, hiddenWidth],
                                 scale: (2 / Float(width)).squareRoot(), using: &random)
        firstBiases = store.add(name + ".experts.first.bias", shape: [experts, hiddenWidth], scale: 0, using: &random)
        secondWeights = store.add(name + ".experts.second.weight", shape: [experts, hiddenWidth, width],
                                  scale: 1 / Float(hiddenWidth).squareRoot(), using: &random)
        secondBiases = store.add(name + ".experts.second.bias", shape: [experts, width], scale: 0, using: &random)
    }

    func capacity(tokens: Int) -> Int {
        max(1, Int((capacityFactor * Float(tokens) / Float(experts)).rounded(.up)))
    }

    func forward(_ input: [Float], store: ParameterStore, backend: Backend = .blas) -> ([Float], Cache) {
        let n = input.count / width
        var probabilities = router.forward(input, store: store, backend: backend)
        var choices = [Int](repeating: 0, count: n)
        for token in 0..<n {
            let row = token * experts
            let largest = probabilities[row..<(row + experts)].max()!
            var total: Float = 0
            for expert in 0..<experts {
                probabilities[row + expert] = exp(probabilities[row + expert] - largest)
                total += probabilities[row + expert]
            }
            for expert in 0..<experts { probabilities[row + expert] /= total }
            choices[token] = (0..<experts).max { probabilities[row + $0] < probabilities[row + $1] }!
        }
        let limit = capacity(tokens: n)
        var assigned = [[Int]](repeating: [], count: experts)
        for token in 0..<n where assigned[choices[token]].count < limit { assigned[choices[token]].append(token) }

        var output = [Float](repeating: 0, count: n * width)
        var hiddenByExpert: [[Float]] = []
        var outputsByExpert: [[Float]] = []
        for expert in 0..<experts {
            let tokens = assigned[expert]
            let (hidden, expertOutput) = runExpert(expert, on: gather(tokens, from: input), store: store, backend: backend)
            for (slot, token) in tokens.enumerated() {
                let gate = probabilities[token * experts + expert]
                for column in 0..<width { output[token * width + column] = gate * expertOutput[slot * width + column] }
            }
            hiddenByExpert.append(hidden)
            outputsByExpert.append(expertOutput)
        }
        let auxiliaryLoss = balanceLoss(probabilities: probabilities, choices: choices, tokens: n)
        return (output, Cache(input: input, probabilities: probabilities, choices: choices, assigned: assigned,
                              hidden: hiddenByExpert, outputs: outputsByExpert, auxiliaryLoss: auxiliaryLoss))
    }

    /// f_e is the fraction of tokens whose top choice is e (a constant for the gradient); P_e the mean probability.
    private func balanceLoss(probabilities: [Float], choices: [Int], tokens n: Int) -> Float {
        guard experts > 1 else { return 0 }
        var loss: Float = 0
        for expert in 0..<experts {
            let fraction = Float(choices.filter { $0 == expert }.count) / Float(n)
            var meanProbability: Float = 0
            for token in 0..<n { meanProbability += probabilities[token * experts + expert] }
            loss += fraction * meanProbability / Float(n)
        }
        return balanceWeight * Float(experts) * loss
    }

    private func gather(_ tokens: [Int], from input: [Float]) -> [Float] {
        var rows = [Float](repeating: 0, count: tokens.count * width)
        for (slot, token) in tokens.enumerated() {
            for column in 0..<width { rows[slot * width + column] = input[token * width + column] }
        }
        return rows
    }

    /// h = x W1 + b1;  y = relu(h) W2 + b2.
    private func runExpert(_ expert: Int, on tokenRows: [Float], store: ParameterStore, backend: Backend) -> (hidden: [Float], output: [Float]) {
        let m = tokenRows.count / width
        guard m > 0 else { return ([], []) }
        var hidden = [Float](repeating: 0, count: m * hiddenWidth)
        let b1 = store[firstBiases].values
        for row in 0..<m {
            for column in 0..<hiddenWidth { hidden[row * hiddenWidth + column] = b1[expert * hiddenWidth + column] }
        }
        store.withValues(firstWeights) { w1 in
            gemm(rows: m, columns: hiddenWidth, inner: width, tokenRows, w1 + expert * width * hiddenWidth, into: &hidden,
                 accumulate: true, backend: backend)
        }
        let activated = hidden.map { max($0, 0) }
        var output = [Float](repeating: 0, count: m * width)
        let b2 = store[secondBiases].values
        for row in 0..<m {
            for column in 0..<width { output[row * width + column] = b2[expert * width + column] }
        }
        store.withValues(secondWeights) { w2 in
            gemm(rows: m, columns: width, inner: hiddenWidth, activated, w2 + expert * hiddenWidth * width, into: &output,
                 accumulate: true, backend: backend)
        }
        return (hidden, output)
    }

    func backward(_ cache: Cache, outputGradient: [Float], store: inout ParameterStore, backend: Backend = .blas) -> [Float] {
        let n = cache.input.count / width
        var inputGradient = [Float](repeating: 0, count: n * width)
        var dProbabilities = [Float](repeating: 0, count: n * experts)
        for expert in 0..<experts {
            let tokens = cache.assigned[expert]
            let m = tokens.count
            guard m > 0 else { continue }
            var dOutput = [Float](repeating: 0, count: m * width)
            for (slot, token) in tokens.enumerated() {
                let gate = cache.probabilities[token * experts + expert]
                var dGate: Float = 0
                for column in 0..<width {
                    dOutput[slot * width + column] = gate * outputGradient[token * width + column]
                    dGate += outputGradient[token * width + column] * cache.outputs[expert][slot * width + column]
                }
                dProbabilities[token * experts + expert] += dGate
            }
            let tokenRows = gather(tokens, from: cache.input)
            let hidden = cache.hidden[expert]
            let activated = hidden.map { max($0, 0) }
            store.withGradient(secondWeights) { dw2 in
                gemm(rows: hiddenWidth, columns: width, inner: m, activated, transposeA: true, dOutput,
                     into: dw2 + expert * hiddenWidth * width, accumulate: true, backend: backend)
            }
            store.withGradient(secondBiases) { db2 in
                for slot in 0..<m {
                    for column in 0..<width { db2[expert * width + column] += dOutput[slot * width + column] }
                }
            }
            var dHidden = [Float](repeating: 0, count: m * hiddenWidth)
            store.withValues(secondWeights) { w2 in
                gemm(rows: m, columns: hiddenWidth, inner: width, dOutput, w2 + expert * hiddenWidth * width, transposeB: true,
                     into: &dHidden, backend: backend)
            }
            for index in dHidden.indices where hidden[index] <= 0 { dHidden[index] = 0 }
            store.withGradient(firstWeights) { dw1 in
                gemm(rows: width, columns: hiddenWidth, inner: m, tokenRows, transposeA: true, dHidden,
                     into: dw1 + expert * width * hiddenWidth, accumulate: true, backend: backend)
            }
            store.withGradient(firstBiases) { db1 in
                for slot in 0..<m {
                    for column in 0..<hiddenWidth { db1[expert * hiddenWidth + column] += dHidden[slot * hiddenWidth + column] }
                }
            }
            var dRows = [Float](repeating: 0, count: m * width)
            store.withValues(firstWeights) { w1 in
                gemm(rows: m, columns: width, inner: hiddenWidth, dHidden, w1 + expert * width * hiddenWidth, transposeB: true,
                     into: &dRows, backend: backend)
            }
            for (slot, token) in tokens.enumerated() {
                for column in 0..<width { inputGradient[token * width + column] += dRows[slot * width + column] }
            }
        }
        guard experts > 1 else { return inputGradient }
        for expert in 0..<experts {
            let fraction = Float(cache.choices.filter { $0 == expert }.count) / Float(n)
            let dMean = balanceWeight * Float(experts) * fraction / Float(n)
            for token in 0..<n { dProbabilities[token * experts + expert] += dMean }
        }
        var dLogits = [Float](repeating: 0, count: n * experts)
        for token in 0..<n {
            let row = token * experts
            var dot: Float = 0
            for expert in 0..<experts { dot += cache.probabilities[row + expert] * dProbabilities[row + expert] }
            for expert in 0..<experts { dLogits[row + expert] = cache.probabilities[row + expert] * (dProbabilities[row + expert] - dot) }
        }
        let viaRouter = router.backward(input: cache.input, outputGradient: dLogits, store: &store, backend: backend)
        for index in inputGradient.indices { inputGradient[index] += viaRouter[index] }
        return inputGradient
    }
}
