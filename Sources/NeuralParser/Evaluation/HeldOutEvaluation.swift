import Foundation

/// Exact-query accuracy, calibration, latency and expert routing on generated sentences over vocabularies of the
/// held-out split, whose words the network never saw. Each sentence goes through the full run-time path
/// (`QuestionParser`), so a gold relation the linker fails to propose counts as a miss.
public struct HeldOutEvaluation: Sendable {
    public struct Score: Sendable {
        public var total = 0
        public var exact = 0
        public var accuracy: Double { total == 0 ? 0 : Double(exact) / Double(total) }
        /// Per sentence: the best reading's confidence and whether it was right.
        public var confidences: [(confidence: Double, right: Bool)] = []
        public var byForm: [QuestionForm: (total: Int, exact: Int)] = [:]
        public var parseMilliseconds: [Double] = []
        /// Sentences read wrongly: the sentence, the expected query and the parsed one.
        public var misses: [(sentence: String, expected: String, got: String?)] = []
        /// routed[layer][expert][form]: question units of sentences of that form the layer sent to that expert.
        public var routed: [[[QuestionForm: Int]]] = []
    }

    public let network: ParserNetwork
    public let seed: UInt64

    public init(network: ParserNetwork, seed: UInt64) {
        self.network = network
        self.seed = seed
    }

    public func run(sentences: Int) -> Score {
        var plan = TrainingPlan()
        plan.configuration = network.configuration
        var source = SentenceSource(plan: plan, seed: seed ^ 0x5EED, split: .heldOut)
        var score = Score()
        score.routed = Array(repeating: Array(repeating: [:], count: network.configuration.experts), count: network.configuration.layers)
        let clock = ContinuousClock()
        while score.total < sentences {
            guard let (builder, sentence) = source.nextSentence(),
                  let gold = try? builder.queryBuilder.build(sentence.interpretation).text,
                  let expected = try? CanonicalQuery(parsing: gold) else { continue }
            let parser = QuestionParser(network: network, schema: builder.schema, names: builder.search)
            let start = clock.now
            let parsed = try? parser.parse(sentence.text)
            let elapsed = clock.now - start
            score.parseMilliseconds.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            let best = parsed?.readings.first
            let got = best.flatMap { try? parser.builder.build($0.interpretation).text }.flatMap { try? CanonicalQuery(parsing: $0) }
            let right = got == expected
            let form = sentence.interpretation.form
            score.total += 1
            score.exact += right ? 1 : 0
            if !right { score.misses.append((sentence.text, gold, best.flatMap { try? parser.builder.build($0.interpretation).text })) }
            score.confidences.append((best?.confidence ?? 0, right))
            score.byForm[form, default: (0, 0)].total += 1
            if right { score.byForm[form, default: (0, 0)].exact += 1 }
            for (layer, experts) in (parsed?.routing ?? []).enumerated() {
                for case let expert? in experts { score.routed[layer][expert][form, default: 0] += 1 }
            }
        }
        return score
    }
}

extension HeldOutEvaluation.Score {
    /// For each layer and expert: its share of the units, and the form most over-represented among them (its share
    /// there divided by its share overall), which is what the expert specialises in, if anything.
    public func specialisations() -> [[(share: Double, form: QuestionForm?, lift: Double)]] {
        routed.map { experts in
            var overall: [QuestionForm: Int] = [:]
            for expert in experts { overall.merge(expert, uniquingKeysWith: +) }
            let total = Double(overall.values.reduce(0, +))
            return experts.map { expert in
                let units = Double(expert.values.reduce(0, +))
                guard units > 0, total > 0 else { return (0, nil, 0) }
                let lifts = expert.map { form, count in (form, (Double(count) / units) / (Double(overall[form]!) / total)) }
                let top = lifts.max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.rawValue > $1.0.rawValue) }
                return (units / total, top?.0, top?.1 ?? 0)
            }
        }
    }
}
