import Foundation
import KnowledgeGraph
import Syntax

/// Finds the knowledge a command works on: `--knowledge PATH` (a folder of `.dl` files or a `.sqlite` made by
/// `lemma import`), else `$LEMMA_KNOWLEDGE`, else the knowledge shipped inside the binary.
public struct KnowledgeLocator: Sendable {
    public var cacheDirectory: String

    public init(cacheDirectory: String = FolderCompiler.defaultCacheDirectory) {
        self.cacheDirectory = cacheDirectory
    }

    public static let shippedName = "<shipped>"

    public func open(_ path: String?) throws(KnowledgeGraphError) -> KnowledgeBase {
        let environment = ProcessInfo.processInfo.environment["LEMMA_KNOWLEDGE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let path = path ?? environment, path != Self.shippedName else {
            return try FolderCompiler(provider: InMemorySource(files: ShippedKnowledge.files), cacheDirectory: cacheDirectory).compile(ShippedKnowledge.folder)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .notAKnowledgeBase(path: path, reason: "no such file or folder; expected a folder of .dl files or a .sqlite knowledge base")
        }
        if isFolder.boolValue || path.hasSuffix(".dl") {
            return try FolderCompiler(cacheDirectory: cacheDirectory).compile(path)
        }
        return try KnowledgeBase.open(at: path)
    }
}
