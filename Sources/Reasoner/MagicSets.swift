import Syntax

/// Query-driven evaluation by the magic-set rewriting: relations reached with some arguments bound are computed only
/// for the demanded bindings. `ancestor("Ann", x)` then derives Ann's ancestors, not the whole closure.
///
/// Relations used under negation or in aggregates are computed in full by their original rules, so the rewritten
/// program stays stratified; only positive dependencies are restricted by demand.
struct MagicSets {
    let program: Program
    let arity: (RelationName) -> Int?

    struct Rewriting {
        var rules: [Rule]
        /// For each rewritten rule, the stored rule it comes from; magic rules map to the rule that created the demand.
        var ruleOrigins: [Int]
        var query: [Literal]
        var seeds: [GroundAtom]
        var extraRelations: [(RelationName, Int)]
        var relationOrigins: [RelationName: RelationName]
        var magicRelations: Set<RelationName>
    }

    private struct Adorned: Hashable {
        var relation: RelationName
        var pattern: [Bool]

        var name: RelationName {
            RelationName("\(relation.name)@\(pattern.map { $0 ? "b" : "f" }.joined())", classicallyNegated: relation.isClassicallyNegated)
        }

        var magicName: RelationName {
            RelationName("magic@\(relation)@\(pattern.map { $0 ? "b" : "f" }.joined())")
        }
    }

    /// Returns nil when no atom of the query has a bound argument: then there is no demand to restrict by.
    func rewrite(_ query: [Literal]) -> Rewriting? {
        var rulesByHead: [RelationName: [Int]] = [:]
        for (index, rule) in program.rules.enumerated() { rulesByHead[rule.head.relation, default: []].append(index) }

        var result = Rewriting(rules: [], ruleOrigins: [], query: [], seeds: [], extraRelations: [], relationOrigins: [:], magicRelations: [])
        var pending: [Adorned] = []
        var known = Set<Adorned>()
        var fullRelations = Set<RelationName>()

        /// Rewrites one body under the given bound variables, queueing the adorned relations it demands.
        /// `guardAtom` is the magic atom of the rule's head, added to every magic rule the body produces.
        func adornBody(_ body: [Literal], bound initiallyBound: Set<String>, guardAtom: Atom?, origin: Int) -> [Literal] {
            var bound = initiallyBound
            var rewritten: [Literal] = []
            var prefix: [Literal] = guardAtom.map { [.positive($0)] } ?? []
            for literal in body {
                for aggregate in literal.aggregates {
                    for (atom, _) in DependencyGraph.bodyAtoms(aggregate.body, underNegation: true) { fullRelations.insert(atom.relation) }
                }
                switch literal {
                case let .positive(atom):
                    let pattern = atom.arguments.map { argument -> Bool in
                        if case .wildcard = argument { return false }
                        if case .aggregate = argument { return false }
                        return argument.variables.allSatisfy(bound.contains)
                    }
                    if rulesByHead[atom.relation] != nil, pattern.contains(true) {
                        let adorned = Adorned(relation: atom.relation, pattern: pattern)
                        if known.insert(adorned).inserted { pending.append(adorned) }
                        let demanded = zip(atom.arguments, pattern).filter(\.1).map(\.0)
                        let magicHead = Atom(adorned.magicName, demanded, location: atom.location)
                        let constants = demanded.compactMap { ProofBuilder.evaluate($0, [:]) }
                        if prefix.isEmpty, constants.count == demanded.count {
                            result.seeds.append(GroundAtom(adorned.magicName, constants))
                        } else {
                            result.rules.append(Rule(head: magicHead, body: prefix, location: atom.location, sourceText: ""))
                            result.ruleOrigins.append(origin)
                        }
                        let renamed = Atom(adorned.name, atom.arguments, location: atom.location)
                        rewritten.append(.positive(renamed))
                        prefix.append(.positive(renamed))
                    } else {
                        if rulesByHead[atom.relation] != nil { fullRelations.insert(atom.relation) }
                        rewritten.append(literal)
                        prefix.append(literal)
                    }
                    for case let .variable(name) in atom.arguments { bound.insert(name) }
                case let .negative(atom):
                    fullRelations.insert(atom.relation)
                    rewritten.append(literal)
                    if atom.variables.allSatisfy(bound.contains) { prefix.append(literal) }
                case let .comparison(comparison):
                    rewritten.append(literal)
                    let unbound = Validator.boundVariables([literal], outerBound: bound).subtracting(bound)
                    let needed = literal.variables.filter { !bound.contains($0) }
                    if needed.isEmpty || (comparison.op == .equal && needed.count == 1 && unbound == Set(needed)) {
                        prefix.append(literal)
                        bound.formUnion(needed)
                    }
                }
            }
            return rewritten
        }

        result.query = adornBody(query, bound: [], guardAtom: nil, origin: 0)
        guard !known.isEmpty else { return nil }

        while let adorned = pending.popLast() {
            for index in rulesByHead[adorned.relation] ?? [] {
                let rule = program.rules[index]
                let boundArguments = zip(rule.head.arguments, adorned.pattern).filter(\.1).map(\.0)
                // The guard can only restrict heads whose bound arguments are variables or constants.
                let canGuard = boundArguments.allSatisfy { argument in
                    if case .variable = argument { return true }
                    if case .constant = argument { return true }
                    return false
                }
                let guardAtom = canGuard ? Atom(adorned.magicName, boundArguments, location: rule.location) : nil
                let bound = canGuard ? Set(boundArguments.flatMap(\.variables)) : []
                let body = adornBody(rule.body, bound: bound, guardAtom: guardAtom, origin: index)
                result.rules.append(Rule(head: Atom(adorned.name, rule.head.arguments, location: rule.head.location), body: (guardAtom.map { [Literal.positive($0)] } ?? []) + body, location: rule.location, sourceText: rule.sourceText))
                result.ruleOrigins.append(index)
            }
            result.relationOrigins[adorned.name] = adorned.relation
            result.magicRelations.insert(adorned.magicName)
            if let arity = arity(adorned.relation) {
                result.extraRelations.append((adorned.name, arity))
                result.extraRelations.append((adorned.magicName, adorned.pattern.filter { $0 }.count))
            }
        }

        // Relations needed in full keep their original rules, together with everything those rules depend on.
        var queue = Array(fullRelations)
        var included = Set<RelationName>()
        while let relation = queue.popLast() {
            guard included.insert(relation).inserted else { continue }
            for index in rulesByHead[relation] ?? [] {
                result.rules.append(program.rules[index])
                result.ruleOrigins.append(index)
                for (atom, _) in DependencyGraph.bodyAtoms(program.rules[index].body, underNegation: false) { queue.append(atom.relation) }
            }
        }
        // Adorned relations also hold the stored facts of the relation they stand for; origin -1 marks these copies,
        // which proofs skip over to the stored fact itself.
        for (adorned, relation) in result.relationOrigins {
            let variables = (0..<(arity(relation) ?? 0)).map { Term.variable("v\($0)") }
            let location = SourceLocation(file: "<query-driven>", line: 0, column: 0)
            result.rules.append(Rule(head: Atom(adorned, variables, location: location), body: [.positive(Atom(relation, variables, location: location))], location: location, sourceText: ""))
            result.ruleOrigins.append(-1)
        }
        return result
    }
}
