import Syntax

extension SeededRandom {
    /// A uniform index below `count`. Written out rather than `Int.random(in:using:)`, whose algorithm the
    /// standard library may change, so that a seed gives the same data on every toolchain.
    mutating func index(_ count: Int) -> Int {
        Int(next() % UInt64(count))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    mutating func element<T>(_ items: [T]) -> T {
        items[index(items.count)]
    }

    /// An index chosen with probability proportional to its weight.
    mutating func weighted(_ weights: [Double]) -> Int {
        var target = Double(next() >> 11) / Double(1 << 53) * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }
}

/// Draws labelled sentences for one schema: a label first (form, relation, what each argument does, which
/// names), then one of the grammar's phrasings of it, then noise. Phrasings depend only on the label's shape, not
/// on its names and numbers, so they are computed once per shape and reused.
struct Sampler {
    let generator: QuestionGenerator
    private var cache: [Interpretation: [Phrasing]] = [:]
    /// An argument of a relation, by position.
    struct Member {
        var relation: Int
        var attribute: Int
    }

    /// Arguments that are the plain subject of some template, grouped by declared type where the group spans two
    /// relations: the clauses a conjunction can join.
    private let subjects: [[Member]]

    init(generator: QuestionGenerator) {
        self.generator = generator
        var byType: [String: [Member]] = [:]
        for (relationIndex, relation) in generator.schema.relations.enumerated() {
            for (attributeIndex, attribute) in relation.attributes.enumerated() where !attribute.isNumeric {
                let frames = generator.grammar.frames[relation.name] ?? []
                if frames.contains(where: { $0?.subject == .slot(attribute.name) && $0?.isNegative == false }) {
                    byType[attribute.typeName, default: []].append(Member(relation: relationIndex, attribute: attributeIndex))
                }
            }
        }
        var subjects: [[Member]] = []
        for type in byType.keys.sorted() {
            let members = byType[type] ?? []
            if Set(members.map(\.relation)).count >= 2 { subjects.append(members) }
        }
        self.subjects = subjects
    }

    private static let forms: [(form: QuestionForm, weight: Double)] = [
        (.which, 0.26), (.yesNo, 0.14), (.howMany, 0.10), (.exists, 0.09), (.why, 0.08), (.whyNot, 0.08), (.statement, 0.13),
    ]
    private static let conjunctionWeight = 0.12

    mutating func next(using random: inout SeededRandom) -> LabeledSentence? {
        guard !generator.schema.relations.isEmpty else { return nil }
        let choice = random.weighted(Self.forms.map(\.weight) + [Self.conjunctionWeight])
        let drawn = choice < Self.forms.count ? single(Self.forms[choice].form, using: &random) : conjunction(using: &random)
        guard let interpretation = drawn else { return nil }
        let shape = Self.shape(of: interpretation)
        let phrasings: [Phrasing]
        if let cached = cache[shape] {
            phrasings = cached
        } else {
            phrasings = generator.grammar.phrasings(shape)
            cache[shape] = phrasings
        }
        guard !phrasings.isEmpty else { return nil }
        let phrasing = random.element(phrasings)
        let text = Noise.sentence(phrasing, values: generator.fillers(of: interpretation), symbols: symbolKeys(of: interpretation), form: interpretation.form, using: &random)
        return LabeledSentence(text: text, interpretation: interpretation)
    }

    /// The interpretation with its names and numbers blanked: everything the grammar looks at.
    static func shape(of interpretation: Interpretation) -> Interpretation {
        var shape = interpretation
        for index in shape.clauses.indices {
            shape.clauses[index].arguments = shape.clauses[index].arguments.map { argument in
                switch argument {
                case .value: return .value(.symbol(""))
                case let .compared(op, _): return .compared(op, .number(0))
                case .asked, .free: return argument
                }
            }
        }
        return shape
    }

    private func symbolKeys(of interpretation: Interpretation) -> Set<String> {
        var keys = Set<String>()
        for (index, clause) in interpretation.clauses.enumerated() {
            guard let relation = generator.schema.relation(named: clause.relation) else { continue }
            for (attribute, argument) in zip(relation.attributes, clause.arguments) {
                if case .value(.symbol) = argument { keys.insert(QuestionGrammar.slotKey(attribute.name, clause: index)) }
            }
        }
        return keys
    }

    // MARK: labels

