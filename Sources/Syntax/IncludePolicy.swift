import Foundation

/// Which files a program may read through `.include` and `.input`. A knowledge folder received from someone else
/// must not reach outside itself: `.include "/etc/passwd"` would quote the file in its diagnostics, and an `.input`
/// would store it as facts. Lemma's commands confine both to the knowledge folder unless told otherwise.
public enum IncludePolicy: Sendable, Equatable {
    case anywhere
    /// Only files inside these folders (after resolving `..` and symbolic links).
    case within([String])

    /// Confined to the folder a knowledge path names: the folder itself, or the folder of a `.dl` file.
    public static func knowledgeFolder(of path: String) -> IncludePolicy {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        return .within([exists && isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent])
    }

    /// Confined to the folders of the given files.
    public static func foldersOf(_ files: [String]) -> IncludePolicy {
        .within(files.map { ($0 as NSString).deletingLastPathComponent })
    }

    public func permits(_ path: String) -> Bool {
        guard case let .within(folders) = self else { return true }
        let target = Self.canonical(path)
        return folders.map(Self.canonical).contains { folder in target == folder || target.hasPrefix(folder == "/" ? "/" : folder + "/") }
    }

    /// The diagnostic for a `directive` (".include" or ".input") at `location` that names `path` outside the folders.
    public func refusal(of path: String, by directive: String, at location: SourceLocation) -> Diagnostic {
        let folders = if case let .within(folders) = self { folders.map { "'\($0.isEmpty ? "." : $0)'" }.joined(separator: ", ") } else { "" }
        return .error("outside-knowledge", "'\(directive)' names '\(path)', outside the knowledge folder \(folders); pass --allow-outside-includes to read it", at: location)
    }

    private static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + (path.isEmpty ? "." : path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
