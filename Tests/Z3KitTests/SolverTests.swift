import Testing
@testable import Z3Kit

@Suite struct SolverTests {
    @Test func satisfiableProblemYieldsModelSatisfyingConstraints() throws {
        let z3 = try Z3Context()
        let x = try z3.intConstant("x")
        let y = try z3.intConstant("y")
        let solver = try z3.makeSolver()
        try solver.assert(z3.equal(z3.add(x, y), z3.int(10)))
        try solver.assert(z3.greaterThan(x, y))
        try solver.assert(z3.greaterThan(y, z3.int(2)))

        #expect(try solver.check() == .satisfiable)
        let model = try #require(try solver.model())
        let xValue = try #require(try model.intValue(x))
        let yValue = try #require(try model.intValue(y))
        #expect(xValue + yValue == 10)
        #expect(xValue > yValue)
        #expect(yValue > 2)
        #expect(!model.description.isEmpty)
    }

    @Test func contradictionIsUnsatisfiableAndHasNoModel() throws {
        let z3 = try Z3Context()
        let x = try z3.intConstant("x")
        let solver = try z3.makeSolver()
        try solver.assert(z3.greaterThan(x, z3.int(5)))
        try solver.assert(z3.lessThan(x, z3.int(3)))

        #expect(try solver.check() == .unsatisfiable)
        #expect(try solver.model() == nil)
    }

    @Test func booleanModelValues() throws {
        let z3 = try Z3Context()
        let rain = try z3.boolConstant("rain")
        let wet = try z3.boolConstant("wet")
        let solver = try z3.makeSolver()
        try solver.assert(z3.implies(rain, wet))
        try solver.assert(rain)

        #expect(try solver.check() == .satisfiable)
        let model = try #require(try solver.model())
        #expect(try model.boolValue(rain) == true)
        #expect(try model.boolValue(wet) == true)
        #expect(try model.boolValue(z3.not(wet)) == false)
        #expect(try model.boolValue(z3.int(3)) == nil)
        #expect(try model.intValue(rain) == nil)
    }

    @Test func unconstrainedSymbolStaysSymbolicWithoutCompletion() throws {
        let z3 = try Z3Context()
        let free = try z3.intConstant("free")
        let solver = try z3.makeSolver()
        #expect(try solver.check() == .satisfiable)
        let model = try #require(try solver.model())

        #expect(try model.evaluate(free, completion: false) == free)
        #expect(try model.intValue(free) != nil)
    }

    @Test func pushAndPopRestoreEarlierAssertions() throws {
        let z3 = try Z3Context()
        let x = try z3.intConstant("x")
        let solver = try z3.makeSolver()
        try solver.assert(z3.greaterThan(x, z3.int(0)))
        try solver.push()
        try solver.assert(z3.lessThan(x, z3.int(0)))
        #expect(try solver.check() == .unsatisfiable)
        try solver.pop()
        #expect(try solver.check() == .satisfiable)
    }

