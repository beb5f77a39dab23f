/// A dense matrix of `Float` stored row-major, the layout handed to BLAS with
/// `CblasRowMajor` so no copies are needed on either side of a call.
///
/// Shape errors (mismatched dimensions, out-of-range indices) are
/// preconditions rather than thrown errors: shapes follow from how a model is
/// wired, so a mismatch is a programming error, and making every arithmetic
/// expression `try` would obscure the numerical code for no recoverable case.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    public internal(set) var values: [Float]

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = Array(repeating: value, count: rows * columns)
    }

    /// - Parameter values: the entries row by row.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative, got \(rows)×\(columns)")
        precondition(
            values.count == rows * columns,
            "a \(rows)×\(columns) matrix needs \(rows * columns) values, got \(values.count)"
        )
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Checked per dimension, since an out-of-range column would otherwise
    /// silently address the neighbouring row.
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(contains(row: row, column: column), "index (\(row), \(column)) outside \(rows)×\(columns) matrix")
            return values[row * columns + column]
        }
        set {
            precondition(contains(row: row, column: column), "index (\(row), \(column)) outside \(rows)×\(columns) matrix")
            values[row * columns + column] = newValue
        }
    }

    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for row in 0..<rows {
            for column in 0..<columns {
                result.values[column * rows + row] = values[row * columns + column]
            }
        }
        return result
    }

    public func scaled(by factor: Float) -> Matrix {
        var result = self
        guard !values.isEmpty else { return result }
        result.values.withUnsafeMutableBufferPointer { entries in
            cblasScale(count: entries.count, factor: factor, entries: entries)
        }
        return result
    }

    private func contains(row: Int, column: Int) -> Bool {
        (0..<rows).contains(row) && (0..<columns).contains(column)
    }
}
