import Foundation

/// Adam with decoupled weight decay (AdamW) and a global gradient-norm clip, as in llm.c's `gpt2_update`.
public struct Adam: Sendable {
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float
    public var clipNorm: Float = 1
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]
    private var step = 0

    public init(for store: ParameterStore, learningRate: Float, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        firstMoments = store.tensors.map { [Float](repeating: 0, count: $0.count) }
        secondMoments = firstMoments
    }

    /// Applies one update from the accumulated gradients, scaled by `1 / batchSize`, and returns the gradient norm.
    @discardableResult
    public mutating func update(_ store: inout ParameterStore, batchSize: Int) -> Float {
        step += 1
        let scale = 1 / Float(batchSize)
        var squaredNorm: Float = 0
        for tensor in store.tensors {
            for gradient in tensor.gradient { squaredNorm += (gradient * scale) * (gradient * scale) }
        }
        let norm = squaredNorm.squareRoot()
        let clip = norm > clipNorm ? clipNorm / norm : 1
        let correction1 = 1 - pow(beta1, Float(step))
        let correction2 = 1 - pow(beta2, Float(step))
        for index in store.tensors.indices {
            let decays = store.tensors[index].shape.count > 1
            let gradientValues = store.tensors[index].gradient
            store.tensors[index].values.withUnsafeMutableBufferPointer { values in
                gradientValues.withUnsafeBufferPointer { gradients in
                    firstMoments[index].withUnsafeMutableBufferPointer { m in
                        secondMoments[index].withUnsafeMutableBufferPointer { v in
                            for position in values.indices {
                                let gradient = gradients[position] * scale * clip
                                m[position] = beta1 * m[position] + (1 - beta1) * gradient
                                v[position] = beta2 * v[position] + (1 - beta2) * gradient * gradient
                                let mHat = m[position] / correction1
                                let vHat = v[position] / correction2
                                var delta = mHat / (vHat.squareRoot() + epsilon)
                                if decays { delta += weightDecay * values[position] }
                                values[position] -= learningRate * delta
                            }
                        }
                    }
                }
            }
        }
        store.zeroGradients()
        return norm
    }
}
