import Foundation
import KnowledgeGraph
import Syntax

/// Finds the knowledge a command works on: `--knowledge PATH` (a folder of `.dl` files or a `.sqlite` made by
/// `lemma import`), else `$LEMMA_KNOWLEDGE`, else the knowledge shipped inside the binary.
public struct KnowledgeLocator: Sendable {
    public var cacheDirectory: String
    /// Whether a knowledge folder's `.include` and `.input` may read files outside it (`--allow-outside-includes`).
    public var allowsOutsideFiles: Bool

    public init(cacheDirectory: String = FolderCompiler.defaultCacheDirectory, allowsOutsideFiles: Bool = false) {
        self.cacheDirectory = cacheDirectory
        self.allowsOutsideFiles = allowsOutsideFiles
    }

    public static let shippedName = "<shipped>"

    public func open(_ path: String?) throws(KnowledgeGraphError) -> KnowledgeBase {
        let environment = ProcessInfo.processInfo.environment["LEMMA_KNOWLEDGE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let path = path ?? environment, path != Self.shippedName else {
            // The shipped knowledge includes the shipped rules from their own folder; it is built in, so trusted.
            return try FolderCompiler(provider: InMemorySource(files: ShippedKnowledge.files), cacheDirectory: cacheDirectory, allowsOutsideFiles: true)
                .compile(ShippedKnowledge.folder)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .notAKnowledgeBase(path: path, reason: "no such file or folder; expected a folder of .dl files or a .sqlite knowledge base")
        }
        if isFolder.boolValue || path.hasSuffix(".dl") {
            return try FolderCompiler(cacheDirectory: cacheDirectory, allowsOutsideFiles: allowsOutsideFiles).compile(path)
        }
        return try KnowledgeBase.open(at: path)
    }
}
