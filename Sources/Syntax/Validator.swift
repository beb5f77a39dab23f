/// Checks a parsed program the way a compiler's semantic pass does: declarations, arity, types, safety,
/// stratification and phrases, reporting every problem it finds.
public struct Validator {
    private let program: Program
    private let types: TypeTable
    private var declarations: [String: RelationDeclaration] = [:]
    private var diagnostics: [Diagnostic] = []
    private var usedRelations = Set<String>()

    public init(program: Program) {
        self.program = program
        self.types = TypeTable(program.types)
    }

    public func validate() -> [Diagnostic] {
        var validator = self
        validator.run()
        return validator.diagnostics
    }

    /// The primitive type of each column of a declared relation; nil for undeclared relations or unknown types.
    public static func columnTypes(of relation: String, in program: Program) -> [PrimitiveType]? {
        let types = TypeTable(program.types)
        guard let declaration = program.declaration(of: relation) else { return nil }
        let resolved = declaration.attributes.compactMap { types.primitive(of: $0.typeName) }
        return resolved.count == declaration.arity ? resolved : nil
    }

    private mutating func run() {
        diagnostics += types.diagnostics
        checkDeclarations()
        for fact in program.facts { checkFact(fact) }
        for rule in program.rules { checkRule(rule) }
        for constraint in program.constraints {
            checkClause(head: nil, body: constraint.body, location: constraint.location)
        }
        for property in program.properties {
            checkClause(head: property.head, body: property.body, location: property.location)
        }
        for input in program.inputs { checkDirectiveTarget(input.relation, at: input.location, directive: "input") }
        for output in program.outputs { checkDirectiveTarget(output.relation, at: output.location, directive: "output") }
        checkPhrases()
        checkPragmas()
        checkStratification()
        warnAboutUnusedRelations()
    }

    // MARK: Declarations

    private mutating func checkDeclarations() {
        for declaration in program.relations {
            if let earlier = declarations[declaration.name] {
                diagnostics.append(.error("duplicate-declaration", "relation '\(declaration.name)' is declared more than once", at: declaration.location, notes: [.init("first declared here", at: earlier.location)]))
                continue
            }
            declarations[declaration.name] = declaration
            var names = Set<String>()
            for attribute in declaration.attributes {
                if !names.insert(attribute.name).inserted {
                    diagnostics.append(.error("duplicate-attribute", "attribute '\(attribute.name)' appears twice in '\(declaration.name)'", at: declaration.location))
                }
                if types.primitive(of: attribute.typeName) == nil {
                    diagnostics.append(.error("unknown-type", "unknown type '\(attribute.typeName)' for attribute '\(attribute.name)' of '\(declaration.name)'; expected symbol, number, unsigned, float or a declared type", at: declaration.location))
                }
            }
            checkChoiceDomains(of: declaration, attributeNames: names)
        }
    }

    /// Every key names declared attributes. Lemma keeps choice-domain for stored facts (a second fact for a key is
    /// refused on import); which derived tuple Soufflé's choice keeps depends on its evaluation order, so a
    /// relation that rules derive may not have one.
    private mutating func checkChoiceDomains(of declaration: RelationDeclaration, attributeNames: Set<String>) {
        guard let keys = declaration.choiceDomains, !keys.isEmpty else { return }
        for name in keys.joined() where !attributeNames.contains(name) {
            diagnostics.append(.error("unknown-attribute", "choice-domain of '\(declaration.name)' names '\(name)', which is not one of its attributes", at: declaration.location))
        }
        if let rule = program.rules.first(where: { $0.head.relation.name == declaration.name }) {
            diagnostics.append(.error("unsupported-choice", "'\(declaration.name)' has a choice-domain and is derived by a rule; Lemma supports choice-domain only on stored relations", at: rule.location, notes: [.init("declared here", at: declaration.location)]))
        }
    }

    private func columnTypes(of declaration: RelationDeclaration) -> [PrimitiveType?] {
        declaration.attributes.map { types.primitive(of: $0.typeName) }
    }

    /// Looks up the atom's relation and checks its arity; nil (after reporting) when either is wrong.
    private mutating func resolve(_ atom: Atom) -> RelationDeclaration? {
        usedRelations.insert(atom.relation.name)
        guard let declaration = declarations[atom.relation.name] else {
            diagnostics.append(.error("undeclared-relation", "relation '\(atom.relation.name)' is not declared; add '.decl \(atom.relation.name)(...)'", at: atom.location))
            return nil
        }
        guard declaration.arity == atom.arguments.count else {
            diagnostics.append(.error("arity-mismatch", "'\(atom.relation)' expects \(declaration.arity) argument\(declaration.arity == 1 ? "" : "s") but is given \(atom.arguments.count)", at: atom.location, notes: [.init("declared here", at: declaration.location)]))
            return nil
        }
        return declaration
    }

