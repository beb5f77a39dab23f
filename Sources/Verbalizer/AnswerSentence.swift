import Reasoner
import Syntax

extension Phrasebook {
    /// How many answers a sentence names before it says "and N more".
    public static let namedAnswers = 20

    /// The answer as one English sentence: "Yes: Juan is a grandparent of Lucia.", "Mateo's grandparents are Juan
    /// and Maria Lopez.", "2 patients are minors: Mei and Tom.", "Unknown: nothing says whether the cat is big."
    public func answer(_ result: QueryResult) -> String {
        switch result.kind {
        case .ground: return groundAnswer(result)
        case .bindings: return bindingsAnswer(result, literals: result.query.literals, total: nil)
        case .count: return bindingsAnswer(result, literals: result.query.aggregate?.body ?? [], total: result.count)
        }
    }

    private func groundAnswer(_ result: QueryResult) -> String {
        switch result.truth ?? (result.holds ? .yes : .no) {
        case .yes:
            return "Yes: " + English.list(result.query.literals.map { reading($0, under: [:]) }) + "."
        case .no:
            let evidence = result.evidence
            var parts = evidence.notDerivable.map(denial)
            parts += evidence.refutations.flatMap { proof in proof.goals.map { statement(proof.steps[$0].conclusion) } }
            parts += evidence.falseConditions.map(falsity)
            if parts.isEmpty { parts = ["it is not the case that " + English.list(result.query.literals.map { reading($0, under: [:]) })] }
            return "No: " + English.list(parts) + "."
        case .unknown:
            let open = result.evidence.undecided.map(whether)
            return "Unknown: nothing says " + English.list(open.isEmpty ? result.query.literals.map { "whether " + reading($0, under: [:]) } : open, conjunction: "or") + "."
        }
    }

    /// A query literal read under an answer's bindings; a `!p` in the query reads as a plain denial.
    func reading(_ literal: Literal, under binding: [String: Value]) -> String {
        reading(literal, negation: .denial, under: binding)
    }

    /// Each distinct answer in English: its value when the query has one variable, else the query read under it.
    public func answerReadings(_ result: QueryResult) -> [String] {
        guard result.kind != .ground else { return [] }
        let (names, distinct) = distinctAnswers(result)
        let literals = result.query.aggregate?.body ?? result.query.literals
        return distinct.map { values in
            if values.count == 1 { return Self.text(values[0]) }
            let binding = Dictionary(uniqueKeysWithValues: zip(names, values))
            return English.list(literals.map { reading($0, under: binding) })
        }
    }

    /// The visible variables and the distinct bindings of them, in the result's order.
    private func distinctAnswers(_ result: QueryResult) -> (names: [String], values: [[Value]]) {
        let visible = result.variables.indices.filter { !result.variables[$0].hasPrefix(Reasoner.hiddenVariablePrefix) }
        var distinct: [[Value]] = []
        var seen = Set<[Value]>()
        for binding in result.bindings {
            let projected = visible.map { binding[$0] }
            if seen.insert(projected).inserted { distinct.append(projected) }
        }
        return (visible.map { result.variables[$0] }, distinct)
    }

