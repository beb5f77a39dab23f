import Foundation
import KnowledgeGraph
import NeuralParser
import Testing
@testable import Lemma

/// `ask` answers only a reading that accounts for the whole question, and says why it does not answer otherwise.
@Suite(.serialized) struct ReadingCertificateTests {
    static func ask(_ question: String, knowledge: String? = nil, threshold: Double = AskService.defaultConfidenceThreshold) throws -> AskService.Outcome {
        try AskTests.service(cache: Support.temporaryFolder(), threshold: threshold).ask(question, knowledge: knowledge)
    }

    /// One question of each failure class the team found, over the shipped knowledge: each is refused with its
    /// reason, and no answer is given.
    @Test(arguments: [
        ("Is Zorro a parent of Ann?", "unknown-name", "I know no one called 'Zorro' in this knowledge"),
        ("Is CS999 taught by Dr Okafor?", "unknown-name", "I know nothing called 'CS999'"),
        ("Is Mateo enrolled in CS101?", "unplaced-words", "'Mateo'"),
        ("Which men are over 40?", "unplaced-words", "I could not place 'men'"),
        ("Who is Noah's mom?", "unplaced-words", "'mom'"),
        ("How tall is Ann?", "unplaced-words", "'tall'"),
        ("Who is the father of Noah's mother?", "needs-composition", "a chain of possessives"),
        ("Who is the oldest person?", "needs-composition", "a superlative ('oldest')"),
        ("Is Ann older than Bob?", "needs-composition", "a comparison of two named things"),
        ("How old is Lucia's father?", "needs-composition", "'old' names the relation age"),
    ])
    func refusesWithItsReason(question: String, reason: String, wording: String) throws {
        let outcome = try Self.ask(question)
        #expect(outcome.answer == nil, "\(question) was answered as \(outcome.reply.parse.query ?? "?")")
        #expect(!outcome.reply.answered)
        #expect(outcome.reply.refusal?.reason == reason, "\(question): \(outcome.reply.text)")
        #expect(outcome.reply.text.hasPrefix("Not answered: "))
        #expect(outcome.reply.text.contains(wording), "\(outcome.reply.text)")
        let json = try Support.encoded(outcome.reply)
        #expect(json["answered"] as? Bool == false)
        #expect(json["reason"] as? String == reason)
    }

    @Test func anUnknownNameComesWithTheNearestStoredNames() throws {
        let outcome = try Self.ask("Is Zed Lopez a parent of Ann?")
        guard case let .unknownName(names)? = outcome.reply.refusal else {
            Issue.record("expected an unknown name, got \(outcome.reply.text)")
            return
        }
        #expect(names.map(\.name) == ["Zed Lopez"])
        #expect(names.first?.nearest == ["Maria Lopez"], "\(names)")
        #expect(outcome.reply.text.contains("The nearest stored name is Maria Lopez."))
    }

    @Test func aWellReadQuestionIsAnsweredWithItsReadingInEnglish() throws {
        let outcome = try Self.ask("Who are the grandparents of Mateo?")
        #expect(outcome.reply.answered)
        let reading = try #require(outcome.reply.reading)
        #expect(reading.query == #"grandparent(g, "Mateo")"#)
        #expect(reading.text == "Which person is a grandparent of Mateo?")
        #expect(reading.alignment.contains { $0.text == "Mateo" && $0.role == .constant && $0.part == #""Mateo""# })
        #expect(reading.alignment.contains { $0.text == "grandparents" && $0.role == .relation && $0.part == "grandparent" })
        #expect(reading.alignment.allSatisfy { $0.role != .unplaced })
        let json = try Support.encoded(outcome.reply)
        let encoded = try #require(json["reading"] as? [String: Any])
        #expect(encoded["text"] as? String == "Which person is a grandparent of Mateo?")
        #expect((encoded["alignment"] as? [[String: Any]])?.count == 6)
        #expect(json["answered"] as? Bool == true)
        #expect(json["reason"] == nil)
    }