    private func single(_ form: QuestionForm, using random: inout SeededRandom) -> Interpretation? {
        let relation = random.element(generator.schema.relations)
        let attributes = relation.attributes
        var arguments = [Interpretation.Argument](repeating: .free, count: attributes.count)
        var negated = false
        var used: [String: Set<String>] = [:]
        func value(_ index: Int) -> Interpretation.Argument? {
            draw(attributes[index], avoiding: &used, using: &random).map(Interpretation.Argument.value)
        }
        func bounded(_ index: Int) -> Interpretation.Argument {
            let ops: [ComparisonOperator] = [.greater, .less, .greaterOrEqual, .lessOrEqual]
            return .compared(ops[random.weighted([0.35, 0.35, 0.15, 0.15])], .number(number(for: attributes[index], using: &random)))
        }
        switch form {
        case .which, .howMany, .exists:
            let candidates = attributes.indices.filter { !attributes[$0].isNumeric || (form == .which && random.chance(0.3)) }
            guard !candidates.isEmpty else { return nil }
            let asked = random.element(candidates)
            negated = random.chance(form == .which ? 0.18 : form == .howMany ? 0.12 : 0.08)
            for index in attributes.indices {
                if index == asked {
                    arguments[index] = .asked
                } else if attributes[index].isNumeric, !negated, random.chance(0.4) {
                    arguments[index] = bounded(index)
                } else if !attributes[index].isNumeric, random.chance(0.15) {
                    arguments[index] = .free
                } else {
                    guard let argument = value(index) else { return nil }
                    arguments[index] = argument
                }
            }
        case .yesNo:
            negated = random.chance(0.18)
            for index in attributes.indices {
                if attributes[index].isNumeric, !negated, random.chance(0.3) {
                    arguments[index] = bounded(index)
                } else if attributes.count > 1, !attributes[index].isNumeric, random.chance(0.08) {
                    arguments[index] = .free
                } else {
                    guard let argument = value(index) else { return nil }
                    arguments[index] = argument
                }
            }
        case .why, .whyNot, .statement:
            negated = form == .statement && random.chance(0.2)
            for index in attributes.indices {
                guard let argument = value(index) else { return nil }
                arguments[index] = argument
            }
        }
        return Interpretation(form: form, negated: negated, clauses: [.init(relation: relation.name, arguments: arguments)])
    }

    private func conjunction(using random: inout SeededRandom) -> Interpretation? {
        guard !subjects.isEmpty else { return nil }
        let members = random.element(subjects)
        let first = random.element(members)
        let others = members.filter { $0.relation != first.relation }
        guard !others.isEmpty else { return nil }
        let second = random.element(others)
        let form: QuestionForm = [.which, .howMany, .exists][random.weighted([0.6, 0.25, 0.15])]
        var used: [String: Set<String>] = [:]
        var clauses: [Interpretation.Clause] = []
        for member in [first, second] {
            let relation = generator.schema.relations[member.relation]
            var arguments: [Interpretation.Argument] = []
            for (index, attribute) in relation.attributes.enumerated() {
                if index == member.attribute {
                    arguments.append(.asked)
                } else if attribute.isNumeric, random.chance(0.3) {
                    arguments.append(.compared([.greater, .less][random.index(2)], .number(number(for: attribute, using: &random))))
                } else {
                    guard let value = draw(attribute, avoiding: &used, using: &random) else { return nil }
                    arguments.append(.value(value))
                }
            }
            clauses.append(.init(relation: relation.name, arguments: arguments))
        }
        return Interpretation(form: form, clauses: clauses)
    }

    /// A stored name of the attribute's type, not already used in the sentence where the type has others, or a
    /// number; nil when the schema knows no name of that type.
    private func draw(_ attribute: RelationSchema.Attribute, avoiding used: inout [String: Set<String>], using random: inout SeededRandom) -> Value? {
        if attribute.isNumeric { return .number(number(for: attribute, using: &random)) }
        guard let names = generator.entities[attribute.typeName], !names.isEmpty else { return nil }
        var name = random.element(names)
        for _ in 0..<4 where used[attribute.typeName, default: []].contains(name) { name = random.element(names) }
        used[attribute.typeName, default: []].insert(name)
        return .symbol(name)
    }

    /// Numbers from 2 up, so that "2 children" and "2 years old" never meet the singular.
    private func number(for attribute: RelationSchema.Attribute, using random: inout SeededRandom) -> Int64 {
        let name = attribute.name.lowercased()
        let upper = name.contains("year") || name.contains("age") ? 95 : 60
        return Int64(2 + random.index(upper - 1))
    }
}
