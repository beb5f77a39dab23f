import Verbalizer

/// Why `ask` did not answer: the question was not read whole, so any answer would be the answer to another question.
public enum Refusal: Equatable, Sendable {
    /// Names the knowledge does not hold, each with the nearest stored names.
    case unknownName([(name: String, nearest: [String])])
    /// Words no reading places, and parts of the best reading no word asks for.
    case unplacedWords([String], unsupported: [String])
    /// The only readings that account for every word are less likely than the threshold.
    case notSure(confidence: Double, threshold: Double)
    /// The question joins relations through something it does not ask for.
    case needsComposition(String)

    /// The JSON `reason`.
    public var reason: String {
        switch self {
        case .unknownName: return "unknown-name"
        case .unplacedWords: return "unplaced-words"
        case .notSure: return "not-sure"
        case .needsComposition: return "needs-composition"
        }
    }

    /// Why, in English, as the first line of the reply.
    public var explanation: String {
        switch self {
        case let .unknownName(names):
            return names.map { unknown in
                let kind = unknown.name.contains(where: \.isNumber) || unknown.name.first?.isUppercase == false ? "nothing" : "no one"
                let nearest = unknown.nearest.isEmpty ? ""
                    : " The nearest stored \(unknown.nearest.count == 1 ? "name is" : "names are") " + English.list(unknown.nearest, conjunction: "and") + "."
                return "I know \(kind) called '\(unknown.name)' in this knowledge.\(nearest)"
            }.joined(separator: " ")
        case let .unplacedWords(words, unsupported):
            var parts: [String] = []
            if !words.isEmpty {
                parts.append("I could not place " + English.list(words.map { "'\($0)'" }, conjunction: "or") + " in a reading of the question.")
            }
            if !unsupported.isEmpty {
                parts.append("Nothing in the question asks for " + English.list(unsupported, conjunction: "or") + ".")
            }
            return parts.joined(separator: " ")
        case let .notSure(confidence, threshold):
            return "I am not sure what the question means: the best reading that accounts for every word is \(Self.percent(confidence)) likely, below the \(Self.percent(threshold)) needed to answer."
        case let .needsComposition(shape):
            return "The question joins two or more relations (\(shape)); Lemma does not yet read such questions, and answering one relation of it would answer a different question."
        }
    }

    static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    public static func == (lhs: Refusal, rhs: Refusal) -> Bool {
        switch (lhs, rhs) {
        case let (.unknownName(left), .unknownName(right)):
            return left.map(\.name) == right.map(\.name) && left.map(\.nearest) == right.map(\.nearest)
        case let (.unplacedWords(leftWords, leftParts), .unplacedWords(rightWords, rightParts)):
            return leftWords == rightWords && leftParts == rightParts
        case let (.notSure(leftConfidence, leftThreshold), .notSure(rightConfidence, rightThreshold)):
            return leftConfidence == rightConfidence && leftThreshold == rightThreshold
        case let (.needsComposition(left), .needsComposition(right)):
            return left == right
        default:
            return false
        }
    }
}
