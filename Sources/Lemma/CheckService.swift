import Foundation
import KnowledgeGraph
import Syntax

/// The diagnostics of a set of rule files, as values and as compiler-style text.
public struct CheckReport: Encodable, Sendable {
    public var files: [String]
    public var diagnostics: [Diagnostic]
    public var rendered: String
    /// The program compiled, for callers that go on to reason over it (`lemma verify`); not part of the JSON.
    public var program: Program

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    enum CodingKeys: String, CodingKey {
        case files, diagnostics, errors, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(files, forKey: .files)
        try container.encode(diagnostics, forKey: .diagnostics)
        try container.encode(errorCount, forKey: .errors)
        try container.encode(warningCount, forKey: .warnings)
    }
}

/// `lemma check`: compiles rule files (and the fact files they read) without storing anything.
public struct CheckService: Sendable {
    public init() {}

    /// - Parameter files: where a given path is read from (default: the file system); the shipped knowledge when
    ///   there is no path.
    public func check(_ path: String?, provider files: any SourceProvider = FileSystemSource()) throws(LemmaError) -> CheckReport {
        let provider: any SourceProvider = path == nil ? InMemorySource(files: ShippedKnowledge.files) : files
        let target = path ?? ShippedKnowledge.folder
        let loaded: LoadedProgram
        do {
            loaded = try ProgramLoader(provider: provider).load(path: target)
        } catch {
            throw .knowledge(.source(error))
        }
        var diagnostics = loaded.diagnostics
        for input in loaded.program.inputs {
            guard let types = Validator.columnTypes(of: input.relation, in: loaded.program) else { continue }
            diagnostics += FactFileReader(provider: provider).read(input, columnTypes: types).diagnostics
        }
        diagnostics.sort { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.location?.column ?? 0) }
        return CheckReport(files: loaded.files, diagnostics: diagnostics, rendered: loaded.renderer.render(diagnostics), program: loaded.program)
    }
}

/// `lemma import`: all files in one transaction.
public struct ImportService: Sendable {
    public init() {}

    /// Unless `allowsOutsideFiles`, `.include` and `.input` may read only files in the folders of `paths`.
    public func importSources(_ paths: [String], into database: String, allowsOutsideFiles: Bool = false) throws(LemmaError) -> ImportSummary {
        do {
            return try KnowledgeBase.create(at: database).importSources(paths, includes: allowsOutsideFiles ? .anywhere : .foldersOf(paths))
        } catch {
            throw .knowledge(error)
        }
    }
}
