import Foundation
import KnowledgeGraph
import Reasoner
import Syntax
import Verbalizer

/// `lemma bench`: import rate of generated `parent` facts, closure of `ancestor` over them, and the latency of a
/// bound query. Each measurement is repeated and the median reported, all in one run so ratios are comparable.
public struct Benchmarks: Sendable {
    public var facts: Int
    public var repetitions: Int
    public var workDirectory: String

    public init(facts: Int, repetitions: Int, workDirectory: String) {
        self.facts = facts
        self.repetitions = max(1, repetitions)
        self.workDirectory = workDirectory
    }

    static let program = """
        .decl parent(parent: symbol, child: symbol)
        .phrase parent "{parent} is a parent of {child}"
        .decl ancestor(ancestor: symbol, descendant: symbol)
        .phrase ancestor "{ancestor} is an ancestor of {descendant}"
        .input parent
        ancestor(x, y) :- parent(x, y).
        ancestor(x, z) :- parent(x, y), ancestor(y, z).
        """

    /// Families of 1,000 people shaped like binary heaps (node k's parent is k/2 within its family), so the closure
    /// is about nine ancestors per person: large, but every answer has a short proof.
    func generateFacts() -> String {
        var lines: [String] = []
        lines.reserveCapacity(facts)
        for node in 0..<facts {
            let family = node / 999
            let position = node % 999 + 2
            lines.append("f\(family)n\(position / 2)\tf\(family)n\(position)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func run(progress: (String) -> Void) throws(LemmaError) -> String {
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let programPath = workDirectory + "/ancestry.dl"
        let factsPath = workDirectory + "/parent.facts"
        do {
            try Self.program.write(toFile: programPath, atomically: true, encoding: .utf8)
            try generateFacts().write(toFile: factsPath, atomically: true, encoding: .utf8)
        } catch {
            throw .knowledge(.database(path: workDirectory, message: "cannot write benchmark files: \(error.localizedDescription)"))
        }
        let clock = ContinuousClock()
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }

        var importTimes: [Double] = []
        let database = workDirectory + "/ancestry.sqlite"
        for repetition in 1...repetitions {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            let start = clock.now
            do {
                _ = try KnowledgeBase.create(at: database).importSources([programPath])
            } catch {
                throw .knowledge(error)
            }
            importTimes.append((clock.now - start).inSeconds)
            progress("import \(repetition)/\(repetitions): \(String(format: "%.2f", importTimes.last!)) s")
        }

        var loadTimes: [Double] = []
        var reasoner: Reasoner?
        for repetition in 1...repetitions {
            let start = clock.now
            do {
                reasoner = try Reasoner(knowledgeBase: KnowledgeBase.open(at: database))
            } catch {
                throw .knowledge(error)
            }
            loadTimes.append((clock.now - start).inSeconds)
            progress("load \(repetition)/\(repetitions): \(String(format: "%.2f", loadTimes.last!)) s")
        }
        guard let reasoner else { return "" }

        var closureTimes: [Double] = []
        var closureSize = 0
        for repetition in 1...repetitions {
            let start = clock.now
            closureSize = reasoner.evaluateAll()[RelationName("ancestor")] ?? 0
            closureTimes.append((clock.now - start).inSeconds)
            progress("closure \(repetition)/\(repetitions): \(closureSize) tuples in \(String(format: "%.2f", closureTimes.last!)) s")
        }

        var queryTimes: [Double] = []
        var answers = 0
        let query: Query
        do {
            query = try Query.parse(#"ancestor("f0n1", x)"#)
        } catch {
            throw .invalidInput(error.diagnostics, sources: [:])
        }
        for _ in 1...max(repetitions, 11) {
            let start = clock.now
            do {
                answers = try reasoner.answer(query).bindings.count
            } catch {
                throw .invalidInput(error.diagnostics, sources: [:])
            }
            queryTimes.append((clock.now - start).inSeconds)
        }
        progress("bound query: \(answers) answers")

        // Certification at scale: every answer of an unbound closure query, proved, re-checked and confirmed by Z3.
        let smallFolder = workDirectory + "/certified"
        try? FileManager.default.createDirectory(atPath: smallFolder, withIntermediateDirectories: true)
        do {
            try Self.program.write(toFile: smallFolder + "/ancestry.dl", atomically: true, encoding: .utf8)
            try Benchmarks(facts: 12_500, repetitions: 1, workDirectory: smallFolder).generateFacts().write(toFile: smallFolder + "/parent.facts", atomically: true, encoding: .utf8)
        } catch {
            throw .knowledge(.database(path: smallFolder, message: "cannot write benchmark files: \(error.localizedDescription)"))
        }
        let service = QueryService(locator: KnowledgeLocator(cacheDirectory: workDirectory + "/cache"))
        var certifiedTimes: [Double] = []
        var certifiedAnswers = 0
        var certified = false
        var closureOutcome: QueryService.Outcome?
        for repetition in 1...repetitions {
            let start = clock.now
            let outcome = try service.query("ancestor(x, y)", knowledge: smallFolder)
            certifiedTimes.append((clock.now - start).inSeconds)
            certifiedAnswers = outcome.result.bindings.count
            certified = outcome.reply.certified
            closureOutcome = outcome
            progress("certified closure query \(repetition)/\(repetitions): \(certifiedAnswers) answers in \(String(format: "%.2f", certifiedTimes.last!)) s")
        }

        // What English costs: narrating every step of every proof of that query, as its JSON reply does.
        var narrationTimes: [Double] = []
        var narratedSteps = 0
        if let closureOutcome {
            let narrator = ProofNarrator(phrasebook: closureOutcome.phrasebook)
            for _ in 1...repetitions {
                let start = clock.now
                narratedSteps = closureOutcome.result.proofs.reduce(0) { $0 + narrator.narrate($1).steps.count }
                narrationTimes.append((clock.now - start).inSeconds)
            }
            progress("narrated \(narratedSteps) proof steps in \(String(format: "%.2f", narrationTimes.last!)) s")
        }

        // The cost of certification: the same queries with and without it, alternating, in one run.
        let uncertifiedService = QueryService(locator: KnowledgeLocator(cacheDirectory: workDirectory + "/cache"), certifies: false)
        let costQueries = [#"ancestor("f0n1", x)"#, #"ancestor("f0n1", "f0n2")"#, #"ancestor("f0n2", "f0n1")"#]
        var withCertification = [[Double]](repeating: [], count: costQueries.count)
        var withoutCertification = [[Double]](repeating: [], count: costQueries.count)
        var costAnswers = [String](repeating: "", count: costQueries.count)
        for _ in 1...max(repetitions, 5) {
            for (index, text) in costQueries.enumerated() {
                var start = clock.now
                let outcome = try service.query(text, knowledge: smallFolder)
                withCertification[index].append((clock.now - start).inSeconds)
                start = clock.now
                _ = try uncertifiedService.query(text, knowledge: smallFolder)
                withoutCertification[index].append((clock.now - start).inSeconds)
                let method = outcome.reply.certification.method ?? "none"
                costAnswers[index] = "\(outcome.reply.answer ?? "\(outcome.result.bindings.count) answers"), \(outcome.reply.certified ? "certified" : "NOT certified") by \(method)"
            }
        }
        let costRows = costQueries.indices.map { index -> String in
            let with = median(withCertification[index]) * 1000
            let without = median(withoutCertification[index]) * 1000
            return "| certification cost: \(costQueries[index]) over 12,500 facts (\(costAnswers[index])) | \(String(format: "%.1f", without)) ms without, \(String(format: "%.1f", with)) ms with (\(String(format: "%.1f", with / without))×) |"
        }.joined(separator: "\n")

        let importMedian = median(importTimes)
        return """

            | measurement (median of \(repetitions)) | value |
            | --- | --- |
            | import \(facts) parent facts (one transaction) | \(String(format: "%.2f", importMedian)) s, \(Int(Double(facts) / importMedian)) facts/s |
            | load stored facts into the reasoner | \(String(format: "%.2f", median(loadTimes))) s |
            | full closure of ancestor (\(closureSize) tuples) | \(String(format: "%.2f", median(closureTimes))) s |
            | bound query ancestor("f0n1", x) (\(answers) answers, query-driven, with proofs) | \(String(format: "%.2f", median(queryTimes) * 1000)) ms |
            | ratio: full closure / bound query | \(String(format: "%.0f", median(closureTimes) / median(queryTimes)))× |
            | certified query ancestor(x, y) over 12,500 facts (\(certifiedAnswers) answers, all proved, re-checked and confirmed by Z3\(certified ? "" : "; NOT certified")) | \(String(format: "%.2f", median(certifiedTimes))) s |
            | English for that query: every step of its \(certifiedAnswers) proofs narrated (\(narratedSteps) steps) | \(String(format: "%.2f", median(narrationTimes))) s, \(String(format: "%.0f", median(narrationTimes) / median(certifiedTimes) * 100))% of the certified query |
            \(costRows)
            """
    }
}
