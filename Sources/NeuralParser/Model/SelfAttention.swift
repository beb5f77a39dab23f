import Foundation
import LinearAlgebra

/// Multi-head scaled dot-product self-attention over the whole sequence (an encoder: every token sees every token,
/// which is how a question word learns which template slot it lines up with).
struct SelfAttention: Sendable {
    struct Cache: Sendable {
        var input: [Float]
        var queries: [Float]
        var keys: [Float]
        var values: [Float]
        /// heads × n × n attention weights.
        var weights: [Float]
        var mixed: [Float]
    }

    let query: Linear
    let key: Linear
    let value: Linear
    let output: Linear
    let width: Int
    let heads: Int

    init(_ name: String, width: Int, heads: Int, store: inout ParameterStore, random: inout SeededRandom) {
        precondition(width % heads == 0, "model width \(width) is not divisible by \(heads) heads")
        self.width = width
        self.heads = heads
        query = Linear(name + ".query", inputs: width, outputs: width, bias: false, store: &store, random: &random)
        key = Linear(name + ".key", inputs: width, outputs: width, bias: false, store: &store, random: &random)
        value = Linear(name + ".value", inputs: width, outputs: width, bias: false, store: &store, random: &random)
        output = Linear(name + ".output", inputs: width, outputs: width, bias: false, store: &store, random: &random)
    }

    private var headWidth: Int { width / heads }

    func forward(_ input: [Float], store: ParameterStore, backend: Backend = .blas) -> ([Float], Cache) {
        let n = input.count / width
        let q = query.forward(input, store: store, backend: backend)
        let k = key.forward(input, store: store, backend: backend)
        let v = value.forward(input, store: store, backend: backend)
        var weights = [Float](repeating: 0, count: heads * n * n)
        var mixed = [Float](repeating: 0, count: n * width)
        let scale = 1 / Float(headWidth).squareRoot()
        for head in 0..<heads {
            let offset = head * headWidth
            for i in 0..<n {
                let row = (head * n + i) * n
                var largest = -Float.infinity
                for j in 0..<n {
                    var score: Float = 0
                    for t in 0..<headWidth { score += q[i * width + offset + t] * k[j * width + offset + t] }
                    weights[row + j] = score * scale
                    largest = max(largest, weights[row + j])
                }
                var total: Float = 0
                for j in 0..<n {
                    weights[row + j] = exp(weights[row + j] - largest)
                    total += weights[row + j]
                }
                for j in 0..<n {
                    weights[row + j] /= total
                    for t in 0..<headWidth { mixed[i * width + offset + t] += weights[row + j] * v[j * width + offset + t] }
                }
            }
        }
        let result = output.forward(mixed, store: store, backend: backend)
        return (result, Cache(input: input, queries: q, keys: k, values: v, weights: weights, mixed: mixed))
    }

    /// Per head: dA = dO Vᵀ, dV = Aᵀ dO, dS = A ⊙ (dA − rowsum(A ⊙ dA)), dQ = dS K / √d, dK = dSᵀ Q / √d.
    func backward(_ cache: Cache, outputGradient: [Float], store: inout ParameterStore, backend: Backend = .blas) -> [Float] {
        let n = cache.input.count / width
        let dMixed = output.backward(input: cache.mixed, outputGradient: outputGradient, store: &store, backend: backend)
        var dq = [Float](repeating: 0, count: n * width)
        var dk = dq
        var dv = dq
        let scale = 1 / Float(headWidth).squareRoot()
        var dWeights = [Float](repeating: 0, count: n)
        for head in 0..<heads {
            let offset = head * headWidth
            for i in 0..<n {
                let row = (head * n + i) * n
                var weighted: Float = 0
                for j in 0..<n {
                    var d: Float = 0
                    for t in 0..<headWidth {
                        d += dMixed[i * width + offset + t] * cache.values[j * width + offset + t]
                        dv[j * width + offset + t] += cache.weights[row + j] * dMixed[i * width + offset + t]
                    }
                    dWeights[j] = d
                    weighted += cache.weights[row + j] * d
                }
                for j in 0..<n {
                    let dScore = cache.weights[row + j] * (dWeights[j] - weighted) * scale
                    for t in 0..<headWidth {
                        dq[i * width + offset + t] += dScore * cache.keys[j * width + offset + t]
                        dk[j * width + offset + t] += dScore * cache.queries[i * width + offset + t]
                    }
                }
            }
        }
        var dInput = query.backward(input: cache.input, outputGradient: dq, store: &store, backend: backend)
        let viaKeys = key.backward(input: cache.input, outputGradient: dk, store: &store, backend: backend)
        let viaValues = value.backward(input: cache.input, outputGradient: dv, store: &store, backend: backend)
        for index in dInput.indices { dInput[index] += viaKeys[index] + viaValues[index] }
        return dInput
    }
}
