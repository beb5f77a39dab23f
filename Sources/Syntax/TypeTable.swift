/// Resolves declared type names (`.type Person <: symbol`, `.type Id = number`) to the primitive type they stand for.
public struct TypeTable: Sendable {
    private var primitives: [String: PrimitiveType] = [:]
    /// Types already found unresolvable, so one bad base type is reported once, not once per type built on it.
    private var unresolvable = Set<String>()
    private(set) var diagnostics: [Diagnostic] = []

    public init(_ declarations: [TypeDeclaration]) {
        for primitive in PrimitiveType.allCases { primitives[primitive.rawValue] = primitive }
        var byName: [String: TypeDeclaration] = [:]
        for declaration in declarations {
            if byName[declaration.name] != nil || PrimitiveType(rawValue: declaration.name) != nil {
                diagnostics.append(.error("duplicate-declaration", "type '\(declaration.name)' is declared more than once", at: declaration.location))
                continue
            }
            byName[declaration.name] = declaration
        }
        for declaration in declarations where primitives[declaration.name] == nil {
            _ = resolve(declaration.name, declarations: byName, visiting: [])
        }
    }

    private mutating func resolve(_ name: String, declarations: [String: TypeDeclaration], visiting: Set<String>) -> PrimitiveType? {
        if let known = primitives[name] { return known }
        guard let declaration = declarations[name], !unresolvable.contains(name) else { return nil }
        guard !visiting.contains(name) else {
            diagnostics.append(.error("type-cycle", "type '\(name)' is defined in terms of itself", at: declaration.location))
            return nil
        }
        let bases: [String]
        switch declaration.definition {
        case let .subtype(base): bases = [base]
        case let .alias(alternatives): bases = alternatives
        }
        var resolved: [PrimitiveType] = []
        for base in bases {
            guard let primitive = resolve(base, declarations: declarations, visiting: visiting.union([name])) else {
                if declarations[base] == nil && primitives[base] == nil {
                    diagnostics.append(.error("unknown-type", "unknown type '\(base)' in the definition of '\(name)'; expected symbol, number, unsigned, float or a declared type", at: declaration.location))
                }
                unresolvable.insert(name)
                return nil
            }
            resolved.append(primitive)
        }
        guard let first = resolved.first, resolved.allSatisfy({ $0.domain == first.domain }) else {
            diagnostics.append(.error("type-mismatch", "union type '\(name)' mixes symbols and numbers", at: declaration.location))
            return nil
        }
        primitives[name] = first
        return first
    }

    public func primitive(of typeName: String) -> PrimitiveType? {
        primitives[typeName]
    }
}
