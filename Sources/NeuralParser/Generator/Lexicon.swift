/// The English content words synthetic vocabularies draw on, with every inflection the question grammar needs.
/// Inflections are stored rather than derived wherever spelling rules fail, so that a synthetic template never
/// teaches the network a misspelt verb. Words come from many domains so that no domain's vocabulary is special.
struct Lexicon: Sendable {
    struct Noun: Hashable, Sendable {
        var singular: String
        var plural: String
        var isPerson: Bool
    }

    struct Adjective: Hashable, Sendable {
        var word: String
        /// The preposition that introduces its object ("allergic to"); nil for one used alone ("retired").
        var preposition: String?
    }

    struct Verb: Hashable, Sendable {
        var base: String
        var third: String
        var past: String
        var participle: String
        var ing: String
        /// Takes a direct object: "{x} teaches {y}", and so a passive: "{y} is taught by {x}".
        var isTransitive: Bool
        /// Takes a recipient after "to": "{x} prescribed {y} to {z}", "{y} may be prescribed to {z}".
        var isDative: Bool
        /// Used without an object: "{x} smokes".
        var isIntransitive: Bool
        /// The preposition of a prepositional verb: "{x} depends on {y}".
        var preposition: String?

        var forms: [String] { [base, third, past, participle] }
    }

    var personNouns: [Noun]
    var thingNouns: [Noun]
    var adjectives: [Adjective]
    var verbs: [Verb]
    var givenNames: [String]
    var surnames: [String]
    /// Course-code style prefixes: "CS" in "CS101".
    var codePrefixes: [String]
    /// Words that name a part of a site: "North" in "North Wing".
    var placeModifiers: [String]

    /// Every word form of every entry, lowercased: pseudo-words must not collide with them.
    var allForms: Set<String> {
        var forms = Set<String>()
        for noun in personNouns + thingNouns { forms.insert(noun.singular); forms.insert(noun.plural) }
        for adjective in adjectives { forms.insert(adjective.word) }
        for verb in verbs { forms.formUnion(verb.forms) }
        for name in givenNames + surnames + codePrefixes + placeModifiers { forms.insert(name.lowercased()) }
        return forms
    }

    /// The entries a split may use. An entry belongs to a split by a hash of its lemma, so a word that is both a
    /// noun and a verb ("order", "plant") falls on the same side in both lists and never leaks across.
    func restricted(to split: VocabularySplit) -> Lexicon {
        func keep(_ lemma: String) -> Bool { VocabularySplit.of(lemma) == split }
        return Lexicon(
            personNouns: personNouns.filter { keep($0.singular) },
            thingNouns: thingNouns.filter { keep($0.singular) },
            adjectives: adjectives.filter { keep($0.word) },
            verbs: verbs.filter { keep($0.base) },
            givenNames: givenNames.filter { keep($0.lowercased()) },
            surnames: surnames.filter { keep($0.lowercased()) },
            codePrefixes: codePrefixes.filter { keep($0.lowercased()) },
            placeModifiers: placeModifiers.filter { keep($0.lowercased()) }
        )
    }

    static let full = Lexicon(
        personNouns: nouns(personNounTable, isPerson: true),
        thingNouns: nouns(thingNounTable, isPerson: false),
        adjectives: adjectiveTable.split(whereSeparator: \.isWhitespace).map { entry in
            let parts = entry.split(separator: ":").map(String.init)
            return Adjective(word: parts[0], preposition: parts.count > 1 ? parts[1] : nil)
        },
        verbs: verbTable.split(separator: "\n").map { verb(String($0)) },
        givenNames: words(givenNameTable),
        surnames: words(surnameTable),
        codePrefixes: words(codePrefixTable),
        placeModifiers: words(placeModifierTable)
    )

    /// Base forms keyed by every inflected form, for reading real templates whose verbs spelling rules get wrong
    /// ("completed" is "complete", "enrolled" is "enrol").
    static let baseOfForm: [String: String] = {
        var map: [String: String] = [:]
        for verb in full.verbs {
            for form in [verb.third, verb.past, verb.participle] where map[form] == nil { map[form] = verb.base }
        }
        for (past, base) in extraIrregularPast { map[past] = map[past] ?? base }
        return map
    }()

    /// Base forms keyed by the inflected forms that spelling rules cannot undo ("brought", "threw", "got"), so the
    /// parser's stems meet "{x} brought {y}" in "Who did Ana bring?".
    static let irregularBaseOfForm: [String: String] = baseOfForm.filter { form, base in
        form.count > 2 && !form.hasPrefix(String(base.prefix(max(base.count - 1, 1))))
    }

