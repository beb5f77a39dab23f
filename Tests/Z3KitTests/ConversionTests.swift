import Testing
@testable import Z3Kit

@Suite struct ConversionTests {
    @Test(arguments: [
        (0.1, "0.1"), (10.0, "10"), (-2.5, "-2.5"), (0.0, "0"), (-0.0, "0"),
        (1e-5, "0.00001"), (-2.5e-7, "-0.00000025"), (1e16, "10000000000000000"),
        (123.456, "123.456"), (1.5e300, "15" + String(repeating: "0", count: 299)),
    ])
    func doublesBecomePlainDecimals(value: Double, expected: String) {
        #expect(value.plainDecimalLiteral == expected)
    }

    @Test func nonFiniteDoublesHaveNoDecimal() {
        #expect(Double.nan.plainDecimalLiteral == nil)
        #expect((-Double.infinity).plainDecimalLiteral == nil)
    }

    @Test func durationsRoundUpToWholeMilliseconds() {
        #expect(Duration.milliseconds(50).z3Milliseconds == 50)
        #expect(Duration.microseconds(1500).z3Milliseconds == 2)
        #expect(Duration.seconds(3).z3Milliseconds == 3000)
        #expect(Duration.zero.z3Milliseconds == 1)
        #expect(Duration.seconds(-1).z3Milliseconds == 1)
        #expect(Duration.seconds(Int64.max).z3Milliseconds == .max)
    }
}
