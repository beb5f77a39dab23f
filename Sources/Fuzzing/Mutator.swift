import NeuralParser

/// Makes new inputs from seed inputs the way a coverage-guided fuzzer's mutators do: flipping, inserting and deleting
/// bytes, repeating and splicing chunks, and inserting tokens that parsers choke on (deep nesting, huge numbers,
/// invalid UTF-8, NUL bytes, very long runs). The same seed gives the same inputs.
struct Mutator {
    var random: SeededRandom
    let seeds: [[UInt8]]

    static let tokens: [[UInt8]] = [
        "(", ")", "((((((((((((((((((((((((((((((((", ":-", "!", "-", "\"", "\\", ".", ",", "_", "=", "<", "+",
        "99999999999999999999999999", "-9223372036854775808", "1e999", "nan", ".decl ", ".include \"x.dl\"", ".input ",
        "count : { ", "}", "\t", "\n", "\r\n", "\u{00E9}", "\u{1F600}", "{\"id\": 1, \"op\": \"query\", \"query\": \"",
        "\"op\": \"ask\", \"question\": \"", "[", "]", "null", "true", "1.5e308", "Who ", "Is ", "?",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]]

    init(seed: UInt64, seeds: [[UInt8]]) {
        random = SeededRandom(seed: seed)
        self.seeds = seeds.isEmpty ? [[]] : seeds
    }

    mutating func next() -> [UInt8] {
        var input = seeds.randomElement(using: &random)!
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            mutate(&input)
        }
        return input
    }

    private mutating func position(in input: [UInt8]) -> Int {
        Int.random(in: 0...input.count, using: &random)
    }

    private mutating func mutate(_ input: inout [UInt8]) {
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !input.isEmpty:
            let index = Int.random(in: 0..<input.count, using: &random)
            input[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1:
            input.insert(UInt8.random(in: 0...255, using: &random), at: position(in: input))
        case 2 where !input.isEmpty:
            let start = Int.random(in: 0..<input.count, using: &random)
            input.removeSubrange(start..<min(input.count, start + Int.random(in: 1...16, using: &random)))
        case 3 where !input.isEmpty:
            let start = Int.random(in: 0..<input.count, using: &random)
            let chunk = input[start..<min(input.count, start + Int.random(in: 1...32, using: &random))]
            let repeats = Int.random(in: 1...(Bool.random(using: &random) ? 4 : 2000), using: &random)
            input.insert(contentsOf: Array(repeating: Array(chunk), count: repeats).joined(), at: position(in: input))
        case 4:
            let other = seeds.randomElement(using: &random)!
            guard !other.isEmpty else { return }
            let start = Int.random(in: 0..<other.count, using: &random)
            let end = Int.random(in: start...other.count, using: &random)
            input.replaceSubrange(position(in: input)..<input.count, with: other[start..<end])
        case 5 where !input.isEmpty:
            let digits = input.indices.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[$0]) }
            guard let index = digits.randomElement(using: &random) else { fallthrough }
            input.insert(contentsOf: Array(repeating: UInt8(ascii: "9"), count: Int.random(in: 1...40, using: &random)), at: index)
        default:
            input.insert(contentsOf: Self.tokens.randomElement(using: &random)!, at: position(in: input))
        }
    }
}
