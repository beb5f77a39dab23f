import Foundation
import KnowledgeGraph
import NeuralParser
import Testing
@testable import Lemma

/// `ask`, `tell` and `eval` with the shipped parser weights (the SwiftPM resource), over real knowledge.
@Suite(.serialized) struct AskTests {
    static let weights = Support.repository.appendingPathComponent("Sources/NeuralParser/Resources/parser.weights").path
    static let network: ParserNetwork = {
        do {
            return try ParserWeights.load(path: weights).network
        } catch {
            fatalError("the shipped weights do not load: \(error)")
        }
    }()

    /// Measured with the shipped weights in a release build: 97.3% and 88.9% (BENCHMARKS.md). The shipped floor is
    /// the issue's target of 97%, one question below the measurement; the clinic floor sits two questions lower,
    /// because a debug build may round a near-tie the other way.
    static let shippedAccuracy = 0.97
    static let clinicAccuracy = 0.85

    static func service(cache: URL, threshold: Double = AskService.defaultConfidenceThreshold) -> AskService {
        AskService(queryService: Support.service(cache: cache), network: network, confidenceThreshold: threshold)
    }

    /// The hand-written questions (not generated) over the shipped knowledge, and over the clinic domain, which the
    /// parser never saw in training.
    @Test(arguments: [("shipped.jsonl", AskTests.shippedAccuracy), ("clinic.jsonl", AskTests.clinicAccuracy)])
    func handWrittenQuestions(file: String, minimum: Double) throws {
        let cache = try Support.temporaryFolder()
        let url = Support.fixtures.appendingPathComponent("questions/" + file)
        var cases = try EvaluationService.cases(fromJSONLines: String(contentsOf: url, encoding: .utf8), file: url.path)
        #expect(cases.count >= 50)
        for index in cases.indices {
            cases[index].knowledge = cases[index].knowledge.map { Support.repository.appendingPathComponent($0).path }
        }
        let report = try EvaluationService(askService: Self.service(cache: cache)).evaluate(cases, knowledge: nil)
        #expect(report.total == cases.count)
        #expect(report.exactAccuracy >= minimum, "\(file): \(report.exact)/\(report.total); misses: \(report.misses.prefix(5).map(\.question))")
        #expect(report.answerAccuracy >= report.exactAccuracy)
    }

    @Test func asksWithAProofAndReportsATypoedName() throws {
        let cache = try Support.temporaryFolder()
        let outcome = try Self.service(cache: cache).ask("Who are the grandparents of Matteo?", knowledge: nil)
        #expect(outcome.reply.parse.query == #"grandparent(g, "Mateo")"#)
        #expect(outcome.reply.parse.sure)
        #expect(outcome.reply.parse.linked.contains { $0.text == "Matteo" && $0.name == "Mateo" && !$0.exact })
        let answer = try #require(outcome.answer)
        #expect(answer.reply.certified)
        let names = Set(answer.reply.answers?.compactMap { $0["g"].map { "\($0)" } } ?? [])
        #expect(names.count == 2)
        #expect(outcome.reply.text.contains("Juan") && outcome.reply.text.contains("Maria Lopez"))
    }

    @Test func yesNoHowManyAndExistenceAnswerInTheirOwnFields() throws {
        let cache = try Support.temporaryFolder()
        let service = Self.service(cache: cache)
        let yes = try service.ask("Is Juan a grandparent of Lucia?", knowledge: nil)
        #expect(yes.answer?.reply.answer == "yes")
        let count = try service.ask("How many people are minors?", knowledge: nil)
        #expect(count.reply.parse.query == "count : { minor(p) }")
        #expect(count.answer?.reply.count == 3)
        let exists = try service.ask("Is anyone a parent of Noah?", knowledge: nil)
        #expect(exists.answer?.reply.answer == "yes")
        let compared = try service.ask("Is Juan older than 60?", knowledge: nil)
        #expect(compared.reply.parse.query == #"age("Juan", y), y > 60"#)
        #expect(compared.answer?.reply.answer == "yes")
        #expect(try service.ask("Is Juan older than 80?", knowledge: nil).answer?.reply.answer == "no")
    }