    private mutating func checkFact(_ fact: Fact) {
        let atom = Atom(fact.relation, fact.values.map(Term.constant), location: fact.location)
        guard let declaration = resolve(atom) else { return }
        for (index, (value, type)) in zip(fact.values, columnTypes(of: declaration)).enumerated() {
            guard let type, value.primitiveType.domain != type.domain || (type == .unsigned && value.isNegative) else { continue }
            diagnostics.append(.error("type-mismatch", "argument \(index + 1) of '\(fact.relation)' (\(declaration.attributes[index].name)) expects \(type.rawValue), found \(value)", at: fact.location))
        }
    }

    private mutating func checkDirectiveTarget(_ relation: String, at location: SourceLocation, directive: String) {
        usedRelations.insert(relation)
        if declarations[relation] == nil {
            diagnostics.append(.error("undeclared-relation", "'.\(directive) \(relation)' names a relation that is not declared", at: location))
        }
    }

    // MARK: Rules

    private mutating func checkRule(_ rule: Rule) {
        if rule.body.isEmpty {
            diagnostics.append(.error("unsafe-variable", "fact '\(rule.head.relation)' must be ground; variables need a rule body that binds them", at: rule.head.location))
            _ = resolve(rule.head)
            return
        }
        checkClause(head: rule.head, body: rule.body, location: rule.location)
    }

    private mutating func checkClause(head: Atom?, body: [Literal], location: SourceLocation) {
        var inference = TypeInference()
        for aggregate in head?.arguments.flatMap(\.aggregates) ?? [] {
            checkBody(aggregate.body, inference: &inference)
        }
        if let head, let declaration = resolve(head) {
            for (index, argument) in head.arguments.enumerated() {
                if case .wildcard = argument {
                    diagnostics.append(.error("unsafe-variable", "'_' cannot appear in a rule head; every head argument needs a value", at: head.location))
                }
                inference.expect(argument, toHave: columnTypes(of: declaration)[index], context: "argument \(index + 1) of '\(head.relation)'", at: head.location)
            }
        }
        checkBody(body, inference: &inference)
        diagnostics += inference.diagnostics
        checkSafety(head: head, body: body, outerBound: [])
        warnAboutSingletons(head: head, body: body, location: location)
    }

    private mutating func checkBody(_ body: [Literal], inference: inout TypeInference) {
        for literal in body {
            // An aggregate's body types its variables before the comparison that uses the aggregate is checked.
            for aggregate in literal.aggregates {
                checkBody(aggregate.body, inference: &inference)
            }
            switch literal {
            case let .positive(atom), let .negative(atom):
                guard let declaration = resolve(atom) else { continue }
                if case .negative = literal, program.world == .open, !declaration.isClosed {
                    diagnostics.append(.error("negation-of-open-relation", "'!\(atom.relation)' is negation as failure, but '\(declaration.name)' is an open-world relation, where not derivable means unknown, not false; declare it '.decl \(declaration.name)(...) closed' or use classical negation '-\(declaration.name)'", at: atom.location, notes: [.init("declared here", at: declaration.location)]))
                }
                for (index, argument) in atom.arguments.enumerated() {
                    inference.expect(argument, toHave: columnTypes(of: declaration)[index], context: "argument \(index + 1) of '\(atom.relation)'", at: atom.location)
                }
            case let .comparison(comparison):
                inference.compare(comparison)
            }
        }
    }

    // MARK: Safety

    /// Soufflé's safety rule: every variable in the head, in a negation or in a comparison must be bound by a positive
    /// atom of the body, or by `v = expression` whose own variables are bound.
    private mutating func checkSafety(head: Atom?, body: [Literal], outerBound: Set<String>) {
        let bound = Self.boundVariables(body, outerBound: outerBound)
        var reported = Set<String>()
        func report(_ name: String, _ role: String, at location: SourceLocation) {
            guard reported.insert(name).inserted else { return }
            diagnostics.append(.error("unsafe-variable", "variable '\(name)' \(role) is not bound by a positive atom in the body", at: location))
        }
        if let head {
            for name in head.variables where !bound.contains(name) { report(name, "in the head", at: head.location) }
            for argument in head.arguments { checkAggregates(in: argument, bound: bound) }
        }
        for literal in body {
            switch literal {
            case let .positive(atom):
                for argument in atom.arguments where !Self.isBindingArgument(argument) {
                    for name in argument.variables where !bound.contains(name) { report(name, "in an expression", at: atom.location) }
                }
            case let .negative(atom):
                for name in atom.variables where !bound.contains(name) { report(name, "in the negation of '\(atom.relation)'", at: atom.location) }
            case let .comparison(comparison):
                for name in literal.variables where !bound.contains(name) { report(name, "in a comparison", at: comparison.location) }
            }
            if case let .positive(atom) = literal {
                for argument in atom.arguments { checkAggregates(in: argument, bound: bound) }
            } else if case let .comparison(comparison) = literal {
                checkAggregates(in: comparison.lhs, bound: bound)
                checkAggregates(in: comparison.rhs, bound: bound)
            }
        }
    }

