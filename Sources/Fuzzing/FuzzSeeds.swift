import Foundation

/// Well-formed inputs of each kind, for mutations to start from: the shipped rule files, fact rows, questions and
/// protocol lines that exercise every operation.
public enum FuzzSeeds {
    /// The rule sets in the source tree's `rules/` folder; fuzzing runs from a checkout.
    static var shippedRuleFiles: [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".dl") }.sorted().compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    public static func inputs(for target: FuzzTarget) -> [[UInt8]] {
        let texts: [String]
        switch target {
        case .rules:
            texts = shippedRuleFiles + [
                ".decl edge(a: number, b: number)\n.decl path(a: number, b: number)\npath(a, b) :- edge(a, b).\npath(a, c) :- path(a, b), edge(b, c).\n",
                ".decl p(x: symbol)\n.decl q(x: symbol, n: number)\nq(x, n) :- p(x), n = count : { p(_) }.\n:- q(\"a\", 3).\n-p(\"b\").\n",
                ".type Name <: symbol\n.decl age(n: Name, y: number)\nage(\"Ann\", 41).\n.pragma \"world\" \"open\"\n.phrase age(n, y) \"{n} is {y} years old\"\n",
            ]
        case .facts:
            texts = ["Ann\t1\t2.5\nBob\t-7\t0\n", "Zoë Ångström\t9223372036854775807\t-1e300\n", "a\t0\t0.0\r\nb\t1\t1.0\r\n"]
        case .question:
            texts = ["Who are the grandparents of Mateo?", "Is Ann an ancestor of Noah?", "How many people are minors?", "Who descends from Juan?",
                     "Is Carlos a parent of Mateo?", "Who is older than Lucia?"]
        case .evaluator:
            return (0..<8).map { seed in (0..<8).map { UInt8(truncatingIfNeeded: (UInt64(seed) &* 0x9E37_79B9_7F4A_7C15) >> (8 * $0)) } }
        case .protocol:
            texts = [
                #"{"id": 1, "op": "query", "query": "parent(\"Juan\", x)"}"#,
                #"{"id": "a", "op": "ask", "question": "Who are the grandparents of Mateo?"}"#,
                #"{"id": 2, "op": "query", "query": "ancestor(\"Ann\", \"Noah\")", "world": "open", "why_not": true, "max_tuples": 1000}"#,
                #"{"id": 3, "op": "tell", "statement": "Ann is a parent of Bob."}"#,
                #"{"id": 4, "op": "stats"}"#,
                #"{"id": 5, "op": "explain", "query": "minor(\"Mateo\")"}"#,
                #"{"id": 6, "op": "verify", "source": ".decl p(x: number)\np(x) :- p(x).\n"}"#,
                #"{"id": 7, "op": "query", "query": "count : { minor(p) }", "alternatives": 2}"#,
            ]
        }
        return texts.map { Array($0.utf8) }
    }
}
