import Foundation
import Testing
@testable import Lemma

/// Programs of Soufflé's dialect that once crashed or were refused, answered and certified end to end.
@Suite struct SouffleDialectTests {
    static func knowledge(_ program: String) throws -> String {
        let folder = try Support.temporaryFolder()
        let path = folder.appendingPathComponent("program.dl").path
        try program.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func anArithmeticArgumentOfABodyAtomIsAnsweredWithACertifiedProof() throws {
        let path = try Self.knowledge("""
            .decl f(n: number, m: number)
            .decl g(n: number, q: number)
            f(0, 1).
            f(n+1, m*2) :- f(n, m), n < 5.
            g(n, q) :- f(n+1, q), f(n, _).
            """)
        let outcome = try Support.service(cache: Support.temporaryFolder()).query("g(a, b)", knowledge: path)
        #expect(outcome.reply.certified)
        #expect(outcome.reply.answers?.count == 5)
        #expect(outcome.reply.answers?.map { [$0["a"], $0["b"]] } == [[.integer(0), .integer(2)], [.integer(1), .integer(4)], [.integer(2), .integer(8)],
                                                                       [.integer(3), .integer(16)], [.integer(4), .integer(32)]])
    }

    @Test func integerLiteralsInFloatColumnsAreFloats() throws {
        let path = try Self.knowledge("""
            .decl a(x: float)
            .decl b(x: float, y: float)
            a(0). a(2.5).
            b(x, y) :- a(x), y = x + 1.
            b(x, -1) :- a(x), x < 1.
            """)
        let service = Support.service(cache: try Support.temporaryFolder())
        let all = try service.query("b(x, y)", knowledge: path)
        #expect(all.reply.certified)
        #expect(all.reply.answers?.count == 3)
        let zero = try service.query("a(0)", knowledge: path)
        #expect(zero.reply.answer == "yes")
        #expect(zero.reply.certified)
    }
}
