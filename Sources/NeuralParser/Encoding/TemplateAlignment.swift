/// How the words beside each linked name line up with the words beside each slot of the candidate's templates.
///
/// Which of two slots of one type a name fills is decided by the words around it: in "Who descends from Juan?"
/// Juan follows "descends from" as `{ancestor}` does in "{descendant} descends from {ancestor}". A two-layer encoder
/// learns such alignments slowly from positions alone, so they are computed here and given to it as features; the
/// network still decides. A possessive is also read as "N of X", so "Lucia's siblings" meets "a sibling of {person}",
/// and "How many N does X have" as "the N of X".
struct TemplateAlignment: Sendable {
    /// The stems on each side of a position, nearest first, stopping at another name or slot. Articles and the
    /// copulas and auxiliaries that a question moves ("Is Juan an ancestor…" against "{ancestor} is an ancestor…")
    /// are skipped.
    struct Context: Equatable, Sendable {
        var left: [String]
        var right: [String]
    }

    enum Strength: Int, Comparable, Sendable {
        case none, near, close

        static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Every context each slot of the candidate stands in, over all its templates.
    let slotContexts: [[Context]]
    /// Stems of the verbs that make "How many N does X have" a possessive.
    private let possessionVerbs: Set<String>
    private let skipped: Set<String>
    private let whose: String

    init(relation: RelationSchema, templates: Int, stem: (String) -> String) {
        possessionVerbs = Set(["have", "has", "had", "own", "owns"].map(stem))
        skipped = Set(["the", "a", "an", "is", "are", "was", "were", "be", "been", "do", "does", "did"].map(stem))
        whose = stem("whose")
        var contexts = [[Context]](repeating: [], count: min(relation.arity, SequenceBuilder.maximumArity))
        for template in relation.phrases.prefix(templates) {
            let pieces = SequenceBuilder.pieces(of: template)
            let words = pieces.map { piece -> String? in
                if case let .word(word) = piece { return stem(word) } else { return nil }
            }
            for (index, piece) in pieces.enumerated() {
                guard case let .slot(name) = piece,
                      let slot = relation.attributes.firstIndex(where: { $0.name == name }), slot < contexts.count else { continue }
                contexts[slot] += Self.readings(of: Self.context(at: index, in: words, skipping: skipped))
            }
        }
        slotContexts = contexts
    }

    /// How well the name at `index` lines up with each slot: `close` when two words on one side match, `near` for one.
    func strengths(ofUnitAt index: Int, in words: [String?]) -> [Strength] {
        let readings = questionReadings(at: index, in: words)
        return slotContexts.map { contexts in
            var best = Strength.none
            for question in readings {
                for template in contexts {
                    best = max(best, Self.strength(question, template))
                }
            }
            return best
        }
    }

    /// Words that stand where a name would and so fill a slot too: in "What cancelled someone?" the asked slot is
    /// the one "someone" does not fill.
    static let placeholders: Set<String> = ["someone", "somebody", "something", "anyone", "anybody", "anything"]

    /// The question's units as stems, with nil for names, numbers and placeholders.
    static func words(of units: [LinkedQuestion.Unit], stem: (String) -> String) -> [String?] {
        units.map { unit in
            if case let .word(word) = unit, !placeholders.contains(word) { return stem(word) } else { return nil }
        }
    }

    private static func strength(_ question: Context, _ template: Context) -> Strength {
        func matching(_ a: [String], _ b: [String]) -> Int {
            zip(a, b).prefix { $0 == $1 }.count
        }
        let matched = max(matching(question.left, template.left), matching(question.right, template.right))
        return matched >= 2 ? .close : matched == 1 ? .near : .none
    }

    private func questionReadings(at index: Int, in words: [String?]) -> [Context] {
        var readings = Self.readings(of: Self.context(at: index, in: words, skipping: skipped))
        if let after = readings.first?.right.first, possessionVerbs.contains(after),
           let asker = words.firstIndex(where: { $0 == "many" || $0 == "which" || $0 == "what" }),
           asker + 1 < index, let noun = words[asker + 1] {
            readings.append(Context(left: ["of", noun], right: []))
        }
        // "Whose parent is Carlos?" asks what Carlos is "a parent of".
        if let left = readings.first?.left, left.count == 2, left[1] == whose {
            readings.append(Context(left: [], right: [left[0], "of"]))
        }
        return readings
    }

    /// The context as written, plus its possessive mirror: "X's N" also reads as "N of X" and the other way round.
    private static func readings(of context: Context) -> [Context] {
        var readings = [context]
        if context.right.count >= 2, context.right[0] == "'s" {
            readings.append(Context(left: ["of", context.right[1]], right: []))
        }
        if context.left.count >= 2, context.left[0] == "of" {
            readings.append(Context(left: [], right: ["'s", context.left[1]]))
        }
        return readings
    }

    private static func context(at index: Int, in words: [String?], skipping skipped: Set<String>) -> Context {
        func collect(_ positions: some Sequence<Int>) -> [String] {
            var collected: [String] = []
            for position in positions {
                guard let word = words[position] else { break }
                if skipped.contains(word) { continue }
                collected.append(word)
                if collected.count == 2 { break }
            }
            return collected
        }
        return Context(left: collect((0..<index).reversed()), right: collect((index + 1)..<words.count))
    }
}
