extension Duration {
    /// The duration as a floating-point number of seconds, as reports and benchmarks print timings.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    public var inMilliseconds: Double {
        inSeconds * 1000
    }
}
