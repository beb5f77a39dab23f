import Foundation
import GRDB
import Syntax
import Testing
@testable import KnowledgeGraph

@Suite("Schema and opening")
struct SchemaTests {
    /// Another program's database, made with GRDB and closed again.
    private func makeForeignDatabase(at path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// A new file takes its first write, usually a large import, under a rollback journal, and logs ahead after it.
    @Test func aCreatedDatabaseUsesWriteAheadLoggingAfterItsFirstWrite() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("kb.sqlite")
        let dl = try scratch.write("a.dl", ".decl a(x: number)\na(1).\n")
        func journalMode() throws -> String? {
            try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        }
        let knowledgeBase = try KnowledgeBase.create(at: path)
        #expect(try journalMode() == "delete")
        try knowledgeBase.importSources([dl])
        #expect(try journalMode() == "wal")
        #expect(try KnowledgeBase.open(at: path).factCount(RelationName("a")) == 1)
    }

    @Test func reopeningAnEmptyKnowledgeBaseSwitchesToWriteAheadLogging() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("kb.sqlite")
        _ = try KnowledgeBase.create(at: path)
        _ = try KnowledgeBase.open(at: path)
        #expect(try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func aCreatedDatabaseHasLemmasTables() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("kb.sqlite")
        _ = try KnowledgeBase.create(at: path)
        let (tables, version) = try DatabaseQueue(path: path).read { db in
            (try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")),
             try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'"))
        }
        #expect(tables.isSuperset(of: ["meta", "symbol", "import_batch", "source_file", "type_declaration", "relation", "rule", "phrase", "pragma", "directive"]))
        #expect(version == "2")
    }

    @Test func reopeningKeepsTheKnowledge() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("kb.sqlite")
        let dl = try scratch.write("family.dl", familyProgram)
        let hash = try KnowledgeBase.create(at: path).importSources([dl]).contentHash
        let reopened = try KnowledgeBase.open(at: path)
        #expect(try reopened.contentHash() == hash)
        #expect(try reopened.factCount(RelationName("parent")) == 2)
        #expect(try reopened.loadProgram().program.rules.count == 5)
        #expect(reopened.path == path)
        let again = try KnowledgeBase.create(at: path)
        #expect(try again.factCount(RelationName("parent")) == 2, "create on an existing knowledge base opens it")
    }

    @Test func openingAMissingFileThrows() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("missing.sqlite")
        let error = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        guard case let .notAKnowledgeBase(reportedPath, reason)? = error else {
            Issue.record("expected notAKnowledgeBase, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(reason == "no such file")
        #expect(!FileManager.default.fileExists(atPath: path), "opening must not create the file")
    }

    @Test func openingATextFileThrowsNotAKnowledgeBase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let text = String(repeating: "this is a text file, not a database\n", count: 40)
        let path = try scratch.write("notes.sqlite", text)
        let error = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        guard case .notAKnowledgeBase(path, _)? = error else {
            Issue.record("expected notAKnowledgeBase, got \(String(describing: error))")
            return
        }
        #expect(error?.description.hasPrefix("error: '\(path)' is not a Lemma knowledge base:") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func openingAnEmptyFileThrowsNotAKnowledgeBase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("empty.sqlite", "")
        let error = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        guard case let .notAKnowledgeBase(_, reason)? = error else {
            Issue.record("expected notAKnowledgeBase, got \(String(describing: error))")
            return
        }
        #expect(reason == "the database is empty")
    }

    @Test func openingAPlainSQLiteDatabaseThrowsNotAKnowledgeBase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customer (name) VALUES ('x')")
        }
        let error = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        guard case let .notAKnowledgeBase(_, reason)? = error else {
            Issue.record("expected notAKnowledgeBase, got \(String(describing: error))")
            return
        }
        #expect(reason == "it has no 'meta' table")
        let created = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.create(at: path) }
        guard case .notAKnowledgeBase? = created else {
            Issue.record("create must not take over a foreign database, got \(String(describing: created))")
            return
        }
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["customer"], "no Lemma tables were added to a foreign database")
    }

    @Test func aFailedOpenLeavesAForeignDatabaseUntouched() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("other.sqlite")
        try makeForeignDatabase(at: path, "CREATE TABLE customer (id INTEGER PRIMARY KEY)")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after == before, "opening a database that is not Lemma's must not rewrite it (journal mode bytes 18-19: \(before.count > 19 ? [before[18], before[19]] : []) -> \(after.count > 19 ? [after[18], after[19]] : []))")
    }

    /// Another program's database that happens to have a `meta` table is still not Lemma's, and stays as it was.
    @Test func aForeignDatabaseWithAMetaTableIsRefusedAndUntouched() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("lookalike.sqlite")
        try makeForeignDatabase(at: path, "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema_version', '2')")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        #expect(error?.description.contains("no record of Lemma's schema") == true, "\(String(describing: error))")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// A knowledge base damaged on disk (pages overwritten, or the header) is refused with SQLite's own words for it,
    /// and opening it writes nothing, so whatever can still be recovered is not made worse.
    @Test(arguments: [(12_288, 12_288), (0, 16)])
    func aCorruptKnowledgeBaseIsRefusedAndUntouched(offset: Int, length: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("kb.sqlite")
        let dl = try scratch.write("p.dl", ".decl p(x: symbol)\n" + (0..<3000).map { "p(\"item number \($0)\")." }.joined(separator: "\n"))
        try KnowledgeBase.create(at: path).importSources([dl])
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(bytes.count > offset + length)
        var random = SystemRandomNumberGenerator()
        for index in offset..<offset + length { bytes[index] = UInt8.random(in: 0...255, using: &random) }
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: KnowledgeGraphError.self) {
            let knowledgeBase = try KnowledgeBase.open(at: path)
            _ = try knowledgeBase.loadFacts(RelationName("p"), columnTypes: [.symbol])
        }
        let message = error?.description ?? ""
        #expect(message.contains("malformed") || message.contains("not a database"), "\(message)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("kb.sqlite")
        _ = try KnowledgeBase.create(at: path)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE meta SET value = '99' WHERE key = 'schema_version'") }
        let error = #expect(throws: KnowledgeGraphError.self) { try KnowledgeBase.open(at: path) }
        guard case let .schemaTooNew(_, found, supported)? = error else {
            Issue.record("expected schemaTooNew, got \(String(describing: error))")
            return
        }
        #expect(found == 99)
        #expect(supported == Schema.version)
    }
}