    /// Participles, so that "has completed" reads as a perfect and "has the role" as possession.
    static let participles: Set<String> = Set(full.verbs.map(\.participle)).union(extraIrregularParticiples)

    static let pastForms: Set<String> = Set(full.verbs.map(\.past)).union(extraIrregularPast.keys)

    static let singularOfPlural: [String: String] = {
        var map: [String: String] = [:]
        for noun in full.personNouns + full.thingNouns { map[noun.plural] = noun.singular }
        return map
    }()

    static let pluralOfSingular: [String: String] = {
        var map: [String: String] = [:]
        for noun in full.personNouns + full.thingNouns { map[noun.singular] = noun.plural }
        return map
    }()

    /// Nouns that name people, for choosing "who" over "what" in schemas whose types carry no hint.
    static let personWords: Set<String> = Set(full.personNouns.flatMap { [$0.singular, $0.plural] })
        .union(["person", "people", "name", "someone", "individual", "human", "holder", "lecturer", "doctor"])

    // MARK: tables

    private static func words(_ table: String) -> [String] {
        table.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    private static func nouns(_ table: String, isPerson: Bool) -> [Noun] {
        words(table).map { entry in
            let parts = entry.split(separator: "/").map(String.init)
            return Noun(singular: parts[0], plural: parts.count > 1 ? parts[1] : Morphology.regularPlural(parts[0]), isPerson: isPerson)
        }
    }

    /// `base[*][/past[/participle]] FLAGS`: `*` doubles the final consonant before a suffix ("admit*" gives
    /// "admitted"); flags are T (transitive), D (dative), I (intransitive) and P=prep.
    private static func verb(_ line: String) -> Verb {
        let fields = line.split(separator: " ").map(String.init)
        let forms = fields[0].split(separator: "/").map(String.init)
        let doubles = forms[0].hasSuffix("*")
        let base = doubles ? String(forms[0].dropLast()) : forms[0]
        let past = forms.count > 1 ? forms[1] : Morphology.regularPast(base, doubling: doubles)
        let participle = forms.count > 2 ? forms[2] : past
        let flags = fields.dropFirst()
        return Verb(
            base: base,
            third: Morphology.regularThird(base),
            past: past,
            participle: participle,
            ing: Morphology.ing(base, doubling: doubles),
            isTransitive: flags.contains("T"),
            isDative: flags.contains("D"),
            isIntransitive: flags.contains("I"),
            preposition: flags.first { $0.hasPrefix("P=") }.map { String($0.dropFirst(2)) }
        )
    }

    private static let personNounTable = """
    parent child/children mother father sibling cousin grandparent grandchild/grandchildren ancestor descendant spouse
    uncle aunt nephew niece guardian heir patient doctor nurse surgeon pharmacist therapist dentist midwife/midwives
    student teacher lecturer tutor professor pupil graduate mentor supervisor examiner employee manager customer client
    supplier vendor partner investor auditor accountant director player coach captain referee athlete member developer
    tester maintainer reviewer user administrator author editor reader writer artist citizen resident tenant landlord
    neighbour visitor guest host driver passenger pilot officer witness judge lawyer suspect volunteer sponsor friend
    colleague assistant apprentice owner founder farmer chef waiter engineer scientist researcher librarian minor adult
    person/people woman/women man/men trainee intern contractor inspector caretaker receptionist clerk cashier
    shareholder debtor creditor borrower lender donor recipient subscriber follower candidate voter delegate
    ambassador mayor senator novice veteran expert specialist consultant advisor applicant defendant plaintiff
    """

    private static let thingNounTable = """
    course module exam lecture grade degree school class drug medicine vaccine dose allergy symptom ward clinic
    hospital room door zone building floor badge role level project team league match game tournament stadium season
    trophy company product invoice contract order account budget branch department office repository package library
    server service ticket release bug feature commit country city river mountain region island province border
    capital lake forest book chapter article journal album song film painting museum recipe ingredient dish menu
    vehicle route station airport flight train ship port warehouse shipment parcel tool machine device sensor licence
    permit policy rule law court task skill language topic award prize event meeting shift schedule plan garden plant
    tree crop field farm animal herd breed file folder document record report category group club band instrument
    channel network platform prerequisite component part supplement treatment therapy procedure test
    diagnosis/diagnoses analysis/analyses thesis/theses criterion/criteria species/species series/series
    sheep/sheep fish/fish knife/knives shelf/shelves wolf/wolves tooth/teeth foot/feet mouse/mice
    valley harbour bridge tunnel canal castle tower temple market mine quarry factory workshop laboratory
    studio theatre gallery cinema hotel restaurant bakery pharmacy bank fund loan asset share bond currency tax
    salary pension insurance claim warranty subscription membership certificate diploma scholarship grant
    semester term syllabus assignment quiz essay dissertation campus dormitory cafeteria gym pitch
    helmet jersey racket bicycle engine battery cable switch router firewall database table index query
    script function variable constant interface protocol algorithm dataset model pipeline cluster container
    volume bucket district county village suburb street avenue square park
    """

    private static let adjectiveTable = """
    active inactive busy healthy sick pregnant elderly senior junior available urgent critical
    stable vegetarian bilingual famous wealthy remote local foreign premium expired valid public private secret
    obsolete open blocked vacant empty full popular rare ancient modern fragile toxic organic rural
    urban coastal tropical mandatory optional experimental confidential overdue absent eligible vulnerable contagious
    chronic insolvent solvent verbose silent dormant fertile sterile frozen loyal hostile
    allergic:to eligible:for responsible:for compatible:with familiar:with related:to loyal:to immune:to
    friendly:with close:to senior:to junior:to equivalent:to similar:to superior:to adjacent:to
    visible:to available:to accessible:to liable:for suitable:for ready:for famous:for grateful:to hostile:to
    kind:to faithful:to dependent:on keen:on proud:of afraid:of aware:of fond:of jealous:of guilty:of
    capable:of independent:of free:of sensitive:to resistant:to intolerant:of addicted:to exposed:to
    connected:to attached:to opposed:to devoted:to indebted:to entitled:to exempt:from absent:from
    """

    private static let verbTable = """
    teach/taught T D I
    supervise T
    manage T
    own T
    employ T
    treat T
    examine T
    prescribe T D
    visit T
    admire T
    know/knew/known T
    trust T
    follow T
    coach T
    train T I
    hire T
    fund T
    approve T
    review T
    audit T
    sign T
    buy/bought T
    sell/sold T D
    ship* T D
    deliver T D
    order T
    import T
    export T D
    build/built T
    design T
    maintain T
    test T
    deploy T
    release T
    fix T
    break/broke/broken T
    write/wrote/written T D
    read/read/read T
    edit T
    publish T
    translate T
    cite T
    win*/won T
    lose/lost T
    play T I
    host T
    attend T
    join T
    lead/led T
    organise T
    schedule T
    cancel* T
    require T
    include T
    contain T
    cover T
    border T
    cross T
    serve T D I
    feed/fed T
    grow/grew/grown T
    harvest T
    protect T
    guard T
    inspect T
    repair T
    rent T D
    insure T
    pay/paid T D
    owe T D
    lend/lent T D
    borrow T
    inherit T
    adopt T
    marry T
    like T
    love T
    prefer* T
    recommend T D
    avoid T
    administer T D
    diagnose T
    vaccinate T
    admit* T
    refer* T D
    enrol* P=in
    permit* T
    control* T
    stop* T I
    assign T D
    give/gave/given T D
    send/sent T D
    offer T D
    award T D
    show/showed/shown T D
    issue T D
    transfer* T D
    allocate T D
    supply T D
    introduce T D
    report P=to I
    belong P=to
    depend P=on
    work P=for I
    live P=in I
    apply P=for
    rely P=on
    listen P=to
    vote P=for I
    compete P=in I
    participate P=in
    subscribe P=to
    contribute P=to
    specialise P=in
    qualify P=for
    consist P=of
    respond P=to
    care P=for
    look P=after
    descend P=from
    graduate P=from I
    retire P=from I
    travel* P=to I
    smoke T I
    swim*/swam/swum I
    sleep/slept I
    run*/ran/run T I
    study P=at T I
    practise T I
    volunteer P=for I
    compose T
    sing/sang/sung T I
    paint T I
    draw/drew/drawn T
    cook T I
    bake T
    clean T
    wash T
    watch T
    catch/caught T
    speak/spoke/spoken T I
    understand/understood T
    forgive/forgave/forgiven T
    hide/hid/hidden T
    choose/chose/chosen T
    drive/drove/driven T
    ride/rode/ridden T
    steal/stole/stolen T
    throw/threw/thrown T D
    keep/kept T
    hold/held T
    meet/met T
    find/found T
    see/saw/seen T
    take/took/taken T
    make/made T
    get*/got T
    bring/brought T D
    sue T
    defend T
    appoint T
    elect T
    nominate T
    promote T
    dismiss T
    reject T
    accept T
    verify T
    certify T
    register T
    suspend T
    archive T
    license T
    endorse T
    mentor T
    tutor T
    sponsor T
    mention T
    quote T
    praise T
    blame T
    thank T
    invite T
    welcome T
    contact T
    rescue T
    replace T
    upgrade T
    install T
    configure T
    monitor T
    clone T
    merge T
    compile T
    complete T
    pass T I
    fail T I
    enter T
    access T
    open T
    close T
    grant T D
    deny T D
    lack T
    carry T
    need T
    count T
    cause T
    average T
    total T
    """

    /// Past forms of common verbs the tables above leave out, so real templates using them still read correctly.
    private static let extraIrregularPast: [String: String] = [
        "came": "come", "went": "go", "said": "say", "told": "tell", "spent": "spend", "ate": "eat", "fell": "fall",
        "felt": "feel", "flew": "fly", "forgot": "forget", "rose": "rise", "shot": "shoot", "sat": "sit",
        "stood": "stand", "wore": "wear", "became": "become", "began": "begin", "bore": "bear", "born": "bear",
        "fought": "fight", "hit": "hit", "hurt": "hurt", "lay": "lie", "meant": "mean", "put": "put", "set": "set",
        "shut": "shut", "thought": "think", "woke": "wake", "left": "leave", "had": "have", "did": "do",
        "taught": "teach", "enrolled": "enrol", "cancelled": "cancel", "travelled": "travel",
    ]

    private static let extraIrregularParticiples: Set<String> = [
        "come", "gone", "eaten", "fallen", "flown", "forgotten", "risen", "worn", "become", "begun", "been", "had",
        "done", "told", "said", "thought", "left", "put", "set",
    ]

    private static let givenNameTable = """
    Juan Lucia Mateo Sofia Carlos Iris Pablo Olga Mei Yusuf Alice Bob Carol Dave Eve Frank Grace Heidi Ivan Judy
    Karl Lena Marco Nina Oscar Paula Quentin Rosa Sam Tara Umar Vera Walter Xenia Yara Zoe Amir Bianca Chen Dmitri
    Elena Farid Greta Hugo Ingrid Jamal Keiko Liam Maya Noah Omar Priya Ravi Sana Tomas Uma Viktor Wen Ximena Yosef
    Zainab Aaron Beatriz Cyrus Dalia Emeka Fatima Gustav Hana Idris Jorge Kavya Lars Amara Nikolai Ona Pedro Rania
    Soren Tanvi Ulla Valentina Wanjiru Yuki Zeynep Ada Boris Celia Dario Esther Felix Gloria Hassan Ines Joaquin
    Kamala Leon Marta Nils Orla Petra Rahul Selma Tariq Ursula Vikram Wilma Yasmin Anders Bruno Clara Diego Emma
    Fiona Gabriel Helena Isaac Julia Kofi Laila Milan Nora Otto Pia Ruben Sara Theo Ugo Vivian Willem Yara Zora
    Ahmed Brigid Chiara Dev Elif Florin Goran Hiro Ilse Jonas Kenji Lotte Miguel Naledi Oren Pilar Quinn Rohan
    Signe Teodor Uriel Vanya Wouter Xavier Yannick Zhen
    """

    private static let surnameTable = """
    Lopez Garcia Smith Jones Chen Wang Kim Patel Singh Khan Novak Kowalski Muller Schmidt Rossi Bianchi Dubois
    Martin Silva Santos Costa Ivanova Petrov Nakamura Tanaka Suzuki Okafor Mensah Haddad Cohen Levi Andersson
    Nielsen Hansen Jensen Murphy Kelly Byrne Walsh Brown Taylor Wilson Evans Thomas Roberts Walker Wright Hughes
    Green Hall Wood Clarke Turner Hill Moore Baker Harris Young King Scott Adams Mitchell Campbell Stewart Morris
    Rogers Reed Cook Morgan Bell Murray Ward Watson Brooks Price Bennett Gray Fischer Weber Wagner Becker Hoffmann
    Schulz Koch Richter Klein Wolf Neumann Fernandez Gonzalez Rodriguez Martinez Sanchez Ramirez Torres Flores
    Rivera Gomez Diaz Reyes Morales Ortiz Gutierrez Chavez Ramos Ruiz Alvarez Mendoza Castillo Vargas House Grey
    """

    private static let codePrefixTable = """
    CS MA PH BIO CHEM ENG HIS ECO LAW MED ART MUS GEO PSY SOC STAT NET SEC OPS DEV QA LIT PHIL ARCH NURS PHAR
    KIN AGR ENV MKT FIN ACC MGT EDU LING ANT AST
    """

    private static let placeModifierTable = """
    North South East West Upper Lower New Main Central Inner Outer Rear Front Harbour Garden River Hill Lake
    Park Bridge Tower Mill Market Church Castle Forest Meadow Stone Silver Golden Crown Royal Grand
    """
}
