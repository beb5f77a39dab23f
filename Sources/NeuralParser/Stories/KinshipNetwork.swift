import Foundation

/// Reads two things from the words of a story: the kinship between two people, and one person's sex. A bag of
/// hashed features (`KinshipFeatures`) is summed into a vector and squashed; one head scores it against each
/// `KinshipClass`, the other against the two sexes. The heads share the table, so what the pairs teach about kinship
/// words ("her son") helps the sexes, and back.
///
///     h = tanh(Σ_f w_f E[f])        p = softmax(h W_head + b_head)
///
/// It is small on purpose (about half a million weights, mostly the hashed table E): what it must learn is which
/// of the story's people a kinship word or pronoun attaches to, and when the lexical reader, one of its inputs, is wrong.
public struct KinshipNetwork: Sendable {
    public struct Configuration: Codable, Equatable, Sendable {
        public var buckets = 1 << 15
        public var width = 16

        public init() {}
    }

    public let configuration: Configuration
    public internal(set) var store: ParameterStore
    let embedding: EmbeddingBag
    let kinshipOutput: Linear
    let sexOutput: Linear

    /// What a bag of features is read for.
    public enum Head: Sendable {
        /// A pair's `KinshipClass`, in `KinshipClass.all` order.
        case kinship
        /// A person's sex, in `KinshipNetwork.sexes` order.
        case sex

        var classes: Int {
            switch self {
            case .kinship: KinshipClass.all.count
            case .sex: KinshipNetwork.sexes.count
            }
        }
    }

    public static let sexes = ["female", "male"]

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
        kinshipOutput = Linear("kinship.output", inputs: configuration.width, outputs: Head.kinship.classes, bias: true, store: &store, random: &random)
        sexOutput = Linear("sex.output", inputs: configuration.width, outputs: Head.sex.classes, bias: true, store: &store, random: &random)
        self.store = store
    }

    /// The bag of table rows a pair's or a person's features select.
    func bag(_ features: [(feature: String, weight: Float)]) -> [EmbeddingBag.Entry] {
        features.map { EmbeddingBag.Entry(row: InputVocabulary.bucket($0.feature, buckets: configuration.buckets), weight: $0.weight) }
    }

    /// The probability of each of the head's classes.
    func probabilities(_ bag: [EmbeddingBag.Entry], head: Head) -> [Float] {
        softmax(logits(hidden(bag), head: head))
    }

    private func hidden(_ bag: [EmbeddingBag.Entry]) -> [Float] {
        embedding.forward([bag], store: store).map { tanh($0) }
    }

    private func output(_ head: Head) -> Linear {
        switch head {
        case .kinship: kinshipOutput
        case .sex: sexOutput
        }
    }

    private func logits(_ hidden: [Float], head: Head) -> [Float] {
        output(head).forward(hidden, store: store, backend: .naive)
    }

    /// Adds the gradient of −log p(target) to the store's gradients and returns the loss:
    /// dz = p − onehot(target);  dh = dz Wᵀ;  d(Σ w_f E[f]) = dh ⊙ (1 − h²).
    mutating func accumulateGradient(_ bag: [EmbeddingBag.Entry], head: Head, target: Int) -> Float {
        let hidden = hidden(bag)
        var targetVector = [Float](repeating: 0, count: head.classes)
        targetVector[target] = 1
        let (loss, logitGradient) = Objective.crossEntropy(logits: logits(hidden, head: head), target: targetVector)
        let hiddenGradient = output(head).backward(input: hidden, outputGradient: logitGradient, store: &store, backend: .naive)
        let sumGradient = zip(hiddenGradient, hidden).map { $0 * (1 - $1 * $1) }
        embedding.backward([bag], outputGradient: sumGradient, store: &store)
        return loss
    }
}
