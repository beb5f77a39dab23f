import Foundation
import Lemma
import NeuralParser

/// `lemma eval --held-out N`: the parser on generated questions over vocabularies it never saw, with the routing
/// of its experts, as quoted in BENCHMARKS.md.
struct HeldOutReport {
    let network: ParserNetwork
    let score: HeldOutEvaluation.Score

    let missesShown: Int

    init(network: ParserNetwork, sentences: Int, seed: UInt64, missesShown: Int) {
        self.network = network
        self.missesShown = missesShown
        score = HeldOutEvaluation(network: network, seed: seed).run(sentences: sentences)
    }

    var text: String {
        let configuration = network.configuration
        let latencies = score.parseMilliseconds.sorted()
        func percentile(_ fraction: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(fraction * Double(latencies.count)))] }
        var lines = [
            "Model: \(configuration.layers) layers, width \(configuration.width), \(configuration.experts) expert(s) of width \(configuration.expertHiddenWidth); \(network.store.parameterCount) parameters, \(configuration.activeParameters) active per token (embeddings aside)",
            "Held-out questions: \(score.total), exactly right \(score.exact) (\(String(format: "%.2f%%", score.accuracy * 100)))",
            "Calibration error (ECE, 10 bins): \(String(format: "%.3f", EvaluationService.expectedCalibrationError(score.confidences)))",
            "Parse latency: p50 \(String(format: "%.2f", percentile(0.5))) ms, p99 \(String(format: "%.2f", percentile(0.99))) ms",
            "By form:",
        ]
        for form in QuestionForm.allCases {
            guard let entry = score.byForm[form] else { continue }
            lines.append("  \(form.rawValue): \(entry.exact)/\(entry.total) (\(String(format: "%.1f%%", Double(entry.exact) / Double(entry.total) * 100)))")
        }
        if configuration.experts > 1 {
            lines.append("Experts (share of tokens; the form most over-represented among them, and by how much):")
            for (layer, experts) in score.specialisations().enumerated() {
                let described = experts.enumerated().map { index, expert in
                    "e\(index) \(String(format: "%.0f%%", expert.share * 100)) \(expert.form?.rawValue ?? "-") ×\(String(format: "%.1f", expert.lift))"
                }
                lines.append("  layer \(layer + 1): " + described.joined(separator: ", "))
            }
        }
        if missesShown > 0, !score.misses.isEmpty {
            lines.append("Misparsed:")
            for miss in score.misses.prefix(missesShown) {
                lines.append("  \(miss.sentence)\n    expected \(miss.expected)\n    got      \(miss.got ?? "(nothing)")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
