import Testing
import LinearAlgebra

/// SplitMix64, so that failures reproduce from the printed seed.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

private func randomMatrix(rows: Int, columns: Int, using generator: inout SeededGenerator) -> Matrix {
    Matrix(
        rows: rows,
        columns: columns,
        values: (0..<(rows * columns)).map { _ in Float.random(in: -1...1, using: &generator) }
    )
}

/// Relative to the largest reference entry, because individual entries of a
/// random product can be arbitrarily close to zero.
private func isClose(_ actual: Matrix, _ expected: Matrix, relativeTolerance: Float = 1e-4) -> Bool {
    guard actual.rows == expected.rows, actual.columns == expected.columns else { return false }
    let scale = max(1, expected.values.map(\.magnitude).max() ?? 0)
    return zip(actual.values, expected.values).allSatisfy { ($0 - $1).magnitude <= relativeTolerance * scale }
}

@Suite struct MatrixTests {
    @Test func storageIsRowMajor() {
        var matrix = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        #expect(matrix[0, 2] == 3)
        #expect(matrix[1, 0] == 4)
        matrix[1, 2] = 60
        #expect(matrix.values == [1, 2, 3, 4, 5, 60])
        #expect(Matrix(rows: 2, columns: 2, repeating: 7).values == [7, 7, 7, 7])
    }

    @Test func transposeSwapsIndices() {
        let matrix = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let transposed = matrix.transposed()
        #expect(transposed == Matrix(rows: 3, columns: 2, values: [1, 4, 2, 5, 3, 6]))
        #expect(transposed.transposed() == matrix)
    }

    @Test func addAndScaleAreElementWise() {
        let lhs = Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        let rhs = Matrix(rows: 2, columns: 2, values: [10, 20, 30, 40])
        #expect(add(lhs, rhs) == Matrix(rows: 2, columns: 2, values: [11, 22, 33, 44]))
        #expect(lhs.scaled(by: -0.5) == Matrix(rows: 2, columns: 2, values: [-0.5, -1, -1.5, -2]))
        #expect(Matrix(rows: 0, columns: 3).scaled(by: 2) == Matrix(rows: 0, columns: 3))
    }

    @Test func smallProductMatchesHandComputation() {
        let a = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, columns: 2, values: [7, 8, 9, 10, 11, 12])
        let expected = Matrix(rows: 2, columns: 2, values: [58, 64, 139, 154])
        #expect(matmul(a, b) == expected)
        #expect(naiveMatmul(a, b) == expected)
        #expect(matmul(b, a, transposeA: true, transposeB: true) == expected.transposed())
    }

    @Test(arguments: [false, true], [false, true])
    func blasProductMatchesNaiveOnRandomShapes(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(state: transposeA ? 17 : 4 + (transposeB ? 1 : 0))
        let shapes = [(1, 1, 1), (1, 9, 1), (1, 1, 9), (9, 1, 1), (1, 7, 13), (13, 7, 1), (5, 1, 6)]
            + (0..<12).map { _ in
                (Int.random(in: 1...40, using: &generator),
                 Int.random(in: 1...40, using: &generator),
                 Int.random(in: 1...40, using: &generator))
            }
        for (rows, inner, columns) in shapes {
            let a = transposeA
                ? randomMatrix(rows: inner, columns: rows, using: &generator)
                : randomMatrix(rows: rows, columns: inner, using: &generator)
            let b = transposeB
                ? randomMatrix(rows: columns, columns: inner, using: &generator)
                : randomMatrix(rows: inner, columns: columns, using: &generator)
            let fast = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            let reference = naiveMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
            #expect(fast.rows == rows && fast.columns == columns)
            #expect(isClose(fast, reference), "shape \(rows)×\(inner)×\(columns)")
        }
    }

    @Test func emptyInnerDimensionYieldsZeroMatrix() {
        let a = Matrix(rows: 3, columns: 0)
        let b = Matrix(rows: 0, columns: 2)
        #expect(matmul(a, b) == Matrix(rows: 3, columns: 2))
        #expect(naiveMatmul(a, b) == Matrix(rows: 3, columns: 2))
    }
}

@Suite struct GemmTests {
    @Test(arguments: [false, true], [false, true])
    func blasAndNaiveAgreeAndAccumulate(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(state: 7)
        let (rows, inner, columns) = (5, 7, 3)
        let a = randomMatrix(rows: transposeA ? inner : rows, columns: transposeA ? rows : inner, using: &generator)
        let b = randomMatrix(rows: transposeB ? columns : inner, columns: transposeB ? inner : columns, using: &generator)
        let start = randomMatrix(rows: rows, columns: columns, using: &generator)
        var viaBLAS = start.values
        var viaLoops = start.values
        gemm(rows: rows, columns: columns, inner: inner, a.values, transposeA: transposeA, b.values, transposeB: transposeB,
             into: &viaBLAS, accumulate: true, backend: .blas)
        gemm(rows: rows, columns: columns, inner: inner, a.values, transposeA: transposeA, b.values, transposeB: transposeB,
             into: &viaLoops, accumulate: true, backend: .naive)
        let product = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
        let expected = add(start, product)
        #expect(isClose(Matrix(rows: rows, columns: columns, values: viaBLAS), expected))
        #expect(isClose(Matrix(rows: rows, columns: columns, values: viaLoops), expected))
    }
}