    /// Below the threshold nothing is answered: the reply says it is not sure and lists readings with queries.
    @Test func unsureParsesListReadingsInsteadOfAnswering() throws {
        let cache = try Support.temporaryFolder()
        let outcome = try Self.service(cache: cache, threshold: 1).ask("Who are Mateo's grandparents?", knowledge: nil)
        #expect(outcome.answer == nil)
        #expect(!outcome.reply.parse.sure)
        #expect(outcome.reply.text.hasPrefix("Not answered: I am not sure what the question means"))
        #expect(outcome.reply.parse.alternatives.contains { $0.query == #"grandparent(g, "Mateo")"# })
        let json = try Support.json(String(decoding: JSONEncoder().encode(outcome.reply), as: UTF8.self))
        #expect(json["answer"] as? String == "unknown")
        #expect(json["answered"] as? Bool == false)
        #expect(json["reason"] as? String == "not-sure")
    }

    @Test func anotherKnowledgeFolderIsAnsweredWithoutRetraining() throws {
        let cache = try Support.temporaryFolder()
        let clinic = Support.fixtures.appendingPathComponent("domains/clinic").path
        let outcome = try Self.service(cache: cache).ask("Is Rosa allergic to nsaid?", knowledge: clinic)
        #expect(outcome.reply.parse.query == #"allergic("Rosa", "nsaid")"#)
        #expect(outcome.answer?.reply.answer == "yes")
    }

    @Test func emptyQuestionsAreRefusedWithAReason() throws {
        let cache = try Support.temporaryFolder()
        #expect(throws: LemmaError.self) { try Self.service(cache: cache).ask("  ?! ", knowledge: nil) }
    }
}

@Suite(.serialized) struct TellTests {
    /// A knowledge base file holding the shipped family knowledge, as `lemma import` makes it.
    static func familyBase(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("family.sqlite").path
        let base = try KnowledgeBase.create(at: path)
        try base.importSources([Support.repository.appendingPathComponent("knowledge/family.dl").path])
        return path
    }

    static func service() -> TellService {
        TellService(askService: AskService(network: AskTests.network))
    }

