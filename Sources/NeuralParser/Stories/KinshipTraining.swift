/// Trains the kinship network on pairs labelled by their class and people labelled by their sex. Where the labels come from (CLUTRR's stories and
/// their answers) is the caller's business; this is the loop: shuffle, batch, cross-entropy, Adam.
public enum KinshipTraining {
    /// Features with the class they should be read as, by one head.
    public struct Example: Sendable {
        public var features: [(feature: String, weight: Float)]
        public var head: KinshipNetwork.Head
        public var target: Int

        /// A pair of people and their kinship.
        public static func kinship(_ pair: KinshipPair, lexicalKind: String?, target: KinshipClass) -> Example {
            Example(features: KinshipFeatures.features(of: pair, lexicalKind: lexicalKind), head: .kinship, target: target.index)
        }

        /// A person of a story and their sex ("female" or "male").
        public static func sex(_ person: String, in story: String, lexicalSex: String?, sex: String) -> Example {
            Example(features: KinshipFeatures.sexFeatures(of: person, in: story, lexicalSex: lexicalSex), head: .sex,
                    target: KinshipNetwork.sexes.firstIndex(of: sex)!)
        }
    }

    public struct Plan: Sendable {
        public var epochs = 8
        public var batchSize = 32
        public var learningRate: Float = 0.01
        public var seed: UInt64 = 1

        public init() {}
    }

    /// How a weights file was made, so `lemma train-stories` with the same plan and data reproduces it.
    public struct Record: Codable, Equatable, Sendable {
        public var seed: UInt64
        public var epochs: Int
        public var batchSize: Int
        public var learningRate: Float
        /// The labelled pairs and people, and the stories they come from.
        public var examples: Int
        public var stories: Int
        public var finalLoss: Double
        public var trainingAccuracy: Double
        /// Which stories were kept out of training, in words.
        public var heldOut: String
    }

    public static func train(_ examples: [Example], stories: Int, heldOut: String, plan: Plan = Plan(),
                             progress: (_ epoch: Int, _ loss: Double) -> Void = { _, _ in }) -> (KinshipNetwork, Record) {
        var network = KinshipNetwork(seed: plan.seed)
        let bags = examples.map { network.bag($0.features) }
        var optimiser = Adam(for: network.store, learningRate: plan.learningRate)
        var random = SeededRandom(seed: plan.seed)
        var order = Array(examples.indices)
        var epochLoss = 0.0
        for epoch in 0..<plan.epochs {
            order.shuffle(using: &random)
            epochLoss = 0
            for start in stride(from: 0, to: order.count, by: plan.batchSize) {
                let batch = order[start..<min(start + plan.batchSize, order.count)]
                for index in batch { epochLoss += Double(network.accumulateGradient(bags[index], head: examples[index].head, target: examples[index].target)) }
                optimiser.update(&network.store, batchSize: batch.count)
            }
            epochLoss /= Double(max(order.count, 1))
            progress(epoch + 1, epochLoss)
        }
        let right = examples.indices.filter { index in
            let probabilities = network.probabilities(bags[index], head: examples[index].head)
            return probabilities.indices.max { probabilities[$0] < probabilities[$1] } == examples[index].target
        }.count
        let record = Record(seed: plan.seed, epochs: plan.epochs, batchSize: plan.batchSize, learningRate: plan.learningRate,
                            examples: examples.count, stories: stories, finalLoss: epochLoss,
                            trainingAccuracy: Double(right) / Double(max(examples.count, 1)), heldOut: heldOut)
        return (network, record)
    }
}
