/// The tuples of one relation: a flat row-major array of interned values, deduplicated by a hash index over all
/// columns, with lazily built hash indexes on the column sets that joins look up.
/// Rows are only ever appended, so a row number names a tuple for good (proofs refer to rows).
/// The evaluator's inner loop works on pointers into `cells`, so a join allocates nothing per row.
struct TupleSet {
    let arity: Int
    private(set) var cells: [Int32] = []
    private(set) var count = 0
    private var unique: HashIndex
    /// The column masks that have an index, and the indexes, in the same order. Arrays rather than a dictionary:
    /// updating a dictionary's value while iterating its keys copies every index on every insert.
    private var indexMasks: [Int] = []
    private var indexes: [HashIndex] = []

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
        Self.withPointer(to: tuple) { insert($0) }
    }

    /// Appends the `arity` values at `tuple` unless present; returns its row and whether it was new.
    @discardableResult
    mutating func insert(_ tuple: UnsafePointer<Int32>) -> (row: Int, inserted: Bool) {
        if let row = uniqueRow(matching: tuple) {
            return (row, false)
        }
        let row = count
        cells.append(contentsOf: UnsafeBufferPointer(start: tuple, count: arity))
        count += 1
        Self.withPointer(to: cells) { cells in
            unique.add(row: row, cells: cells, arity: arity)
            for position in indexes.indices { indexes[position].add(row: row, cells: cells, arity: arity) }
        }
        return (row, true)
    }

    func row(of tuple: [Int32]) -> Int? {
        Self.withPointer(to: tuple) { uniqueRow(matching: $0) }
    }

    private func uniqueRow(matching key: UnsafePointer<Int32>) -> Int? {
        withCells { unique.first(matching: key, in: $0, arity: arity, below: count) }
    }

    private func withCells<Result>(_ body: (UnsafePointer<Int32>) -> Result) -> Result {
        Self.withPointer(to: cells, body)
    }

    /// Calls `body` with a pointer to `cells` (or to a tuple). A relation of arity 0 has rows but no cells, and an
    /// empty tuple no values, and then the pointer is never read through. Static, so that a mutating caller's closure can change the indexes without the compiler
    /// copying the whole set (and its indexes) to keep a borrowed `self` intact.
    private static func withPointer<Result>(to cells: [Int32], _ body: (UnsafePointer<Int32>) -> Result) -> Result {
        cells.withUnsafeBufferPointer { body($0.baseAddress ?? UnsafePointer(noCells)) }
    }

    /// Makes sure lookups on this set of columns (a bit mask) are indexed.
    mutating func ensureIndex(mask: Int) {
        guard mask != 0, mask != (1 << arity) - 1, !indexMasks.contains(mask) else { return }
        var index = HashIndex(columns: (0..<arity).filter { mask & (1 << $0) != 0 })
        Self.withPointer(to: cells) { cells in
            for row in 0..<count { index.add(row: row, cells: cells, arity: arity) }
        }
        indexMasks.append(mask)
        indexes.append(index)
    }

    /// Calls `body` with each row in `range` whose masked columns equal `key` (a full-width tuple; other columns ignored).
    func forEachRow(mask: Int, key: [Int32], in range: Range<Int>, _ body: (Int) -> Void) {
        Self.withPointer(to: key) { key in
            forEachRow(mask: mask, key: key, in: range) { row, _ in body(row) }
        }
    }

    /// Calls `body` with each row in `range` whose masked columns equal the full-width tuple at `key`, and a pointer
    /// to that row's values, valid during the call.
    func forEachRow(mask: Int, key: UnsafePointer<Int32>, in range: Range<Int>, _ body: (Int, UnsafePointer<Int32>) -> Void) {
        withCells { cells in
            if mask == 0 {
                for row in range { body(row, cells + row * arity) }
            } else if mask == (1 << arity) - 1 {
                if let row = unique.first(matching: key, in: cells, arity: arity, below: count), range.contains(row) {
                    body(row, cells + row * arity)
                }
            } else if let position = indexMasks.firstIndex(of: mask) {
                indexes[position].forEach(matching: key, in: cells, arity: arity, range: range) { body($0, cells + $0 * arity) }
            } else {
                let columns = (0..<arity).filter { mask & (1 << $0) != 0 }
                for row in range where columns.allSatisfy({ cells[row * arity + $0] == key[$0] }) { body(row, cells + row * arity) }
            }
        }
    }

    /// Bytes held by the tuples and their indexes.
    var memoryFootprint: Int {
        cells.capacity * MemoryLayout<Int32>.stride + unique.memoryFootprint + indexes.reduce(0) { $0 + $1.memoryFootprint }
    }
}

/// What `TupleSet.withCells` points at while there are no cells: never read.
nonisolated(unsafe) private let noCells = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

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

    var memoryFootprint: Int {
        (slots.capacity + next.capacity) * MemoryLayout<Int32>.stride
    }

    /// Hashes the indexed columns of the full-width tuple at `values` (a key or a row).
    @inline(__always)
    private func hash(_ values: UnsafePointer<Int32>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for column in columns {
            h = (h ^ UInt64(UInt32(bitPattern: values[column]))) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always)
    private func keyEquals(_ row: UnsafePointer<Int32>, _ key: UnsafePointer<Int32>) -> Bool {
        for column in columns where row[column] != key[column] { return false }
        return true
    }

    /// The slot holding the chain for `key`, or the empty slot where it would go.
    private func slot(for key: UnsafePointer<Int32>, cells: UnsafePointer<Int32>, arity: Int) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var position = hash(key) & mask
            while true {
                let head = slots[position]
                if head < 0 || keyEquals(cells + Int(head) * arity, key) { return position }
                position = (position + 1) & mask
            }
        }
    }

    mutating func add(row: Int, cells: UnsafePointer<Int32>, arity: Int) {
        // At most three quarters full: linear probing stays short, and the table costs under 6 bytes per key.
        if (used + 1) * 4 > slots.count * 3 { grow(cells: cells, arity: arity) }
        if next.count <= row { next.append(contentsOf: repeatElement(-1, count: row + 1 - next.count)) }
        let position = slot(for: cells + row * arity, cells: cells, arity: arity)
        if slots[position] < 0 { used += 1 }
        next[row] = slots[position]
        slots[position] = Int32(row)
    }

    private mutating func grow(cells: UnsafePointer<Int32>, arity: Int) {
        let old = slots
        slots = [Int32](repeating: -1, count: old.count * 2)
        for head in old where head >= 0 {
            let position = slot(for: cells + Int(head) * arity, cells: cells, arity: arity)
            slots[position] = head
        }
    }

    func first(matching key: UnsafePointer<Int32>, in cells: UnsafePointer<Int32>, arity: Int, below limit: Int) -> Int? {
        var row = slots[slot(for: key, cells: cells, arity: arity)]
        while row >= 0 {
            if Int(row) < limit { return Int(row) }
            row = next[Int(row)]
        }
        return nil
    }

    func forEach(matching key: UnsafePointer<Int32>, in cells: UnsafePointer<Int32>, arity: Int, range: Range<Int>, _ body: (Int) -> Void) {
        next.withUnsafeBufferPointer { next in
            var row = slots[slot(for: key, cells: cells, arity: arity)]
            while row >= 0 {
                let current = Int(row)
                if current < range.lowerBound { return }
                if current < range.upperBound { body(current) }
                row = next[current]
            }
        }
    }
}
