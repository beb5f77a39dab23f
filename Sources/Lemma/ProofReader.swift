import Reasoner
import Syntax

/// Reads a proof back from its JSON form, resolving each cited rule in the knowledge it is checked against. Anything
/// that does not fit (a premise pointing nowhere, a rule that does not exist, an atom whose text disagrees with its
/// values) is a problem in the proof, reported with its step.
struct ProofReader {
    let program: Program

    struct Problem: Error {
        var step: Int?
        var reason: String
        var missingRule: String?
    }

    func proof(from reply: ProofReply) -> Result<Proof, Problem> {
        var steps: [ProofStep] = []
        for (index, step) in reply.steps.enumerated() {
            switch self.step(from: step, at: index, count: reply.steps.count) {
            case let .success(parsed): steps.append(parsed)
            case let .failure(problem): return .failure(problem)
            }
        }
        var goals: [Int] = []
        for goal in reply.goals {
            guard reply.steps.indices.contains(goal - 1) else {
                return .failure(Problem(step: nil, reason: "goal \(goal) names a step that does not exist"))
            }
            goals.append(goal - 1)
        }
        return .success(Proof(steps: steps, goals: goals, queryConditions: reply.conditions ?? [], omission: reply.omitted))
    }

    private func step(from step: ProofReply.Step, at index: Int, count: Int) -> Result<ProofStep, Problem> {
        func problem(_ reason: String, missingRule: String? = nil) -> Result<ProofStep, Problem> {
            .failure(Problem(step: index, reason: reason, missingRule: missingRule))
        }
        guard step.id == index + 1 else { return problem("step ids must count up from 1; found \(step.id) at position \(index + 1)") }
        let relation = step.relation.hasPrefix("-") ? RelationName(String(step.relation.dropFirst()), classicallyNegated: true) : RelationName(step.relation)
        let conclusion = GroundAtom(relation, step.values.map { $0?.value })
        guard conclusion.description == step.atom else {
            return problem("the step reads '\(step.atom)' but its relation and values say \(conclusion)")
        }
        switch (step.fact, step.rule) {
        case let (fact?, nil):
            return .success(ProofStep(conclusion: conclusion, justification: .fact(file: fact.file, line: fact.line, batch: 0)))
        case let (nil, rule?):
            guard let index = resolve(rule) else {
                return problem("cites rule '\(rule.text)' at \(rule.file):\(rule.line), which the knowledge does not have", missingRule: "\(rule.file):\(rule.line): \(rule.text)")
            }
            let citation = RuleCitation(index: index, name: rule.name, location: SourceLocation(file: rule.file, line: rule.line, column: rule.column), text: rule.text)
            var premises: [Int] = []
            for premise in step.premises ?? [] {
                guard (1...count).contains(premise) else { return problem("premise \(premise) names a step that does not exist") }
                premises.append(premise - 1)
            }
            var absent: [GroundAtom] = []
            for pattern in step.notDerivable ?? [] {
                guard let atom = Self.pattern(pattern) else { return problem("'\(pattern)' in not_derivable is not an atom") }
                absent.append(atom)
            }
            let substitution = (step.bindings ?? [:]).mapValues(\.value)
            return .success(ProofStep(conclusion: conclusion, justification: .rule(citation, substitution: substitution, premises: premises, absent: absent, conditions: step.conditions ?? [])))
        default:
            return problem("a step must cite exactly one of a stored fact or a rule")
        }
    }

    /// The index of the cited rule: same text at the same place. A rule with the same text elsewhere is returned
    /// too, so the checker can say the location is wrong instead of that the rule is missing.
    private func resolve(_ rule: ProofReply.RuleReply) -> Int? {
        let location = SourceLocation(file: rule.file, line: rule.line, column: rule.column)
        return program.rules.firstIndex { $0.sourceText == rule.text && $0.location == location }
            ?? program.rules.firstIndex { $0.sourceText == rule.text }
    }

    /// `parent("Ann", _)` as a pattern, `_` read as any value.
    static func pattern(_ text: String) -> GroundAtom? {
        guard let query = try? Query.parse(text), query.literals.count == 1, case let .positive(atom) = query.literals[0] else { return nil }
        let values = atom.arguments.map { argument -> Value?? in
            if case .wildcard = argument { return .some(nil) }
            return argument.value(under: [:]).map { .some($0) }
        }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return GroundAtom(atom.relation, values.map { $0! })
    }
}

/// Checks that the proofs prove what the reply claims: for each answer, its goals are the query's atoms under that
/// answer's binding; for a refuted query, each refutation proves the complement of a query atom or an atom under `!`.
struct GoalMatcher {
    let query: Query
    let record: AnswerRecord

    func firstMismatch(in proofs: [Proof]) -> (proof: Int, reason: String)? {
        guard query.aggregate == nil else { return nil }
        let atoms = query.literals.compactMap { literal -> Atom? in
            if case let .positive(atom) = literal { return atom }
            return nil
        }
        let bindings: [[String: Value]] = query.isGround ? (proofs.isEmpty ? [] : [[:]]) : (record.answers ?? []).map { $0.mapValues(\.value) }
        if record.answer == "no" || record.answer == "unknown", !proofs.isEmpty {
            return (0, "the reply answers '\(record.answer!)' but carries proofs of the query")
        }
        guard bindings.count == proofs.count else {
            return (0, "the reply has \(bindings.count) answers but \(proofs.count) proofs")
        }
        for (number, (binding, proof)) in zip(bindings, proofs).enumerated() where proof.omission == nil {
            let expected = atoms.map { GroundAtom($0.relation, $0.arguments.map { $0.value(under: binding) }) }
            let proved = proof.goals.map { proof.steps[$0].conclusion }
            if expected != proved {
                return (number, "the proof's goals \(proved.map(\.description).joined(separator: ", ")) are not the query's atoms under this answer (\(expected.map(\.description).joined(separator: ", ")))")
            }
        }
        return nil
    }
}
