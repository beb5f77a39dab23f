import Foundation
import Testing

/// `kill -9` at random moments, during `lemma import` and during a burst of `tell` requests: afterwards the knowledge
/// base opens, passes SQLite's integrity check, holds every acknowledged write and each other write whole or not at
/// all, and answers as before. `LEMMA_CRASH_TRIALS` raises the number of trials for a long run.
@Suite(.serialized) struct CrashSafetyTests {
    let cache: URL
    static let trials = ProcessInfo.processInfo.environment["LEMMA_CRASH_TRIALS"].flatMap(Int.init) ?? 10

    init() throws {
        cache = try ServerProcess.temporaryFolder()
    }

    func query(_ text: String, knowledge: String) throws -> [[String: Any]] {
        let run = try ServerProcess.run(["query", text, "--knowledge", knowledge, "--format", "json"], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        let reply = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return reply["answers"] as? [[String: Any]] ?? []
    }

    func integrityCheck(_ path: String) throws -> String {
        try ServeProcessTests.python("import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                                     arguments: [path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// How many of `file`'s rows are stored, read with Python's sqlite3 so that no Lemma code is involved.
    func storedRows(from file: String, knowledge: String) throws -> Int {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute('SELECT COUNT(*) FROM "fact:edge" JOIN import_batch ON batch = import_batch.id WHERE file = ?', (sys.argv[2],)).fetchone()[0])
            """
        return Int(try ServeProcessTests.python(script, arguments: [knowledge, file]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Each trial imports its own file of 400,000 edges and is killed after a random delay; some imports finish
    /// first, which is fine: those are acknowledged and must be there. (60,000 edges now import in well under the
    /// shortest delay, so no trial crashed anything.)
    @Test func killingAnImportKeepsTheKnowledgeBaseWholeAndExact() throws {
        let knowledge = cache.appendingPathComponent("imported.sqlite").path
        let schema = cache.appendingPathComponent("edge.dl").path
        try ".decl edge(a: number, b: number)\n.decl reach(a: number, b: number)\nreach(a, b) :- edge(a, b).\nreach(a, c) :- reach(a, b), edge(b, c).\nedge(1, 2).\nedge(2, 3).\n"
            .write(toFile: schema, atomically: true, encoding: .utf8)
        let first = try ServerProcess.run(["import", "--into", knowledge, schema], cache: cache)
        #expect(first.status == 0, "\(first.stderr)")
        var generator = SystemRandomNumberGenerator()
        var outcomes: [(file: String, acknowledged: Bool)] = []
        for trial in 0..<Self.trials {
            let rows = 400_000
            let file = cache.appendingPathComponent("trial\(trial)/edge.facts").path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (0..<rows).map { "\(1_000_000 * (trial + 1) + $0)\t\($0)" }.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let importer = try ServerProcess(["import", "--into", knowledge, file], cache: cache)
            usleep(UInt32.random(in: 10_000...600_000, using: &generator))
            importer.kill()
            let status = importer.wait()
            let acknowledged = importer.process.terminationReason == .exit && status == 0
            outcomes.append((file, acknowledged))

            #expect(try integrityCheck(knowledge) == "ok", "trial \(trial)")
            for (file, acknowledged) in outcomes {
                let stored = try storedRows(from: file, knowledge: knowledge)
                #expect(stored == rows || (stored == 0 && !acknowledged), "trial \(trial): \(file) has \(stored) of \(rows) rows stored (acknowledged: \(acknowledged))")
            }
            let reached = try query("reach(1, x)", knowledge: knowledge).compactMap { $0["x"] as? Int }
            #expect(reached.sorted() == [2, 3], "trial \(trial): the knowledge answers as before")
        }
        #expect(outcomes.contains { !$0.acknowledged }, "no import was killed mid-way; the test did not test a crash")
    }

    /// Each trial starts a server on the same file, sends a burst of tells and kills it after a random number of
    /// replies (or after a random delay, which may land between a commit and its reply).
    @Test func killingAServerMidBurstLosesNothingAcknowledged() throws {
        let knowledge = cache.appendingPathComponent("told.sqlite").path
        var generator = SystemRandomNumberGenerator()
        var acknowledged = Set<String>()
        var sent = Set<String>()
        var previousAnswers: Set<String> = []
        for trial in 0..<Self.trials {
            let server = try ServerProcess(["serve", "--stdio", "--knowledge", knowledge], cache: cache)
            let burst = (0..<300).map { "cat\(trial)x\($0)" }
            sent.formUnion(burst.map { "the \($0)" })
            server.sendInBackground(burst.enumerated().map { #"{"id": \#($0.offset), "op": "tell", "statement": "The \#($0.element) is big."}"# }, then: false)
            let wanted = Int.random(in: 0...40, using: &generator)
            var replies = 0
            while replies < wanted, let line = server.readLine() {
                let reply = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                let id = try #require(reply["id"] as? Int)
                #expect(reply["result"] != nil, "\(line)")
                acknowledged.insert("the \(burst[id])")
                replies += 1
            }
            usleep(UInt32.random(in: 0...50_000, using: &generator))
            server.kill()
            server.wait()
            guard FileManager.default.fileExists(atPath: knowledge) else { continue }

            #expect(try integrityCheck(knowledge) == "ok", "trial \(trial)")
            let answers = Set(try query("big(x)", knowledge: knowledge).compactMap { $0["x"] as? String })
            #expect(acknowledged.isSubset(of: answers), "trial \(trial): lost \(acknowledged.subtracting(answers).sorted().prefix(5))")
            #expect(answers.isSubset(of: sent), "trial \(trial): holds writes never sent")
            #expect(previousAnswers.isSubset(of: answers), "trial \(trial): a write stored before this trial is gone")
            previousAnswers = answers
        }
        #expect(!acknowledged.isEmpty)
        #expect(previousAnswers.count < sent.count, "every burst finished before its kill; the test did not test a crash")
    }
}
