import Foundation
import Testing
@testable import Server

@Suite struct RequestTests {
    func error(_ line: String) -> ServeError? {
        if case let .failure(error) = Request.parse(line) { return error }
        return nil
    }

    func expect(_ line: String, code: String, field: String?, id: JSON = .null, messageContains: String = "",
                sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = error(line) else {
            Issue.record("\(line) was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(error.body.code == code, sourceLocation: sourceLocation)
        #expect(error.body.field == field, sourceLocation: sourceLocation)
        #expect(error.id == id, sourceLocation: sourceLocation)
        #expect(messageContains.isEmpty || error.body.message.contains(messageContains), "\(error.body.message)", sourceLocation: sourceLocation)
    }

    @Test func wellFormedRequestsKeepTheirIdAndParameters() throws {
        let request = try Request.parse(#"{"id": "q-1", "op": "query", "query": "parent(x, \"Ann\")", "why_not": true, "alternatives": 2}"#).get()
        #expect(request.id == .string("q-1"))
        #expect(request.operation == .query)
        #expect(request.string("query") == #"parent(x, "Ann")"#)
        #expect(request.bool("why_not"))
        #expect(request.integer("alternatives") == 2)
        #expect(try Request.parse(#"{"id": 7, "op": "stats"}"#).get().id == .integer(7))
        #expect(try Request.parse(#"{"id": 1.5, "op": "schema"}"#).get().id == .number(1.5))
        #expect(try Request.parse(#"{"op": "ask", "id": 3, "question": "Who?", "threshold": 1}"#).get().number("threshold") == 1)
    }

    @Test func malformedLinesAreNamedByCodeAndField() {
        expect("not json", code: "invalid-json", field: nil, messageContains: "character")
        expect(#"{"id": 1, "op": "query""#, code: "invalid-json", field: nil, messageContains: "end of file")
        expect("[1, 2]", code: "invalid-request", field: nil, messageContains: "an array")
        expect(#"{"op": "stats"}"#, code: "missing-field", field: "id")
        expect(#"{"id": true, "op": "stats"}"#, code: "invalid-field", field: "id", messageContains: "a boolean")
        expect(#"{"id": 1}"#, code: "missing-field", field: "op", id: .integer(1))
        expect(#"{"id": 1, "op": "delete"}"#, code: "unknown-op", field: "op", id: .integer(1), messageContains: "\"ask\"")
        expect(#"{"id": 1, "op": 5}"#, code: "unknown-op", field: "op", id: .integer(1))
        expect(#"{"id": 1, "op": "query"}"#, code: "missing-field", field: "query", id: .integer(1))
        expect(#"{"id": 1, "op": "query", "query": 5}"#, code: "invalid-field", field: "query", id: .integer(1), messageContains: "must be a string")
        expect(#"{"id": 1, "op": "query", "qurey": "p(x)"}"#, code: "unknown-field", field: "qurey", id: .integer(1), messageContains: "'query'")
        expect(#"{"id": 1, "op": "query", "query": "p(x)", "world": "flat"}"#, code: "invalid-field", field: "world", id: .integer(1))
        expect(#"{"id": 1, "op": "query", "query": "p(x)", "alternatives": -1}"#, code: "invalid-field", field: "alternatives", id: .integer(1))
        expect(#"{"id": 1, "op": "query", "query": "p(x)", "max_proof_steps": 0}"#, code: "invalid-field", field: "max_proof_steps", id: .integer(1))
        expect(#"{"id": 1, "op": "query", "query": "p(x)", "why_not": "yes"}"#, code: "invalid-field", field: "why_not", id: .integer(1))
        expect(#"{"id": 1, "op": "ask", "question": "Who?", "threshold": 2}"#, code: "invalid-field", field: "threshold", id: .integer(1))
        expect(#"{"id": 1, "op": "verify"}"#, code: "missing-field", field: "path", id: .integer(1), messageContains: "exactly one")
        expect(#"{"id": 1, "op": "verify", "path": "a.dl", "source": "p."}"#, code: "invalid-request", field: "source", id: .integer(1))
        expect(#"{"id": 1, "op": "audit", "answer": "text"}"#, code: "invalid-field", field: "answer", id: .integer(1), messageContains: "an object")
        expect(#"{"id": 1, "op": "stats", "verbose": true}"#, code: "unknown-field", field: "verbose", id: .integer(1))
    }

    /// The published schema and the checks the server makes describe the same parameters.
    @Test func theSchemaDescribesEveryOperationsParameters() throws {
        guard case let .object(document) = try ProtocolSchema.document(), case let .object(definitions)? = document["$defs"] else {
            Issue.record("the schema has no $defs")
            return
        }
        for operation in Request.Operation.allCases {
            #expect(definitions["\(operation.rawValue)Request"] != nil, "no \(operation.rawValue)Request")
            #expect(definitions["\(operation.rawValue)Result"] != nil, "no \(operation.rawValue)Result")
            guard !operation.parameters.isEmpty else { continue }
            guard case let .object(parameters)? = definitions["\(operation.rawValue)Parameters"],
                  case let .object(properties)? = parameters["properties"] else {
                Issue.record("no \(operation.rawValue)Parameters")
                continue
            }
            #expect(Set(properties.keys) == Set(operation.parameters.map(\.name)), "\(operation.rawValue)")
            let required = operation.parameters.filter(\.required).map { JSON.string($0.name) }
            #expect(parameters["required"] == (required.isEmpty ? nil : .array(required)), "\(operation.rawValue)")
            let exclusive = operation.exactlyOneOf.map { JSON.object(["required": .array([.string($0)])]) }
            #expect(parameters["oneOf"] == (exclusive.isEmpty ? nil : .array(exclusive)), "\(operation.rawValue)")
        }
    }

    @Test func mcpToolSchemasAreClosedObjects() throws {
        for operation in MCPServer.tools {
            guard case let .object(schema) = try ProtocolSchema.parameters(of: operation) else {
                Issue.record("\(operation) has no schema")
                continue
            }
            #expect(schema["type"] == .string("object"))
            #expect(schema["additionalProperties"] == .bool(false))
        }
    }
}
