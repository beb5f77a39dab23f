/// Proofs as a Graphviz graph: one node per step, labelled with its English statement and citation, an edge from
/// each premise to the step it supports, atoms not known to hold and conditions as dashed notes. Each proof is a
/// cluster; a shared sub-proof is one node with several edges out.
public struct ProofGraph: Sendable {
    public struct Section: Sendable {
        public var title: String
        public var proof: NarratedProof

        public init(title: String, proof: NarratedProof) {
            self.title = title
            self.proof = proof
        }
    }

    public var title: String
    public var sections: [Section]
    /// Explanations without a proof (why-not), drawn as trees below the proofs.
    public var explanations: [Document.Item]

    public init(title: String, sections: [Section], explanations: [Document.Item] = []) {
        self.title = title
        self.sections = sections
        self.explanations = explanations
    }

    public var dot: String {
        var lines = ["digraph proof {", "  label=\(Self.quoted(title));", "  labelloc=t;", "  rankdir=BT;",
                     "  node [shape=box, style=rounded, fontname=\"Helvetica\"];", "  edge [fontname=\"Helvetica\", fontsize=10];"]
        for (index, section) in sections.enumerated() {
            let prefix = "p\(index + 1)s"
            lines.append("  subgraph cluster_\(index + 1) {")
            lines.append("    label=\(Self.quoted(section.title));")
            let goals = Set(section.proof.goals)
            for step in section.proof.steps {
                var attributes = ["label=\(Self.quoted("\(step.number). \(Self.wrapped(step.lead))\n[\(step.citation)]"))"]
                if step.isFact { attributes.append("style=\"rounded,filled\"") ; attributes.append("fillcolor=\"#eef3fb\"") }
                if goals.contains(step.number) { attributes.append("penwidth=2") }
                lines.append("    \(prefix)\(step.number) [\(attributes.joined(separator: ", "))];")
            }
            let shown = Set(section.proof.steps.map(\.number))
            for step in section.proof.steps {
                for premise in step.premises where shown.contains(premise) {
                    lines.append("    \(prefix)\(premise) -> \(prefix)\(step.number);")
                }
            }
            if !section.proof.conditions.isEmpty {
                lines.append("    \(prefix)conditions [shape=note, style=dashed, label=\(Self.quoted(Self.wrapped(English.list(section.proof.conditions))))];")
                for goal in section.proof.goals { lines.append("    \(prefix)conditions -> \(prefix)\(goal) [style=dashed];") }
            }
            lines.append("  }")
        }
        var counter = 0
        func tree(_ item: Document.Item, parent: String?) {
            counter += 1
            let id = "w\(counter)"
            lines.append("  \(id) [shape=box, style=dashed, color=\"#b03030\", label=\(Self.quoted(Self.wrapped(item.text)))];")
            if let parent { lines.append("  \(id) -> \(parent) [style=dashed, color=\"#b03030\"];") }
            for child in item.children { tree(child, parent: id) }
        }
        for item in explanations { tree(item, parent: nil) }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// Long statements broken near 40 characters so nodes stay readable.
    static func wrapped(_ text: String, width: Int = 40) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + word.count + 1 > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
