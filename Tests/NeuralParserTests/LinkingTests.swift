import Foundation
import KnowledgeGraph
import Syntax
import Testing
@testable import NeuralParser

/// A knowledge folder of the repository compiled into a scratch cache, with the schema the parser sees.
struct CompiledKnowledge: Sendable {
    let knowledgeBase: KnowledgeBase
    let schema: ParserSchema

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(folder: String) throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("lemma-linking-tests-\(UUID().uuidString)").path
        // The repository's knowledge folder includes the shipped rules from ../rules.
        knowledgeBase = try FolderCompiler(cacheDirectory: cache, allowsOutsideFiles: true).compile(Self.repository.appendingPathComponent(folder).path)
        schema = try ParserSchema(program: knowledgeBase.loadProgram().program, knowledgeBase: knowledgeBase)
    }

    /// The shipped family, university and access knowledge, compiled once for all tests.
    static let shipped = Result { try CompiledKnowledge(folder: "knowledge") }
    static let clinic = Result { try CompiledKnowledge(folder: "Tests/LemmaTests/Fixtures/domains/clinic") }

    var search: KnowledgeBaseNameSearch { KnowledgeBaseNameSearch(knowledgeBase: knowledgeBase) }
    var linker: EntityLinker { EntityLinker(schema: schema) }

    func mentions(_ sentence: String) throws -> [Mention] {
        try linker.mentions(in: sentence, search: search)
    }

    func ranking(_ sentence: String) throws -> [String] {
        let tokens = Tokenizer.tokenize(sentence)
        let mentions = try linker.mentions(in: tokens, sentence: sentence, search: search)
        return RelationLinker(schema: schema).rank(tokens: tokens, mentions: mentions).map(\.relation)
    }
}

/// A schema parsed from `text`, with the names of its facts.
private func schema(_ text: String) throws -> ParserSchema {
    try ParserSchema(program: ProgramLoader.parse(text: text).program, symbolColumns: [:])
}

@Suite("Parser schema from a knowledge base")
struct ParserSchemaTests {
    @Test func relationsPhrasesAndTypesOfTheShippedKnowledge() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let program = try knowledge.knowledgeBase.loadProgram().program
        #expect(knowledge.schema.relations.map(\.name) == program.relations.map(\.name))
        let grandparent = try #require(knowledge.schema.relation(named: "grandparent"))
        #expect(grandparent.phrases == ["{grandparent} is a grandparent of {grandchild}", "{grandchild} is a grandchild of {grandparent}"])
        #expect(grandparent.attributes == [
            RelationSchema.Attribute(name: "grandparent", typeName: "Person", primitive: .symbol),
            RelationSchema.Attribute(name: "grandchild", typeName: "Person", primitive: .symbol),
        ])
        let zone = try #require(knowledge.schema.relation(named: "zone"))
        #expect(zone.attributes.last == RelationSchema.Attribute(name: "required", typeName: "Level", primitive: .number))
    }

    @Test func namesCarryTheTypesOfTheColumnsTheyAreStoredIn() throws {
        let types = try CompiledKnowledge.shipped.get().schema.entityTypes
        #expect(types["Mateo"] == ["Person"])
        #expect(types["Maria Lopez"] == ["Person"])
        #expect(types["CS101"] == ["Course"])
        #expect(types["Dr Okafor"] == ["symbol"])
        #expect(types["Introduction to Programming"] == ["symbol"])
        #expect(types["Grace"] == ["Badge"], "from has_role.facts as well as from the .dl file")
        #expect(types["lab"] == ["Zone"])
        #expect(types["administrator"] == ["Role"])
    }

    @Test func relationsWithoutPhrasesAndProgramFactsCount() throws {
        let parsed = try schema("""
            .type Person <: symbol
            .type Student <: Person
            .type Member = Student | Person
            .decl person(p: Person)
            .decl student(s: Student)
            .phrase person "{p} is a person"
            student("Ann").
            person("Bo").
            """)
        #expect(parsed.relation(named: "student")?.phrases == [])
        #expect(parsed.relation(named: "person")?.phrases == ["{p} is a person"])
        #expect(parsed.entityTypes["Ann"] == ["Student", "Person", "Member"], "a name fills its type's supertypes and unions")
        #expect(parsed.entityTypes["Bo"] == ["Person", "Member"])
    }

    @Test func anUnresolvableTypeIsReported() throws {
        let program = ProgramLoader.parse(text: ".decl odd(x: Mystery)", validate: false).program
        let error = #expect(throws: ParserSchemaError.self) { try ParserSchema(program: program, symbolColumns: [:]) }
        #expect(error?.description.contains("'Mystery'") == true)
    }
}

