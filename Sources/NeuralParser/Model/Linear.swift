import LinearAlgebra

/// y = x W + b over n rows.
struct Linear: Sendable {
    let weight: ParameterID
    let bias: ParameterID?
    let inputs: Int
    let outputs: Int

    init(_ name: String, inputs: Int, outputs: Int, bias: Bool, store: inout ParameterStore, random: inout SeededRandom) {
        self.inputs = inputs
        self.outputs = outputs
        weight = store.add(name + ".weight", shape: [inputs, outputs], scale: 1 / Float(inputs).squareRoot(), using: &random)
        self.bias = bias ? store.add(name + ".bias", shape: [outputs], values: [Float](repeating: 0, count: outputs)) : nil
    }

    func forward(_ input: [Float], store: ParameterStore, backend: Backend = .blas) -> [Float] {
        let rows = input.count / inputs
        var output = [Float](repeating: 0, count: rows * outputs)
        if let bias {
            let b = store[bias].values
            for row in 0..<rows {
                for column in 0..<outputs { output[row * outputs + column] = b[column] }
            }
        }
        store.withValues(weight) { w in
            gemm(rows: rows, columns: outputs, inner: inputs, input, w, into: &output, accumulate: true, backend: backend)
        }
        return output
    }

    /// dW += xᵀ dy;  db += Σ_rows dy;  dx = dy Wᵀ.
    func backward(input: [Float], outputGradient: [Float], store: inout ParameterStore, backend: Backend = .blas) -> [Float] {
        let rows = input.count / inputs
        store.withGradient(weight) { dw in
            gemm(rows: inputs, columns: outputs, inner: rows, input, transposeA: true, outputGradient, into: dw, accumulate: true, backend: backend)
        }
        if let bias {
            store.withGradient(bias) { db in
                for row in 0..<rows {
                    for column in 0..<outputs { db[column] += outputGradient[row * outputs + column] }
                }
            }
        }
        var inputGradient = [Float](repeating: 0, count: input.count)
        store.withValues(weight) { w in
            gemm(rows: rows, columns: inputs, inner: outputs, outputGradient, w, transposeB: true, into: &inputGradient, backend: backend)
        }
        return inputGradient
    }
}