    private mutating func checkAggregates(in term: Term, bound: Set<String>) {
        for aggregate in term.aggregates {
            let inner = Self.boundVariables(aggregate.body, outerBound: bound)
            if let target = aggregate.target {
                for name in target.variables where !inner.contains(name) {
                    diagnostics.append(.error("unsafe-variable", "variable '\(name)' aggregated by '\(aggregate.function.rawValue)' is not bound inside its body", at: aggregate.location))
                }
            }
            checkSafety(head: nil, body: aggregate.body, outerBound: bound)
        }
    }

    private static func isBindingArgument(_ term: Term) -> Bool {
        switch term {
        case .variable, .wildcard, .constant: return true
        default: return false
        }
    }

    public static func boundVariables(_ body: [Literal], outerBound: Set<String>) -> Set<String> {
        var bound = outerBound
        for case let .positive(atom) in body {
            for case let .variable(name) in atom.arguments { bound.insert(name) }
        }
        var changed = true
        while changed {
            changed = false
            for case let .comparison(comparison) in body where comparison.op == .equal {
                for (side, other) in [(comparison.lhs, comparison.rhs), (comparison.rhs, comparison.lhs)] {
                    guard case let .variable(name) = side, !bound.contains(name) else { continue }
                    var needed: [String] = []
                    other.collectVariables(into: &needed, includingAggregates: false)
                    let aggregateOuter = other.aggregates.flatMap { aggregate in
                        aggregate.body.flatMap(\.variables).filter { !boundVariables(aggregate.body, outerBound: []).contains($0) }
                    }
                    if needed.allSatisfy(bound.contains), aggregateOuter.allSatisfy(bound.contains) {
                        bound.insert(name)
                        changed = true
                    }
                }
            }
        }
        return bound
    }

    private mutating func warnAboutSingletons(head: Atom?, body: [Literal], location: SourceLocation) {
        var counts: [String: Int] = [:]
        var firstLocation: [String: SourceLocation] = [:]
        func count(_ term: Term, at location: SourceLocation) {
            switch term {
            case let .variable(name):
                counts[name, default: 0] += 1
                if firstLocation[name] == nil { firstLocation[name] = location }
            case let .arithmetic(_, lhs, rhs):
                count(lhs, at: location)
                count(rhs, at: location)
            case let .minus(operand):
                count(operand, at: location)
            case let .aggregate(aggregate):
                if let target = aggregate.target { count(target, at: aggregate.location) }
                countBody(aggregate.body)
            case .wildcard, .constant:
                break
            }
        }
        func countBody(_ literals: [Literal]) {
            for literal in literals {
                switch literal {
                case let .positive(atom), let .negative(atom):
                    atom.arguments.forEach { count($0, at: atom.location) }
                case let .comparison(comparison):
                    count(comparison.lhs, at: comparison.location)
                    count(comparison.rhs, at: comparison.location)
                }
            }
        }
        head?.arguments.forEach { count($0, at: head!.location) }
        countBody(body)
        for (name, occurrences) in counts where occurrences == 1 && !name.hasPrefix("_") {
            diagnostics.append(.warning("singleton-variable", "variable '\(name)' appears only once; use '_' if that is intended", at: firstLocation[name]))
        }
    }

    // MARK: Stratification

    private mutating func checkStratification() {
        let graph = DependencyGraph(rules: program.rules)
        guard let (edge, cycle) = graph.negativeCycle() else { return }
        let path = cycle.map(\.description).joined(separator: " -> ")
        diagnostics.append(.error("unstratifiable", "'\(edge.to)' depends on '\(edge.from)' through negation or aggregation inside a recursive cycle: \(path)", at: edge.location, notes: [.init("break the cycle, or move the negated relation to an earlier stratum")]))
    }

    // MARK: Phrases, pragmas, unused relations