    @Test func poppingMoreLevelsThanPushedThrows() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        try solver.push()
        #expect(throws: Z3Error.self) { try solver.pop(2) }
        #expect(throws: Z3Error.self) { try solver.pop(-1) }
        try solver.pop()
    }

    @Test func unsatCoreNamesOnlyConflictingAssumptions() throws {
        let z3 = try Z3Context()
        let x = try z3.intConstant("x")
        let y = try z3.intConstant("y")
        let large = try z3.boolConstant("large")
        let small = try z3.boolConstant("small")
        let unrelated = try z3.boolConstant("unrelated")
        let solver = try z3.makeSolver()
        try solver.assert(z3.implies(large, z3.greaterThan(x, z3.int(10))))
        try solver.assert(z3.implies(small, z3.lessThan(x, z3.int(5))))
        try solver.assert(z3.implies(unrelated, z3.equal(y, z3.int(3))))

        #expect(try solver.check(assuming: [large, small, unrelated]) == .unsatisfiable)
        #expect(Set(try solver.unsatCore()) == [large, small])
        #expect(try solver.check(assuming: [large, unrelated]) == .satisfiable)
    }

    @Test func unsatCoreWithoutUnsatisfiableCheckThrows() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        #expect(throws: Z3Error.self) { try solver.unsatCore() }
        #expect(try solver.check() == .satisfiable)
        #expect(throws: Z3Error.self) { try solver.unsatCore() }
    }

    @Test func integerDivisionAndRemainderFollowSMTLIB() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        #expect(try solver.check() == .satisfiable)
        let model = try #require(try solver.model())

        #expect(try model.intValue(z3.divide(z3.int(7), z3.int(2))) == 3)
        #expect(try model.intValue(z3.remainder(z3.int(7), z3.int(2))) == 1)
        #expect(try model.intValue(z3.divide(z3.int(-7), z3.int(2))) == -4)
        #expect(try model.intValue(z3.subtract(z3.int(3), z3.int(5))) == -2)
        #expect(try model.intValue(z3.multiply(z3.int(6), z3.negate(z3.int(7)))) == -42)
    }

    @Test func integerBeyondInt64HasNoIntValue() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        #expect(try solver.check() == .satisfiable)
        let model = try #require(try solver.model())
        let huge = try z3.multiply(z3.int(.max), z3.int(4))
        #expect(try model.intValue(huge) == nil)
    }

    @Test func realsAreExactDecimals() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        let tenTenths = try z3.multiply(z3.real(0.1), z3.real(10))
        try solver.assert(z3.not(z3.equal(tenTenths, z3.real(1))))
        #expect(try solver.check() == .unsatisfiable)

        let r = try z3.realConstant("r")
        let bounds = try z3.makeSolver()
        try bounds.assert(z3.lessThan(z3.real(-2.5e-7), r))
        try bounds.assert(z3.lessThan(r, z3.real(-2.4e-7)))
        #expect(try bounds.check() == .satisfiable)
        #expect(throws: Z3Error.self) { try z3.real(.nan) }
        #expect(throws: Z3Error.self) { try z3.real(.infinity) }
    }

    @Test func emptyAndDegenerateConnectives() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        #expect(try solver.check() == .satisfiable)
        let model = try #require(try solver.model())
        let a = try z3.intConstant("a")
        let b = try z3.intConstant("b")

        #expect(try model.boolValue(z3.and([])) == true)
        #expect(try model.boolValue(z3.or([])) == false)
        #expect(try model.boolValue(z3.distinct([a])) == true)
        #expect(try model.boolValue(z3.iff(z3.bool(true), z3.bool(false))) == false)

        let distinctSolver = try z3.makeSolver()
        try distinctSolver.assert(z3.distinct([a, b]))
        try distinctSolver.assert(z3.equal(a, b))
        #expect(try distinctSolver.check() == .unsatisfiable)
    }

    @Test func termDescriptionIsSMTLIB() throws {
        let z3 = try Z3Context()
        let x = try z3.intConstant("x")
        #expect(try z3.add(x, z3.int(1)).description == "(+ x 1)")
        #expect(try z3.lessOrEqual(x, z3.int(2)).description == "(<= x 2)")
        #expect(try z3.greaterOrEqual(x, z3.int(2)).description == "(>= x 2)")
    }

    @Test func structurallyEqualTermsAreEqual() throws {
        let z3 = try Z3Context()
        let first = try z3.add(z3.intConstant("x"), z3.int(1))
        let second = try z3.add(z3.intConstant("x"), z3.int(1))
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(try first != z3.add(z3.intConstant("x"), z3.int(2)))

        let other = try Z3Context()
        #expect(try first != other.add(other.intConstant("x"), other.int(1)))
    }

    @Test func termKeepsItsContextAlive() throws {
        func orphanedTerm() throws -> Z3Term {
            let scopedContext = try Z3Context()
            return try scopedContext.intConstant("x")
        }
        let x = try orphanedTerm()
        let z3 = x.context
        let solver = try z3.makeSolver()
        try solver.assert(z3.greaterThan(x, z3.int(41)))
        try solver.assert(z3.lessThan(x, z3.int(43)))
        #expect(try solver.check() == .satisfiable)
        #expect(try solver.model()?.intValue(x) == 42)
    }
}
