/// The hyper-parameters of the parser network; stored in the weights file's header so a file always loads into the
/// shape it was trained with.
public struct ModelConfiguration: Codable, Equatable, Sendable {
    public var width = 64
    public var heads = 4
    public var layers = 2
    /// 1 makes every feed-forward layer dense: the baseline the mixture is compared with.
    public var experts = 8
    public var expertHiddenWidth = 128
    /// Each expert takes at most ⌈factor · tokens / experts⌉ tokens of a sequence.
    public var capacityFactor: Float = 2
    public var balanceWeight: Float = 0.01
    /// Rows that hashed character n-grams and words share.
    public var buckets = 8192
    public var maxPositions = 64

    public init() {}

    /// A model small enough to train in seconds in the tests.
    public static var tiny: ModelConfiguration {
        var configuration = ModelConfiguration()
        configuration.width = 16
        configuration.heads = 2
        configuration.layers = 1
        configuration.experts = 4
        configuration.expertHiddenWidth = 24
        configuration.buckets = 512
        return configuration
    }

    public var embeddingRows: Int { buckets + InputVocabulary.reservedRows + maxPositions }

    /// Weights one token multiplies by outside the embedding table: attention, norms, the router and the one expert
    /// it is routed to, and the heads. Equal for the mixture and the dense baseline of the same expert width.
    public var activeParameters: Int {
        let attention = 4 * width * width + 2 * width
        let router = experts > 1 ? width * experts : width
        let expert = width * expertHiddenWidth + expertHiddenWidth + expertHiddenWidth * width + width
        let heads = (width + 1) * SentenceHeads.width + (width + 1) * TokenTag.allCases.count
        return layers * (attention + router + expert) + width + heads
    }
}