    private mutating func checkPhrases() {
        var seen: [String: SourceLocation] = [:]
        for phrase in program.phrases {
            usedRelations.insert(phrase.relation)
            if let earlier = seen[phrase.relation] {
                diagnostics.append(.error("duplicate-declaration", "relation '\(phrase.relation)' has more than one '.phrase'", at: phrase.location, notes: [.init("first phrase here", at: earlier)]))
            }
            seen[phrase.relation] = phrase.location
            guard let declaration = declarations[phrase.relation] else {
                diagnostics.append(.error("undeclared-relation", "'.phrase' names relation '\(phrase.relation)', which is not declared", at: phrase.location))
                continue
            }
            let attributes = declaration.attributes.map(\.name)
            for template in phrase.templates {
                for name in PhraseDeclaration.placeholders(in: template) where !attributes.contains(name) {
                    diagnostics.append(.error("unknown-attribute", "phrase for '\(phrase.relation)' uses '{\(name)}', but '\(phrase.relation)' has attributes \(attributes.map { "'\($0)'" }.joined(separator: ", "))", at: phrase.location))
                }
            }
            if let canonical = phrase.templates.first {
                let used = Set(PhraseDeclaration.placeholders(in: canonical))
                for name in attributes where !used.contains(name) {
                    diagnostics.append(.error("incomplete-phrase", "the first (canonical) phrase for '\(phrase.relation)' must mention '{\(name)}' so answers can be rendered", at: phrase.location))
                }
            }
        }
    }

    private mutating func checkPragmas() {
        for pragma in program.pragmas {
            switch pragma.key {
            case "world":
                if pragma.value != "open" && pragma.value != "closed" {
                    diagnostics.append(.error("bad-pragma", "'.pragma \"world\"' expects \"open\" or \"closed\"", at: pragma.location))
                }
            default:
                diagnostics.append(.warning("unknown-pragma", "unknown pragma '\(pragma.key)' is ignored", at: pragma.location))
            }
        }
    }

    private mutating func warnAboutUnusedRelations() {
        for fact in program.facts { usedRelations.insert(fact.relation.name) }
        for declaration in program.relations where !usedRelations.contains(declaration.name) {
            diagnostics.append(.warning("unused-relation", "relation '\(declaration.name)' is declared but never used", at: declaration.location))
        }
    }
}

extension Value {
    var isNegative: Bool {
        switch self {
        case let .number(n): return n < 0
        case let .float(x): return x < 0
        case .symbol: return false
        }
    }
}

/// Infers the type of each variable of one clause from the columns it occupies, reporting conflicts.
struct TypeInference {
    private var variableTypes: [String: (PrimitiveType, SourceLocation)] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    mutating func expect(_ term: Term, toHave type: PrimitiveType?, context: String, at location: SourceLocation) {
        guard let type else { return }
        guard let actual = infer(term, at: location) else {
            if case let .variable(name) = term { variableTypes[name] = (type, location) }
            return
        }
        if actual.domain != type.domain {
            diagnostics.append(.error("type-mismatch", "\(context) expects \(type.rawValue), found \(describe(term)) of type \(actual.rawValue)", at: location))
        }
    }

    mutating func compare(_ comparison: Comparison) {
        let left = infer(comparison.lhs, at: comparison.location)
        let right = infer(comparison.rhs, at: comparison.location)
        if let left, let right, left.domain != right.domain {
            diagnostics.append(.error("type-mismatch", "cannot compare \(describe(comparison.lhs)) (\(left.rawValue)) with \(describe(comparison.rhs)) (\(right.rawValue))", at: comparison.location))
        } else if comparison.op == .equal {
            for (side, type) in [(comparison.lhs, right), (comparison.rhs, left)] {
                if case let .variable(name) = side, variableTypes[name] == nil, let type {
                    variableTypes[name] = (type, comparison.location)
                }
            }
        }
    }

    private mutating func infer(_ term: Term, at location: SourceLocation) -> PrimitiveType? {
        switch term {
        case let .variable(name):
            return variableTypes[name]?.0
        case .wildcard:
            return nil
        case let .constant(value):
            return value.primitiveType
        case let .arithmetic(op, lhs, rhs):
            let left = infer(lhs, at: location)
            let right = infer(rhs, at: location)
            for (side, type) in [(lhs, left), (rhs, right)] where type == .symbol {
                diagnostics.append(.error("type-mismatch", "arithmetic '\(op.rawValue)' needs numbers, but \(describe(side)) is a symbol", at: location))
                return nil
            }
            return left == .float || right == .float ? .float : (left ?? right)
        case let .minus(operand):
            let type = infer(operand, at: location)
            if type == .symbol {
                diagnostics.append(.error("type-mismatch", "unary '-' needs a number, but \(describe(operand)) is a symbol", at: location))
                return nil
            }
            return type
        case let .aggregate(aggregate):
            guard let target = aggregate.target, aggregate.function != .count else { return .number }
            let type = infer(target, at: aggregate.location)
            if type == .symbol && aggregate.function == .sum {
                diagnostics.append(.error("type-mismatch", "'sum' needs numbers, but \(describe(target)) is a symbol", at: aggregate.location))
            }
            return type
        }
    }

    private func describe(_ term: Term) -> String {
        switch term {
        case let .variable(name): return "variable '\(name)'"
        case let .constant(value): return value.description
        default: return "an expression"
        }
    }
}
