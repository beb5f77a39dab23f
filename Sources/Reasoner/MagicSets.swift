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

    /// Rewrites the program for one query body. Negated atoms and aggregate bodies are restricted by demand too when
    /// the result stays stratified; otherwise they fall back to full evaluation of their relations. Returns nil when
    /// the query reads no derived relation (or no stratified rewriting exists): then full evaluation is used.
    func rewrite(_ query: [Literal]) -> Rewriting? {
        for restrictNegations in [true, false] {
            guard let rewriting = rewrite(query, restrictNegations: restrictNegations) else { return nil }
            if DependencyGraph(rules: rewriting.rules).negativeCycle() == nil { return rewriting }
        }
        return nil
    }

    private func rewrite(_ query: [Literal], restrictNegations: Bool) -> Rewriting? {
        var rulesByHead: [RelationName: [Int]] = [:]
        for (index, rule) in program.rules.enumerated() { rulesByHead[rule.head.relation, default: []].append(index) }

        let graph = DependencyGraph(rules: program.rules)
        var componentOf: [RelationName: Int] = [:]
        for (index, component) in graph.components().enumerated() { for relation in component { componentOf[relation] = index } }
        let selfDependent = Set(graph.edges.filter { $0.from == $0.to }.map(\.from))
        /// Whether `relation`'s component is recursive: more than one relation, or one that depends on itself.
        func isRecursive(_ relation: RelationName) -> Bool {
            guard let component = componentOf[relation] else { return false }
            return selfDependent.contains(relation) || componentOf.values.filter { $0 == component }.count > 1
        }
        func isRecursiveDemand(from head: RelationName, to callee: RelationName) -> Bool {
            componentOf[head] != nil && componentOf[head] == componentOf[callee]
        }
        var result = Rewriting(rules: [], ruleOrigins: [], query: [], seeds: [], extraRelations: [], relationOrigins: [:], magicRelations: [])
        var pending: [Adorned] = []
        var known = Set<Adorned>()
        var fullRelations = Set<RelationName>()

        /// The adorned atom standing for `atom` under the bound variables, queueing its rules and adding the magic rule
        /// (or seed) that records the demand; `prefix` is what holds before the atom in the clause.
        func demand(_ atom: Atom, bound: Set<String>, prefix: [Literal], origin: Int, head: RelationName?) -> Atom {
            // Within a recursive component only a variable or a constant carries a demand: a demand for `y+1` there
            // would put new values into the magic relations (`magic(y+1) :- magic(y)`), which need not end even where
            // the program itself does. Across components an expression's demand is made once, so it is passed on.
            let recursive = head.map { isRecursiveDemand(from: $0, to: atom.relation) } ?? false
            let pattern = atom.arguments.map { argument -> Bool in
                switch argument {
                case .constant: return true
                case let .variable(name): return bound.contains(name)
                case .wildcard, .aggregate: return false
                default: return !recursive && argument.variables.allSatisfy(bound.contains)
                }
            }
            let adorned = Adorned(relation: atom.relation, pattern: pattern)
            if known.insert(adorned).inserted { pending.append(adorned) }
            let demanded = zip(atom.arguments, pattern).filter(\.1).map(\.0)
            let constants = demanded.compactMap { $0.value(under: [:]) }
            if prefix.isEmpty, constants.count == demanded.count {
                result.seeds.append(GroundAtom(adorned.magicName, constants))
            } else {
                result.rules.append(Rule(head: Atom(adorned.magicName, demanded, location: atom.location), body: prefix, location: atom.location, sourceText: ""))
                result.ruleOrigins.append(origin)
            }
            return Atom(adorned.name, atom.arguments, location: atom.location)
        }

        /// Rewrites one body under the given bound variables, left to right (sideways information passing).
        func adornBody(_ body: [Literal], bound initiallyBound: Set<String>, prefix initialPrefix: [Literal], origin: Int, head: RelationName?) -> [Literal] {
            var bound = initiallyBound
            var rewritten: [Literal] = []
            var prefix = initialPrefix
            for literal in body {
                let literal = adornAggregates(in: literal, bound: bound, prefix: prefix, origin: origin, head: head)
                switch literal {
                case let .positive(atom):
                    // An atom with an expression argument over variables not yet bound (`f(n+1, q)` before `n` is)
                    // cannot be read at this point: it stays out of the magic rules that follow (leaving it out
                    // only widens the demand) and binds nothing for them.
                    let readable = atom.arguments.allSatisfy { argument in
                        if case .variable = argument { return true }
                        return argument.variables.allSatisfy(bound.contains)
                    }
                    var renamed = literal
                    if rulesByHead[atom.relation] != nil {
                        renamed = .positive(demand(atom, bound: bound, prefix: prefix, origin: origin, head: head))
                    }
                    rewritten.append(renamed)
                    guard readable else { continue }
                    prefix.append(renamed)
                    for case let .variable(name) in atom.arguments { bound.insert(name) }
                case let .negative(atom):
                    let ready = atom.variables.allSatisfy(bound.contains)
                    if rulesByHead[atom.relation] != nil, restrictNegations, ready {
                        let renamed = demand(atom, bound: bound, prefix: prefix, origin: origin, head: head)
                        rewritten.append(.negative(renamed))
                        prefix.append(.negative(renamed))
                    } else {
                        if rulesByHead[atom.relation] != nil { fullRelations.insert(atom.relation) }
                        rewritten.append(literal)
                        if ready { prefix.append(literal) }
                    }
                case let .comparison(comparison):
                    rewritten.append(literal)
                    let needed = literal.variables.filter { !bound.contains($0) }
                    // In a recursive rule only an equality that copies a value binds for the demand: `w = z + 1`
                    // there would make new values round after round.
                    let copies = (comparison.lhs.isPlainValue && comparison.rhs.isPlainValue) || !(head.map(isRecursive) ?? false)
                    let assigns = comparison.op == .equal && needed.count == 1 && copies
                        && Validator.boundVariables([literal], outerBound: bound).contains(needed[0])
                    // Comparisons holding aggregates stay out of magic rules (leaving a filter out is sound), and the
                    // variables they bind count as unbound for the demand of later atoms.
                    if (needed.isEmpty || assigns) && literal.aggregates.isEmpty {
                        prefix.append(literal)
                        bound.formUnion(needed)
                    }
                }
            }
            return rewritten
        }

        /// Aggregate bodies are restricted by the demand of their bound arguments when negations may be; otherwise
        /// their relations are computed in full.
        func adornAggregates(in literal: Literal, bound: Set<String>, prefix: [Literal], origin: Int, head: RelationName?) -> Literal {
            func rewriteTerm(_ term: Term) -> Term {
                switch term {
                case let .aggregate(aggregate):
                    var rewritten = aggregate
                    if restrictNegations {
                        rewritten.body = adornBody(aggregate.body, bound: bound, prefix: prefix, origin: origin, head: head)
                    } else {
                        for (atom, _) in DependencyGraph.bodyAtoms(aggregate.body, underNegation: true) where rulesByHead[atom.relation] != nil {
                            fullRelations.insert(atom.relation)
                        }
                    }
                    return .aggregate(rewritten)
                case let .arithmetic(op, lhs, rhs): return .arithmetic(op, rewriteTerm(lhs), rewriteTerm(rhs))
                case let .minus(operand): return .minus(rewriteTerm(operand))
                case .variable, .wildcard, .constant: return term
                }
            }
            switch literal {
            case var .positive(atom):
                atom.arguments = atom.arguments.map(rewriteTerm)
                return .positive(atom)
            case .negative:
                return literal
            case var .comparison(comparison):
                comparison.lhs = rewriteTerm(comparison.lhs)
                comparison.rhs = rewriteTerm(comparison.rhs)
                return .comparison(comparison)
            }
        }

        result.query = adornBody(query, bound: [], prefix: [], origin: 0, head: nil)
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
                let body = adornBody(rule.body, bound: bound, prefix: guardAtom.map { [Literal.positive($0)] } ?? [], origin: index, head: rule.head.relation)
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

private extension Term {
    /// A variable or a constant: a term that names an existing value rather than computing a new one.
    var isPlainValue: Bool {
        switch self {
        case .variable, .constant: return true
        default: return false
        }
    }
}
