import Foundation

/// Everything that decides a training run; with the same plan, the same weights come out.
public struct TrainingPlan: Sendable {
    public var configuration = ModelConfiguration()
    public var steps = 9000
    public var batchSize = 32
    public var seed: UInt64 = 2026
    public var learningRate: Float = 3e-3
    /// Workers split each batch. Fixed rather than taken from the machine, so a run is reproducible anywhere.
    public var workers = 2
    /// Schemas of real knowledge whose phrases also generate questions, besides the synthetic vocabularies.
    public var knowledgeSchemas: [ParserSchema] = []
    /// The share of sentences drawn from `knowledgeSchemas` when there are any.
    public var knowledgeShare = 0.25
    /// Sentences generated from one synthetic vocabulary before the next is made.
    public var sentencesPerVocabulary = 64

    public init() {}
}

/// Trains a network from scratch on generated sentences: a fresh synthetic vocabulary every few dozen sentences,
/// so the network learns how questions relate to templates rather than any vocabulary.
public struct TrainingRun: Sendable {
    public let plan: TrainingPlan

    public init(plan: TrainingPlan) {
        self.plan = plan
    }

    public func run(progress: (Trainer.Progress) -> Void) -> (ParserNetwork, WeightsFile.TrainingRecord) {
        var random = SeededRandom(seed: plan.seed)
        var trainer = Trainer(network: ParserNetwork(configuration: plan.configuration, seed: random.next()),
                              learningRate: plan.learningRate, workers: plan.workers)
        var source = SentenceSource(plan: plan, seed: random.next())
        let clock = ContinuousClock()
        let start = clock.now
        var recentLoss: [Double] = []
        var recentAccuracy: [Double] = []
        for step in 0..<plan.steps {
            let batch = source.batch(plan.batchSize)
            let (loss, accuracy) = trainer.step(batch, index: step, of: plan.steps)
            recentLoss = Array((recentLoss + [loss]).suffix(50))
            recentAccuracy = Array((recentAccuracy + [accuracy]).suffix(50))
            progress(Trainer.Progress(step: step, steps: plan.steps, loss: Self.mean(recentLoss), accuracy: Self.mean(recentAccuracy),
                                      elapsed: clock.now - start))
        }
        let record = WeightsFile.TrainingRecord(seed: plan.seed, steps: plan.steps, batchSize: plan.batchSize,
                                                finalLoss: Self.mean(recentLoss), trainingAccuracy: Self.mean(recentAccuracy))
        return (trainer.network, record)
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}

/// Labelled sentences, prepared for the network, from synthetic vocabularies of one split and the given knowledge.
struct SentenceSource {
    let plan: TrainingPlan
    let split: VocabularySplit
    var random: SeededRandom
    private var vocabularyIndex: UInt64 = 0
    private var current: (builder: ExampleBuilder, sampler: Sampler)?
    private var left = 0
    private var knowledge: [(builder: ExampleBuilder, sampler: Sampler)]

    init(plan: TrainingPlan, seed: UInt64, split: VocabularySplit = .training) {
        self.plan = plan
        self.split = split
        random = SeededRandom(seed: seed)
        knowledge = plan.knowledgeSchemas.map { (ExampleBuilder(schema: $0), Sampler(generator: QuestionGenerator(schema: $0))) }
    }

    mutating func batch(_ size: Int) -> [TrainingExample] {
        var examples: [TrainingExample] = []
        while examples.count < size {
            if let example = next() { examples.append(example) }
        }
        return examples
    }

    /// Nil when the sentence cannot be taught: it was unsayable, or linking lost one of its names.
    mutating func next() -> TrainingExample? {
        guard let (builder, sentence) = nextSentence() else { return nil }
        return builder.example(sentence.text, sentence.interpretation)
    }

    /// The next labelled sentence and the builder of the schema it was generated over.
    mutating func nextSentence() -> (ExampleBuilder, LabeledSentence)? {
        if !knowledge.isEmpty, Double(random.unit()) < plan.knowledgeShare {
            let index = Int(random.next() % UInt64(knowledge.count))
            guard let sentence = knowledge[index].sampler.next(using: &random) else { return nil }
            return (knowledge[index].builder, sentence)
        }
        if current == nil || left == 0 {
            let vocabulary = SyntheticVocabulary(split: split, index: vocabularyIndex)
            vocabularyIndex += 1
            current = (ExampleBuilder(schema: vocabulary.schema), Sampler(generator: vocabulary.generator))
            left = plan.sentencesPerVocabulary
        }
        left -= 1
        guard let sentence = current!.sampler.next(using: &random) else { return nil }
        return (current!.builder, sentence)
    }
}
