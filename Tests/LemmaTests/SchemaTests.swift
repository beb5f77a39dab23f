import Foundation
import Testing
@testable import Lemma

/// `docs/schema/answer.schema.json` documents the reply so other tools can check Lemma's proofs without Lemma; every
/// kind of reply must conform to it. The validator below covers the keywords the schema uses.
@Suite struct SchemaTests {
    static func loadSchema() throws -> [String: Any] {
        let url = Support.repository.appendingPathComponent("docs/schema/answer.schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The first violation, as `path: problem`; nil when the value conforms.
    static func violation(of value: Any, against schema: [String: Any], root: [String: Any], at path: String = "$") -> String? {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.dropFirst("#/$defs/".count))
            guard let target = (root["$defs"] as? [String: Any])?[name] as? [String: Any] else { return "\(path): unresolved \(reference)" }
            return violation(of: value, against: target, root: root, at: path)
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            return "\(path): \(value) is not one of \(allowed)"
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            guard types.contains(where: { matches(value, type: $0) }) else { return "\(path): expected \(types)" }
        }
        if let minimum = schema["minimum"] as? Int, let number = value as? Int, number < minimum {
            return "\(path): \(number) is below \(minimum)"
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String, text.range(of: pattern, options: .regularExpression) == nil {
            return "\(path): '\(text)' does not match \(pattern)"
        }
        if let choices = schema["oneOf"] as? [[String: Any]] {
            let matching = choices.filter { violation(of: value, against: $0, root: root, at: path) == nil }.count
            if matching != 1 { return "\(path): matches \(matching) of the oneOf alternatives, not exactly one" }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { return "\(path): '\(key)' is required" }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let property = properties[key] as? [String: Any] {
                    if let problem = violation(of: member, against: property, root: root, at: "\(path).\(key)") { return problem }
                } else if schema["additionalProperties"] as? Bool == false {
                    return "\(path): '\(key)' is not in the schema"
                } else if let additional = schema["additionalProperties"] as? [String: Any], let problem = violation(of: member, against: additional, root: root, at: "\(path).\(key)") {
                    return problem
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() {
                if let problem = violation(of: element, against: items, root: root, at: "\(path)[\(index)]") { return problem }
            }
        }
        return nil
    }

    static func matches(_ value: Any, type: String) -> Bool {
        let number = value as? NSNumber
        // JSONSerialization reads true and false as NSNumbers of type char.
        let isBoolean = number.map { String(cString: $0.objCType) == "c" } ?? false
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBoolean
        case "integer": return !isBoolean && number.map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return !isBoolean && number != nil
        case "null": return value is NSNull
        default: return false
        }
    }

    @Test func everyKindOfReplyConformsToThePublishedSchema() throws {
        let schema = try Self.loadSchema()
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let openWorld = Support.fixtures.appendingPathComponent("open_world").path
        let cases: [(query: String, knowledge: String?, explanations: QueryService.Explanations)] = [
            (#"grandparent(g, "Mateo")"#, nil, .init(counterfactuals: true)),
            (#"grandparent("Juan", "Mateo")"#, nil, .init(counterfactuals: true)),
            (#"ancestor("Pablo", "Iris")"#, nil, .init(abduction: true)),
            (#"childless(p)"#, nil, .init()),
            (#"count : { person(p) }"#, nil, .init()),
            (#"big("cat")"#, openWorld + "/conflict_two", .init(minimalConflicts: true)),
            (#"-chases("harry", "dog")"#, openWorld + "/depth3", .init(abduction: true)),
        ]
        for item in cases {
            var service = Support.service(cache: cache)
            service.explanations = item.explanations
            let reply = try Support.encoded(service.query(item.query, knowledge: item.knowledge).reply)
            let violation = Self.violation(of: reply, against: schema, root: schema)
            #expect(violation == nil, "\(item.query): \(violation ?? "")")
        }
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() throws {
        let cache = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: cache) }
        let schema = try Self.loadSchema()
        var reply = try Support.encoded(Support.service(cache: cache).query(#"grandparent("Juan", "Mateo")"#, knowledge: nil).reply)
        #expect(Self.violation(of: reply, against: schema, root: schema) == nil)
        reply["answer"] = "maybe"
        #expect(Self.violation(of: reply, against: schema, root: schema)?.contains("answer") == true)
        reply["answer"] = "yes"
        var proofs = reply["proofs"] as! [[String: Any]]
        var steps = proofs[0]["steps"] as! [[String: Any]]
        steps[0]["rule"] = ["name": "x", "file": "f", "line": 1, "column": 1, "text": "t"]
        proofs[0]["steps"] = steps
        reply["proofs"] = proofs
        #expect(Self.violation(of: reply, against: schema, root: schema)?.contains("oneOf") == true, "a step citing both a fact and a rule")
    }
}
