import Foundation
import Lemma
import NeuralParser

/// The `--explain-parse` view of a parse, for people debugging a question.
struct ParseExplanation {
    let parsed: ParsedSentence
    let reply: ParseReply
    let reading: ReadingReply?

    init(_ parsed: ParsedSentence, reply: AskReply) {
        self.parsed = parsed
        self.reply = reply.parse
        reading = reply.reading
    }

    static func summary(_ reply: AskReply) -> String {
        let parse = reply.parse
        var lines: [String]
        if let reading = reply.reading {
            lines = ["Read as: \(reading.text) — \(reading.query) (confidence \(percent(reading.confidence)))"]
        } else {
            lines = ["Read as: \(parse.query ?? "?") (\(parse.form ?? "?"), confidence \(percent(parse.confidence)))"]
        }
        for link in parse.linked where !link.exact {
            lines.append("Note: \"\(link.text)\" was read as \(link.name).")
        }
        return lines.joined(separator: "\n")
    }

    /// What the certificate of an answered question covers, printed after it.
    static let coverage = "Covers: every word of the question is placed in the reading above (--explain-parse shows where), and the answer to that reading follows from the knowledge."

    var text: String {
        var lines = ["Tokens: " + parsed.tokens.joined(separator: " · ")]
        lines.append("Linked names: " + (parsed.links.isEmpty ? "none" : parsed.links.map { link in
            link.exact ? "\"\(link.surface)\" → \(link.name)" : "\"\(link.surface)\" → \(link.name) (approximate)"
        }.joined(separator: ", ")))
        lines.append("Candidate relations: " + parsed.candidates.joined(separator: ", "))
        if let best = parsed.readings.first {
            lines.append("Form: \(best.interpretation.form.rawValue)\(best.interpretation.negated ? ", negated" : "")")
        }
        lines.append("Query: \(reply.query ?? "none (not answered)")  confidence \(Self.percent(reply.confidence))")
        if let reading {
            lines.append("Alignment of \"\(reading.text)\":")
            for word in reading.alignment where word.role != .function || word.text.contains(where: \.isLetter) {
                lines.append("  \(word.text) → \(word.role.rawValue)\(word.part.map { " (\($0))" } ?? "")")
            }
        }
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
