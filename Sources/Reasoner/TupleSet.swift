/// The tuples of one relation: a flat row-major array of interned values, deduplicated by a hash index over all
/// columns, with lazily built hash indexes on the column sets that joins look up.
/// Rows are only ever appended, so a row number names a tuple for good (proofs refer to rows).
struct TupleSet {
    let arity: Int
    private(set) var cells: [Int32] = []
    private(set) var count = 0
    private var unique: HashIndex
    private var indexes: [Int: HashIndex] = [:]

    init(arity: Int) {
        self.arity = arity
        self.unique = HashIndex(columns: Array(0..<arity))
    }

    @inline(__always)
    func value(row: Int, column: Int) -> Int32 {
        cells[row * arity + column]
    }

    func tuple(row: Int) -> [Int32] {
        Array(cells[row * arity..<(row + 1) * arity])
    }

    /// Appends the tuple unless present; returns its row and whether it was new.
    @discardableResult
    mutating func insert(_ tuple: [Int32]) -> (row: Int, inserted: Bool) {
        if let row = unique.first(matching: tuple, in: cells, arity: arity, below: count) {
            return (row, false)
        }
        let row = count
        cells.append(contentsOf: tuple)
        count += 1
        unique.add(row: row, cells: cells, arity: arity)
        for key in indexes.keys { indexes[key]!.add(row: row, cells: cells, arity: arity) }
        return (row, true)
    }

    func row(of tuple: [Int32]) -> Int? {
        unique.first(matching: tuple, in: cells, arity: arity, below: count)
    }

    /// Makes sure lookups on this set of columns (a bit mask) are indexed.
    mutating func ensureIndex(mask: Int) {
        guard mask != 0, mask != (1 << arity) - 1, indexes[mask] == nil else { return }
        var index = HashIndex(columns: (0..<arity).filter { mask & (1 << $0) != 0 })
        for row in 0..<count { index.add(row: row, cells: cells, arity: arity) }
        indexes[mask] = index
    }

    /// Calls `body` with each row in `range` whose masked columns equal `key` (a full-width tuple; other columns ignored).
    func forEachRow(mask: Int, key: [Int32], in range: Range<Int>, _ body: (Int) -> Void) {
        if mask == 0 {
            for row in range { body(row) }
            return
        }
        if mask == (1 << arity) - 1 {
            if let row = unique.first(matching: key, in: cells, arity: arity, below: count), range.contains(row) { body(row) }
            return
        }
        guard let index = indexes[mask] else {
            let columns = (0..<arity).filter { mask & (1 << $0) != 0 }
            for row in range where columns.allSatisfy({ cells[row * arity + $0] == key[$0] }) { body(row) }
            return
        }
        index.forEach(matching: key, in: cells, arity: arity, range: range, body)
    }
}

/// Open addressing from a key (the values of some columns) to a chain of rows with that key; newest rows first.
struct HashIndex {
    let columns: [Int]
    private var slots: [Int32]
    private var next: [Int32] = []
    private var used = 0

    init(columns: [Int]) {
        self.columns = columns
        self.slots = [Int32](repeating: -1, count: 16)
    }

    @inline(__always)
    private func hash(_ cells: [Int32], base: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for column in columns {
            h = (h ^ UInt64(UInt32(bitPattern: cells[base + column]))) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    private func keyEquals(_ cells: [Int32], row: Int, arity: Int, key: [Int32], keyBase: Int) -> Bool {
        for column in columns where cells[row * arity + column] != key[keyBase + column] { return false }
        return true
    }

    /// The slot holding the chain for `key`, or the empty slot where it would go.
    private func slot(for key: [Int32], keyBase: Int, cells: [Int32], arity: Int) -> Int {
        let mask = slots.count - 1
        var position = hash(key, base: keyBase) & mask
        while true {
            let head = slots[position]
            if head < 0 || keyEquals(cells, row: Int(head), arity: arity, key: key, keyBase: keyBase) { return position }
            position = (position + 1) & mask
        }
    }

    mutating func add(row: Int, cells: [Int32], arity: Int) {
        if (used + 1) * 2 > slots.count { grow(cells: cells, arity: arity) }
        while next.count <= row { next.append(-1) }
        let position = slot(for: cells, keyBase: row * arity, cells: cells, arity: arity)
        if slots[position] < 0 { used += 1 }
        next[row] = slots[position]
        slots[position] = Int32(row)
    }

    private mutating func grow(cells: [Int32], arity: Int) {
        let old = slots
        slots = [Int32](repeating: -1, count: old.count * 2)
        for head in old where head >= 0 {
            let position = slot(for: cells, keyBase: Int(head) * arity, cells: cells, arity: arity)
            slots[position] = head
        }
    }

    func first(matching key: [Int32], in cells: [Int32], arity: Int, below limit: Int) -> Int? {
        var row = slots[slot(for: key, keyBase: 0, cells: cells, arity: arity)]
        while row >= 0 {
            if Int(row) < limit { return Int(row) }
            row = next[Int(row)]
        }
        return nil
    }

    func forEach(matching key: [Int32], in cells: [Int32], arity: Int, range: Range<Int>, _ body: (Int) -> Void) {
        var row = slots[slot(for: key, keyBase: 0, cells: cells, arity: arity)]
        while row >= 0 {
            let current = Int(row)
            if current < range.lowerBound { return }
            if current < range.upperBound { body(current) }
            row = next[current]
        }
    }
}
