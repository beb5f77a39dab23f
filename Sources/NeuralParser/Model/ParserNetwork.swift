import LinearAlgebra

/// The network: embeddings, a stack of encoder blocks with mixture-of-experts feed-forward layers, and two heads.
/// The sentence head reads the first position (the classification marker) and scores the candidate relation and
/// the question's form; the token head tags each question unit with the argument slot it fills.
public struct ParserNetwork: Sendable {
    /// One candidate reading fed to the network: a bag of embedding rows per position.
    public struct Sequence: Sendable {
        var bags: [[EmbeddingBag.Entry]]
        /// Where each question unit sits in the sequence.
        var questionPositions: [Int]
    }

    struct Cache: Sendable {
        var embedded: [Float]
        var blocks: [EncoderBlock.Cache]
        var finalNorm: RMSNorm.Cache
        var encoded: [Float]
    }

    public struct Output: Sendable {
        /// `SentenceHeads.width` logits.
        public var sentence: [Float]
        /// Per question unit, `TokenTag.allCases.count` logits.
        public var tokens: [[Float]]
        public var auxiliaryLoss: Float
        var cache: Cache
    }

    public let configuration: ModelConfiguration
    public var store: ParameterStore
    let embedding: EmbeddingBag
    let blocks: [EncoderBlock]
    let finalNorm: RMSNorm
    let sentenceHead: Linear
    let tokenHead: Linear

    public init(configuration: ModelConfiguration, seed: UInt64) {
        self.init(configuration: configuration, seed: seed, store: ParameterStore())
    }

    /// A network of this shape with every weight zero, for a weights file to fill.
    static func unfilled(_ configuration: ModelConfiguration) -> ParserNetwork {
        ParserNetwork(configuration: configuration, seed: 0, store: ParameterStore(drawingInitialValues: false))
    }

    private init(configuration: ModelConfiguration, seed: UInt64, store empty: ParameterStore) {
        self.configuration = configuration
        var random = SeededRandom(seed: seed)
        var store = empty
        embedding = EmbeddingBag(rows: configuration.embeddingRows, width: configuration.width, store: &store, random: &random)
        blocks = (0..<configuration.layers).map { EncoderBlock("block\($0)", configuration: configuration, store: &store, random: &random) }
        finalNorm = RMSNorm("final_norm", width: configuration.width, store: &store)
        sentenceHead = Linear("sentence_head", inputs: configuration.width, outputs: SentenceHeads.width, bias: true, store: &store, random: &random)
        tokenHead = Linear("token_head", inputs: configuration.width, outputs: TokenTag.allCases.count, bias: true, store: &store, random: &random)
        self.store = store
    }

    public func forward(_ sequence: Sequence, backend: Backend = .blas) -> Output {
        let embedded = embedding.forward(sequence.bags, store: store)
        var hidden = embedded
        var blockCaches: [EncoderBlock.Cache] = []
        var auxiliaryLoss: Float = 0
        for block in blocks {
            let (next, cache) = block.forward(hidden, store: store, backend: backend)
            hidden = next
            blockCaches.append(cache)
            auxiliaryLoss += cache.experts.auxiliaryLoss
        }
        let (encoded, normCache) = finalNorm.forward(hidden, store: store)
        let width = configuration.width
        let sentence = sentenceHead.forward(Array(encoded[0..<width]), store: store, backend: backend)
        let questionRows = gatherRows(sequence.questionPositions, from: encoded)
        let tagLogits = tokenHead.forward(questionRows, store: store, backend: backend)
        let tags = TokenTag.allCases.count
        let tokens = (0..<sequence.questionPositions.count).map { Array(tagLogits[($0 * tags)..<(($0 + 1) * tags)]) }
        return Output(sentence: sentence, tokens: tokens, auxiliaryLoss: auxiliaryLoss,
                      cache: Cache(embedded: embedded, blocks: blockCaches, finalNorm: normCache, encoded: encoded))
    }

    /// Accumulates the gradients of `loss = f(sentence, tokens) + auxiliaryLoss` given ∂loss/∂logits.
    public mutating func backward(_ sequence: Sequence, _ output: Output, sentenceGradient: [Float], tokenGradients: [[Float]],
                                  backend: Backend = .blas) {
        let width = configuration.width
        var dEncoded = [Float](repeating: 0, count: output.cache.encoded.count)
        let dFirst = sentenceHead.backward(input: Array(output.cache.encoded[0..<width]), outputGradient: sentenceGradient,
                                           store: &store, backend: backend)
        for column in 0..<width { dEncoded[column] += dFirst[column] }
        let questionRows = gatherRows(sequence.questionPositions, from: output.cache.encoded)
        let dRows = tokenHead.backward(input: questionRows, outputGradient: tokenGradients.flatMap { $0 }, store: &store, backend: backend)
        for (slot, position) in sequence.questionPositions.enumerated() {
            for column in 0..<width { dEncoded[position * width + column] += dRows[slot * width + column] }
        }
        var dHidden = finalNorm.backward(output.cache.finalNorm, outputGradient: dEncoded, store: &store)
        for (block, cache) in zip(blocks, output.cache.blocks).reversed() {
            dHidden = block.backward(cache, outputGradient: dHidden, store: &store, backend: backend)
        }
        embedding.backward(sequence.bags, outputGradient: dHidden, store: &store)
    }

    private func gatherRows(_ positions: [Int], from matrix: [Float]) -> [Float] {
        let width = configuration.width
        var rows = [Float](repeating: 0, count: positions.count * width)
        for (slot, position) in positions.enumerated() {
            for column in 0..<width { rows[slot * width + column] = matrix[position * width + column] }
        }
        return rows
    }
}

/// The argument slot a question unit fills in the candidate relation, if any.
public enum TokenTag: Int, CaseIterable, Sendable {
    case outside, slot0, slot1, slot2
}

/// The sentence head's logits, laid out as consecutive groups, each read with its own softmax.
public enum SentenceHeads {
    /// One logit: how well the candidate relation fits the sentence, compared across candidates.
    public static let relevance = 0..<1
    public static let form = 1..<(1 + QuestionForm.allCases.count)
    public static let negated = form.upperBound..<(form.upperBound + 2)
    public static let conjunction = negated.upperBound..<(negated.upperBound + 2)
    public static let comparison = conjunction.upperBound..<(conjunction.upperBound + ComparisonChoice.allCases.count)
    /// Which slot the question asks for: none, 0, 1 or 2.
    public static let asked = comparison.upperBound..<(comparison.upperBound + 4)
    public static let width = asked.upperBound
}

/// The comparison a question puts on a number argument.
public enum ComparisonChoice: Int, CaseIterable, Sendable {
    case none, greater, less, greaterOrEqual, lessOrEqual
}