    @Test(arguments: [
        ("How many people are minors?", "count : { minor(p) }", "How many people are minors?"),
        ("Who is not an adult?", "person(p), !adult(p)", "Which person is not an adult?"),
        ("Is Juan a grandparent of Lucia?", #"grandparent("Juan", "Lucia")"#, "Is it true that Juan is a grandparent of Lucia?"),
        ("Which people are younger than 20?", "age(p, y), y < 20", "Which person is less than 20 years old?"),
    ])
    func readingsReadAsQuestions(question: String, query: String, text: String) throws {
        let outcome = try Self.ask(question)
        #expect(outcome.reply.reading?.query == query)
        #expect(outcome.reply.reading?.text == text)
    }

    /// The network reads "lower than 60" as `> 60`; the words decide the direction, so the reading answered is
    /// `< 60`, and Ben's 58 is the answer.
    @Test func aComparisonIsAnsweredInTheDirectionItsWordsState() throws {
        let outcome = try Self.ask("Who got a grade lower than 60 in CS102?")
        #expect(outcome.reply.reading?.query == #"grade(s, "CS102", g), g < 60"#)
        #expect(outcome.reply.reading?.alignment.contains { $0.text == "lower" && $0.role == .comparison && $0.part == "< 60" } == true)
        #expect(outcome.answer?.reply.answers?.compactMap { $0["s"] } == [.string("Ben")])
    }

    @Test func aConfidentReadingOfTooFewWordsIsNotAnswered() throws {
        let outcome = try Self.ask("Is Mateo enrolled in CS101?")
        let reading = try #require(outcome.reply.reading)
        #expect(reading.confidence > 0.9)
        #expect(reading.alignment.contains { $0.text == "Mateo" && $0.role == .unplaced })
    }
}

@Suite(.serialized) struct ReadingCommandLineTests {
    @Test func askExitsZeroWhenAnsweredOneWhenNotTwoForBadInput() throws {
        let cache = try Support.temporaryFolder()
        let answered = try Support.run(["ask", "Is Juan a grandparent of Lucia?"], cache: cache)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout.hasPrefix("Read as: Is it true that Juan is a grandparent of Lucia? — grandparent(\"Juan\", \"Lucia\")"))
        #expect(answered.stdout.contains("Covers: every word of the question is placed in the reading above"))
        let refused = try Support.run(["ask", "Is Zorro a parent of Ann?", "--format", "json"], cache: cache)
        #expect(refused.status == 1, "\(refused.stderr)")
        let reply = try Support.json(refused.stdout)
        #expect(reply["answered"] as? Bool == false)
        #expect(reply["reason"] as? String == "unknown-name")
        let unplaced = try Support.run(["ask", "Which men are over 40?"], cache: cache)
        #expect(unplaced.status == 1)
        #expect(unplaced.stdout.hasPrefix("Not answered: I could not place 'men' in a reading of the question."))
        let empty = try Support.run(["ask", "  "], cache: cache)
        #expect(empty.status == 2)
        let missing = try Support.run(["ask", "Who is a parent of Ann?", "--knowledge", cache.appendingPathComponent("absent.sqlite").path], cache: cache)
        #expect(missing.status == 2, "\(missing.stderr)")
    }

    @Test func explainParsePrintsTheAlignmentWordByWord() throws {
        let cache = try Support.temporaryFolder()
        let run = try Support.run(["ask", "Which men are over 40?", "--explain-parse"], cache: cache)
        #expect(run.status == 1)
        #expect(run.stdout.contains("  men → unplaced"))
        #expect(run.stdout.contains("  over → comparison (> 40)"))
        #expect(run.stdout.contains("  40 → constant (40)"))
    }
}

/// `tell` stores only a statement it read whole, never a fact rules derive unless forced, and never a second value
/// of a functional attribute.
@Suite(.serialized) struct TellAccountingTests {
    @Test(arguments: [
        ("Iris is Sofia's daughter.", "'daughter'"),
        ("Iris is a daughter of Sofia.", "'daughter'"),
        ("Noah is a cousin of Iris.", "'cousin' is derived by rules"),
    ])
    func misleadingStatementsStoreNothing(statement: String, reason: String) throws {
        let path = try TellTests.familyBase(in: Support.temporaryFolder())
        let before = try KnowledgeBase.open(at: path).contentHash()
        do {
            let reply = try TellTests.service().tell(statement, knowledge: path)
            Issue.record("\(statement) stored \(reply.stored)")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.contains("nothing was stored"))
        }
        #expect(try KnowledgeBase.open(at: path).contentHash() == before)
    }

    @Test func aContradictionOfAFunctionalAttributeIsRefusedWithBothPlaces() throws {
        let path = try TellTests.familyBase(in: Support.temporaryFolder())
        let before = try KnowledgeBase.open(at: path).contentHash()
        #expect {
            try TellTests.service().tell("Iris is 11 years old.", knowledge: path)
        } throws: { error in
            let text = (error as? LemmaError)?.description ?? ""
            return text.contains("a second fact of 'age' for the same person") && text.contains("family.dl:50:1: note: the fact already stored")
        }
        #expect(try KnowledgeBase.open(at: path).contentHash() == before)
    }

    @Test func aNewNameIsIntroducedAndEchoed() throws {
        let path = try TellTests.familyBase(in: Support.temporaryFolder())
        let reply = try TellTests.service().tell("Zed is a parent of Iris.", knowledge: path)
        #expect(reply.stored == #"parent("Zed", "Iris")."#)
        #expect(reply.text == "Zed is a parent of Iris.")
        #expect(reply.newNames == ["Zed"])
        let paraphrased = try TellTests.service().tell("Sofia is Noah's parent.", knowledge: path)
        #expect(paraphrased.stored == #"parent("Sofia", "Noah")."#)
        #expect(paraphrased.newNames.isEmpty)
    }

    @Test func aFactOfADerivedRelationIsStoredOnlyWhenForced() throws {
        let path = try TellTests.familyBase(in: Support.temporaryFolder())
        let forced = TellService(askService: AskService(network: AskTests.network), force: true)
        let reply = try forced.tell("Noah is a cousin of Iris.", knowledge: path)
        #expect(reply.stored == #"cousin("Iris", "Noah")."#)
    }
}
