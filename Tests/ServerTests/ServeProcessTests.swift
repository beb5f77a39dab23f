import Foundation
import Testing

/// `lemma serve` and `lemma repl` driven through pipes, as another program or a person at a shell would.
@Suite(.serialized) struct ServeProcessTests {
    let cache: URL

    init() throws {
        cache = try ServerProcess.temporaryFolder()
    }

    /// The shipped family knowledge imported into a fresh knowledge base file.
    func familyKnowledgeBase() throws -> String {
        let path = cache.appendingPathComponent("family.sqlite").path
        let imported = try ServerProcess.run(["import", "--into", path, "knowledge/family.dl", "--allow-outside-includes"], cache: cache)
        #expect(imported.status == 0, "\(imported.stderr)")
        return path
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    func object(_ text: String) throws -> [String: Any] {
        try json(text) as? [String: Any] ?? [:]
    }

    func encode(_ value: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// `serve` refuses what it did not read whole exactly as `ask` does, with the reason in the result.
    @Test func askRefusesWithTheReasonOverServe() throws {
        let server = try ServerProcess(["serve", "--stdio"], cache: cache)
        let cases: [(question: String, reason: String?)] = [
            ("Who are the grandparents of Mateo?", nil),
            ("Is Zorro a parent of Ann?", "unknown-name"),
            ("Which men are over 40?", "unplaced-words"),
            ("Who is the father of Noah's mother?", "needs-composition"),
        ]
        for (index, item) in cases.enumerated() {
            server.send(try encode(["id": index, "op": "ask", "question": item.question]))
            let reply = try object(try #require(server.readLine()))
            let result = try #require(reply["result"] as? [String: Any], "\(reply)")
            #expect(result["answered"] as? Bool == (item.reason == nil), "\(item.question)")
            #expect(result["reason"] as? String == item.reason, "\(item.question)")
        }
        server.send(try encode(["id": 9, "op": "ask", "question": "Who are the grandparents of Mateo?", "threshold": 1]))
        let line = try #require(server.readLine())
        let unsure = try #require(try object(line)["result"] as? [String: Any])
        #expect(unsure["reason"] as? String == "not-sure")
    }

    @Test func aScriptedSessionOfEveryOperation() throws {
        let knowledge = try familyKnowledgeBase()
        let server = try ServerProcess(["serve", "--stdio", "--knowledge", knowledge], cache: cache)
        var exchanged: [(op: String, request: String, reply: String)] = []
        func call(_ request: [String: Any]) throws -> [String: Any] {
            let line = try encode(request)
            server.send(line)
            let reply = try #require(server.readLine())
            exchanged.append((request["op"] as? String ?? "", line, reply))
            let decoded = try object(reply)
            #expect(decoded["id"] as? Int == request["id"] as? Int)
            #expect(decoded["error"] == nil, "\(line) -> \(reply)")
            return decoded["result"] as? [String: Any] ?? ["array": decoded["result"] as Any]
        }

        let grandparents = try call(["id": 1, "op": "query", "query": #"grandparent(g, "Mateo")"#])
        #expect((grandparents["answers"] as? [[String: String]])?.compactMap { $0["g"] }.sorted() == ["Juan", "Maria Lopez"])
        #expect(grandparents["certified"] as? Bool == true)

        let asked = try call(["id": 2, "op": "ask", "question": "Who are the grandparents of Mateo?"])
        #expect((asked["parse"] as? [String: Any])?["sure"] as? Bool == true)
        #expect((asked["answers"] as? [[String: String]])?.compactMap { $0["g"] }.sorted() == ["Juan", "Maria Lopez"])

        let told = try call(["id": 3, "op": "tell", "statement": "Lucia is a parent of Noah."])
        #expect(told["stored"] as? String == #"parent("Lucia", "Noah")."#)
        let afterTell = try call(["id": 4, "op": "query", "query": #"parent("Lucia", "Noah")"#])
        #expect(afterTell["answer"] as? String == "yes")
        #expect(afterTell["knowledge"] as? String == told["knowledge"] as? String)

        let explained = try call(["id": 5, "op": "explain", "query": #"grandparent("Ann", "Mateo")"#])
        #expect(explained["answer"] as? String == "no")
        #expect(!((explained["abduction"] as? [Any]) ?? []).isEmpty)
        #expect(explained["why_not"] != nil)
        let explainedQuestion = try call(["id": 6, "op": "explain", "question": "Is Ann a grandparent of Mateo?"])
        #expect(explainedQuestion["answer"] as? String == "no")

        let audited = try call(["id": 7, "op": "audit", "answer": grandparents])
        #expect(audited["valid"] as? Bool == true)
        #expect(audited["checked_proofs"] as? Int == 2)

        let verified = try call(["id": 8, "op": "verify", "path": "rules/examples/prescriptions.dl"])
        let cli = try ServerProcess.run(["verify", "rules/examples/prescriptions.dl", "--format", "json"], cache: cache)
        #expect(NSArray(array: verified["array"] as? [Any] ?? []) == NSArray(array: try json(cli.stdout) as? [Any] ?? [1]))

        let inline = try call(["id": 9, "op": "verify", "source": ".decl p(x: symbol)\n.decl q(x: symbol)\np(\"a\").\nq(x) :- p(x).\nq(x) :- p(x), p(x).\n"])
        let findings = ((inline["array"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
        #expect(findings.contains { $0["code"] as? String == "redundant-rule" && ($0["location"] as? [String: Any])?["file"] as? String == "request.dl" })

        let stats = try call(["id": 10, "op": "stats"])
        let parent = (stats["relations"] as? [[String: Any]])?.first { $0["name"] as? String == "parent" }
        let statsCLI = try object(try ServerProcess.run(["stats", "--knowledge", knowledge, "--format", "json"], cache: cache).stdout)
        #expect(parent?["facts"] as? Int == ((statsCLI["relations"] as? [[String: Any]])?.first { $0["name"] as? String == "parent" })?["facts"] as? Int)
        #expect((stats["server"] as? [String: Any])?["requests"] as? Int == 9)

        let schema = try call(["id": 11, "op": "schema"])
        #expect((schema["$defs"] as? [String: Any])?["request"] != nil)

        let story = try call(["id": 12, "op": "ask", "question": "How is Dorothy related to Donald?",
                              "story": "[Dorothy] and her brother [Michael] went out. [Michael] is the father of [Donald]."])
        #expect((story["answers"] as? [[String: String]])?.first?["k"] == "aunt")
        #expect(story["story_facts"] != nil)

        server.closeInput()
        #expect(server.readLine() == nil)
        #expect(server.wait() == 0)
        try validateAgainstSchema(exchanged)
    }

    /// Every request and reply of a session checked against the published JSON Schema with Python's jsonschema.
    func validateAgainstSchema(_ exchanged: [(op: String, request: String, reply: String)]) throws {
        guard Self.hasJSONSchema else { return }
        let file = cache.appendingPathComponent("exchanged.jsonl")
        let lines = try exchanged.map { try encode(["op": $0.op, "request": try json($0.request), "reply": try json($0.reply)]) }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let check = try Self.python("""
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            def validator(name):
                return jsonschema.Draft202012Validator({"$ref": "#/$defs/" + name, "$defs": schema["$defs"]})
            failures = 0
            for line in open(sys.argv[2]):
                item = json.loads(line)
                checks = [("request", item["request"]), ("reply", item["reply"])]
                if "result" in item["reply"]:
                    checks.append((item["op"] + "Result", item["reply"]["result"]))
                for name, value in checks:
                    for error in validator(name).iter_errors(value):
                        failures += 1
                        print(item["op"], name, list(error.absolute_path), error.message[:300])
            sys.exit(1 if failures else 0)
            """, arguments: [Self.schemaPath, file.path])
        #expect(check.status == 0, "\(check.output)")
    }

    static let schemaPath = ServerProcess.repository.appendingPathComponent("Sources/Server/Schemas/protocol.schema.json").path

    /// Whether Python's jsonschema (Debian's python3-jsonschema, which `.ci/install-dependencies` installs) is here.
    static let hasJSONSchema = (try? python("import jsonschema; jsonschema.Draft202012Validator").status) == 0

    /// Runs a Python script; its exit status and everything it printed.
    static func python(_ script: String, arguments: [String] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theSchemaRejectsWhatTheServerRejects() throws {
        try #require(Self.hasJSONSchema)
        let malformed = [#"{"id": 1, "op": "query"}"#, #"{"id": 1, "op": "query", "query": 5}"#, #"{"id": 1, "op": "query", "query": "p", "qurey": 1}"#,
                         #"{"id": 1, "op": "verify", "path": "a", "source": "b"}"#, #"{"op": "stats"}"#, #"{"id": 1, "op": "delete"}"#]
        let file = cache.appendingPathComponent("malformed.jsonl")
        try malformed.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let check = try Self.python("""
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/request", "$defs": schema["$defs"]})
            accepted = [line for line in open(sys.argv[2]) if validator.is_valid(json.loads(line))]
            print("".join(accepted))
            sys.exit(1 if accepted else 0)
            """, arguments: [Self.schemaPath, file.path])
        #expect(check.status == 0, "the schema accepts: \(check.output)")
    }

    @Test func everyMalformedLineGetsAnErrorAndTheServerGoesOn() throws {
        let server = try ServerProcess(["serve", "--stdio", "--max-line-bytes", "4096"], cache: cache)
        let cases: [(bytes: Data, code: String, id: Int?)] = [
            (Data("not json".utf8), "invalid-json", nil),
            (Data("[1, 2]".utf8), "invalid-request", nil),
            (Data("{}".utf8), "missing-field", nil),
            (Data(#"{"id": 1}"#.utf8), "missing-field", 1),
            (Data(#"{"id": 2, "op": "delete"}"#.utf8), "unknown-op", 2),
            (Data(#"{"id": 3, "op": "query", "qurey": "p(x)"}"#.utf8), "unknown-field", 3),
            (Data(#"{"id": 4, "op": "query", "query": ["p(x)"]}"#.utf8), "invalid-field", 4),
            (Data(#"{"id": 5, "op": "tell"}"#.utf8), "missing-field", 5),
            (Data(#"{"id": 6, "op": "tell", "statement": "Ann is a parent of Bob."}"#.utf8), "read-only-knowledge", 6),
            (Data(#"{"id": 7, "op": "query", "query": "parent(x"}"#.utf8), "syntax-error", 7),
            (Data(#"{"id": 8, "op": "query", "query": "nosuch(x)"}"#.utf8), "undeclared-relation", 8),
            (Data(#"{"id": 9, "op": "verify", "path": "no/such/rules.dl"}"#.utf8), "unreadable-file", 9),
            (Data(#"{"id": 10, "op": "audit", "answer": {"query": 5}}"#.utf8), "bad-answer-file", 10),
            (Data(("{\"id\": 11, \"op\": \"query\", \"query\": \"" + String(repeating: "x", count: 5000) + "\"}").utf8), "line-too-long", nil),
            (Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0xFF, 0x7D]), "invalid-utf8", nil),
            (Data("{\"id\": 12, \"op\": \"query\", \"query\": \"p(\u{0})\"}".utf8), "invalid-json", nil),
            (Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8), "line-too-long", nil),
            (Data((String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)).utf8), "invalid-json", nil),
            (Data(#"{"id": 13, "op": "query", "query": "parent(\"Ann\", x)", "max_proof_steps": 99999999999999999999999}"#.utf8), "invalid-field", 13),
        ]
        for item in cases {
            server.send(bytes: item.bytes + Data("\n\n   \n".utf8))
        }
        server.send(#"{"id": "last", "op": "query", "query": "parent(\"Ann\", x)"}"#)
        server.closeInput()
        let replies = try server.readAll().map(object)
        #expect(replies.count == cases.count + 1)
        for (item, reply) in zip(cases, replies) {
            let error = reply["error"] as? [String: Any]
            #expect(error?["code"] as? String == item.code, "\(String(decoding: item.bytes.prefix(80), as: UTF8.self)) -> \(reply)")
            #expect(reply["id"] as? Int == item.id)
            let message = error?["message"] as? String ?? ""
            #expect(!message.isEmpty)
        }
        #expect(replies.last?["id"] as? String == "last")
        #expect(((replies.last?["result"] as? [String: Any])?["answers"] as? [Any])?.count == 2)
        #expect(server.wait() == 0)
    }

    @Test func repliesKeepRequestOrderUnderABurstOf10000() throws {
        let server = try ServerProcess(["serve", "--stdio"], cache: cache)
        let lines = (0..<10_000).map { index -> String in
            switch index % 100 {
            case 0: #"{"id": \#(index), "op": "query", "query": "parent(\"Ann\", x)"}"#
            case 1...10: #"{"id": \#(index), "op": "stats"}"#
            case 11...20: #"{"id": "\#(index)", "op": "query", "query": "parent(x"}"#
            default: #"{"id": \#(index), "op": "query", "qurey": "p(x)"}"#
            }
        }
        server.sendInBackground(lines, then: true)
        var index = 0
        while let line = server.readLine() {
            let reply = try object(line)
            switch index % 100 {
            case 0:
                #expect(reply["id"] as? Int == index)
                #expect(((reply["result"] as? [String: Any])?["answers"] as? [Any])?.count == 2)
            case 1...10:
                #expect(reply["id"] as? Int == index)
                #expect((reply["result"] as? [String: Any])?["relations"] != nil)
            case 11...20:
                #expect(reply["id"] as? String == "\(index)")
                #expect((reply["error"] as? [String: Any])?["code"] as? String == "syntax-error")
            default:
                #expect(reply["id"] as? Int == index)
                #expect((reply["error"] as? [String: Any])?["code"] as? String == "unknown-field")
            }
            index += 1
        }
        #expect(index == 10_000)
        #expect(server.wait() == 0)
    }

    /// Stops the server with SIGTERM while a burst of writes is under way, then checks that the knowledge base is
    /// intact and holds exactly the acknowledged writes.
    @Test(arguments: [5, 60]) func sigtermMidBurstLosesNothingAcknowledged(after acknowledgements: Int) throws {
        let knowledge = cache.appendingPathComponent("burst-\(acknowledgements).sqlite").path
        let server = try ServerProcess(["serve", "--stdio", "--knowledge", knowledge], cache: cache)
        let count = 2000
        server.sendInBackground((0..<count).map { #"{"id": \#($0), "op": "tell", "statement": "The cat\#($0) is big."}"# }, then: false)
        var acknowledged = Set<String>()
        var notRun = 0
        var replies: [[String: Any]] = []
        while replies.count < acknowledgements, let line = server.readLine() { replies.append(try object(line)) }
        server.terminate()
        while let line = server.readLine() { replies.append(try object(line)) }
        #expect(server.wait() == 0)
        var previous = -1
        for reply in replies {
            let id = try #require(reply["id"] as? Int)
            #expect(id == previous + 1, "replies out of order")
            previous = id
            if reply["result"] != nil {
                #expect(notRun == 0, "a request ran after one was refused")
                acknowledged.insert("the cat\(id)")
            } else {
                #expect((reply["error"] as? [String: Any])?["code"] as? String == "shutting-down")
                notRun += 1
            }
        }
        #expect(acknowledged.count >= acknowledgements)
        #expect(acknowledged.count < count, "the server finished the whole burst before SIGTERM; the test did not test a stop")

        #expect(try integrityCheck(knowledge) == "ok")

        let stored = try ServerProcess.run(["query", "big(x)", "--knowledge", knowledge, "--format", "json"], cache: cache)
        let answers = try object(stored.stdout)["answers"] as? [[String: String]] ?? []
        #expect(Set(answers.compactMap { $0["x"] }) == acknowledged)
    }

    /// SQLite's own check of a knowledge base file, through Python's sqlite3 so that no Lemma code is involved.
    func integrityCheck(_ path: String) throws -> String {
        try Self.python("import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                        arguments: [path]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anIdleServerExitsCleanlyOnSIGTERM() throws {
        let server = try ServerProcess(["serve", "--stdio"], cache: cache)
        server.send(#"{"id": 1, "op": "stats"}"#)
        #expect(server.readLine() != nil)
        server.terminate()
        #expect(server.readLine() == nil)
        #expect(server.wait() == 0)
    }

    /// Two servers writing to one knowledge base file: each sees the other's committed writes.
    @Test func twoServersShareOneKnowledgeBase() throws {
        let knowledge = cache.appendingPathComponent("shared.sqlite").path
        let first = try ServerProcess(["serve", "--stdio", "--knowledge", knowledge], cache: cache)
        first.send(#"{"id": 0, "op": "tell", "statement": "The cat is big."}"#)
        #expect(try first.readJSON()?["result"] != nil)
        let second = try ServerProcess(["serve", "--stdio", "--knowledge", knowledge], cache: cache)
        for index in 1...20 {
            let (server, animal) = index.isMultiple(of: 2) ? (first, "cat") : (second, "dog")
            server.send(#"{"id": \#(index), "op": "tell", "statement": "The \#(animal)\#(index) is big."}"#)
            let reply = try #require(try server.readJSON())
            #expect(reply["result"] != nil, "\(reply)")
        }
        for server in [first, second] {
            server.send(#"{"id": "all", "op": "query", "query": "big(x)"}"#)
            let reply = try #require(try server.readJSON())
            #expect(((reply["result"] as? [String: Any])?["answers"] as? [Any])?.count == 21)
            server.closeInput()
            #expect(server.wait() == 0)
        }
        #expect(try integrityCheck(knowledge) == "ok")
    }

    @Test func mcpHandshakeListsToolsAndCallsOne() throws {
        let server = try ServerProcess(["serve", "--mcp"], cache: cache)
        func call(_ message: String) throws -> [String: Any] {
            server.send(message)
            return try #require(try server.readJSON())
        }
        let initialized = try call(#"{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}"#)
        let result = initialized["result"] as? [String: Any]
        #expect(result?["protocolVersion"] as? String == "2025-06-18")
        #expect((result?["serverInfo"] as? [String: Any])?["name"] as? String == "lemma")
        server.send(#"{"jsonrpc": "2.0", "method": "notifications/initialized"}"#)

        let listed = try call(#"{"jsonrpc": "2.0", "id": 2, "method": "tools/list"}"#)
        let tools = (listed["result"] as? [String: Any])?["tools"] as? [[String: Any]] ?? []
        #expect(tools.compactMap { $0["name"] as? String }.sorted() == ["ask", "audit", "query", "tell", "verify"])
        let query = tools.first { $0["name"] as? String == "query" }?["inputSchema"] as? [String: Any]
        #expect(query?["required"] as? [String] == ["query"])
        #expect((query?["properties"] as? [String: Any])?["why_not"] != nil)

        let called = try call(#"{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "query", "arguments": {"query": "grandparent(g, \"Mateo\")"}}}"#)
        let content = (called["result"] as? [String: Any])?["content"] as? [[String: Any]]
        #expect((called["result"] as? [String: Any])?["isError"] as? Bool == false)
        let answer = try object(content?.first?["text"] as? String ?? "{}")
        #expect(answer["certified"] as? Bool == true)
        #expect((answer["answers"] as? [[String: String]])?.compactMap { $0["g"] }.sorted() == ["Juan", "Maria Lopez"])

        let failed = try call(#"{"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "query", "arguments": {"query": "grandparent(g"}}}"#)
        #expect((failed["result"] as? [String: Any])?["isError"] as? Bool == true)
        let error = try object((((failed["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String) ?? "{}")
        #expect((error["error"] as? [String: Any])?["code"] as? String == "syntax-error")
        server.closeInput()
        #expect(server.wait() == 0)
    }

    @Test func theREPLTellsAsksAndExplains() throws {
        let knowledge = cache.appendingPathComponent("repl.sqlite").path
        let script = """
            :load \(knowledge)
            The cat is big.
            If something is big then it is kind.
            Is the cat kind?
            :why kind("the cat")
            :whynot red("the cat")
            :stats
            :frobnicate
            :query
            :query kind(x)
            """
        let run = try ServerProcess.run(["repl"], input: script, cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Stored: big(\"the cat\")."))
        #expect(run.stdout.contains("Stored: kind(X) :- big(X)."))
        #expect(run.stdout.contains("Yes: the cat is kind."))
        #expect(run.stdout.contains("the cat is kind, because the cat is big (step 1)"))
        #expect(run.stdout.contains("2 relations, 1 stored fact"))
        #expect(run.stderr.contains("relation 'red' is not declared"))
        #expect(run.stderr.contains("no command ':frobnicate'"))
        #expect(run.stderr.contains(":query needs an argument"))
    }
}