    private func bindingsAnswer(_ result: QueryResult, literals: [Literal], total: Int?) -> String {
        let (names, distinct) = distinctAnswers(result)
        let count = total ?? distinct.count
        if names.count == 1, literals.count == 1, case let .positive(atom) = literals[0], total == nil || total == distinct.count,
           let sentence = singleVariableAnswer(atom, variable: names[0], values: distinct.map { $0[0] }, count: count) {
            return sentence
        }
        let described = distinct.map { values in
            let binding = Dictionary(uniqueKeysWithValues: zip(names, values))
            return English.list(literals.map { reading($0, under: binding) })
        }
        if count == 0 {
            return "No answers: nothing shows that " + English.list(literals.map { reading($0, under: [:]) }) + "."
        }
        if let total {
            let condition = English.list(literals.map { reading($0.replacingVariables(by: .wildcard), under: [:]) })
            let values = distinct.map { $0.map(Self.text).joined(separator: ", ") }
            let phrased = literals.allSatisfy { literal in
                if case let .positive(atom) = literal { return hasPhrase(atom.relation.name) }
                return true
            }
            let label = names.map { attributeNoun(of: $0, in: literals).map(English.plural) ?? "values" }.joined(separator: ", ")
            let listed = names.isEmpty ? "" : " (" + (phrased ? label + ": " : "") + Self.truncatedList(values, separator: names.count == 1 ? ", " : "; ") + ")"
            return "There \(total == 1 ? "is 1 case" : "are \(total) cases") in which \(condition)\(listed)."
        }
        if count == 1 {
            if case let .positive(atom) = literals[0] { return sentenceCase(described[0], of: atom.relation) + "." }
            return English.capitalized(described[0]) + "."
        }
        return English.counted(count, "answer") + ": " + Self.truncatedList(described, separator: "; ") + "."
    }

    /// "Mateo's grandparents are Juan and Maria Lopez." when the variable's attribute names the relation itself,
    /// otherwise the attribute's name as the counted noun: "2 patients are minors: Mei and Tom."
    private func singleVariableAnswer(_ atom: Atom, variable: String, values: [Value], count: Int) -> String? {
        guard let position = atom.arguments.firstIndex(of: .variable(variable)), hasPhrase(atom.relation.name), !atom.relation.isClassicallyNegated else { return nil }
        let names = attributeNames(of: atom.relation.name, arity: atom.arguments.count)
        let noun = English.words(names[position])
        let listed = Self.truncatedList(values.map(Self.text), separator: ", ")
        var fillers: [Filler] = []
        for (index, term) in atom.arguments.enumerated() {
            if index == position { continue }
            guard let value = term.value(under: [:]) else {
                if case .wildcard = term { fillers.append(.anything); continue }
                return nil
            }
            fillers.append(.value(value))
        }
        if count == 1 {
            fillers.insert(.value(values[0]), at: position)
            return sentenceCase(clause(atom.relation, fillers, mood: .statement), of: atom.relation) + "."
        }
        guard isSymbolic(atom.relation.name, position) else { return nil }
        if atom.arguments.count == 2, names[position] == atom.relation.name, case let .value(other) = fillers[0] {
            let owner = English.possessive(Self.text(other))
            return count == 0 ? "\(Self.text(other)) has no known \(English.plural(noun))." : "\(owner) \(English.plural(noun)) are \(listed)."
        }
        let countOpens = opens(atom.relation, withArgument: position, arity: atom.arguments.count)
        if count == 0, !countOpens {
            fillers.insert(.anything, at: position)
            return sentenceCase(clause(atom.relation, fillers, mood: .absence), of: atom.relation) + "."
        }
        // "There are 6 students: …", not "6 students are students".
        if atom.arguments.count == 1, English.words(atom.relation.name).lowercased() == noun.lowercased() {
            if count == 0 { return "There are no \(English.plural(noun))." }
            return (count == 1 ? "There is " : "There are ") + English.counted(count, noun) + ": " + listed + "."
        }
        fillers.insert(.text(English.counted(count, noun)), at: position)
        let pluralSubject = count >= 2 ? position : nil
        if pluralSubject != nil, countOpens, !agreesInPlural(atom.relation, subject: position, arity: atom.arguments.count) {
            return nil
        }
        let text = clause(atom.relation, fillers, mood: .statement, pluralSubject: pluralSubject)
        let sentence = countOpens ? English.capitalized(text) : sentenceCase(text, of: atom.relation)
        return count == 0 ? sentence + "." : sentence + ": " + listed + "."
    }

    /// "Ann, Bob, and Eve", or the first few and "and 980 more".
    static func truncatedList(_ items: [String], separator: String) -> String {
        guard items.count > namedAnswers else { return separator == ", " ? English.list(items) : items.joined(separator: separator) }
        return items.prefix(namedAnswers).joined(separator: separator) + "\(separator)and \(items.count - namedAnswers) more"
    }
}