@Suite("Entity linking")
struct EntityLinkingTests {
    @Test func linksAMisspeltNameInTheShippedFamily() throws {
        let mentions = try CompiledKnowledge.shipped.get().mentions("Who are Matteo's grandparents?")
        #expect(mentions == [
            Mention(tokenRange: 2..<3, surface: "Matteo", value: .symbol("Mateo"), typeNames: ["Person"], editDistance: 1),
        ])
    }

    @Test func forgivesSmallSlipsOnly() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        #expect(try knowledge.mentions("Is Lucya an adult?").map(\.value) == [.symbol("Lucia")])
        #expect(try knowledge.mentions("Is Lucya an adult?").first?.editDistance == 1)
        #expect(try knowledge.mentions("Is Noha a minor?").map(\.value) == [.symbol("Noah")], "a swap leaves no trigram in common")
        #expect(try knowledge.mentions("Is Mtaeo a minor?").map(\.value) == [.symbol("Mateo")])
        #expect(try knowledge.mentions("Is Lxcya an adult?").isEmpty, "two slips in a five-letter name")
        #expect(try knowledge.mentions("Is Bbo male?").isEmpty, "three-letter names must be exact")
        #expect(try knowledge.mentions("Is Sofiaa Carloss's sister?").map(\.value) == [.symbol("Sofia"), .symbol("Carlos")])
    }

    @Test func aSlipThatLeavesNoTrigramIsFoundByTheFirstLetters() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        #expect(try knowledge.mentions("Is Nah a minor?").map(\.value) == [.symbol("Noah")], "a letter dropped second")
        #expect(try knowledge.mentions("Is Jwan a parent of Carlos?").map(\.value) == [.symbol("Juan"), .symbol("Carlos")], "a letter replaced second")
        #expect(try knowledge.mentions("Is Jwan a parent of Carlos?").first?.editDistance == 1)
        #expect(try knowledge.mentions("Is Nhxa a minor?").isEmpty, "two slips in a four-letter name")
    }

    @Test func spellingsThatSoundAlikeAreOneSlipApart() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let sophia = try knowledge.mentions("Is Sophia a parent of Iris?")
        #expect(sophia.map(\.value) == [.symbol("Sofia"), .symbol("Iris")], "no trigram in common, one sound")
        #expect(sophia.first?.editDistance == 1)
        #expect(EntityLinker.soundKey(Array("matthew")) == EntityLinker.soundKey(Array("mathew")))
        #expect(EntityLinker.soundKey(Array("christopher")) == Array("kristofer"))
        #expect(try knowledge.mentions("Is Sxphia a parent of Iris?").map(\.value) == [.symbol("Iris")])
    }

    @Test func linksMultiWordNames() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let family = try knowledge.mentions("Is maria lopez a parent of Carlos?")
        #expect(family.map(\.value) == [.symbol("Maria Lopez"), .symbol("Carlos")])
        #expect(family.map(\.tokenRange) == [1..<3, 6..<7])
        #expect(family.first?.surface == "maria lopez")
        #expect(try knowledge.mentions("Which courses does Dr  Okafor teach?").map(\.surface) == ["Dr  Okafor"])
        let title = try knowledge.mentions("Is CS101 called introduction to programming?")
        #expect(title.map(\.value) == [.symbol("CS101"), .symbol("Introduction to Programming")])
        #expect(title.last?.tokenRange == 3..<6)
        #expect(try knowledge.mentions("Who teaches Neuro-Symbolic AI?").map(\.value) == [.symbol("Neuro-Symbolic AI")])
        #expect(try knowledge.mentions("Who teaches Maria Lopezz?").map(\.value) == [.symbol("Maria Lopez")])
    }

    @Test func linksCodesWhateverTheirCase() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        for sentence in ["Who teaches CS101?", "who teaches cs101", "Who teaches Cs101?"] {
            let mentions = try knowledge.mentions(sentence)
            #expect(mentions.map(\.value) == [.symbol("CS101")], "\(sentence)")
            #expect(mentions.first?.editDistance == 0)
            #expect(mentions.first?.typeNames == ["Course"])
        }
        #expect(try knowledge.mentions("Which doors lead into the server room?").map(\.value) == [.symbol("server_room")])
        #expect(try knowledge.mentions("Which doors lead into server_room?").map(\.value) == [.symbol("server_room")])
        #expect(try knowledge.mentions("Can Mona use lab door south?").map(\.value) == [.symbol("Mona"), .symbol("lab_door_south")])
    }

    @Test func linksNamesWithUnderscoresTypedWithSpacesOrHyphens() throws {
        let clinic = try CompiledKnowledge.clinic.get()
        for typed in ["beta lactam", "beta-lactam", "Beta_Lactam", "beta‑lactam"] {
            let mentions = try clinic.mentions("Is Sam allergic to \(typed)?")
            #expect(mentions.map(\.value) == [.symbol("Sam"), .symbol("beta_lactam")], "\(typed)")
            #expect(mentions.last?.editDistance == 0)
            #expect(mentions.last?.typeNames == ["DrugClass"])
        }
        #expect(try clinic.mentions("Did Dr House prescribe Ibuprofen to Tom?").map(\.value) == [.symbol("Dr House"), .symbol("Ibuprofen"), .symbol("Tom")])
        #expect(try clinic.mentions("Is Tom allergic to penicillin?").map(\.value) == [.symbol("Tom"), .symbol("penicillin")])
    }

    @Test func linksNumbersWithTheNumericTypes() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let mentions = try knowledge.mentions("Who is older than 30 with a grade above 3.5?")
        #expect(mentions.map(\.value) == [.number(30), .float(3.5)])
        #expect(mentions.map(\.tokenRange) == [4..<5, 9..<10])
        #expect(mentions.first?.typeNames == ["number", "Level", "Grade"])
        #expect(mentions.last?.typeNames == ["float"])
        #expect(try knowledge.mentions("Which zones need clearance -1?").map(\.value) == [.number(-1)])
    }

    @Test func neverLinksFunctionWords() throws {
        let names = ["Who", "A", "Is", "The", "Can", "Not", "Will", "Of", "May", "Mateo"]
        let linker = EntityLinker(schema: ParserSchema(relations: [], entityTypes: Dictionary(uniqueKeysWithValues: names.map { ($0, ["Person"]) })))
        let search = InMemoryNameSearch(names: names)
        let mentions = linker.mentions(in: "Who is the one that can not, or will not, be a friend of Mateo? May he?", search: search)
        #expect(mentions.map(\.value) == [.symbol("Mateo")])
    }

    @Test func relationWordsAreNotNamesByMisspelling() throws {
        let parsed = try schema("""
            .type Person <: symbol
            .decl parent(parent: Person, child: Person)
            .phrase parent "{parent} is a parent of {child}"
            parent("Parents", "Childe").
            parent("Teodor", "Childe").
            """)
        let linker = EntityLinker(schema: parsed)
        let search = InMemoryNameSearch(names: ["Parents", "Childe", "Teodor"])
        #expect(linker.mentions(in: "Who is the parent of Teodor?", search: search).map(\.value) == [.symbol("Teodor")],
                "'parent' is one slip from 'Parents' but is the relation's word")
        #expect(linker.mentions(in: "Which child has Parents as a parent?", search: search).map(\.value) == [.symbol("Parents")],
                "spelled exactly, the name wins")
    }

    @Test func equallyGoodNamesAreKeptAsAlternatives() throws {
        let names = ["Alex Kim", "Alex_Kim", "Alice", "ALICE", "Mateo"]
        let linker = EntityLinker(schema: ParserSchema(relations: [], entityTypes: ["Alice": ["Person"], "ALICE": ["Robot"]]))
        let search = InMemoryNameSearch(names: names)
        let alice = try #require(linker.mentions(in: "Is Alice here?", search: search).first)
        #expect(alice.value == .symbol("Alice"), "the spelling typed comes first")
        #expect(alice.alternatives == [.symbol("ALICE")])
        #expect(alice.isAmbiguous)
        #expect(alice.typeNames == ["Person"])
        let alex = try #require(linker.mentions(in: "Is alex kim here?", search: search).first)
        #expect(Set([alex.value] + alex.alternatives) == [.symbol("Alex Kim"), .symbol("Alex_Kim")])
        #expect(linker.mentions(in: "Is Mateo here?", search: search).first?.isAmbiguous == false)
    }

    @Test func hostileTextIsSafe() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let before = try knowledge.knowledgeBase.symbols()
        let sentences = [
            #"Who is "AND" NEAR( Mateo?"#,
            "Is Mateo'; DROP TABLE symbol; -- a minor?",
            #"Is "Mateo" OR 1=1 -- a minor?"#,
            "Is NEAR(Mateo Lucia, 2) * ^ col:Mateo a minor?",
            "Is % _ \\ a minor?",
            "Is \u{0}Mateo\u{7} a minor?",
            String(repeating: "Mateo \"AND\" ", count: 200),
            "\"\"\"\"",
        ]
        for sentence in sentences {
            _ = try knowledge.mentions(sentence)
        }
        #expect(try knowledge.mentions(#"Who is "AND" NEAR( Mateo?"#).map(\.value) == [.symbol("Mateo")])
        #expect(try knowledge.knowledgeBase.symbols() == before)
    }

    @Test func surfacesWithoutTheSentenceJoinTokenSurfaces() {
        let linker = EntityLinker(schema: ParserSchema(relations: [], entityTypes: [:]))
        let tokens = Tokenizer.tokenize("Is maria   lopez here?")
        let mentions = linker.mentions(in: tokens, search: InMemoryNameSearch(names: ["Maria Lopez"]))
        #expect(mentions.first?.surface == "maria lopez")
        #expect(mentions.first?.typeNames == [])
    }
}

