import NeuralParser
import Syntax

/// Labels for the kinship network from CLUTRR's training stories, which give only the answer: in a story of k steps
/// the chain runs from the first person through the story's k - 1 other people to the second. The lexical reader
/// usually finds all steps but one; the answer then pins that one through the composition table of
/// `rules/kinship.dl`. Every pair the story names together is labelled: the steps with their kinds, all other pairs
/// "none". Stories whose steps cannot be pinned, or whose lexical reading contradicts the answer, are skipped.
public struct StoryLabelling: Sendable {
    struct KindPair: Hashable {
        var first: String
        var second: String
    }

    /// One's `first`'s `second`, by the rules' `composes`, then their `convention`s.
    let composition: [KindPair: String]

    public init() {
        let text = ShippedKnowledge.files[StoryService.rules] ?? ""
        var composition: [KindPair: String] = [:]
        for relation in ["convention", "composes"] {
            for fact in ProgramLoader.parse(text: text, file: StoryService.rules, validate: false).program.facts where fact.relation.name == relation {
                guard case let .symbol(first) = fact.values[0], case let .symbol(second) = fact.values[1], case let .symbol(result) = fact.values[2] else { continue }
                composition[KindPair(first: first, second: second)] = result
            }
        }
        self.composition = composition
    }

    /// Stories used to measure the network and never to train it: a fifth of the two- and three-step stories, chosen
    /// by their wording with the names taken out, so that no wording is both trained on and measured, and every longer
    /// story.
    public static func isHeldOut(_ item: StoryEvaluation.Item) -> Bool {
        guard item.k == 2 || item.k == 3 else { return true }
        var template = ""
        var inName = false
        for character in item.story {
            if character == "[" { inName = true; template.append("X") }
            if !inName { template.append(character) }
            if character == "]" { inName = false }
        }
        return InputVocabulary.bucket(template, buckets: 5) == 0
    }

    public static let heldOutDescription = "every story with k > 3, and the two- and three-step stories whose wording hashes (FNV-1a, names as X) to 0 mod 5"

    /// The sex each person's name had in `items`, where the answers always gave it one: the answer names the second
    /// person's kin ("aunt"). In CLUTRR's stories a name keeps its sex, so this labels everyone a story names.
    public static func usualSexes(of items: [StoryEvaluation.Item]) -> [String: String] {
        var seen: [String: Set<String>] = [:]
        for item in items where KinshipFeatures.kindOfKin[item.answer] != nil && item.query.count == 2 {
            seen[item.query[1], default: []].insert(StoryReader.sex(ofKin: item.answer))
        }
        return seen.compactMapValues { $0.count == 1 ? $0.first : nil }
    }

    /// Everyone a story names whose sex `sexes` knows, labelled with it.
    public func sexExamples(for item: StoryEvaluation.Item, sexes: [String: String]) -> [KinshipTraining.Example] {
        let lexical = StoryReader().read(item.story)
        return lexical.people.compactMap { person in
            sexes[person].map { KinshipTraining.Example.sex(person, in: item.story, lexicalSex: lexical.sexes[person], sex: $0) }
        }
    }

    /// The labelled pairs of one story of two or three steps, or nil when its steps cannot be pinned. The chain runs
    /// from the first person through the story's other people to the second; where the lexical reader found all
    /// steps but one, the answer pins that one through the composition table. Of the orders the middle people could
    /// take, exactly one may fit, and a kinship the lexical reader found off the chain makes the story unusable.
    public func examples(for item: StoryEvaluation.Item) -> [KinshipTraining.Example]? {
        guard let length = item.k, length == 2 || length == 3, let answerKind = KinshipFeatures.kindOfKin[item.answer] else { return nil }
        let (person, relative) = (item.query[0], item.query[1])
        let lexical = StoryReader().read(item.story)
        let middle = lexical.people.filter { $0 != person && $0 != relative }
        guard middle.count == length - 1 else { return nil }
        let kinds = KinshipReader.kinds(of: lexical)
        var fitting: [(chain: [String], steps: [String])] = []
        for order in Self.orders(of: middle) {
            let chain = [person] + order + [relative]
            let found = chain.indices.dropLast().map { kinds[KinshipReader.PairKey(chain[$0], chain[$0 + 1])] }
            let missing = found.indices.filter { found[$0] == nil }
            guard missing.count <= 1 else { continue }
            let candidates = missing.isEmpty ? [found.map { $0! }] : KinshipClass.kinds.map { kind in
                found.enumerated().map { $0.offset == missing[0] ? kind : $0.element! }
            }
            let composing = candidates.filter { composition(of: $0) == answerKind }
            if composing.count == 1 { fitting.append((chain, composing[0])) }
        }
        guard fitting.count == 1, let (chain, steps) = fitting.first else { return nil }
        var labels: [KinshipReader.PairKey: String] = [:]
        for (index, kind) in steps.enumerated() {
            guard let inverse = KinshipFeatures.inverseKind[kind] else { return nil }
            labels[KinshipReader.PairKey(chain[index], chain[index + 1])] = kind
            labels[KinshipReader.PairKey(chain[index + 1], chain[index])] = inverse
        }
        return KinshipFeatures.pairs(in: item.story).map { pair in
            let key = KinshipReader.PairKey(pair.first, pair.second)
            return KinshipTraining.Example.kinship(pair, lexicalKind: kinds[key], target: labels[key].map { .forward($0) } ?? .none)
        }
    }

    /// One's `steps[0]`'s `steps[1]`'s … as one kind, composing from the left and, where the table has no entry on
    /// the way, from the right.
    func composition(of steps: [String]) -> String? {
        func fold(_ steps: ArraySlice<String>, fromLeft: Bool) -> String? {
            guard var result = fromLeft ? steps.first : steps.last else { return nil }
            for step in fromLeft ? Array(steps.dropFirst()) : Array(steps.dropLast().reversed()) {
                guard let next = composition[fromLeft ? KindPair(first: result, second: step) : KindPair(first: step, second: result)] else { return nil }
                result = next
            }
            return result
        }
        return fold(steps[...], fromLeft: true) ?? fold(steps[...], fromLeft: false)
    }

    /// Every order of a few people.
    static func orders(of people: [String]) -> [[String]] {
        guard people.count > 1 else { return [people] }
        return people.indices.flatMap { index in
            orders(of: people.enumerated().filter { $0.offset != index }.map(\.element)).map { [people[index]] + $0 }
        }
    }
}
