import NeuralParser
import Syntax

/// Labels for the kinship network from CLUTRR's training stories, which give only the answer: in a story of two
/// steps (k = 2) the chain runs from the first person through the one other person to the second. The lexical reader
/// usually finds at least one step; the answer then pins the other through the composition table of
/// `rules/kinship.dl`. Every pair the story names together is labelled: the two steps with their kinds, all other
/// pairs "none". Stories whose steps cannot be pinned, or whose lexical reading contradicts the answer, are skipped.
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

    /// Stories used to measure the network and never to train it: a fifth of the two-step stories, chosen by their
    /// wording with the names taken out, so that no wording is both trained on and measured.
    public static func isHeldOut(_ item: StoryEvaluation.Item) -> Bool {
        guard item.k == 2 else { return true }
        var template = ""
        var inName = false
        for character in item.story {
            if character == "[" { inName = true; template.append("X") }
            if !inName { template.append(character) }
            if character == "]" { inName = false }
        }
        return InputVocabulary.bucket(template, buckets: 5) == 0
    }

    public static let heldOutDescription = "every story with k != 2, and the two-step stories whose wording hashes (FNV-1a, names as X) to 0 mod 5"

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

    /// The labelled pairs of one two-step story, or nil when its steps cannot be pinned.
    public func examples(for item: StoryEvaluation.Item) -> [KinshipTraining.Example]? {
        guard item.k == 2, let answerKind = KinshipFeatures.kindOfKin[item.answer] else { return nil }
        let (person, relative) = (item.query[0], item.query[1])
        let lexical = StoryReader().read(item.story)
        let middle = lexical.people.filter { $0 != person && $0 != relative }
        guard middle.count == 1, let between = middle.first else { return nil }
        let kinds = KinshipReader.kinds(of: lexical)
        var firstStep = kinds[KinshipReader.PairKey(person, between)]
        var secondStep = kinds[KinshipReader.PairKey(between, relative)]
        let allKinds = KinshipClass.kinds
        if let first = firstStep, secondStep == nil {
            let fitting = allKinds.filter { composition[KindPair(first: first, second: $0)] == answerKind }
            secondStep = fitting.count == 1 ? fitting[0] : nil
        } else if let second = secondStep, firstStep == nil {
            let fitting = allKinds.filter { composition[KindPair(first: $0, second: second)] == answerKind }
            firstStep = fitting.count == 1 ? fitting[0] : nil
        }
        guard let first = firstStep, let second = secondStep, composition[KindPair(first: first, second: second)] == answerKind,
              let firstInverse = KinshipFeatures.inverseKind[first], let secondInverse = KinshipFeatures.inverseKind[second] else { return nil }
        let steps: [KinshipReader.PairKey: String] = [
            KinshipReader.PairKey(person, between): first, KinshipReader.PairKey(between, person): firstInverse,
            KinshipReader.PairKey(between, relative): second, KinshipReader.PairKey(relative, between): secondInverse,
        ]
        return KinshipFeatures.pairs(in: item.story).map { pair in
            let key = KinshipReader.PairKey(pair.first, pair.second)
            return KinshipTraining.Example.kinship(pair, lexicalKind: kinds[key], target: steps[key].map { .forward($0) } ?? .none)
        }
    }
}