@Suite("Name search")
struct NameSearchTests {
    @Test func inMemorySearchAgreesWithTheKnowledgeBase() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let memory = InMemoryNameSearch(names: try knowledge.knowledgeBase.symbols().dropFirst())
        for text in ["matteo", "Maria Lopez", "cs10", "lab door", "al", "e", "dr okafor", "Introduction", "zzz", "NEAR(\"", "grace"] {
            let stored = try knowledge.search.candidates(near: text, limit: 8)
            let held = memory.candidates(near: text, limit: 8)
            #expect(held == stored, "\(text)")
        }
    }

    @Test func inMemorySearchFindsNamesByTrigramsAndPrefixes() {
        let search = InMemoryNameSearch(names: ["Mateo", "Maria Lopez", "Al", "Alice", "CS101", "CS102", "Mateo"])
        #expect(search.names.count == 6, "duplicates are kept once")
        #expect(search.candidates(near: "Matteo", limit: 3).first == "Mateo")
        #expect(search.candidates(near: "MARIA", limit: 3).first == "Maria Lopez")
        #expect(search.candidates(near: "al", limit: 5) == ["Al", "Alice"])
        #expect(search.candidates(near: "cs101", limit: 1) == ["CS101"])
        #expect(search.candidates(near: "zzz", limit: 5).isEmpty)
        #expect(search.candidates(near: "Mateo", limit: 0).isEmpty)
        #expect(InMemoryNameSearch(names: []).candidates(near: "Mateo", limit: 5).isEmpty)
    }

    @Test func inMemorySearchIsFastEnoughForTraining() {
        var random = SeededRandom(seed: 7)
        let syllables = ["ka", "lo", "mi", "ra", "te", "so", "vin", "dar", "el", "qu", "an", "bo"]
        let names = (0..<1000).map { _ in
            (0..<(2 + Int(random.next() % 3))).map { _ in syllables[Int(random.next() % UInt64(syllables.count))] }.joined().capitalized
        }
        let clock = ContinuousClock()
        var builds: [Duration] = []
        var search = InMemoryNameSearch(names: [])
        for _ in 0..<5 {
            let start = clock.now
            search = InMemoryNameSearch(names: names)
            builds.append(clock.now - start)
        }
        let queries = ["kalomi", "Radarso", "vindel", "boqua", "teso"]
        let start = clock.now
        for _ in 0..<200 {
            for query in queries { _ = search.candidates(near: query, limit: 16) }
        }
        let perQuery = (clock.now - start) / 1000
        // The targets are 5 ms a build and microseconds a query in a release build; a debug build on a shared
        // machine is several times slower, so the bound here only catches an accidental change of complexity.
        #expect(builds.min()! < .milliseconds(50), "building over 1000 names took \(builds.min()!)")
        #expect(perQuery < .milliseconds(1), "a query took \(perQuery)")
    }
}

