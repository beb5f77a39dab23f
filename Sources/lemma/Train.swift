import ArgumentParser
import Foundation
import Lemma
import NeuralParser

extension LemmaCommand {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the question parser from scratch.",
            discussion: """
                Trains on questions generated from many synthetic vocabularies (random relations, templates and names),
                plus questions generated from each --knowledge given. The same seed and options give the same weights,
                byte for byte. The shipped weights were made with:
                  lemma train --knowledge knowledge --allow-outside-includes --out Sources/NeuralParser/Resources/parser.weights
                """
        )

        @Option(help: "Knowledge whose relations' phrases also generate training questions (repeatable).")
        var knowledge: [String] = []

        @Flag(help: "Let a knowledge folder's .include and .input read files outside it (the repository's knowledge/ includes ../rules).")
        var allowOutsideIncludes = false

        @Option(help: "Optimisation steps.")
        var steps: Int = TrainingPlan().steps

        @Option(help: "Sentences per step.")
        var batchSize: Int = TrainingPlan().batchSize

        @Option(help: "Seed for the data, the initial weights and the order of everything.")
        var seed: UInt64 = TrainingPlan().seed

        @Option(help: "Experts per feed-forward layer; 1 trains the dense baseline.")
        var experts: Int = ModelConfiguration().experts

        @Option(help: "Where to write the weights.")
        var out: String = "parser.weights"

        @Option(help: "Generated questions over held-out vocabularies to measure at the end (0 to skip).")
        var heldOut: Int = 2000

        func validate() throws {
            guard steps > 0, batchSize > 0 else { throw ValidationError("--steps and --batch-size must be positive") }
            guard experts >= 1 else { throw ValidationError("--experts must be at least 1") }
        }

        func run() throws {
            var plan = TrainingPlan()
            plan.steps = steps
            plan.batchSize = batchSize
            plan.seed = seed
            plan.configuration.experts = experts
            for path in knowledge {
                do {
                    plan.knowledgeSchemas.append(try TrainingService.schema(knowledge: path, locator: KnowledgeLocator(allowsOutsideFiles: allowOutsideIncludes)))
                } catch {
                    throw ExitCode(Output.fail(error, format: .text))
                }
            }
            var bar = ProgressBar(total: steps)
            let (network, record) = TrainingRun(plan: plan).run { progress in bar.update(progress) }
            bar.finish()
            do {
                try WeightsFile.encode(network, training: record).write(to: URL(fileURLWithPath: out))
            } catch {
                Output.printError("error: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode(3)
            }
            print("Wrote \(out): \(network.store.parameterCount) parameters, final loss \(String(format: "%.4f", record.finalLoss)), batch accuracy \(String(format: "%.1f%%", record.trainingAccuracy * 100)).")
            if heldOut > 0 {
                let score = HeldOutEvaluation(network: network, seed: seed).run(sentences: heldOut)
                print("Held-out vocabularies: \(score.exact) of \(score.total) exactly right (\(String(format: "%.2f%%", score.accuracy * 100))).")
            }
        }
    }
}

/// Step, loss, accuracy and time left, redrawn in place on a terminal and printed every 5% otherwise.
struct ProgressBar {
    let total: Int
    let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastPrinted = -1

    init(total: Int) {
        self.total = total
    }

    mutating func update(_ progress: Trainer.Progress) {
        let done = Double(progress.step + 1) / Double(total)
        let elapsed = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
        let remaining = done > 0 ? elapsed / done - elapsed : 0
        let filled = Int(done * 30)
        let line = String(format: "[%@%@] step %d/%d  loss %.4f  acc %.1f%%  ETA %@",
                          String(repeating: "#", count: filled), String(repeating: ".", count: 30 - filled),
                          progress.step + 1, total, progress.loss, progress.accuracy * 100, Self.clock(remaining))
        if isTerminal {
            FileHandle.standardError.write(Data(("\r" + line).utf8))
        } else if Int(done * 20) > lastPrinted {
            lastPrinted = Int(done * 20)
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