    @Test func storesAFactAndItIsThenKnown() throws {
        let folder = try Support.temporaryFolder()
        let path = try Self.familyBase(in: folder)
        let reply = try Self.service().tell("Sofia is a parent of Iris.", knowledge: path)
        #expect(reply.stored == #"parent("Sofia", "Iris")."#)
        #expect(reply.kind == "fact")
        #expect(reply.text == "Sofia is a parent of Iris.")
        let answer = try Support.service(cache: folder).query(#"parent("Sofia", "Iris")"#, knowledge: path)
        #expect(answer.reply.answer == "yes")
    }

    @Test func storesACompositionRule() throws {
        let folder = try Support.temporaryFolder()
        let path = try Self.familyBase(in: folder)
        let reply = try Self.service().tell("Every parent of a parent is a grandparent.", knowledge: path)
        #expect(reply.kind == "rule")
        #expect(reply.stored == "grandparent(x, z) :- parent(x, y), parent(y, z).")
    }

    @Test func storesConditionalRulesAndNegatedFacts() throws {
        let folder = try Support.temporaryFolder()
        let path = folder.appendingPathComponent("clinic.sqlite").path
        try KnowledgeBase.create(at: path).importSources([Support.fixtures.appendingPathComponent("domains/clinic/clinic.dl").path])
        let rule = try Self.service().tell("If someone is a patient and is a minor then they are too young for Aspirin.", knowledge: path)
        #expect(rule.stored == #"too_young_for(x, "Aspirin") :- patient(x), minor(x)."#)
        #expect(rule.text == "If x is a patient and x is a minor, then x is too young for Aspirin.")
        let denial = try Self.service().tell("Mei is not allergic to nsaid.", knowledge: path)
        #expect(denial.stored == #"-allergic("Mei", "nsaid")."#)
        #expect(denial.kind == "negated-fact")
        let answer = try Support.service(cache: folder).query(#"too_young_for("Mei", "Aspirin")"#, knowledge: path)
        #expect(answer.reply.answer == "yes")
    }

    @Test func refusesWhatItCannotReadAndStoresNothing() throws {
        let folder = try Support.temporaryFolder()
        let path = try Self.familyBase(in: folder)
        let before = try KnowledgeBase.open(at: path).contentHash()
        #expect(throws: LemmaError.self) { try Self.service().tell("Who is a parent of Iris?", knowledge: path) }
        #expect(throws: LemmaError.self) { try Self.service().tell("Every uncle of a cousin is a florp.", knowledge: path) }
        #expect(throws: LemmaError.self) { try Self.service().tell("Sofia is a parent of Iris.", knowledge: Support.repository.appendingPathComponent("knowledge").path) }
        #expect(try KnowledgeBase.open(at: path).contentHash() == before)
    }
}

@Suite(.serialized) struct ParserCommandLineTests {
    @Test func askPrintsTheReadingTheAnswerAndTheRouting() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["ask", "who are the grandparents of matteo", "--explain-parse"], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Linked names: \"matteo\" → Mateo (approximate)"))
        #expect(run.stdout.contains("Layer 1 experts:"))
        #expect(run.stdout.contains(#"Read as: Which person is a grandparent of Mateo? — grandparent(g, "Mateo")"#))
        #expect(run.stdout.contains("  matteo → constant (\"Mateo\")"))
        #expect(run.stdout.contains("  grandparents → relation (grandparent)"))
        #expect(run.stdout.contains("Mateo's grandparents are Juan and Maria Lopez."))
        #expect(run.stdout.contains("Certified: yes"))
    }

    @Test func askAnswersInJSONWithTheParse() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["ask", "Is Juan a grandparent of Lucia?", "--format", "json"], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        let reply = try Support.json(run.stdout)
        let parse = try #require(reply["parse"] as? [String: Any])
        #expect(parse["query"] as? String == #"grandparent("Juan", "Lucia")"#)
        #expect((parse["confidence"] as? Double ?? 0) > 0.5)
        #expect(reply["answer"] as? String == "yes")
        #expect(reply["certified"] as? Bool == true)
        #expect((reply["text"] as? String)?.hasPrefix("Yes") == true)
    }

    @Test func evalReportsBadLinesWithTheirNumber() throws {
        let cache = try Support.temporaryFolder()
        let file = cache.appendingPathComponent("questions.jsonl")
        try "{\"question\": \"Who teaches CS101?\", \"query\": \"teaches(l, \\\"CS101\\\")\"}\n{\"question\": 3}\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Support.run(["eval", file.path], cache: cache)
        #expect(run.status == 2)
        #expect(run.stderr.contains("questions.jsonl:2:1"))
        #expect(run.stderr.contains("\"question\" has the wrong type") || run.stderr.contains("\"query\""))
    }

    @Test func trainWritesWeightsThatLoadAndACorruptFileIsRefused() throws {
        let cache = try Support.temporaryFolder()
        let out = cache.appendingPathComponent("tiny.weights")
        let run = try Support.run(["train", "--steps", "2", "--batch-size", "2", "--held-out", "0", "--experts", "2", "--out", out.path], cache: cache)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("step 2/2"))
        #expect(try ParserWeights.load(path: out.path).header.configuration.experts == 2)
        var bytes = try Data(contentsOf: out)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: out)
        let ask = try Support.run(["ask", "Who teaches CS101?", "--model", out.path], cache: cache)
        #expect(ask.status == 2)
        #expect(ask.stderr.contains("SHA-256"))
    }
}
