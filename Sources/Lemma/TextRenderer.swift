import Reasoner
import Syntax

/// Renders a query outcome for a terminal: the answer, then each proof as an indented tree citing rules and facts.
/// (English sentences come from the verbalizer; this is the rule-syntax view.)
public struct TextRenderer: Sendable {
    /// How many answers get their proof printed unless every proof is asked for.
    public var proofsShown: Int
    /// Proof trees longer than this are cut, pointing to the JSON output for the rest.
    public var linesPerProof: Int

    public init(proofsShown: Int = 3, linesPerProof: Int = 200) {
        self.proofsShown = proofsShown
        self.linesPerProof = linesPerProof
    }

    public func render(_ outcome: QueryService.Outcome) -> String {
        let result = outcome.result
        let reply = outcome.reply
        var lines: [String] = []
        switch result.kind {
        case .ground:
            lines.append("\(result.holds ? "yes" : "no"): \(result.query.text)")
        case .bindings, .count:
            if let count = result.count {
                lines.append("count: \(count)")
            } else {
                lines.append("\(result.bindings.count) answer\(result.bindings.count == 1 ? "" : "s") to \(result.query.text)")
            }
            var shown = Set<String>()
            for binding in result.bindings {
                let line = "  " + describe(binding, of: result.variables)
                if shown.insert(line).inserted { lines.append(line) }
            }
        }
        for (number, proof) in result.proofs.prefix(proofsShown).enumerated() {
            let label = result.kind == .ground ? "proof:" : "proof of \(describe(result.bindings[number], of: result.variables)):"
            lines.append(label)
            if let omission = proof.omission {
                lines.append("  (not shown: \(omission))")
            }
            lines += tree(proof)
            for (alternative, other) in (result.alternativeProofs.indices.contains(number) ? result.alternativeProofs[number] : []).enumerated() {
                lines.append("alternative proof \(alternative + 1):")
                lines += tree(other)
            }
        }
        if result.proofs.count > proofsShown {
            lines.append("(\(result.proofs.count - proofsShown) more proofs: use --proofs, or --format json)")
        }
        let certification = reply.certified
            ? "certified: yes (\(reply.certification.checkedSteps) steps re-checked, entailment confirmed by Z3)"
            : "certified: no (\(reply.certification.reason ?? "not certified"))"
        lines.append(certification)
        lines.append("knowledge: \(reply.knowledge)")
        return lines.joined(separator: "\n")
    }

    /// `x = "Bob", a = 12`, leaving out the hidden variables that stand for `_` in count queries.
    private func describe(_ binding: [Value], of variables: [String]) -> String {
        zip(variables, binding).filter { !$0.0.hasPrefix(Reasoner.hiddenVariablePrefix) }.map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    /// The proof as a tree, each sub-proof printed once and referred to by its step number afterwards.
    /// Iterative, so that proofs a million steps deep print without exhausting the stack.
    func tree(_ proof: Proof) -> [String] {
        var lines: [String] = []
        var printed = Set<Int>()
        var stack: [(step: Int, depth: Int)] = proof.goals.reversed().map { ($0, 1) }
        while let (index, depth) = stack.popLast() {
            if lines.count >= linesPerProof {
                lines.append(String(repeating: "  ", count: depth) + "… (\(proof.steps.count) steps in all; --format json has every step)")
                break
            }
            let step = proof.steps[index]
            let indent = String(repeating: "  ", count: depth)
            if printed.contains(index) {
                lines.append("\(indent)\(step.conclusion)  (step \(index + 1), shown above)")
                continue
            }
            printed.insert(index)
            switch step.justification {
            case let .fact(file, line, _):
                lines.append("\(indent)[\(index + 1)] \(step.conclusion)  fact, \(file):\(line)")
            case let .rule(citation, _, premises, absent, conditions):
                lines.append("\(indent)[\(index + 1)] \(step.conclusion)  rule \(citation.name), \(citation.location.file):\(citation.location.line)")
                for pattern in absent { lines.append("\(indent)  not derivable: \(pattern)") }
                for condition in conditions { lines.append("\(indent)  holds: \(condition)") }
                for premise in premises.reversed() { stack.append((premise, depth + 1)) }
            }
        }
        for condition in proof.queryConditions { lines.append("  holds: \(condition)") }
        return lines
    }
}
