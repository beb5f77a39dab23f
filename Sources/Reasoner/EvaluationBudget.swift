/// Limits on one evaluation. A rule set whose closure explodes must stop with "unknown (budget exceeded)" instead of
/// exhausting the machine; tuples derived before the stop are still sound, so an answer already proved stands.
public struct EvaluationBudget: Sendable, Equatable {
    /// The most tuples the evaluator may hold, stored and derived together.
    public var maximumTuples: Int
    /// The most bytes its tuples, indexes and derivation records may take.
    public var maximumBytes: Int
    /// How long one evaluation may run; nil for no limit.
    public var timeLimit: Duration?

    public init(maximumTuples: Int = 100_000_000, maximumBytes: Int = 8 << 30, timeLimit: Duration? = nil) {
        self.maximumTuples = maximumTuples
        self.maximumBytes = maximumBytes
        self.timeLimit = timeLimit
    }
}
