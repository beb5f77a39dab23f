import Syntax

/// A comparison as English states it, with its direction: "over 40" is `> 40`, "40 or older" is `>= 40`, "no more
/// than 3" is `<= 3`. The accounting matches each phrase with a comparison of the query in the same direction, so
/// a reading that turned "lower than 60" into `> 60` does not account for the question.
struct ComparisonPhrase: Equatable, Sendable {
    var indices: [Int]
    var op: ComparisonOperator
    /// The token of the number compared with, when it stands next to the phrase.
    var number: Int?
    /// The comparative that names what is compared ("older"), when there is one.
    var dimension: String?

    static func phrases(in tokens: [Token]) -> [ComparisonPhrase] {
        let words = tokens.map(\.text)
        var phrases: [ComparisonPhrase] = []
        var index = 0
        while index < words.count {
            if let phrase = phrase(at: index, in: words) {
                phrases.append(phrase)
                index = phrase.indices.max()! + 1
            } else {
                index += 1
            }
        }
        return phrases
    }

    private static func phrase(at index: Int, in words: [String]) -> ComparisonPhrase? {
        let word = words[index]
        func after(_ offset: Int) -> String? { words.indices.contains(index + offset) ? words[index + offset] : nil }
        func isNumber(_ position: Int) -> Bool { words.indices.contains(position) && Tokenizer.number(in: words[position]) != nil }
        func numberAfter(_ position: Int) -> Int? { isNumber(position) ? position : nil }
        func make(_ length: Int, _ op: ComparisonOperator, number: Int?, comparative: String) -> ComparisonPhrase {
            let dimension = ClosedWordLists.dimensions[comparative] != nil ? comparative : nil
            return ComparisonPhrase(indices: Array(index..<(index + length)), op: op, number: number, dimension: dimension)
        }
        func direction(_ comparative: String) -> ComparisonOperator? {
            ClosedWordLists.greaterWords.contains(comparative) ? .greater : ClosedWordLists.lessWords.contains(comparative) ? .less : nil
        }
        if word == "at", let next = after(1), next == "least" || next == "most" {
            return make(2, next == "least" ? .greaterOrEqual : .lessOrEqual, number: numberAfter(index + 2), comparative: next)
        }
        if word == "up", after(1) == "to" { return make(2, .lessOrEqual, number: numberAfter(index + 2), comparative: "to") }
        if ["no", "not"].contains(word), let next = after(1), let op = direction(next) {
            let length = after(2) == "than" ? 3 : 2
            return make(length, op == .greater ? .lessOrEqual : .greaterOrEqual, number: numberAfter(index + length), comparative: next)
        }
        // "18 or older", "18 years or older": the number is at most two words before "or".
        if word == "or", let next = after(1), let op = direction(next), (1...3).contains(where: { isNumber(index - $0) }) {
            let number = (1...3).map { index - $0 }.first(where: isNumber)
            return make(2, op == .greater ? .greaterOrEqual : .lessOrEqual, number: number, comparative: next)
        }
        if let op = direction(word) {
            if after(1) == "or", after(2) == "equal" {
                let length = after(3) == "to" ? 4 : 3
                return make(length, op == .greater ? .greaterOrEqual : .lessOrEqual, number: numberAfter(index + length), comparative: word)
            }
            let length = after(1) == "than" ? 2 : 1
            return make(length, op, number: numberAfter(index + length), comparative: word)
        }
        return nil
    }
}
