import NeuralParser

/// Longer kinship stories for measuring systematic generalisation, built from held-out stories only: stories are
/// joined end to end, each one's second person becoming the next one's first (names are renamed, each to a name of
/// the same usual sex, so that no one else is shared), until the chain has k steps. The answer composes the parts' answers through the sound table of
/// `rules/kinship.dl` (never its conventions), named by the sex of the last relative. CLUTRR's own long test stories
/// are built the same way from sentences for one to three steps; these reuse whole held-out stories instead.
public struct StoryChains: Sendable {
    let labelling = StoryLabelling()
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// `count` stories for each k in `lengths`; stories of two and three steps are held-out stories as they are.
    public func stories(from items: [StoryEvaluation.Item], lengths: ClosedRange<Int>, count: Int) -> [StoryEvaluation.Item] {
        let pool = items.filter { StoryLabelling.isHeldOut($0) && ($0.k == 2 || $0.k == 3) && KinshipFeatures.kindOfKin[$0.answer] != nil }
        let poolByLength = Dictionary(grouping: pool) { $0.k ?? 0 }
        let usualSexes = StoryLabelling.usualSexes(of: items)
        let names = Dictionary(grouping: Set(pool.flatMap { KinshipStory.bracketedNames(in: $0.story) }).sorted()) { usualSexes[$0] }
        var random = SeededRandom(seed: seed)
        var result: [StoryEvaluation.Item] = []
        for k in lengths {
            var made = 0
            var attempts = 0
            while made < count, attempts < count * 200 {
                attempts += 1
                guard let parts = Self.parts(of: k, using: &random) else { break }
                let chosen = parts.compactMap { size in poolByLength[size]?.randomElement(using: &random) }
                guard chosen.count == parts.count, let joined = join(chosen, names: names, usualSexes: usualSexes, using: &random) else { continue }
                made += 1
                result.append(StoryEvaluation.Item(id: "chain-\(k)-\(made)", story: joined.story, query: joined.query, answer: joined.answer, k: k))
            }
        }
        return result
    }

    /// Sizes of two and three steps that add up to k, in random order.
    static func parts(of k: Int, using random: inout SeededRandom) -> [Int]? {
        guard k >= 2 else { return nil }
        var sizes: [Int] = []
        var left = k
        while left > 0 {
            let size = left == 2 || left == 4 ? 2 : left == 3 ? 3 : (random.next() % 2 == 0 ? 2 : 3)
            sizes.append(size)
            left -= size
        }
        return sizes.shuffled(using: &random)
    }

    private func join(_ stories: [StoryEvaluation.Item], names: [String?: [String]], usualSexes: [String: String],
                      using random: inout SeededRandom) -> StoryEvaluation.Item? {
        var text: [String] = []
        var used: Set<String> = []
        var first: String?
        var end: String?
        var kind: String?
        var endSex: String?
        for story in stories {
            guard let partKind = KinshipFeatures.kindOfKin[story.answer] else { return nil }
            let sexes = StoryReader().read(story.story).sexes
            if let endSex, let told = sexes[story.query[0]] ?? usualSexes[story.query[0]], told != endSex { return nil }
            var renaming: [String: String] = [:]
            if let end { renaming[story.query[0]] = end }
            for name in KinshipStory.bracketedNames(in: story.story) where renaming[name] == nil {
                guard let fresh = names[usualSexes[name]]?.filter({ !used.contains($0) }).randomElement(using: &random) else { return nil }
                renaming[name] = fresh
                used.insert(fresh)
            }
            if let sofar = kind {
                guard let composed = labelling.composition[StoryLabelling.KindPair(first: sofar, second: partKind)] else { return nil }
                kind = composed
            } else {
                kind = partKind
            }
            first = first ?? renaming[story.query[0]]
            end = renaming[story.query[1]]
            endSex = StoryReader.sex(ofKin: story.answer)
            text.append(KinshipStory.renaming(story.story, renaming))
        }
        guard let first, let end, let kind, let endSex,
              let answer = KinshipFeatures.kin(ofKind: kind, sex: endSex) else { return nil }
        return StoryEvaluation.Item(id: "", story: text.joined(separator: " "), query: [first, end], answer: answer, k: nil)
    }
}
