import COpenBLAS

/// OpenBLAS is built here with 32-bit integers, so every dimension must fit.
func blasInt(_ value: Int) -> blasint {
    guard let converted = blasint(exactly: value) else {
        preconditionFailure("dimension \(value) exceeds the BLAS integer range")
    }
    return converted
}

func cblasScale(count: Int, factor: Float, entries: UnsafeMutableBufferPointer<Float>) {
    cblas_sscal(blasInt(count), factor, entries.baseAddress, 1)
}

/// Element-wise sum, computed as BLAS `y ← x + y` on a copy of `rhs`.
public func add(_ lhs: Matrix, _ rhs: Matrix) -> Matrix {
    precondition(
        lhs.rows == rhs.rows && lhs.columns == rhs.columns,
        "cannot add \(lhs.rows)×\(lhs.columns) and \(rhs.rows)×\(rhs.columns) matrices"
    )
    var sum = rhs
    guard !lhs.values.isEmpty else { return sum }
    lhs.values.withUnsafeBufferPointer { addend in
        sum.values.withUnsafeMutableBufferPointer { accumulator in
            cblas_saxpy(blasInt(addend.count), 1, addend.baseAddress, 1, accumulator.baseAddress, 1)
        }
    }
    return sum
}

/// The product op(a) · op(b), where op transposes its argument when asked.
/// Transposition is folded into the BLAS call instead of materialising a
/// transposed copy, which matters for the backward pass of dense layers.
public func matmul(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
    let shape = ProductShape(a, b, transposeA: transposeA, transposeB: transposeB)
    var product = Matrix(rows: shape.rows, columns: shape.columns)
    // BLAS rejects leading dimensions of 0, and an empty inner dimension
    // already yields the zero matrix created above.
    guard shape.rows > 0, shape.columns > 0, shape.inner > 0 else { return product }
    a.values.withUnsafeBufferPointer { left in
        b.values.withUnsafeBufferPointer { right in
            product.values.withUnsafeMutableBufferPointer { result in
                cblas_sgemm(
                    CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasInt(shape.rows),
                    blasInt(shape.columns),
                    blasInt(shape.inner),
                    1,
                    left.baseAddress,
                    blasInt(a.columns),
                    right.baseAddress,
                    blasInt(b.columns),
                    0,
                    result.baseAddress,
                    blasInt(shape.columns)
                )
            }
        }
    }
    return product
}

/// The textbook triple loop: slow, but obviously correct, so it serves as
/// the reference that `matmul` is tested against.
public func naiveMatmul(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
    let shape = ProductShape(a, b, transposeA: transposeA, transposeB: transposeB)
    let left = transposeA ? a.transposed() : a
    let right = transposeB ? b.transposed() : b
    var product = Matrix(rows: shape.rows, columns: shape.columns)
    for row in 0..<shape.rows {
        for column in 0..<shape.columns {
            var sum: Float = 0
            for index in 0..<shape.inner {
                sum += left[row, index] * right[index, column]
            }
            product[row, column] = sum
        }
    }
    return product
}

private struct ProductShape {
    let rows: Int
    let inner: Int
    let columns: Int

    init(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool) {
        let (rows, leftInner) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (rightInner, columns) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(
            leftInner == rightInner,
            "cannot multiply \(rows)×\(leftInner) by \(rightInner)×\(columns) (after requested transposes)"
        )
        self.rows = rows
        self.inner = leftInner
        self.columns = columns
    }
}
