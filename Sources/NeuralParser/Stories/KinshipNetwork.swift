import Foundation

/// Reads the kinship between two people of a story from the words around them: a bag of hashed features
/// (`KinshipFeatures`) is summed into a vector, squashed, and scored against each `KinshipClass`.
///
///     h = tanh(Σ_f w_f E[f])        p = softmax(h W + b)
///
/// It is small on purpose (about half a million weights, mostly the hashed table E): what it must learn is which
/// of the story's people a kinship word attaches to, and when the lexical reader, one of its inputs, is wrong.
public struct KinshipNetwork: Sendable {
    public struct Configuration: Codable, Equatable, Sendable {
        public var buckets = 1 << 15
        public var width = 16

        public init() {}
    }

    public let configuration: Configuration
    public internal(set) var store: ParameterStore
    let embedding: EmbeddingBag
    let output: Linear

    public init(_ configuration: Configuration = Configuration(), seed: UInt64 = 1) {
        self.init(configuration, store: ParameterStore(), seed: seed)
    }

    static func unfilled(_ configuration: Configuration) -> KinshipNetwork {
        KinshipNetwork(configuration, store: ParameterStore(drawingInitialValues: false), seed: 0)
    }

    private init(_ configuration: Configuration, store: ParameterStore, seed: UInt64) {
        self.configuration = configuration
        var store = store
        var random = SeededRandom(seed: seed)
        embedding = EmbeddingBag(rows: configuration.buckets, width: configuration.width, store: &store, random: &random)
        output = Linear("kinship.output", inputs: configuration.width, outputs: KinshipClass.all.count, bias: true, store: &store, random: &random)
        self.store = store
    }

    /// The bag of table rows a pair's features select.
    func bag(_ features: [(feature: String, weight: Float)]) -> [EmbeddingBag.Entry] {
        features.map { EmbeddingBag.Entry(row: InputVocabulary.bucket($0.feature, buckets: configuration.buckets), weight: $0.weight) }
    }

    /// The probability of each `KinshipClass`, in `KinshipClass.all` order.
    func probabilities(_ bag: [EmbeddingBag.Entry]) -> [Float] {
        softmax(logits(hidden(bag)))
    }

    private func hidden(_ bag: [EmbeddingBag.Entry]) -> [Float] {
        embedding.forward([bag], store: store).map { tanh($0) }
    }

    private func logits(_ hidden: [Float]) -> [Float] {
        output.forward(hidden, store: store, backend: .naive)
    }

    /// Adds the gradient of −log p(target) to the store's gradients and returns the loss:
    /// dz = p − onehot(target);  dh = dz Wᵀ;  d(Σ w_f E[f]) = dh ⊙ (1 − h²).
    mutating func accumulateGradient(_ bag: [EmbeddingBag.Entry], target: KinshipClass) -> Float {
        let hidden = hidden(bag)
        var targetVector = [Float](repeating: 0, count: KinshipClass.all.count)
        targetVector[target.index] = 1
        let (loss, logitGradient) = Objective.crossEntropy(logits: logits(hidden), target: targetVector)
        let hiddenGradient = output.backward(input: hidden, outputGradient: logitGradient, store: &store, backend: .naive)
        let sumGradient = zip(hiddenGradient, hidden).map { $0 * (1 - $1 * $1) }
        embedding.backward([bag], outputGradient: sumGradient, store: &store)
        return loss
    }
}
