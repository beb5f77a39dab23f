import Foundation
import Synchronization

/// One sentence ready for the network: its linked units, the candidate relations it is read against, and what the
/// network should say about it.
struct TrainingExample: Sendable {
    var question: LinkedQuestion
    var candidates: [RelationSchema]
    var targets: Targets
}

/// Mini-batch training with Adam. Each batch is split across the cores: every worker runs forward and backward on
/// its share with its own gradient buffers, and the buffers are summed before the update, so the result does not
/// depend on how the work was split.
public struct Trainer: Sendable {
    public struct Progress: Sendable {
        public var step: Int
        public var steps: Int
        public var loss: Double
        /// The share of the batch's sentences whose every head was right.
        public var accuracy: Double
        public var elapsed: Duration
    }

    public private(set) var network: ParserNetwork
    private var optimizer: Adam
    public let learningRate: Float
    public let workers: Int

    public init(network: ParserNetwork, learningRate: Float = 3e-3, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.network = network
        self.learningRate = learningRate
        self.workers = max(1, workers)
        optimizer = Adam(for: network.store, learningRate: learningRate, weightDecay: 0.01)
    }

    /// Linear warm-up over the first 5% of steps, then cosine decay to a tenth.
    func learningRate(atStep step: Int, of steps: Int) -> Float {
        let warmup = max(1, steps / 20)
        if step < warmup { return learningRate * Float(step + 1) / Float(warmup) }
        let progress = Float(step - warmup) / Float(max(1, steps - warmup))
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + cos(.pi * progress)))
    }

    /// Runs one optimisation step over the batch and returns its mean loss and exact-match accuracy.
    mutating func step(_ batch: [TrainingExample], index: Int, of steps: Int) -> (loss: Double, accuracy: Double) {
        let shares = (0..<workers).map { worker in stride(from: worker, to: batch.count, by: workers).map { batch[$0] } }
        let results = Mutex<[(worker: Int, store: ParameterStore, loss: Double, exact: Int)]>([])
        let network = self.network
        DispatchQueue.concurrentPerform(iterations: shares.count) { worker in
            var copy = network
            var loss = 0.0
            var exact = 0
            for example in shares[worker] {
                let sequences = example.candidates.map { SequenceBuilder.sequence(network.configuration, example.question, $0) }
                let result = Objective.accumulate(&copy, sequences: sequences, targets: example.targets)
                loss += Double(result.loss)
                exact += result.exact ? 1 : 0
            }
            let store = copy.store
            results.withLock { $0.append((worker, store, loss, exact)) }
        }
        var totalLoss = 0.0
        var totalExact = 0
        // Summed in worker order: floating-point addition is not associative, and runs must be reproducible.
        for (_, store, loss, exact) in results.withLock({ $0 }).sorted(by: { $0.worker < $1.worker }) {
            self.network.store.accumulateGradients(from: store)
            totalLoss += loss
            totalExact += exact
        }
        optimizer.learningRate = learningRate(atStep: index, of: steps)
        optimizer.update(&self.network.store, batchSize: batch.count)
        return (totalLoss / Double(batch.count), Double(totalExact) / Double(batch.count))
    }
}
