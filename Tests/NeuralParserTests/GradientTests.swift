import LinearAlgebra
import Testing
@testable import NeuralParser

/// Each layer is checked twice: its BLAS forward against the naive loops, and its hand-written backward pass
/// against central finite differences of a random linear functional of its output, L = Σ r ⊙ y.
@Suite struct GradientTests {
    /// Central differences in Float32 are good to about 1e-3 relative, so gradients are compared at 2e-2.
    static func expectGradientsMatch(
        store: ParameterStore, input: [Float]?, analyticStore: ParameterStore, analyticInput: [Float]?,
        samplesPerTensor: Int = 12, step: Float = 1e-2, sourceLocation: SourceLocation = #_sourceLocation,
        loss: (ParameterStore, [Float]?) -> Float?
    ) {
        var random = SeededRandom(seed: 99)
        for (index, tensor) in store.tensors.enumerated() {
            for _ in 0..<min(samplesPerTensor, tensor.count) {
                let position = Int(random.next() % UInt64(tensor.count))
                var plus = store
                plus.tensors[index].values[position] += step
                var minus = store
                minus.tensors[index].values[position] -= step
                guard let above = loss(plus, input), let below = loss(minus, input) else { continue }
                let numeric = (above - below) / (2 * step)
                let analytic = analyticStore.tensors[index].gradient[position]
                #expect(isClose(analytic, numeric), "∂L/∂\(tensor.name)[\(position)]: analytic \(analytic), numeric \(numeric)",
                        sourceLocation: sourceLocation)
            }
        }
        guard let input, let analyticInput else { return }
        for position in input.indices {
            var plus = input
            plus[position] += step
            var minus = input
            minus[position] -= step
            guard let above = loss(store, plus), let below = loss(store, minus) else { continue }
            let numeric = (above - below) / (2 * step)
            #expect(isClose(analyticInput[position], numeric), "∂L/∂x[\(position)]: analytic \(analyticInput[position]), numeric \(numeric)",
                    sourceLocation: sourceLocation)
        }
    }

    static func isClose(_ a: Float, _ b: Float) -> Bool {
        abs(a - b) <= 1e-2 * max(1, abs(a), abs(b))
    }

    static func randomValues(_ count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in random.gaussian() }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    @Test func linearLayer() {
        var random = SeededRandom(seed: 1)
        var store = ParameterStore()
        let layer = Linear("linear", inputs: 5, outputs: 3, bias: true, store: &store, random: &random)
        let input = Self.randomValues(4 * 5, seed: 2)
        let weights = Self.randomValues(4 * 3, seed: 3)
        #expect(zip(layer.forward(input, store: store), layer.forward(input, store: store, backend: .naive)).allSatisfy { Self.isClose($0, $1) })
        var analytic = store
        let dInput = layer.backward(input: input, outputGradient: weights, store: &analytic)
        Self.expectGradientsMatch(store: store, input: input, analyticStore: analytic, analyticInput: dInput) { store, input in
            Self.dot(layer.forward(input!, store: store), weights)
        }
    }

    @Test func rmsNorm() {
        var store = ParameterStore()
        let layer = RMSNorm("norm", width: 6, store: &store)
        var random = SeededRandom(seed: 4)
        for index in store.tensors[0].values.indices { store.tensors[0].values[index] = 1 + 0.3 * random.gaussian() }
        let input = Self.randomValues(3 * 6, seed: 5)
        let weights = Self.randomValues(3 * 6, seed: 6)
        var analytic = store
        let (_, cache) = layer.forward(input, store: store)
        let dInput = layer.backward(cache, outputGradient: weights, store: &analytic)
        Self.expectGradientsMatch(store: store, input: input, analyticStore: analytic, analyticInput: dInput) { store, input in
            Self.dot(layer.forward(input!, store: store).0, weights)
        }
    }

    @Test func selfAttention() {
        var random = SeededRandom(seed: 7)
        var store = ParameterStore()
        let layer = SelfAttention("attention", width: 8, heads: 2, store: &store, random: &random)
        let input = Self.randomValues(5 * 8, seed: 8)
        let weights = Self.randomValues(5 * 8, seed: 9)
        let (viaBLAS, _) = layer.forward(input, store: store)
        let (viaLoops, _) = layer.forward(input, store: store, backend: .naive)
        #expect(zip(viaBLAS, viaLoops).allSatisfy { Self.isClose($0, $1) })
        var analytic = store
        let (_, cache) = layer.forward(input, store: store)
        let dInput = layer.backward(cache, outputGradient: weights, store: &analytic)
        Self.expectGradientsMatch(store: store, input: input, analyticStore: analytic, analyticInput: dInput) { store, input in
            Self.dot(layer.forward(input!, store: store).0, weights)
        }
    }

    /// Routing is piecewise constant, so the check uses perturbations too small to change any token's expert;
    /// the gate probabilities, the experts and the balancing loss are all differentiated.
    @Test(arguments: [1, 4])
    func mixtureOfExperts(experts: Int) {
        var random = SeededRandom(seed: 10)
        var store = ParameterStore()
        let layer = MixtureOfExperts("moe", width: 6, hiddenWidth: 10, experts: experts, capacityFactor: 2, balanceWeight: 0.5,
                                     store: &store, random: &random)
        let input = Self.randomValues(7 * 6, seed: 11)
        let weights = Self.randomValues(7 * 6, seed: 12)
        let (viaBLAS, cache) = layer.forward(input, store: store)
        let (viaLoops, _) = layer.forward(input, store: store, backend: .naive)
        #expect(zip(viaBLAS, viaLoops).allSatisfy { Self.isClose($0, $1) })
        if experts > 1 { #expect(cache.assigned.filter { !$0.isEmpty }.count > 1, "the router should spread seven tokens") }
        var analytic = store
        let dInput = layer.backward(cache, outputGradient: weights, store: &analytic)
        Self.expectGradientsMatch(store: store, input: input, analyticStore: analytic, analyticInput: dInput) { store, input in
            let (output, cache) = layer.forward(input!, store: store)
            return Self.dot(output, weights) + cache.auxiliaryLoss
        }
    }

    @Test func capacityDropsOverflowingTokens() {
        var random = SeededRandom(seed: 13)
        var store = ParameterStore()
        let layer = MixtureOfExperts("moe", width: 4, hiddenWidth: 4, experts: 2, capacityFactor: 0.5, balanceWeight: 0,
                                     store: &store, random: &random)
        let input = Self.randomValues(8 * 4, seed: 14)
        let (output, cache) = layer.forward(input, store: store)
        #expect(layer.capacity(tokens: 8) == 2)
        #expect(cache.assigned.allSatisfy { $0.count <= 2 })
        let kept = Set(cache.assigned.flatMap { $0 })
        for token in 0..<8 where !kept.contains(token) {
            #expect(output[(token * 4)..<(token * 4 + 4)].allSatisfy { $0 == 0 }, "a dropped token passes only through the residual")
        }
    }

    @Test func embeddingBag() {
        var random = SeededRandom(seed: 15)
        var store = ParameterStore()
        let layer = EmbeddingBag(rows: 6, width: 3, store: &store, random: &random)
        let bags: [[EmbeddingBag.Entry]] = [[.init(row: 0, weight: 0.5), .init(row: 4, weight: 1)], [.init(row: 4, weight: 2)]]
        let weights = Self.randomValues(2 * 3, seed: 16)
        var analytic = store
        layer.backward(bags, outputGradient: weights, store: &analytic)
        Self.expectGradientsMatch(store: store, input: nil, analyticStore: analytic, analyticInput: nil, samplesPerTensor: 18) { store, _ in
            Self.dot(layer.forward(bags, store: store), weights)
        }
    }

    /// The whole network end to end, through both heads, every block and the embeddings.
    @Test func wholeNetwork() {
        var configuration = ModelConfiguration.tiny
        configuration.layers = 2
        let network = ParserNetwork(configuration: configuration, seed: 17)
        let buckets = configuration.buckets
        let words = ["who", "teaches", "cs101"]
        var bags: [[EmbeddingBag.Entry]] = [[.init(row: InputVocabulary.row(.classification, buckets: buckets), weight: 1)]]
        bags += words.map { InputVocabulary.wordRows($0, buckets: buckets) }
        bags.append([.init(row: InputVocabulary.row(.separator, buckets: buckets), weight: 1)])
        for (position, index) in bags.indices.enumerated() {
            bags[index].append(.init(row: InputVocabulary.positionRow(position, buckets: buckets), weight: 1))
        }
        let sequence = ParserNetwork.Sequence(bags: bags, questionPositions: [1, 2, 3])
        let sentenceWeights = Self.randomValues(SentenceHeads.width, seed: 18)
        let tokenWeights = (0..<3).map { Self.randomValues(TokenTag.allCases.count, seed: 19 + UInt64($0)) }
        let routing = network.forward(sequence).cache.blocks.map(\.experts.choices)
        // A perturbation that moves a token to another expert crosses a discontinuity; those samples are skipped.
        let loss = { (store: ParameterStore, _: [Float]?) -> Float? in
            var probe = network
            probe.store = store
            let output = probe.forward(sequence)
            guard output.cache.blocks.map(\.experts.choices) == routing else { return nil }
            return Self.dot(output.sentence, sentenceWeights) + zip(output.tokens, tokenWeights).reduce(0) { $0 + Self.dot($1.0, $1.1) }
                + output.auxiliaryLoss
        }
        var analytic = network
        let output = network.forward(sequence)
        analytic.backward(sequence, output, sentenceGradient: sentenceWeights, tokenGradients: tokenWeights)
        Self.expectGradientsMatch(store: network.store, input: nil, analyticStore: analytic.store, analyticInput: nil, samplesPerTensor: 6, step: 2e-3, loss: loss)
    }
}
