import Testing
import Z3Kit

/// Pigeonhole problems are exponentially hard for resolution-based solvers,
/// so 12 pigeons in 11 holes reliably outlasts a 50 ms budget.
private func assertPigeonhole(pigeons: Int, holes: Int, into solver: Z3Solver, context z3: Z3Context) throws {
    let placements = try (0..<pigeons).map { pigeon in
        try (0..<holes).map { hole in try z3.boolConstant("p\(pigeon)_h\(hole)") }
    }
    for pigeon in placements {
        try solver.assert(z3.or(pigeon))
    }
    for hole in 0..<holes {
        for first in 0..<pigeons {
            for second in (first + 1)..<pigeons {
                try solver.assert(z3.not(z3.and([placements[first][hole], placements[second][hole]])))
            }
        }
    }
}

@Suite struct TimeoutTests {
    @Test func contextTimeoutStopsHardProblem() throws {
        let z3 = try Z3Context(timeout: .milliseconds(50))
        let solver = try z3.makeSolver()
        try assertPigeonhole(pigeons: 12, holes: 11, into: solver, context: z3)

        let clock = ContinuousClock()
        var result: SatisfiabilityResult?
        let elapsed = try clock.measure { result = try solver.check() }

        guard case .unknown(let reason) = result else {
            Issue.record("expected unknown, got \(String(describing: result))")
            return
        }
        #expect(!reason.isEmpty)
        #expect(elapsed < .seconds(10))
    }

    @Test func solverTimeoutStopsHardProblem() throws {
        let z3 = try Z3Context()
        let solver = try z3.makeSolver()
        try solver.setTimeout(.milliseconds(50))
        try assertPigeonhole(pigeons: 12, holes: 11, into: solver, context: z3)

        let clock = ContinuousClock()
        var result: SatisfiabilityResult?
        let elapsed = try clock.measure { result = try solver.check() }

        guard case .unknown(let reason) = result else {
            Issue.record("expected unknown, got \(String(describing: result))")
            return
        }
        #expect(!reason.isEmpty)
        #expect(elapsed < .seconds(10))
    }

    @Test func optimizerTimeoutStopsHardProblem() throws {
        let z3 = try Z3Context()
        let optimizer = try z3.makeOptimizer()
        try optimizer.setTimeout(.milliseconds(50))
        let placements = try (0..<12).map { pigeon in
            try (0..<11).map { hole in try z3.boolConstant("p\(pigeon)_h\(hole)") }
        }
        for pigeon in placements {
            try optimizer.assert(z3.or(pigeon))
        }
        for hole in 0..<11 {
            for first in 0..<12 {
                for second in (first + 1)..<12 {
                    try optimizer.assertSoft(z3.not(z3.and([placements[first][hole], placements[second][hole]])))
                }
            }
        }

        let clock = ContinuousClock()
        var result: SatisfiabilityResult?
        let elapsed = try clock.measure { result = try optimizer.check() }

        guard case .unknown(let reason) = result else {
            Issue.record("expected unknown, got \(String(describing: result))")
            return
        }
        #expect(!reason.isEmpty)
        #expect(elapsed < .seconds(10))
    }

    @Test func easyProblemFinishesWithinTimeout() throws {
        let z3 = try Z3Context(timeout: .seconds(5))
        let solver = try z3.makeSolver()
        try assertPigeonhole(pigeons: 3, holes: 2, into: solver, context: z3)
        #expect(try solver.check() == .unsatisfiable)
    }
}
