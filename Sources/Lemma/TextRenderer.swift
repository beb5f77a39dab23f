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
            lines.append("\(reply.answer ?? "no"): \(result.query.text)\(result.world == .open ? "  (open world)" : "")")
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
        lines += explanations(reply)
        let certification: String
        switch (reply.certified, reply.certification.method) {
        case (true, "completion"?):
            certification = "certified: yes (Z3 finds no derivation in the completed ground program, \(reply.certification.checkedSteps) ground rule instances)"
        case (true, "reference"?):
            certification = "certified: yes (by the independent checker: \(reply.certification.reason ?? ""))"
        case (true, _):
            certification = "certified: yes (\(reply.certification.checkedSteps) steps re-checked, entailment confirmed by Z3)"
        case (false, _):
            certification = "certified: no (\(reply.certification.reason ?? "not certified"))"
        }
        lines.append(certification)
        lines.append("knowledge: \(reply.knowledge)")
        return lines.joined(separator: "\n")
    }

    /// Refutations, why-not, witnesses, abduction, counterfactuals and consistency, in rule syntax.
    private func explanations(_ reply: QueryReply) -> [String] {
        var lines: [String] = []
        if let refutation = reply.refutation {
            for atom in refutation.notDerivable ?? [] { lines.append("not derivable: \(atom)") }
            for atom in refutation.undecided ?? [] { lines.append("neither provable nor refutable: \(atom)") }
            for condition in refutation.falseConditions ?? [] { lines.append("false: \(condition)") }
            for proof in refutation.proofs ?? [] {
                lines.append("refuted by:")
                for step in proof.steps.reversed() { lines.append("  [\(step.id)] \(step.atom)  \(step.rule.map { "rule \($0.name), \($0.file):\($0.line)" } ?? step.fact.map { "fact, \($0.file):\($0.line)" } ?? "")") }
            }
        }
        func whyNot(_ explanation: WhyNotReply, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            if explanation.attempts.isEmpty {
                lines.append("\(indent)\(explanation.atom): \(explanation.truncated == true ? "(not explained further)" : "no rule concludes it\(explanation.storedRelation ? " and it is not stored" : "")")")
            }
            for attempt in explanation.attempts {
                let held = attempt.satisfied.isEmpty ? "" : " after \(attempt.satisfied.joined(separator: ", "))"
                let failure = ["not_derivable": "no derivation of", "derivable": "derivable, but negated:", "condition_false": "false:"][attempt.failure] ?? attempt.failure
                lines.append("\(indent)rule \(attempt.rule.name) (\(attempt.rule.file):\(attempt.rule.line)) fails at \(failure) \(attempt.failing)\(held)")
                for cause in attempt.causes ?? [] { whyNot(cause, depth: depth + 1) }
            }
        }
        if let explanations = reply.whyNot, !explanations.isEmpty {
            lines.append("why not:")
            for explanation in explanations { whyNot(explanation, depth: 1) }
        }
        func sets(_ title: String, _ sets: [[FactReply]]?) {
            guard let sets, !sets.isEmpty else { return }
            lines.append(title)
            for set in sets {
                lines.append("  " + set.map { fact in fact.file.map { "\(fact.atom) (\($0):\(fact.line ?? 0))" } ?? fact.atom }.joined(separator: ", "))
            }
        }
        sets("would hold if these facts were added:", reply.abduction)
        sets("could hold if added:", reply.witness?.couldHold)
        sets("could fail if added:", reply.witness?.couldFail)
        sets("would no longer hold without:", reply.counterfactuals)
        if let consistency = reply.consistency, !consistency.consistent {
            lines.append("warning: the knowledge is inconsistent (\(consistency.conflicts.count) conflict\(consistency.conflicts.count == 1 ? "" : "s")):")
            for conflict in consistency.conflicts {
                lines.append("  " + (conflict.constraint.map { "constraint \($0) fires: " } ?? "both hold: ") + conflict.atoms.joined(separator: ", "))
                for set in conflict.minimalFactSets ?? [] {
                    lines.append("    rests on: " + set.map { "\($0.atom) (\($0.file ?? "?"):\($0.line ?? 0))" }.joined(separator: ", "))
                }
            }
        }
        for limit in reply.explanationLimits ?? [] { lines.append("not explained: \(limit)") }
        return lines
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
