import Foundation
import Lemma
import NeuralParser

/// The `--explain-parse` view of a parse, for people debugging a question.
struct ParseExplanation {
    let parsed: ParsedSentence
    let reply: ParseReply

    init(_ parsed: ParsedSentence, reply: ParseReply) {
        self.parsed = parsed
        self.reply = reply
    }

    static func summary(_ parse: ParseReply) -> String {
        var lines = ["Read as: \(parse.query ?? "?") (\(parse.form ?? "?"), confidence \(percent(parse.confidence)))"]
        for link in parse.linked where !link.exact {
            lines.append("Note: \"\(link.text)\" was read as \(link.name).")
        }
        return lines.joined(separator: "\n")
    }

    var text: String {
        var lines = ["Tokens: " + parsed.tokens.joined(separator: " · ")]
        lines.append("Linked names: " + (parsed.links.isEmpty ? "none" : parsed.links.map { link in
            link.exact ? "\"\(link.surface)\" → \(link.name)" : "\"\(link.surface)\" → \(link.name) (approximate)"
        }.joined(separator: ", ")))
        lines.append("Candidate relations: " + parsed.candidates.joined(separator: ", "))
        if let best = parsed.readings.first {
            lines.append("Form: \(best.interpretation.form.rawValue)\(best.interpretation.negated ? ", negated" : "")")
        }
        lines.append("Query: \(reply.query ?? "none (not sure)")  confidence \(Self.percent(reply.confidence))")
        for alternative in reply.alternatives {
            lines.append("  or: \(alternative.query)  \(Self.percent(alternative.confidence))  (\(alternative.text))")
        }
        let units = parsed.unitLabels
        for (layer, experts) in parsed.routing.enumerated() {
            let routed = zip(units, experts).map { unit, expert in "\(unit)→\(expert.map { "e\($0)" } ?? "skipped")" }
            lines.append("Layer \(layer + 1) experts: " + routed.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }
}
