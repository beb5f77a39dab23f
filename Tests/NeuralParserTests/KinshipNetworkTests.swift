import Foundation
import Testing
@testable import NeuralParser

@Suite struct KinshipNetworkTests {
    static let story = "[Ann] went shopping with her son. His name is [Ben]. [Ben] and his sister [Cara] played."

    @Test func pairsAreNamedTogetherInASentenceOrInTheNext() {
        let pairs = KinshipFeatures.pairs(in: Self.story).map { "\($0.first)-\($0.second)" }
        #expect(pairs == ["Ann-Ben", "Ben-Cara"], "Ann and Cara are two sentences apart")
        let features = KinshipFeatures.features(of: KinshipFeatures.pairs(in: Self.story)[1], lexicalKind: "sibling")
        #expect(features.contains { $0.feature == "lex:sibling" } && features.contains { $0.feature == "kr:sibling:b0:a0" })
    }

    @Test func backwardPassMatchesFiniteDifferences() {
        var configuration = KinshipNetwork.Configuration()
        configuration.buckets = 64
        configuration.width = 4
        var network = KinshipNetwork(configuration, seed: 5)
        let bag = network.bag(KinshipFeatures.features(of: KinshipFeatures.pairs(in: Self.story)[0], lexicalKind: nil))
        let target = KinshipClass.forward("child")
        _ = network.accumulateGradient(bag, head: .kinship, target: target.index)
        let base = network.store
        GradientTests.expectGradientsMatch(store: base, input: nil, analyticStore: network.store, analyticInput: nil, samplesPerTensor: 40) { store, _ in
            var probe = network
            probe.store = store
            return -log(probe.probabilities(bag, head: .kinship)[target.index])
        }
    }

    @Test func theSexHeadsBackwardPassMatchesFiniteDifferences() {
        var configuration = KinshipNetwork.Configuration()
        configuration.buckets = 64
        configuration.width = 4
        var network = KinshipNetwork(configuration, seed: 6)
        let bag = network.bag(KinshipFeatures.sexFeatures(of: "Cara", in: Self.story, lexicalSex: nil))
        _ = network.accumulateGradient(bag, head: .sex, target: 0)
        GradientTests.expectGradientsMatch(store: network.store, input: nil, analyticStore: network.store, analyticInput: nil, samplesPerTensor: 40) { store, _ in
            var probe = network
            probe.store = store
            return -log(probe.probabilities(bag, head: .sex)[0])
        }
    }

    @Test func aPersonsSexIsReadFromTheWordsAroundThemNeverFromTheName() {
        let features = KinshipFeatures.sexFeatures(of: "Cara", in: Self.story, lexicalSex: "female").map(\.feature)
        #expect(features.contains("kin-1:sister") && features.contains("-2:his") && features.contains("lexsex:female"))
        #expect(!features.contains { $0.contains("Cara") })
        let ben = KinshipFeatures.sexFeatures(of: "Ben", in: Self.story, lexicalSex: nil).map(\.feature)
        #expect(ben.contains("next:his:0:0"), "Ben's second mention is followed by 'and his sister' in the same sentence")
    }

    @Test func trainingLearnsTheLabelledPairsAndTheReaderStatesThem() {
        let pairs = KinshipFeatures.pairs(in: Self.story)
        let examples = [
            KinshipTraining.Example.kinship(pairs[0], lexicalKind: "child", target: .forward("child")),
            KinshipTraining.Example.kinship(pairs[1], lexicalKind: "sibling", target: .forward("sibling")),
            KinshipTraining.Example.sex("Ann", in: Self.story, lexicalSex: "female", sex: "female"),
        ]
        var plan = KinshipTraining.Plan()
        plan.epochs = 40
        let (network, record) = KinshipTraining.train(examples, stories: 1, heldOut: "none", plan: plan)
        #expect(record.trainingAccuracy == 1 && record.finalLoss < 0.1 && record.examples == 3)
        let story = KinshipReader(network: network).read(Self.story)
        #expect(story.statements.contains(KinshipStory.Statement(person: "Ben", relative: "Cara", kin: "sister")))
        #expect(story.statements.contains(KinshipStory.Statement(person: "Ann", relative: "Ben", kin: "son")))
        #expect(story.sexes["Ann"] == "female" && story.likelyKindStatements.isEmpty)
    }

    @Test func peopleTheReadKinshipLeavesApartAreJoinedByTheLikeliestReadingBetweenThem() {
        let text = "[Ann] and her son [Ben] cooked. [Ben] met [Cara] at noon."
        let pairs = KinshipFeatures.pairs(in: text)
        let examples = [
            KinshipTraining.Example.kinship(pairs[0], lexicalKind: "child", target: .forward("child")),
            KinshipTraining.Example.kinship(pairs[1], lexicalKind: nil, target: .none),
        ]
        var plan = KinshipTraining.Plan()
        plan.epochs = 40
        let story = KinshipReader(network: KinshipTraining.train(examples, stories: 1, heldOut: "none", plan: plan).0).read(text)
        #expect(story.statements == [KinshipStory.Statement(person: "Ann", relative: "Ben", kin: "son")])
        #expect(story.likelyKindStatements.count == 1)
        #expect(story.likelyKindStatements.allSatisfy { Set([$0.person, $0.relative]) == ["Ben", "Cara"] }, "Cara is joined to the family through Ben")
    }

    @Test func weightsRoundTripAndACorruptFileIsRefusedWithTheReason() throws {
        var configuration = KinshipNetwork.Configuration()
        configuration.buckets = 32
        let network = KinshipNetwork(configuration, seed: 3)
        let record = KinshipTraining.Record(seed: 3, epochs: 1, batchSize: 1, learningRate: 0.01, examples: 0, stories: 0,
                                            finalLoss: 0, trainingAccuracy: 0, heldOut: "none")
        let data = try KinshipWeights.encode(network, training: record)
        let (loaded, header) = try KinshipWeights.decode(data, path: "k.weights")
        #expect(loaded.store.tensors.map(\.values) == network.store.tensors.map(\.values) && header.training == record)

        var flipped = data
        flipped[flipped.count - 3] ^= 0x40
        #expect(throws: ParseError.self) { try KinshipWeights.decode(flipped, path: "k.weights") }
        do {
            _ = try KinshipWeights.decode(flipped, path: "k.weights")
        } catch {
            #expect(error.description.contains("k.weights") && error.description.contains("SHA-256"))
        }
        do {
            _ = try KinshipWeights.decode(Data("LEMMAMOE".utf8) + data.dropFirst(8), path: "parser.weights")
        } catch {
            #expect(error.description.contains("LEMMAKIN"))
        }
    }

    @Test func theShippedWeightsLoad() throws {
        let location = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/NeuralParser/Resources/kinship.weights")
        let (_, header) = try KinshipWeights.decode(try Data(contentsOf: location), path: location.path)
        #expect(header.training.trainingAccuracy > 0.95 && header.training.stories > 3000)
    }
}
