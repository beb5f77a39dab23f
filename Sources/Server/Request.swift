import Foundation

/// One request of the protocol: `{"id": ..., "op": ..., ...parameters}` on one line. Parsing checks every field
/// against its operation's parameters, so a mistyped or misspelt field is an error that names it rather than a
/// silently ignored option.
public struct Request: Sendable {
    public var id: JSON
    public var operation: Operation
    public var parameters: [String: JSON]

    public init(id: JSON, operation: Operation, parameters: [String: JSON] = [:]) {
        self.id = id
        self.operation = operation
        self.parameters = parameters
    }

    public enum Operation: String, CaseIterable, Sendable {
        case ask, query, tell, verify, audit, explain, stats, schema

        /// The parameters each operation takes. `oneOf` groups name fields of which exactly one must be given.
        public var parameters: [Parameter] {
            switch self {
            case .ask:
                [.init("question", .string, required: true), .init("story", .string), .init("threshold", .probability)]
            case .query:
                [.init("query", .string, required: true), .init("world", .world), .init("alternatives", .count), .init("full_evaluation", .bool),
                 .init("why_not", .bool), .init("counterfactuals", .bool), .init("consistency", .bool), .init("max_proof_steps", .positive),
                 .init("max_tuples", .positive)]
            case .explain:
                [.init("query", .string), .init("question", .string), .init("world", .world)]
            case .tell:
                [.init("statement", .string, required: true)]
            case .verify:
                [.init("path", .string), .init("source", .string), .init("against", .string), .init("bound", .positive)]
            case .audit:
                [.init("answer", .object), .init("path", .string)]
            case .stats, .schema:
                []
            }
        }

        /// Fields of which exactly one must be present.
        public var exactlyOneOf: [String] {
            switch self {
            case .explain: ["query", "question"]
            case .verify: ["path", "source"]
            case .audit: ["answer", "path"]
            default: []
            }
        }
    }

    public struct Parameter: Sendable {
        public enum Kind: Sendable {
            case string, bool, object, world
            /// A number from 0 to 1.
            case probability
            /// A whole number, 0 or more.
            case count
            /// A whole number, 1 or more.
            case positive
        }

        public var name: String
        public var kind: Kind
        public var required: Bool

        init(_ name: String, _ kind: Kind, required: Bool = false) {
            self.name = name
            self.kind = kind
            self.required = required
        }

        /// Nil when the value fits; otherwise what was expected.
        func problem(with value: JSON) -> String? {
            switch (kind, value) {
            case (.string, .string), (.bool, .bool), (.object, .object): return nil
            case let (.world, .string(world)) where world == "open" || world == "closed": return nil
            case let (.probability, .integer(number)) where (0...1).contains(number): return nil
            case let (.probability, .number(number)) where (0...1).contains(number): return nil
            case let (.count, .integer(number)) where number >= 0: return nil
            case let (.positive, .integer(number)) where number >= 1: return nil
            default: break
            }
            let expected = switch kind {
            case .string: "a string"
            case .bool: "true or false"
            case .object: "an object"
            case .world: "\"open\" or \"closed\""
            case .probability: "a number from 0 to 1"
            case .count: "a whole number, 0 or more"
            case .positive: "a whole number, 1 or more"
            }
            return "'\(name)' must be \(expected), not \(value.text.count > 40 ? value.typeName : value.text)"
        }
    }

    /// Reads one line. On failure the error carries the request's id when the line got as far as having one.
    public static func parse(_ line: String) -> Result<Request, ServeError> {
        let value: JSON
        do {
            value = try JSONDecoder().decode(JSON.self, from: Data(line.utf8))
        } catch {
            return .failure(.request(id: .null, code: "invalid-json", message: "the line is not JSON: \(Self.reason(line))", field: nil))
        }
        guard case var .object(fields) = value else {
            return .failure(.request(id: .null, code: "invalid-request", message: "a request must be a JSON object, not \(value.typeName)", field: nil))
        }
        guard let id = fields.removeValue(forKey: "id") else {
            return .failure(.request(id: .null, code: "missing-field", message: "a request needs an 'id' (a string or a number) to match its reply", field: "id"))
        }
        switch id {
        case .string, .integer, .number: break
        default:
            return .failure(.request(id: .null, code: "invalid-field", message: "'id' must be a string or a number, not \(id.typeName)", field: "id"))
        }
        guard let op = fields.removeValue(forKey: "op") else {
            return .failure(.request(id: id, code: "missing-field", message: "a request needs an 'op': one of \(Self.operationList)", field: "op"))
        }
        guard case let .string(name) = op, let operation = Operation(rawValue: name) else {
            return .failure(.request(id: id, code: "unknown-op", message: "'op' must be one of \(Self.operationList), not \(op.text)", field: "op"))
        }
        return checked(id: id, operation: operation, fields: fields)
    }

    /// A request whose fields are checked against its operation's parameters: from a line, or from an MCP tool call.
    public static func checked(id: JSON, operation: Operation, fields: [String: JSON]) -> Result<Request, ServeError> {
        let parameters = operation.parameters
        for key in fields.keys.sorted() {
            guard let parameter = parameters.first(where: { $0.name == key }) else {
                let known = parameters.map { "'\($0.name)'" }.joined(separator: ", ")
                return .failure(.request(id: id, code: "unknown-field", message: "a '\(operation.rawValue)' request has no field '\(key)'" + (known.isEmpty ? "" : "; its fields are \(known)"), field: key))
            }
            if let problem = parameter.problem(with: fields[key]!) {
                return .failure(.request(id: id, code: "invalid-field", message: problem, field: key))
            }
        }
        for parameter in parameters where parameter.required && fields[parameter.name] == nil {
            return .failure(.request(id: id, code: "missing-field", message: "a '\(operation.rawValue)' request needs '\(parameter.name)'", field: parameter.name))
        }
        let given = operation.exactlyOneOf.filter { fields[$0] != nil }
        if !operation.exactlyOneOf.isEmpty, given.count != 1 {
            let names = operation.exactlyOneOf.map { "'\($0)'" }.joined(separator: " or ")
            return .failure(.request(id: id, code: given.isEmpty ? "missing-field" : "invalid-request",
                                     message: "a '\(operation.rawValue)' request needs exactly one of \(names)", field: (given.count > 1 ? given.last : operation.exactlyOneOf.first)))
        }
        return .success(Request(id: id, operation: operation, parameters: fields))
    }

    static let operationList = Operation.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")

    /// Foundation's decoding error, without its Swift type dump.
    /// Why a line is not JSON, with the character where reading failed. JSONDecoder's own error does not say
    /// where, so the line is read again by JSONSerialization, whose error does.
    static func reason(_ line: String) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            if let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                return description.prefix(1).lowercased() + description.dropFirst()
            }
        }
        return "it cannot be read as a JSON value"
    }

    // MARK: Typed access to checked parameters

    func string(_ name: String) -> String? {
        if case let .string(value) = parameters[name] { return value }
        return nil
    }

    func bool(_ name: String) -> Bool {
        if case let .bool(value) = parameters[name] { return value }
        return false
    }

    func integer(_ name: String) -> Int? {
        if case let .integer(value) = parameters[name] { return Int(clamping: value) }
        return nil
    }

    func number(_ name: String) -> Double? {
        switch parameters[name] {
        case let .integer(value): Double(value)
        case let .number(value): value
        default: nil
        }
    }
}
