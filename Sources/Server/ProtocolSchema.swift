import Foundation

/// The protocol published as JSON Schema (`Schemas/protocol.schema.json`): requests, replies, and each operation's
/// parameters and result. `schema` requests return it, and `serve --mcp` takes its tools' input schemas from it, so
/// there is one description of the protocol.
public enum ProtocolSchema {
    public enum SchemaError: Error, CustomStringConvertible {
        case missing(String)

        public var description: String {
            switch self {
            case let .missing(name): "the protocol schema has no '\(name)'"
            }
        }
    }

    public static func document() throws -> JSON {
        guard let url = Bundle.module.url(forResource: "protocol.schema", withExtension: "json") else {
            throw SchemaError.missing("protocol.schema.json in the Server module's resources")
        }
        return try JSONDecoder().decode(JSON.self, from: Data(contentsOf: url))
    }

    /// An operation's parameters as a stand-alone schema, for an MCP tool's input schema.
    public static func parameters(of operation: Request.Operation) throws -> JSON {
        guard case let .object(document) = try document(), case let .object(definitions)? = document["$defs"],
              case var .object(parameters)? = definitions["\(operation.rawValue)Parameters"] else {
            throw SchemaError.missing("$defs/\(operation.rawValue)Parameters")
        }
        parameters["additionalProperties"] = .bool(false)
        return .object(parameters)
    }
}
