import Foundation
import GRDB
import Syntax

/// Compiles a folder of `.dl` files (and the fact files they `.input`) into a knowledge base in the user's cache,
/// keyed by the content hash of every file it reads, so an unchanged folder is compiled once and a changed file
/// invalidates it. Lemma never writes into the knowledge folder itself.
public struct FolderCompiler: Sendable {
    public let provider: any SourceProvider
    public let cacheDirectory: String
    /// Whether `.include` and `.input` may read files outside the folder compiled.
    public let allowsOutsideFiles: Bool

    public init(provider: any SourceProvider = FileSystemSource(), cacheDirectory: String = FolderCompiler.defaultCacheDirectory, allowsOutsideFiles: Bool = false) {
        self.provider = provider
        self.cacheDirectory = cacheDirectory
        self.allowsOutsideFiles = allowsOutsideFiles
    }

    private func includes(for folder: String) -> IncludePolicy {
        allowsOutsideFiles ? .anywhere : .knowledgeFolder(of: folder)
    }

    /// Part of every cache key: bump it whenever the stored layout (tables, encoded rules) changes, so caches
    /// written by an older lemma are never read by a newer one.
    static let cacheFormat = 3

    /// `$XDG_CACHE_HOME/lemma`, or `~/.cache/lemma` when that is unset.
    public static var defaultCacheDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return cache + "/lemma" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()
        return home + "/.cache/lemma"
    }

    /// The content hash of a folder: every `.dl` file it reads (with includes) and every fact file they `.input`.
    public func contentHash(of folder: String) throws(KnowledgeGraphError) -> String {
        let policy = includes(for: folder)
        let loaded: LoadedProgram
        do {
            loaded = try ProgramLoader(provider: provider, includes: policy).load(path: folder, validate: false)
        } catch {
            throw .source(error)
        }
        var files = loaded.files.map { ($0, loaded.sources[$0] ?? "") }
        for input in loaded.program.inputs {
            let path = FactFileReader.path(of: input)
            guard policy.permits(path) else { continue }
            if let text = try? provider.read(path) { files.append((path, text)) }
        }
        let base = Paths.normalize(folder.hasSuffix(".dl") ? (folder as NSString).deletingLastPathComponent : folder)
        var hasher = SHA256()
        for (path, text) in files.sorted(by: { $0.0 < $1.0 }) {
            let relative = base.isEmpty || !path.hasPrefix(base + "/") ? path : String(path.dropFirst(base.count + 1))
            hasher.update("\u{0}\(relative)\u{0}\(text.utf8.count)\u{0}")
            hasher.update(text)
        }
        return "sha256:" + hasher.finalize()
    }

    /// Returns the compiled knowledge base for `folder`, compiling it first when the cache has no entry for its content.
    public func compile(_ folder: String) throws(KnowledgeGraphError) -> KnowledgeBase {
        let hash = try contentHash(of: folder)
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        let key = String(SHA256.hex("\(Self.cacheFormat)\u{0}\(Paths.normalize(absolute))\u{0}\(hash)").prefix(32))
        let cached = cacheDirectory + "/kb-\(key).sqlite"
        if FileManager.default.fileExists(atPath: cached), let existing = try? KnowledgeBase.open(at: cached), (try? existing.contentHash()) == hash {
            return existing
        }
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        } catch {
            throw .database(path: cacheDirectory, message: "cannot create the cache folder: \(error.localizedDescription)")
        }
        let temporary = cacheDirectory + "/.kb-\(key)-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
        try build(folder, into: temporary, hash: hash)
        do {
            _ = try? FileManager.default.removeItem(atPath: cached)
            try FileManager.default.moveItem(atPath: temporary, toPath: cached)
        } catch {
            throw .database(path: cached, message: "cannot move the compiled knowledge into the cache: \(error.localizedDescription)")
        }
        return try KnowledgeBase.open(at: cached)
    }

    /// Writes the whole folder into a fresh database and checkpoints it so the file alone holds everything.
    private func build(_ folder: String, into path: String, hash: String) throws(KnowledgeGraphError) {
        let roots: [String]
        do {
            roots = folder.hasSuffix(".dl") ? [folder] : try provider.programFiles(in: folder)
        } catch {
            throw .source(error)
        }
        let knowledgeBase = try KnowledgeBase.create(at: path)
        try knowledgeBase.importSources(roots, provider: provider, contentHash: hash, includes: includes(for: folder))
        try knowledgeBase.checkpoint()
    }
}

extension KnowledgeBase {
    /// Folds the write-ahead log into the main file, so the file can be moved on its own.
    func checkpoint() throws(KnowledgeGraphError) {
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw .database(path: path, message: Self.message(of: error))
        }
    }
}
