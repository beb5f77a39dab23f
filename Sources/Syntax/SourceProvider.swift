import Foundation

/// Where program files come from: the file system, or files bundled into the binary.
public protocol SourceProvider: Sendable {
    func read(_ path: String) throws(SourceError) -> String
    /// The `.dl` files at the top of a folder, sorted, that together make one knowledge base.
    func programFiles(in folder: String) throws(SourceError) -> [String]
}

public enum SourceError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String, includedFrom: SourceLocation?)
    /// The file is not text Lemma reads: invalid UTF-8, a NUL byte, or an overlong line, at `location`.
    case invalidText(location: SourceLocation, reason: String)
    case emptyFolder(path: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason, includedFrom):
            let prefix = includedFrom.map { "\($0): " } ?? ""
            return "\(prefix)error: cannot read '\(path)': \(reason)"
        case let .invalidText(location, reason):
            return "\(location): error: \(reason)"
        case let .emptyFolder(path):
            return "error: '\(path)' holds no .dl files; expected a folder of rule files or a .sqlite knowledge base"
        }
    }
}

public struct FileSystemSource: SourceProvider {
    public init() {}

    public func read(_ path: String) throws(SourceError) -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if let (location, reason) = data.withUnsafeBytes({ TextValidation.problem(in: $0, path: path) }) {
                throw SourceError.invalidText(location: location, reason: reason)
            }
            return String(decoding: data, as: UTF8.self)
        } catch let error as SourceError {
            throw error
        } catch {
            throw SourceError.unreadable(path: path, reason: (error as NSError).localizedDescription, includedFrom: nil)
        }
    }

    public func programFiles(in folder: String) throws(SourceError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw SourceError.unreadable(path: folder, reason: "not a readable folder", includedFrom: nil)
        }
        let files = names.filter { $0.hasSuffix(".dl") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else { throw SourceError.emptyFolder(path: folder) }
        return files
    }
}

/// Files held in memory by path, such as the knowledge shipped inside the binary.
public struct InMemorySource: SourceProvider {
    public let files: [String: String]

    public init(files: [String: String]) {
        self.files = files
    }

    public func read(_ path: String) throws(SourceError) -> String {
        guard let text = files[Paths.normalize(path)] else {
            throw SourceError.unreadable(path: path, reason: "no such file", includedFrom: nil)
        }
        return text
    }

    public func programFiles(in folder: String) throws(SourceError) -> [String] {
        let prefix = folder.isEmpty || folder == "." ? "" : Paths.normalize(folder) + "/"
        let result = files.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".dl") && !$0.dropFirst(prefix.count).contains("/") }.sorted()
        guard !result.isEmpty else { throw SourceError.emptyFolder(path: folder) }
        return result
    }
}

public enum Paths {
    /// Joins a path relative to the folder of `file`, resolving `.` and `..` so one file always has one name.
    public static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        let folder = (file as NSString).deletingLastPathComponent
        return normalize(folder.isEmpty ? path : folder + "/" + path)
    }

    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}
