import Syntax

/// Interns every constant to a dense 32-bit id, so tuples are arrays of small integers and joins compare integers.
struct ValueStore {
    private(set) var values: [Value] = []
    private var ids: [Value: Int32] = [:]

    mutating func intern(_ value: Value) -> Int32 {
        if let id = ids[value] { return id }
        let id = Int32(values.count)
        values.append(value)
        ids[value] = id
        return id
    }

    func id(of value: Value) -> Int32? {
        ids[value]
    }

    subscript(id: Int32) -> Value {
        values[Int(id)]
    }

    mutating func reserve(_ count: Int) {
        values.reserveCapacity(count)
        ids.reserveCapacity(count)
    }
}
