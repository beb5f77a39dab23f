import Testing
import Z3Kit

@Suite struct OptimizerTests {
    @Test func softConstraintsPreferHeavierWeights() throws {
        let z3 = try Z3Context()
        let a = try z3.boolConstant("a")
        let b = try z3.boolConstant("b")
        let c = try z3.boolConstant("c")
        let optimizer = try z3.makeOptimizer()
        try optimizer.assert(z3.not(z3.and([a, b])))
        try optimizer.assertSoft(a, weight: 2)
        try optimizer.assertSoft(b, weight: 1.5)
        try optimizer.assertSoft(c, weight: 0.25)

        #expect(try optimizer.check() == .satisfiable)
        let model = try #require(try optimizer.model())
        #expect(try model.boolValue(a) == true)
        #expect(try model.boolValue(b) == false)
        #expect(try model.boolValue(c) == true)
    }

    @Test func minimizeAndMaximizeFindBounds() throws {
        let z3 = try Z3Context()
        let x = try z3.intConstant("x")
        let lowest = try z3.makeOptimizer()
        try lowest.assert(z3.greaterOrEqual(x, z3.int(3)))
        try lowest.assert(z3.lessOrEqual(x, z3.int(9)))
        try lowest.minimize(x)
        #expect(try lowest.check() == .satisfiable)
        #expect(try lowest.model()?.intValue(x) == 3)

        let highest = try z3.makeOptimizer()
        try highest.assert(z3.lessOrEqual(x, z3.int(9)))
        try highest.maximize(x)
        #expect(try highest.check() == .satisfiable)
        #expect(try highest.model()?.intValue(x) == 9)
    }

    @Test func infeasibleHardConstraintsHaveNoModel() throws {
        let z3 = try Z3Context()
        let a = try z3.boolConstant("a")
        let optimizer = try z3.makeOptimizer()
        try optimizer.assert(a)
        try optimizer.assert(z3.not(a))
        try optimizer.assertSoft(a)
        #expect(try optimizer.check() == .unsatisfiable)
        #expect(try optimizer.model() == nil)
    }

    @Test func nonPositiveWeightIsRejected() throws {
        let z3 = try Z3Context()
        let optimizer = try z3.makeOptimizer()
        #expect(throws: Z3Error.self) { try optimizer.assertSoft(z3.bool(true), weight: 0) }
        #expect(throws: Z3Error.self) { try optimizer.assertSoft(z3.bool(true), weight: .nan) }
    }
}
