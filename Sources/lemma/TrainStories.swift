import ArgumentParser
import Foundation
import Lemma
import NeuralParser

extension LemmaCommand {
    struct TrainStories: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train-stories",
            abstract: "Train the network that reads kinship stories.",
            discussion: """
                Labels the two- and three-step stories of a CLUTRR training file (the answer pins the step the
                lexical reader misses), keeps a fifth of their wordings and every longer story out of training, and
                trains the kinship network on the rest. The same file, seed and options give the same weights, byte for byte. The
                shipped weights were made with:
                  lemma train-stories ../shared/datasets/clutrr/train.jsonl --out Sources/NeuralParser/Resources/kinship.weights
                """
        )

        @Argument(help: "A CLUTRR-style JSON Lines file: id, story, query [person, relative], answer, k.")
        var stories: String

        @Option(help: "Passes over the labelled pairs.")
        var epochs: Int = KinshipTraining.Plan().epochs

        @Option(help: "Seed for the initial weights and the order of the pairs.")
        var seed: UInt64 = KinshipTraining.Plan().seed

        @Option(help: "Where to write the weights.")
        var out: String = "kinship.weights"

        func validate() throws {
            guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        }

        func run() throws {
            let items: [StoryEvaluation.Item]
            do {
                guard let data = FileManager.default.contents(atPath: stories) else { throw LemmaError.parse(.unreadable(path: stories)) }
                items = try StoryEvaluation.items(fromJSONLines: String(decoding: data, as: UTF8.self), file: stories)
            } catch let error as LemmaError {
                throw ExitCode(Output.fail(error, format: .text))
            }
            let labelling = StoryLabelling()
            let trainable = items.filter { !StoryLabelling.isHeldOut($0) }
            let labelled = trainable.compactMap(labelling.examples(for:))
            let sexes = StoryLabelling.usualSexes(of: trainable)
            let people = trainable.flatMap { labelling.sexExamples(for: $0, sexes: sexes) }
            print("Labelled \(labelled.count) of \(trainable.count) training stories (\(items.count - trainable.count) held out), and \(people.count) people's sexes.")
            var plan = KinshipTraining.Plan()
            plan.epochs = epochs
            plan.seed = seed
            let (network, record) = KinshipTraining.train(labelled.flatMap { $0 } + people, stories: labelled.count,
                                                          heldOut: StoryLabelling.heldOutDescription, plan: plan) { epoch, loss in
                Output.printError("epoch \(epoch)/\(epochs): loss \(String(format: "%.4f", loss))")
            }
            do {
                try KinshipWeights.encode(network, training: record).write(to: URL(fileURLWithPath: out))
            } catch {
                Output.printError("error: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode(3)
            }
            print("Wrote \(out): \(network.store.parameterCount) parameters, \(record.examples) examples, final loss \(String(format: "%.4f", record.finalLoss)), training accuracy \(String(format: "%.1f%%", record.trainingAccuracy * 100)).")
        }
    }
}