@Suite("Relation linking")
struct RelationLinkingTests {
    @Test func ranksTheRelationTheQuestionIsAbout() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        #expect(try knowledge.ranking("Who are Mateo's grandparents?").first == "grandparent")
        #expect(try knowledge.ranking("Who are Matteo's grandparents?").first == "grandparent")
        #expect(try knowledge.ranking("Which courses can Alice enrol in?").first == "can_enrol")
        #expect(try knowledge.ranking("Who teaches CS101?").first == "teaches")
        #expect(try knowledge.ranking("Who is Iris's mother?").first == "mother")
        #expect(try knowledge.ranking("How many children does Juan have?").first == "number_of_children")
        #expect(try knowledge.ranking("Which students is Dr Haddad teaching?").first == "teaches_student")
        #expect(try knowledge.ranking("May Kim enter through the server door?").first == "may_enter")
        #expect(try knowledge.ranking("Which courses is Alice enrolled in?").first == "enrolled")
        #expect(try knowledge.ranking("Who is older than 30?").first == "age")
    }

    @Test func aRelationNamedOutrightIsAlwaysShortlisted() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let sentence = "Who is a student and enrolled in CS101?"
        let tokens = Tokenizer.tokenize(sentence)
        let mentions = try knowledge.linker.mentions(in: tokens, sentence: sentence, search: knowledge.search)
        let linker = RelationLinker(schema: knowledge.schema)
        let ranking = linker.rank(tokens: tokens, mentions: mentions).map(\.relation)
        #expect(!ranking.prefix(5).contains("student"), "the course fits relations about courses better than student")
        let shortlist = linker.shortlist(tokens: tokens, mentions: mentions, count: 5) { _ in true }
        #expect(shortlist.count == 5 && shortlist.contains("student") && shortlist.contains("enrolled"))
        #expect(shortlist == ranking.filter(shortlist.contains), "in rank order")
        #expect(linker.shortlist(tokens: tokens, mentions: mentions, count: 5) { $0 != "student" } == Array(ranking.filter { $0 != "student" }.prefix(5)))
    }

    @Test func aNumberATemplateStatesIsEvidenceNotAnArgument() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        #expect(try Set(knowledge.ranking("Is Noah under 18?").prefix(2)) == ["minor", "adult"], "both state 18; the network tells them apart")
        let under17 = try knowledge.ranking("Is Noah under 17?")
        #expect(try #require(under17.firstIndex(of: "age")) < #require(under17.firstIndex(of: "minor")), "17 is an argument of age")
    }

    @Test func aModalInTheNameNeedsOneInTheQuestion() throws {
        let clinic = try CompiledKnowledge.clinic.get()
        #expect(try clinic.ranking("Who prescribed Codeine to Sam?").first == "prescription")
        #expect(try clinic.ranking("Which drugs can Mei be given?").first == "may_prescribe")
        #expect(try clinic.ranking("Why can't Yusuf be given Amoxicillin?").first == "may_prescribe")
    }

    @Test func typesBreakTiesBetweenEquallyWordedRelations() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let tokens = Tokenizer.tokenize("Who teaches CS101?")
        let mentions = try knowledge.linker.mentions(in: tokens, search: knowledge.search)
        let scores = Dictionary(uniqueKeysWithValues: RelationLinker(schema: knowledge.schema).rank(tokens: tokens, mentions: mentions).map { ($0.relation, $0.score) })
        #expect(try #require(scores["teaches"]) > #require(scores["teaches_student"]))
    }

    @Test func rankingIsDeterministicAndCoversEveryRelation() throws {
        let knowledge = try CompiledKnowledge.shipped.get()
        let linker = RelationLinker(schema: knowledge.schema)
        let tokens = Tokenizer.tokenize("Hello there")
        let ranking = linker.rank(tokens: tokens, mentions: [])
        #expect(ranking.map(\.relation).sorted() == knowledge.schema.relations.map(\.name).sorted())
        for (earlier, later) in zip(ranking, ranking.dropFirst()) {
            #expect(earlier.score > later.score || (earlier.score == later.score && earlier.relation < later.relation))
        }
        #expect(ranking.filter { $0.score != 0 }.map(\.relation) == ["can_enrol", "may_access_zone", "may_enter"],
                "with no evidence only relations named with a modal the question lacks score differently")
        #expect(linker.rank(tokens: tokens, mentions: []).map(\.relation) == ranking.map(\.relation))
    }

    @Test func marksTheTokensThatMatchARelationsWords() throws {
        let linker = RelationLinker(schema: try CompiledKnowledge.shipped.get().schema)
        let tokens = Tokenizer.tokenize("Who are Mateo's grandparents?")
        #expect(linker.matches(tokens: tokens, relation: "grandparent") == [false, false, false, false, true])
        #expect(linker.matches(tokens: tokens, relation: "parent") == [false, false, false, false, false])
        #expect(linker.matches(tokens: tokens, relation: "no_such_relation") == [false, false, false, false, false])
        let enrol = Tokenizer.tokenize("Which courses can Alice enrol in?")
        #expect(linker.matches(tokens: enrol, relation: "can_enrol") == [false, false, true, false, true, false])
    }
}

@Suite("Edit distance")
struct EditDistanceTests {
    @Test(arguments: [
        ("mateo", "matteo", 1), ("lucia", "lucya", 1), ("noah", "noha", 1), ("ca", "abc", 3), ("", "abc", 3),
        ("kitten", "sitting", 3), ("abc", "abc", 0), ("maria lopez", "maria lopes", 1),
    ])
    func countsTypingSlips(lhs: String, rhs: String, distance: Int) {
        #expect(EditDistance.damerauLevenshtein(Array(lhs), Array(rhs), limit: 5) == distance)
        #expect(EditDistance.damerauLevenshtein(Array(lhs), Array(rhs), limit: 0) == min(distance, 1))
    }
}