@Suite("Folder compiler")
struct FolderCompilerTests {
    static let rules = """
        .decl person(name: symbol, age: number)
        .decl adult(name: symbol)
        .input person
        adult(n) :- person(n, a), a >= 18.

        """

    /// Every path under `folder` (hidden ones included) with its size and modification date.
    private func listing(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return result }
        while let name = enumerator.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            result[name] = "\(attributes[.size] ?? "-") \(attributes[.modificationDate] ?? "-")"
        }
        return result
    }

    private func cachedFiles(_ cache: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
    }

    private func makeFolder(_ scratch: Scratch, facts: String = "ann\t30\nbob\t10\n") throws -> String {
        try scratch.write("knowledge/main.dl", Self.rules)
        try scratch.write("knowledge/person.facts", facts)
        return scratch.path("knowledge")
    }

    /// A knowledge folder from elsewhere must not read files outside it: an `.include` or `.input` that reaches out is
    /// an error at the directive, and the file is not read, unless the compiler is told to allow it.
    @Test(arguments: [
        (".include \"../outside/secret.dl\"\n", ".include", "outside/secret.dl"),
        (".include \"SECRET\"\n", ".include", "outside/secret.dl"),
        (".decl secret(x: symbol)\n.input secret(IO=file, filename=\"../outside/secret.facts\")\n", ".input", "outside/secret.facts"),
    ])
    func filesOutsideTheKnowledgeFolderAreNotRead(directive text: String, directive: String, reached: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("outside/secret.dl", ".decl secret(x: symbol)\nsecret(\"password\").\n")
        try scratch.write("outside/secret.facts", "password\n")
        try scratch.write("knowledge/main.dl", Self.rules + text.replacingOccurrences(of: "SECRET", with: scratch.path("outside/secret.dl")))
        try scratch.write("knowledge/person.facts", "ann\t30\n")
        let folder = scratch.path("knowledge")
        let error = #expect(throws: KnowledgeGraphError.self) {
            try FolderCompiler(cacheDirectory: scratch.path("cache")).compile(folder)
        }
        let refused = refusal(error).first { $0.code == "outside-knowledge" }
        #expect(refused?.message.contains("'\(directive)' names '") == true && refused?.message.contains(reached) == true, "\(String(describing: error))")
        #expect(refused?.message.contains("--allow-outside-includes") == true)
        #expect(refused?.location?.file == folder + "/main.dl")
        #expect(refused?.location?.line == (directive == ".include" ? 5 : 6))
        #expect(!(error?.description.contains("password") ?? true), "nothing of the outside file is quoted")

        let allowed = try FolderCompiler(cacheDirectory: scratch.path("cache"), allowsOutsideFiles: true).compile(folder)
        #expect(try allowed.factCount(RelationName("secret")) == 1)
    }

    @Test func includesInsideTheKnowledgeFolderAreRead() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("knowledge/lib/more.dl", ".decl extra(x: symbol)\nextra(\"e\").\n")
        try scratch.write("knowledge/main.dl", Self.rules + ".include \"lib/more.dl\"\n.include \"lib/../lib/more.dl\"\n")
        try scratch.write("knowledge/person.facts", "ann\t30\n")
        let compiled = try FolderCompiler(cacheDirectory: scratch.path("cache")).compile(scratch.path("knowledge"))
        #expect(try compiled.factCount(RelationName("extra")) == 1)
    }

    @Test func compilesAFolderIntoTheCache() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        let cache = scratch.path("cache")
        let compiler = FolderCompiler(cacheDirectory: cache)
        let kb = try compiler.compile(folder)
        #expect(kb.path.hasPrefix(cache + "/kb-"))
        #expect(kb.path.hasSuffix(".sqlite"))
        #expect(try kb.factCount(RelationName("person")) == 2)
        #expect(try kb.loadProgram().program.rules.count == 1)
        #expect(try kb.contentHash() == compiler.contentHash(of: folder))
        #expect(cachedFiles(cache).count == 1)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: cache).contains { $0.hasPrefix(".kb-") }, "no temporary file is left behind")
    }

    @Test func compilingTwiceReusesTheCachedFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        let compiler = FolderCompiler(cacheDirectory: scratch.path("cache"))
        let first = try compiler.compile(folder)
        let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
        Thread.sleep(forTimeInterval: 0.05)

        let started = Date()
        let second = try compiler.compile(folder)
        let elapsed = Date().timeIntervalSince(started)
        #expect(second.path == first.path)
        let again = try FileManager.default.attributesOfItem(atPath: second.path)
        let modified = try #require(attributes[.modificationDate] as? Date)
        #expect(again[.modificationDate] as? Date == modified)
        let inode = try #require((attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
        #expect((again[.systemFileNumber] as? NSNumber)?.uint64Value == inode, "the cached file was not replaced")
        #expect(elapsed < 5)
        #expect(cachedFiles(scratch.path("cache")).count == 1)
        #expect(try second.factCount(RelationName("person")) == 2)
    }

    @Test func changingAFactsFileMakesANewCacheEntry() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        let cache = scratch.path("cache")
        let compiler = FolderCompiler(cacheDirectory: cache)
        let first = try compiler.compile(folder)
        let firstHash = try compiler.contentHash(of: folder)

        try scratch.write("knowledge/person.facts", "ann\t30\nbob\t10\ncy\t44\n")
        let secondHash = try compiler.contentHash(of: folder)
        #expect(secondHash != firstHash)
        let second = try compiler.compile(folder)
        #expect(second.path != first.path)
        #expect(try second.contentHash() == secondHash)
        #expect(try second.factValues(RelationName("person"), columnTypes: [.symbol, .number], symbols: second.symbols()) == [
            [.symbol("ann"), .number(30)], [.symbol("bob"), .number(10)], [.symbol("cy"), .number(44)],
        ])
        #expect(try first.factCount(RelationName("person")) == 2, "the old entry still holds the old facts")
        #expect(cachedFiles(cache).count == 2)
    }

    @Test func theContentHashFollowsEveryFileTheProgramReads() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        let compiler = FolderCompiler(cacheDirectory: scratch.path("cache"))
        let original = try compiler.contentHash(of: folder)
        #expect(original.hasPrefix("sha256:"))
        #expect(try compiler.contentHash(of: folder) == original)

        try scratch.write("knowledge/notes.txt", "not part of the knowledge")
        #expect(try compiler.contentHash(of: folder) == original, "unrelated files do not count")

        try scratch.write("knowledge/main.dl", Self.rules + "// a comment\n")
        #expect(try compiler.contentHash(of: folder) != original, "every byte of a rule file counts")
    }

    @Test func theContentHashNamesContentNotLocation() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for copy in ["one", "two/deeper"] {
            try scratch.write("\(copy)/main.dl", Self.rules)
            try scratch.write("\(copy)/person.facts", "ann\t30\n")
        }
        let compiler = FolderCompiler(cacheDirectory: scratch.path("cache"))
        #expect(try compiler.contentHash(of: scratch.path("one")) == compiler.contentHash(of: scratch.path("two/deeper")))
    }

    @Test func theCompilerNeverWritesIntoTheKnowledgeFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        let before = try listing(folder)
        #expect(before.keys.sorted() == ["main.dl", "person.facts"])
        let compiler = FolderCompiler(cacheDirectory: scratch.path("cache"))
        let kb = try compiler.compile(folder)
        _ = try compiler.compile(folder)
        _ = try kb.loadProgram()
        #expect(try listing(folder) == before)
    }

    @Test func aFolderWithAnErrorCachesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch, facts: "ann\t30\nbob\tten\n")
        let cache = scratch.path("cache")
        let error = #expect(throws: KnowledgeGraphError.self) { try FolderCompiler(cacheDirectory: cache).compile(folder) }
        #expect(refusal(error).first?.location == location(folder + "/person.facts", 2, 5))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).isEmpty)
        #expect(try listing(folder).keys.sorted() == ["main.dl", "person.facts"])
    }

    @Test func aFolderWithASyntaxErrorCachesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        try scratch.write("knowledge/broken.dl", ".decl b(x: number)\nb(1)\n")
        let cache = scratch.path("cache")
        let error = #expect(throws: KnowledgeGraphError.self) { try FolderCompiler(cacheDirectory: cache).compile(folder) }
        #expect(refusal(error).first?.code == "syntax-error")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).isEmpty)
    }

    @Test func aFolderWithoutProgramFilesIsASourceError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("empty/readme.txt", "nothing")
        let error = #expect(throws: KnowledgeGraphError.self) {
            try FolderCompiler(cacheDirectory: scratch.path("cache")).compile(scratch.path("empty"))
        }
        guard case .source(.emptyFolder)? = error else {
            Issue.record("expected an empty-folder source error, got \(String(describing: error))")
            return
        }
    }

    @Test func aSingleProgramFileCanBeCompiled() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = try makeFolder(scratch)
        let kb = try FolderCompiler(cacheDirectory: scratch.path("cache")).compile(folder + "/main.dl")
        #expect(try kb.factCount(RelationName("person")) == 2)
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("Zoë → 東京", "8c617f5ec595f1a2ec63f3342a71af6995418ceb76cd3d58c36f112a86628437"),
    ])
    func fipsVectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test func oneMillionAs() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hex(String(repeating: "a", count: length)) == digest)
    }

    @Test func incrementalUpdatesEqualOneShot() {
        let message = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 7)
        let bytes = Array(message.utf8)
        for split in [0, 1, 63, 64, 65, 200, bytes.count] {
            var hasher = SHA256()
            hasher.update(bytes[..<split])
            hasher.update(bytes[split...])
            #expect(hasher.finalize() == SHA256.hex(message), "split at \(split)")
        }
        var byStrings = SHA256()
        byStrings.update("The quick brown fox jumps over the lazy dog. ")
        byStrings.update(String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 6))
        #expect(byStrings.finalize() == SHA256.hex(message))
    }
}
