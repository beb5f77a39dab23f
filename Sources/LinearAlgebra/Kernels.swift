import COpenBLAS

/// Which implementation runs a kernel: OpenBLAS, or the triple loop that the BLAS path is tested against.
public enum Backend: Sendable {
    case blas
    case naive
}

/// `c ← op(a) · op(b)`, or `c ← c + op(a) · op(b)` when accumulating, on row-major buffers where `op(a)` is
/// `rows × inner` and `op(b)` is `inner × columns`. Raw buffers instead of `Matrix` because a model's layers slice
/// one parameter block into many and accumulate gradients in place, which value semantics would copy.
public func gemm(
    rows: Int, columns: Int, inner: Int,
    _ a: UnsafePointer<Float>, transposeA: Bool = false,
    _ b: UnsafePointer<Float>, transposeB: Bool = false,
    into c: UnsafeMutablePointer<Float>, accumulate: Bool = false,
    backend: Backend = .blas
) {
    guard rows > 0, columns > 0 else { return }
    guard inner > 0 else {
        if !accumulate { c.update(repeating: 0, count: rows * columns) }
        return
    }
    let leadingA = transposeA ? rows : inner
    let leadingB = transposeB ? inner : columns
    switch backend {
    case .blas:
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasInt(rows), blasInt(columns), blasInt(inner),
            1, a, blasInt(leadingA), b, blasInt(leadingB),
            accumulate ? 1 : 0, c, blasInt(columns)
        )
    case .naive:
        for row in 0..<rows {
            for column in 0..<columns {
                var sum: Float = 0
                for index in 0..<inner {
                    let left = transposeA ? a[index * leadingA + row] : a[row * leadingA + index]
                    let right = transposeB ? b[column * leadingB + index] : b[index * leadingB + column]
                    sum += left * right
                }
                c[row * columns + column] = accumulate ? c[row * columns + column] + sum : sum
            }
        }
    }
}
