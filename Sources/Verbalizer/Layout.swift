/// Lays a document out as plain text for a terminal or as Markdown for reports.
public enum Layout: Sendable {
    case plainText, markdown

    public func render(_ document: Document) -> String {
        var lines: [String] = []
        var previous: Document.Block?
        for block in document.blocks {
            defer { previous = block }
            switch block {
            case let .paragraph(text):
                separate(&lines)
                lines.append(escaped(text))
                lines.append("")
            case let .heading(text):
                separate(&lines)
                lines.append(self == .markdown ? "### " + escaped(text) : text + ":")
            case let .proof(proof):
                lines += self.proof(proof)
            case let .bullets(items):
                for item in items { bullet(item, depth: 0, into: &lines) }
            case let .note(label, text):
                if case .note = previous {} else { separate(&lines) }
                lines.append(self == .markdown ? "**\(escaped(label)):** \(escaped(text))  " : "\(label): \(text)")
            }
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private func separate(_ lines: inout [String]) {
        if let last = lines.last, last != "" { lines.append("") }
    }

    private func proof(_ proof: NarratedProof) -> [String] {
        var lines: [String] = []
        if let omission = proof.omission {
            lines.append(indent + "(not shown: \(escaped(omission)))")
        }
        let contiguous = proof.steps.enumerated().allSatisfy { $0.offset + 1 == $0.element.number }
        for step in proof.steps {
            switch self {
            case .plainText:
                lines.append("  \(step.number). \(step.sentence)")
            case .markdown:
                let body = escaped(step.lead) + (step.reasons.map { ", because " + escaped($0) } ?? "") + " — *\(escaped(step.justification))*, `\(step.source)`"
                lines.append(contiguous ? "\(step.number). \(body)" : "- **\(step.number).** \(body)")
            }
        }
        if proof.hiddenSteps > 0 {
            lines.append(indent + "(\(proof.hiddenSteps) deeper step\(proof.hiddenSteps == 1 ? "" : "s") not shown: raise --depth, or use --format json for every step)")
        }
        if !proof.conditions.isEmpty {
            lines.append(indent + "The query's conditions hold: " + escaped(English.list(proof.conditions)) + ".")
        }
        return lines
    }

    private var indent: String { self == .markdown ? "" : "  " }

    private func bullet(_ item: Document.Item, depth: Int, into lines: inout [String]) {
        let prefix = String(repeating: "  ", count: self == .markdown ? depth : depth + 1) + "- "
        lines.append(prefix + escaped(item.text))
        for child in item.children { bullet(child, depth: depth + 1, into: &lines) }
    }

    /// Markdown's special characters in English text escaped, so values such as `f0_n1` print as stored.
    private func escaped(_ text: String) -> String {
        guard self == .markdown else { return text }
        var result = ""
        for character in text {
            if "\\`*_[]<>|#".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
