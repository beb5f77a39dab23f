/// A token's vector is the weighted sum of table rows for everything known about it: its character n-grams, the
/// whole word, its role in the sequence, its linking features and its position. Summing n-grams is what gives
/// words never seen in training a representation close to the words they resemble.
struct EmbeddingBag: Sendable {
    struct Entry: Sendable, Hashable {
        var row: Int
        var weight: Float
    }

    let table: ParameterID
    let rows: Int
    let width: Int

    init(rows: Int, width: Int, store: inout ParameterStore, random: inout SeededRandom) {
        self.rows = rows
        self.width = width
        table = store.add("embedding", shape: [rows, width], scale: 0.1, using: &random)
    }

    /// bags: n lists of rows → output n × width.
    func forward(_ bags: [[Entry]], store: ParameterStore) -> [Float] {
        var output = [Float](repeating: 0, count: bags.count * width)
        store.withValues(table) { table in
            for (position, bag) in bags.enumerated() {
                for entry in bag {
                    precondition((0..<rows).contains(entry.row), "embedding row \(entry.row) outside 0..<\(rows)")
                    for column in 0..<width { output[position * width + column] += entry.weight * table[entry.row * width + column] }
                }
            }
        }
        return output
    }

    func backward(_ bags: [[Entry]], outputGradient: [Float], store: inout ParameterStore) {
        store.withGradient(table) { gradient in
            for (position, bag) in bags.enumerated() {
                for entry in bag {
                    for column in 0..<width { gradient[entry.row * width + column] += entry.weight * outputGradient[position * width + column] }
                }
            }
        }
    }
}
