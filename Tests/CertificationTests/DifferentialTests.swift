import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Testing
@testable import Certification

/// Thousands of random stratified programs (recursion, negation, disequality) answered by Lemma and by clingo, an
/// answer-set solver written by others: a stratified program has exactly one answer set, and every derived relation
/// must hold the same tuples in both. Every proof Lemma gives is re-checked by the independent checker. Set
/// `LEMMA_DIFFERENTIAL_PROGRAMS` for a longer run; where clingo (PyPI `clingo`) is missing the test is skipped, unless
/// `LEMMA_REQUIRE_CLINGO` is set, as CI sets it.
@Suite struct DifferentialTests {
    static let count = ProcessInfo.processInfo.environment["LEMMA_DIFFERENTIAL_PROGRAMS"].flatMap(Int.init) ?? 2_000
    static let clingoIsRequired = ProcessInfo.processInfo.environment["LEMMA_REQUIRE_CLINGO"] != nil
    static let clingoIsAvailable = python("import clingo", input: "").status == 0

    /// Runs `python3 -c script`, feeding `input` on standard input.
    static func python(_ script: String, input: String) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (-1, "")
        }
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The same program for clingo: variables capitalised, `!` as `not`. Constants are quoted strings in both.
    static func answerSetProgram(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.hasPrefix(".decl") }.map { line in
            var result = ""
            var previous: Character = " "
            var inString = false
            for (index, character) in zip(line.indices, line) {
                if character == "\"" { inString.toggle() }
                let next = line.index(after: index) < line.endIndex ? line[line.index(after: index)] : " "
                if !inString, "xyz".contains(character), !previous.isLetter, !next.isLetter, !next.isNumber {
                    result += character.uppercased()
                } else if !inString, character == "!", next != "=" {
                    result += "not "
                } else {
                    result.append(character)
                }
                previous = character
            }
            return result
        }.joined(separator: "\n")
    }

    /// Solves every program in one clingo process: one line of JSON per program, the atoms of its answer set.
    static let solver = """
        import clingo, json, sys
        for line in sys.stdin:
            control = clingo.Control(["--models=0", "--warn=none"])
            control.add("base", [], json.loads(line))
            control.ground([("base", [])])
            models = []
            control.solve(on_model=lambda m: models.append([str(s) for s in m.symbols(atoms=True)]))
            print(json.dumps(models), flush=True)
        """

    /// A program imported into an in-memory knowledge base, with the reasoner over it and a checker for its proofs.
    static func loaded(_ text: String) throws -> (Reasoner, ProofChecker) {
        let knowledgeBase = try KnowledgeBase.create(at: ":memory:")
        try knowledgeBase.importSources(["random.dl"], provider: InMemorySource(files: ["random.dl": text]))
        let reasoner = try Reasoner(knowledgeBase: knowledgeBase)
        return (reasoner, ProofChecker(program: reasoner.program, storedFacts: try Knowledge(text).storedFacts))
    }

    /// The answer sets clingo finds for each program, in order, each a list of atoms as clingo prints them.
    static func answerSets(of programs: [String]) throws -> [[[String]]] {
        let input = try programs.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
        let solved = python(solver, input: input)
        try #require(solved.status == 0, "clingo failed")
        let models = solved.output.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String]]) ?? []
        }
        try #require(models.count == programs.count)
        return models
    }

    @Test(.enabled(if: clingoIsAvailable || clingoIsRequired, "clingo is not installed (python3 -m pip install clingo)"))
    func randomStratifiedProgramsMatchClingo() throws {
        try #require(Self.clingoIsAvailable, "LEMMA_REQUIRE_CLINGO is set but python3 cannot import clingo")
        let programs = (0..<Self.count).map { RandomProgram(seed: UInt64(10_000 + $0)) }
        let models = try Self.answerSets(of: programs.map { Self.answerSetProgram($0.text) })
        var checkedProofs = 0
        var derivedTuples = 0
        for (program, answerSets) in zip(programs, models) {
            try #require(answerSets.count == 1, "a stratified program has one answer set; clingo found \(answerSets.count) for:\n\(program.text)")
            let expected = Set(answerSets[0])
            var (reasoner, checker) = try Self.loaded(program.text)
            for relation in RandomProgram.relations.dropFirst(2) {
                let variables = ["x", "y"].prefix(relation.arity)
                let result = try reasoner.answer(Query.parse("\(relation.name)(\(variables.joined(separator: ", ")))"))
                let found = Set(result.bindings.map { "\(relation.name)(\($0.map { "\"\($0.rawText)\"" }.joined(separator: ",")))" })
                let fromClingo = expected.filter { $0.hasPrefix(relation.name + "(") }
                #expect(found == fromClingo, "\(relation.name) differs for:\n\(program.text)\nLemma only: \(found.subtracting(fromClingo).sorted())\nclingo only: \(fromClingo.subtracting(found).sorted())")
                derivedTuples += found.count
                for proof in result.proofs {
                    #expect(throws: Never.self, "a proof the checker rejects, in:\n\(program.text)") { try checker.check(proof) }
                    checkedProofs += 1
                }
            }
        }
        #expect(derivedTuples > Self.count, "the programs derive something; otherwise agreeing is trivial")
        #expect(checkedProofs == derivedTuples)
    }

    @Test func theTranslationKeepsConstantsAndComparisons() {
        #expect(Self.answerSetProgram(".decl e(c0: symbol, c1: symbol)\ne(\"x\", \"y\").\nr2(x, y) :- e(x, z), !r1(z), x != y.")
                == "e(\"x\", \"y\").\nr2(X, Y) :- e(X, Z), not r1(Z), X != Y.")
    }
}
