import Testing
import Z3Kit

@Suite struct ErrorHandlingTests {
    @Test func sortMismatchThrowsInsteadOfExiting() throws {
        let z3 = try Z3Context()
        let flag = try z3.boolConstant("flag")
        let count = try z3.intConstant("count")

        let error = #expect(throws: Z3Error.self) { try z3.add(flag, count) }
        #expect(error?.code != 0)
        #expect(error?.message.isEmpty == false)
    }

    @Test func contextRemainsUsableAfterAnError() throws {
        let z3 = try Z3Context()
        let flag = try z3.boolConstant("flag")
        #expect(throws: Z3Error.self) { try z3.lessThan(flag, z3.int(1)) }

        let x = try z3.intConstant("x")
        let solver = try z3.makeSolver()
        try solver.assert(z3.equal(x, z3.int(1)))
        #expect(try solver.check() == .satisfiable)
    }

    @Test func termsFromAnotherContextAreRejected() throws {
        let home = try Z3Context()
        let foreign = try Z3Context()
        let x = try home.intConstant("x")
        let y = try foreign.intConstant("y")

        #expect(throws: Z3Error.self) { try home.add(x, y) }
        #expect(throws: Z3Error.self) { try home.and([x, y]) }
        #expect(throws: Z3Error.self) { try home.makeSolver().assert(foreign.bool(true)) }
    }
}
