/// y = x / rms(x) · g, row by row. Cheaper than LayerNorm (no mean) and just as stable for a model this small.
struct RMSNorm: Sendable {
    struct Cache: Sendable {
        var input: [Float]
        var inverseRMS: [Float]
    }

    let gain: ParameterID
    let width: Int
    static let epsilon: Float = 1e-5

    init(_ name: String, width: Int, store: inout ParameterStore) {
        self.width = width
        gain = store.add(name + ".gain", shape: [width], values: [Float](repeating: 1, count: width))
    }

    func forward(_ input: [Float], store: ParameterStore) -> ([Float], Cache) {
        let rows = input.count / width
        var output = [Float](repeating: 0, count: input.count)
        var inverseRMS = [Float](repeating: 0, count: rows)
        store.withValues(gain) { g in
            for row in 0..<rows {
                var meanSquare: Float = 0
                for column in 0..<width { meanSquare += input[row * width + column] * input[row * width + column] }
                let r = 1 / (meanSquare / Float(width) + Self.epsilon).squareRoot()
                inverseRMS[row] = r
                for column in 0..<width { output[row * width + column] = input[row * width + column] * r * g[column] }
            }
        }
        return (output, Cache(input: input, inverseRMS: inverseRMS))
    }

    /// dx = r·(g ⊙ dy) − r³/d · x · Σ(g ⊙ dy ⊙ x);  dg += Σ_rows dy ⊙ x · r.
    func backward(_ cache: Cache, outputGradient: [Float], store: inout ParameterStore) -> [Float] {
        let rows = cache.inverseRMS.count
        var inputGradient = [Float](repeating: 0, count: cache.input.count)
        let g = store[gain].values
        store.withGradient(gain) { dg in
            for row in 0..<rows {
                let r = cache.inverseRMS[row]
                var dot: Float = 0
                for column in 0..<width {
                    let index = row * width + column
                    dot += g[column] * outputGradient[index] * cache.input[index]
                    dg[column] += outputGradient[index] * cache.input[index] * r
                }
                for column in 0..<width {
                    let index = row * width + column
                    inputGradient[index] = r * g[column] * outputGradient[index] - r * r * r / Float(width) * cache.input[index] * dot
                }
            }
        }
        return inputGradient
    }
}
