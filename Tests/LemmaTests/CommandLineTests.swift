import Foundation
import KnowledgeGraph
import Reasoner
import Testing

/// The `lemma` executable end to end on the shipped knowledge: output, exit codes and error locations.
@Suite struct CommandLineTests {
    @Test func queryPrintsTheAnswerTheProofAndTheCertificate() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let run = try Support.run(["query", #"grandparent(g, "Mateo")"#], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Mateo's grandparents are Juan and Maria Lopez.\n"))
        #expect(run.stdout.contains("Proof for g = Juan:"))
        #expect(run.stdout.contains("  1. Juan is a parent of Carlos [fact, knowledge/parent.facts:3]"))
        #expect(run.stdout.contains("  3. Juan is a grandparent of Mateo, because Juan is a parent of Carlos (step 1) and Carlos is a parent of Mateo (step 2) [rule grandparent, rules/family.dl:"))
        #expect(run.stdout.contains("Certified: yes"))
        #expect(run.stdout.contains("Knowledge: sha256:"))
    }

    @Test func markdownAndDotRenderTheSameProof() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let markdown = try Support.run(["query", #"grandparent("Juan", "Lucia")"#, "--format", "markdown"], cache: cache)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("Yes: Juan is a grandparent of Lucia.\n\n### Proof\n1. Juan is a parent of Carlos — *fact*, `knowledge/parent.facts:3`\n"))
        #expect(markdown.stdout.contains("**Certified:** yes"))
        let dot = try Support.run(["query", #"grandparent("Juan", "Lucia")"#, "--format", "dot"], cache: cache)
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.hasPrefix("digraph proof {"))
        #expect(dot.stdout.contains(#"p1s3 [label="3. Juan is a grandparent of Lucia\n[rule grandparent, rules/family.dl:"#))
        #expect(dot.stdout.contains("p1s1 -> p1s3;"))
        #expect(dot.stdout.contains("p1s2 -> p1s3;"))
        #expect(dot.stdout.hasSuffix("}\n"))
    }

    @Test func depthFoldsTheDeeperSteps() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let run = try Support.run(["query", #"ancestor("Ann", "Noah")"#, "--depth", "2"], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        let steps = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isNumber == true }
        #expect(steps.map { $0.split(separator: ".")[0].trimmingCharacters(in: .whitespaces) } == ["1", "7", "8"])
        #expect(run.stdout.contains("(step 6, not shown)"))
        #expect(run.stdout.contains("5 deeper steps not shown"))
        let invalid = try Support.run(["query", #"ancestor("Ann", "Noah")"#, "--depth", "0"], cache: cache)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("--depth must be at least 1"))
    }

    @Test func jsonReplyHasTheDocumentedShape() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let ground = try Support.json(Support.run(["query", #"ancestor("Ann", "Lucia")"#, "--format", "json"], cache: cache).stdout)
        #expect(ground["answer"] as? String == "yes")
        #expect(ground["certified"] as? Bool == true)
        #expect((ground["knowledge"] as? String)?.hasPrefix("sha256:") == true)
        #expect((ground["timing_ms"] as? [String: Any])?["total"] != nil)
        let proofs = try #require(ground["proofs"] as? [[String: Any]])
        let steps = try #require(proofs.first?["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["fact"] as? [String: Any])?["line"] is Int })
        #expect(steps.contains { ($0["rule"] as? [String: Any])?["file"] as? String == "rules/family.dl" })

        let bindings = try Support.json(Support.run(["query", #"grandparent(g, "Mateo")"#, "--format", "json"], cache: cache).stdout)
        #expect((bindings["answers"] as? [[String: String]]) == [["g": "Juan"], ["g": "Maria Lopez"]])

        let no = try Support.json(Support.run(["query", #"ancestor("Pablo", "Iris")"#, "--format", "json"], cache: cache).stdout)
        #expect(no["answer"] as? String == "no")
        #expect(no["certified"] as? Bool == true)
        #expect((no["certification"] as? [String: Any])?["method"] as? String == "completion")

        let count = try Support.json(Support.run(["query", "count : { minor(p) }", "--format", "json"], cache: cache).stdout)
        #expect(count["count"] as? Int == (count["answers"] as? [Any])?.count)
    }

    @Test func alternativeProofsAreCertifiedToo() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        // Lucia and Mateo are siblings through Carlos and, again, through Elena.
        let run = try Support.run(["query", #"sibling("Lucia", "Mateo")"#, "--alternatives", "3", "--format", "json"], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        let reply = try Support.json(run.stdout)
        let alternatives = try #require(reply["alternative_proofs"] as? [[[String: Any]]])
        #expect(alternatives.count == 1)
        #expect(alternatives.first?.count == 1)
        #expect(reply["certified"] as? Bool == true)
        #expect((reply["certification"] as? [String: Any])?["checkedSteps"] as? Int == 6)
    }

    @Test func lemmaKnowledgeNamesTheDefaultKnowledge() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let clinic = Support.fixtures.appendingPathComponent("domains/clinic").path
        let run = try Support.run(["query", #"minor("Mei")"#, "--format", "json"], cache: cache, environment: ["LEMMA_KNOWLEDGE": clinic])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Support.json(run.stdout)["answer"] as? String == "yes")
        let shipped = try Support.run(["query", #"minor("Mei")"#, "--format", "json"], cache: cache)
        #expect(try Support.json(shipped.stdout)["answer"] as? String == "no", "the shipped family has no Mei")
    }

    @Test func aSyntaxErrorInTheQueryNamesItsColumn() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let json = try Support.run(["query", #"ancestor("Ann" x)"#, "--format", "json"], cache: cache)
        #expect(json.status == 2)
        let error = try #require(Support.json(json.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "syntax-error")
        #expect(error["line"] as? Int == 1)
        #expect(error["column"] as? Int == 16)
        let text = try Support.run(["query", "ancestor(x)"], cache: cache)
        #expect(text.status == 2)
        #expect(text.stderr.contains("<query>:1:1: error: 'ancestor' expects 2 arguments but is given 1"))
        #expect(text.stderr.contains("ancestor(x)\n^"))
    }

    @Test func badKnowledgeIsReportedWithItsLocationAndExitCodeTwo() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let folder = cache.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ".decl p(x: number)\np(1).\np(\"two\").\nq(x) :- p(x).\n".write(to: folder.appendingPathComponent("broken.dl"), atomically: true, encoding: .utf8)
        let run = try Support.run(["query", "p(x)", "--knowledge", folder.path, "--format", "json"], cache: cache)
        #expect(run.status == 2)
        let error = try #require(Support.json(run.stdout)["error"] as? [String: Any])
        #expect((error["file"] as? String)?.hasSuffix("broken.dl") == true)
        #expect(error["line"] as? Int == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["broken.dl"])
        let missing = try Support.run(["query", "p(x)", "--knowledge", "/nonexistent/kb"], cache: cache)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/kb"))
    }

    @Test func checkReportsEveryDiagnosticWithACaret() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        #expect(try Support.run(["check"], cache: cache).status == 0)
        let file = cache.appendingPathComponent("rules.dl")
        try """
            .decl edge(a: symbol, b: symbol)
            .decl path(a: symbol, b: symbol)
            path(x, y) :- edge(x, z).
            path(x, y) :- !edge(x, w), edge(x, y).
            path(x, y) :- edge(x, y), nosuch(y).
            """.write(to: file, atomically: true, encoding: .utf8)
        let run = try Support.run(["check", file.path], cache: cache)
        #expect(run.status == 1)
        #expect(run.stderr.contains("rules.dl:3:1: error: variable 'y' in the head is not bound"))
        #expect(run.stderr.contains("rules.dl:4:16: error: variable 'w' in the negation of 'edge' is not bound"))
        #expect(run.stderr.contains("rules.dl:5:27: error: relation 'nosuch' is not declared"))
        #expect(run.stderr.contains("path(x, y) :- edge(x, y), nosuch(y).\n                          ^"))
        #expect(run.stdout.contains("errors"))
    }

    @Test func importIsAllOrNothingAndIdempotent() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("kb.sqlite").path
        try ".decl parent(p: symbol, c: symbol)\n.phrase parent \"{p} is a parent of {c}\"\n".write(to: folder.appendingPathComponent("schema.dl"), atomically: true, encoding: .utf8)
        try "Ann\tBob\nBob\tCid\n".write(to: folder.appendingPathComponent("parent.facts"), atomically: true, encoding: .utf8)
        try "Ann,Bob\nCid\n".write(to: folder.appendingPathComponent("parent.csv"), atomically: true, encoding: .utf8)
        let schema = folder.appendingPathComponent("schema.dl").path
        let good = folder.appendingPathComponent("parent.facts").path
        let bad = folder.appendingPathComponent("parent.csv").path

        let failed = try Support.run(["import", schema, good, bad, "--into", database], cache: folder)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("parent.csv:2:1: error: expected 2 fields"))
        let afterFailure = try Support.run(["query", "parent(x, y)", "--knowledge", database, "--format", "json"], cache: folder)
        #expect(afterFailure.status == 2, "nothing, not even the schema, was stored")

        #expect(try Support.run(["import", schema, good, "--into", database], cache: folder).status == 0)
        let again = try Support.run(["import", schema, good, "--into", database], cache: folder)
        #expect(again.stdout.contains("imported 0 new facts"))
        let reply = try Support.json(Support.run(["query", "parent(x, y)", "--knowledge", database, "--format", "json"], cache: folder).stdout)
        #expect((reply["answers"] as? [Any])?.count == 2)
        #expect(reply["certified"] as? Bool == true)
    }

    /// The repository's knowledge folder includes the shipped rules from `../rules`: read as a folder from disk, that
    /// reaches outside it, so it takes `--allow-outside-includes` (the same knowledge built into the binary does not).
    @Test func aKnowledgeFolderReachingOutsideNeedsTheFlag() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let refused = try Support.run(["query", "--knowledge", "knowledge", "--format", "json", #"parent("Ann", x)"#], cache: cache)
        #expect(refused.status != 0)
        let error = try Support.json(refused.stdout)["error"] as? [String: Any]
        #expect(error?["code"] as? String == "outside-knowledge", "\(refused.stdout) \(refused.stderr)")
        #expect((error?["message"] as? String)?.contains("--allow-outside-includes") == true)
        let allowed = try Support.run(["query", "--knowledge", "knowledge", "--allow-outside-includes", "--format", "json", #"parent("Ann", x)"#], cache: cache)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect((try Support.json(allowed.stdout)["answers"] as? [[String: Any]])?.count == 2)
    }

    /// A story's closure grows with the square of its people, so a story past the limit is refused before it is read.
    @Test func aStoryTooLongIsRefused() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let story = (0..<250).map { "[Person\($0)] took his daughter [Person\($0 + 1)] to the movies." }.joined(separator: " ")
        let run = try Support.run(["ask", "--format", "json", "--story", story, "How is Person0 related to Person2?"], cache: cache)
        #expect(run.status != 0)
        let error = try Support.json(run.stdout)["error"] as? [String: Any]
        #expect(error?["code"] as? String == "story-too-long", "\(run.stdout) \(run.stderr)")
        #expect((error?["message"] as? String)?.contains("Lemma reads stories of at most 10000") == true)
    }

    /// A closure that never ends stops at the budget given on the command line and answers "unknown", in JSON with
    /// the budget it ran out of; a nonsensical budget is refused before anything runs.
    @Test func anExplodingClosureIsUnknownAtItsBudget() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ".decl num(x: number)\nnum(0).\nnum(x + 1) :- num(x).\n".write(to: folder.appendingPathComponent("count.dl"), atomically: true, encoding: .utf8)
        let run = try Support.run(["query", "--knowledge", folder.path, "--full-evaluation", "--max-tuples", "2000", "--format", "json", "num(-1)"], cache: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let reply = try Support.json(run.stdout)
        #expect(reply["answer"] as? String == "unknown")
        #expect(reply["budget_exceeded"] as? String == "more than 2000 tuples")
        #expect(reply["certified"] as? Bool == false)
        #expect(reply["text"] as? String == "Unknown (budget exceeded: more than 2000 tuples).")
        let timed = try Support.run(["query", "--knowledge", folder.path, "--max-seconds", "0.5", "num(x)"], cache: folder)
        #expect(timed.stdout.hasPrefix("Unknown (budget exceeded: evaluation ran past its time limit of 0.5 seconds)."), "\(timed.stdout)")
        let refused = try Support.run(["query", "--knowledge", folder.path, "--max-tuples", "0", "num(1)"], cache: folder)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--max-tuples must be positive, not 0"))
    }

    /// A knowledge base found consistent records its content hash, so later questions (each a new process) skip the
    /// whole-knowledge check; any later write changes the hash, and the conflict it brings is found.
    @Test func aRecordedConsistencyHoldsOnlyUntilTheKnowledgeChanges() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("kb.sqlite").path
        let schema = folder.appendingPathComponent("schema.dl")
        try """
            .decl parent(p: symbol, c: symbol)
            .decl ancestor(a: symbol, d: symbol)
            ancestor(a, d) :- parent(a, d).
            ancestor(a, d) :- parent(a, p), ancestor(p, d).
            :- ancestor(p, p).
            """.write(to: schema, atomically: true, encoding: .utf8)
        try "Ann\tBob\nBob\tCid\n".write(to: folder.appendingPathComponent("parent.facts"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("later"), withIntermediateDirectories: true)
        try "Cid\tAnn\n".write(to: folder.appendingPathComponent("later/parent.facts"), atomically: true, encoding: .utf8)
        let question = ["query", #"ancestor("Ann", "Cid")"#, "--knowledge", database, "--format", "json"]
        func consistency() throws -> [String: Any]? {
            try Support.json(Support.run(question, cache: folder).stdout)["consistency"] as? [String: Any]
        }
        func isRecorded() throws -> Bool {
            let knowledgeBase = try KnowledgeBase.open(at: database)
            return try knowledgeBase.isRecordedConsistent(contentHash: knowledgeBase.contentHash(), checker: Reasoner.consistencyChecker)
        }

        #expect(try Support.run(["import", schema.path, folder.appendingPathComponent("parent.facts").path, "--into", database], cache: folder).status == 0)
        #expect(try !isRecorded())
        #expect(try consistency()?["consistent"] as? Bool == true)
        #expect(try isRecorded())
        #expect(try consistency()?["consistent"] as? Bool == true)

        #expect(try Support.run(["import", folder.appendingPathComponent("later/parent.facts").path, "--into", database], cache: folder).status == 0)
        #expect(try !isRecorded(), "the import changed the content hash")
        let afterCycle = try consistency()
        #expect(afterCycle?["consistent"] as? Bool == false)
        #expect((afterCycle?["conflicts"] as? [Any])?.count == 3)
        #expect(try !isRecorded())
    }
}
