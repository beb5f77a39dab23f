/// Every learnable tensor of a model, flat and named, with a gradient buffer of the same shape. Layers hold
/// `ParameterID`s into it, so one loop serves the optimiser, the weights file and the gradient checks.
public struct ParameterStore: Sendable {
    public struct Tensor: Sendable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public var gradient: [Float]

        public var count: Int { values.count }
    }

    public internal(set) var tensors: [Tensor] = []
    /// False for a store about to be filled from a weights file: drawing 800,000 normal samples only to overwrite
    /// them would be most of a model's load time.
    let drawsInitialValues: Bool

    public init() {
        drawsInitialValues = true
    }

    init(drawingInitialValues: Bool) {
        drawsInitialValues = drawingInitialValues
    }

    /// Adds a tensor initialised with `scale` times standard normal samples (or zeros when `scale` is 0 or the
    /// store does not draw initial values).
    mutating func add(_ name: String, shape: [Int], scale: Float, using random: inout SeededRandom) -> ParameterID {
        let count = shape.reduce(1, *)
        let values = scale == 0 || !drawsInitialValues ? [Float](repeating: 0, count: count) : (0..<count).map { _ in scale * random.gaussian() }
        return add(name, shape: shape, values: values)
    }

    mutating func add(_ name: String, shape: [Int], values: [Float]) -> ParameterID {
        precondition(values.count == shape.reduce(1, *), "tensor \(name) has \(values.count) values for shape \(shape)")
        tensors.append(Tensor(name: name, shape: shape, values: values, gradient: [Float](repeating: 0, count: values.count)))
        return ParameterID(index: tensors.count - 1)
    }

    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.count } }

    public subscript(id: ParameterID) -> Tensor {
        get { tensors[id.index] }
        set { tensors[id.index] = newValue }
    }

    public mutating func zeroGradients() {
        for index in tensors.indices {
            tensors[index].gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }

    /// Adds another store's gradients into this one's: how work done on separate threads is combined.
    public mutating func accumulateGradients(from other: ParameterStore) {
        precondition(other.tensors.count == tensors.count, "gradient stores of different models")
        for index in tensors.indices {
            other.tensors[index].gradient.withUnsafeBufferPointer { source in
                tensors[index].gradient.withUnsafeMutableBufferPointer { target in
                    for position in target.indices { target[position] += source[position] }
                }
            }
        }
    }

    /// Replaces every tensor's values, keeping names and shapes: used when loading a weights file.
    mutating func setValues(_ values: [[Float]]) {
        precondition(values.count == tensors.count, "expected \(tensors.count) tensors, got \(values.count)")
        for index in tensors.indices {
            precondition(values[index].count == tensors[index].count, "tensor \(tensors[index].name) has the wrong size")
            tensors[index].values = values[index]
        }
    }

    func withValues<R>(_ id: ParameterID, _ body: (UnsafePointer<Float>) -> R) -> R {
        tensors[id.index].values.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    mutating func withGradient<R>(_ id: ParameterID, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        tensors[id.index].gradient.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

public struct ParameterID: Hashable, Sendable {
    let index: Int
}
