/// A program together with the text of every file it was read from, so diagnostics can quote lines.
public struct LoadedProgram: Sendable {
    public var program: Program
    /// Every file read, in the order first read: roots, then includes.
    public var files: [String]
    public var sources: [String: String]
    public var diagnostics: [Diagnostic]

    public var renderer: DiagnosticRenderer { DiagnosticRenderer(sources: sources) }
}

/// Reads root `.dl` files and the files they include (each once), then validates the whole program.
public struct ProgramLoader: Sendable {
    public let provider: any SourceProvider
    /// Which files an `.include` may name; one outside is reported at the include and not read.
    public let includes: IncludePolicy

    public init(provider: any SourceProvider = FileSystemSource(), includes: IncludePolicy = .anywhere) {
        self.provider = provider
        self.includes = includes
    }

    /// Loads a folder of `.dl` files (or one `.dl` file) as one program.
    public func load(path: String, validate: Bool = true) throws(SourceError) -> LoadedProgram {
        let roots = path.hasSuffix(".dl") ? [path] : try provider.programFiles(in: path)
        return try load(files: roots, validate: validate)
    }

    public func load(files roots: [String], validate: Bool = true) throws(SourceError) -> LoadedProgram {
        var loaded = LoadedProgram(program: Program(), files: [], sources: [:], diagnostics: [])
        var pending: [(path: String, includedFrom: SourceLocation?)] = roots.reversed().map { (Paths.normalize($0), nil) }
        while let (path, includedFrom) = pending.popLast() {
            guard loaded.sources[path] == nil else { continue }
            if let includedFrom, !includes.permits(path) {
                loaded.diagnostics.append(includes.refusal(of: path, by: ".include", at: includedFrom))
                continue
            }
            let text: String
            do {
                text = try provider.read(path)
            } catch {
                guard let includedFrom else { throw error }
                if case let .invalidText(location, reason) = error {
                    loaded.diagnostics.append(.error("invalid-text", reason, at: location))
                } else {
                    loaded.diagnostics.append(.error("missing-include", "cannot read included file '\(path)'", at: includedFrom))
                }
                continue
            }
            loaded.sources[path] = text
            loaded.files.append(path)
            let parsed = Parser.parse(text: text, file: path)
            loaded.program.append(parsed.program)
            loaded.diagnostics += parsed.diagnostics
            for include in parsed.includes.reversed() {
                pending.append((Paths.resolve(include.path, relativeTo: path), include.location))
            }
        }
        loaded.program = NumericLiterals(declaring: loaded.program).typed(loaded.program)
        if validate {
            loaded.diagnostics += Validator(program: loaded.program).validate()
        }
        return loaded
    }

    /// Parses program text that is not in a file, such as a `lemma import` of a single snippet or a test.
    public static func parse(text: String, file: String = "<input>", validate: Bool = true) -> LoadedProgram {
        var parsed = Parser.parse(text: text, file: file)
        parsed.program = NumericLiterals(declaring: parsed.program).typed(parsed.program)
        var diagnostics = parsed.diagnostics
        for include in parsed.includes {
            diagnostics.append(.error("missing-include", "'.include' is only allowed in files", at: include.location))
        }
        if validate {
            diagnostics += Validator(program: parsed.program).validate()
        }
        return LoadedProgram(program: parsed.program, files: [file], sources: [file: text], diagnostics: diagnostics)
    }
}
