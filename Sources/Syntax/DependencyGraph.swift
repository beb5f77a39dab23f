/// Which relations each relation is derived from, and whether through negation or aggregation:
/// the basis for stratification, shared by validation and evaluation.
public struct DependencyGraph: Sendable {
    public struct Edge: Hashable, Sendable {
        public var from: RelationName
        public var to: RelationName
        /// Negation and aggregation need the body relation complete before the head is computed.
        public var isNegative: Bool
        public var location: SourceLocation
    }

    public private(set) var edges: [Edge] = []
    public let relationNames: [RelationName]

    public init(rules: [Rule], extraPredicates: [RelationName] = []) {
        var seen = Set<RelationName>()
        var ordered: [RelationName] = []
        func note(_ relation: RelationName) {
            if seen.insert(relation).inserted { ordered.append(relation) }
        }
        extraPredicates.forEach(note)
        for rule in rules {
            note(rule.head.relation)
            for (atom, isNegative) in Self.bodyAtoms(rule.body, underNegation: false) {
                note(atom.relation)
                edges.append(Edge(from: atom.relation, to: rule.head.relation, isNegative: isNegative, location: atom.location))
            }
            for argument in rule.head.arguments {
                for aggregate in argument.aggregates {
                    for (atom, _) in Self.bodyAtoms(aggregate.body, underNegation: true) {
                        note(atom.relation)
                        edges.append(Edge(from: atom.relation, to: rule.head.relation, isNegative: true, location: atom.location))
                    }
                }
            }
        }
        relationNames = ordered
    }

    /// Every atom in a body, including those inside aggregates (which count as negative dependencies).
    public static func bodyAtoms(_ body: [Literal], underNegation: Bool) -> [(Atom, Bool)] {
        var result: [(Atom, Bool)] = []
        for literal in body {
            switch literal {
            case let .positive(atom): result.append((atom, underNegation))
            case let .negative(atom): result.append((atom, true))
            case .comparison: break
            }
            for aggregate in literal.aggregates {
                result += bodyAtoms(aggregate.body, underNegation: true)
            }
        }
        return result
    }

    /// Strongly connected components in dependency order: every component comes after those it depends on.
    public func components() -> [[RelationName]] {
        var index: [RelationName: Int] = [:]
        var lowLink: [RelationName: Int] = [:]
        var onStack = Set<RelationName>()
        var stack: [RelationName] = []
        var counter = 0
        var result: [[RelationName]] = []
        var successors: [RelationName: [RelationName]] = [:]
        for edge in edges { successors[edge.from, default: []].append(edge.to) }

        func connect(_ node: RelationName) {
            index[node] = counter
            lowLink[node] = counter
            counter += 1
            stack.append(node)
            onStack.insert(node)
            for next in successors[node] ?? [] {
                if index[next] == nil {
                    connect(next)
                    lowLink[node] = min(lowLink[node]!, lowLink[next]!)
                } else if onStack.contains(next) {
                    lowLink[node] = min(lowLink[node]!, index[next]!)
                }
            }
            if lowLink[node] == index[node] {
                var component: [RelationName] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    component.append(top)
                    if top == node { break }
                }
                result.append(component)
            }
        }
        for relation in relationNames where index[relation] == nil {
            connect(relation)
        }
        // Tarjan emits a component after everything reachable from it (its dependents); dependencies must come first.
        return result.reversed()
    }

    /// A negative edge inside a recursive component, with the cycle it closes; nil when the program is stratified.
    public func negativeCycle() -> (edge: Edge, cycle: [RelationName])? {
        let componentOf = Dictionary(uniqueKeysWithValues: components().enumerated().flatMap { number, members in members.map { ($0, number) } })
        for edge in edges where edge.isNegative && componentOf[edge.from] == componentOf[edge.to] {
            return (edge, path(from: edge.to, to: edge.from, within: componentOf) + [edge.to])
        }
        return nil
    }

    private func path(from start: RelationName, to goal: RelationName, within componentOf: [RelationName: Int]) -> [RelationName] {
        var previous: [RelationName: RelationName] = [:]
        var queue = [start]
        var visited: Set = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if node == goal { break }
            for edge in edges where edge.from == node && componentOf[edge.to] == componentOf[start] && visited.insert(edge.to).inserted {
                previous[edge.to] = node
                queue.append(edge.to)
            }
        }
        var path = [goal]
        while let last = path.last, last != start, let before = previous[last] { path.append(before) }
        return path.reversed()
    }
}

extension Program {
    /// Every relation the given relations depend on, through positive or negated literals and aggregates (in rule
    /// bodies and heads), themselves included: what deciding an atom of them can need.
    public func dependencyCone(of relations: some Sequence<RelationName>) -> Set<RelationName> {
        var cone = Set<RelationName>()
        var queue = Array(relations)
        while let next = queue.popLast() {
            guard cone.insert(next).inserted else { continue }
            for rule in rules where rule.head.relation == next {
                for (atom, _) in DependencyGraph.bodyAtoms(rule.body, underNegation: false) { queue.append(atom.relation) }
                for aggregate in rule.head.arguments.flatMap(\.aggregates) {
                    for (atom, _) in DependencyGraph.bodyAtoms(aggregate.body, underNegation: false) { queue.append(atom.relation) }
                }
            }
        }
        return cone
    }
}
