/// Lays out one candidate reading for the network:
/// `[CLS] question units [SEP] template 1 [SEP] template 2 [SEP] relation name`, every unit a bag of embedding rows.
/// Slots in templates are markers (`slot0`…) plus the attribute's name, so "Which drugs…" can meet `{drug}`.
struct SequenceBuilder: Sendable {
    let buckets: Int
    let maxPositions: Int
    let stem: @Sendable (String) -> String
    static let maximumArity = 3
    static let templatesRead = 2

    func sequence(for question: LinkedQuestion, candidate relation: RelationSchema) -> ParserNetwork.Sequence {
        let relationWords = Set(Self.words(of: relation).map(stem))
        let questionStems = Set(question.units.compactMap { if case let .word(word) = $0 { return stem(word) } else { return nil } })
        let alignment = TemplateAlignment(relation: relation, templates: Self.templatesRead, stem: stem)
        let questionWords = TemplateAlignment.words(of: question.units, stem: stem)
        var alignedSlots = Set<Int>()
        let slotNames = relation.attributes.prefix(Self.maximumArity).map { attribute in
            Set((attribute.name.split(separator: "_").map(String.init) + [attribute.typeName]).map { stem($0.lowercased()) })
        }

        var bags: [[EmbeddingBag.Entry]] = [[entry(.classification)]]
        var questionPositions: [Int] = []
        for (index, unit) in question.units.enumerated() {
            questionPositions.append(bags.count)
            let aligns = unit.value != nil || TemplateAlignment.placeholders.contains(Self.word(of: unit) ?? "")
            let strengths = aligns ? alignment.strengths(ofUnitAt: index, in: questionWords) : []
            var bag = [entry(.question)]
            switch unit {
            case let .word(word):
                bag += InputVocabulary.wordRows(word, buckets: buckets)
                if relationWords.contains(stem(word)) { bag.append(entry(.lexicalMatch)) }
                for (slot, names) in slotNames.enumerated() where names.contains(stem(word)) {
                    bag.append(entry(Self.namingFeatures[slot]))
                }
                if TemplateAlignment.placeholders.contains(word) {
                    for (slot, strength) in strengths.enumerated() {
                        bag += alignmentEntries(strength, slot: slot, aligned: &alignedSlots)
                    }
                }
            case let .name(_, _, approximate):
                bag.append(entry(.entity))
                if approximate { bag.append(entry(.approximateLink)) }
            case .number:
                bag.append(entry(.number))
            }
            for (slot, attribute) in relation.attributes.prefix(Self.maximumArity).enumerated() where LinkedQuestion.fits(unit, attribute) {
                bag.append(entry(Self.fitFeatures[slot]))
                bag += alignmentEntries(strengths[slot], slot: slot, aligned: &alignedSlots)
            }
            bags.append(bag)
        }
        for template in relation.phrases.prefix(Self.templatesRead) {
            bags.append([entry(.separator)])
            for piece in Self.pieces(of: template) {
                var bag = [entry(.template)]
                switch piece {
                case let .word(word):
                    bag += InputVocabulary.wordRows(word, buckets: buckets)
                    if questionStems.contains(stem(word)) { bag.append(entry(.lexicalMatch)) }
                case let .slot(name):
                    guard let slot = relation.attributes.firstIndex(where: { $0.name == name }), slot < Self.maximumArity else { continue }
                    bag.append(entry(Self.slotMarkers[slot]))
                    if alignedSlots.contains(slot) { bag.append(entry(.alignedSlot)) }
                    if relation.attributes[slot].isNumeric { bag.append(entry(.numericSlot)) }
                    bag += Self.nameRows(name, buckets: buckets)
                }
                bags.append(bag)
            }
        }
        bags.append([entry(.separator)])
        for word in relation.name.split(separator: "_").map({ String($0).lowercased() }) {
            var bag = [entry(.relationName)] + InputVocabulary.wordRows(word, buckets: buckets)
            if questionStems.contains(stem(word)) { bag.append(entry(.lexicalMatch)) }
            bags.append(bag)
        }
        // Question units come first and are kept whole; a long template is cut, never the question.
        bags = Array(bags.prefix(maxPositions))
        questionPositions = questionPositions.filter { $0 < maxPositions }
        for position in bags.indices {
            bags[position].append(EmbeddingBag.Entry(row: InputVocabulary.positionRow(position, buckets: buckets), weight: 1))
        }
        return ParserNetwork.Sequence(bags: bags, questionPositions: questionPositions)
    }

    static let fitFeatures: [InputVocabulary.Feature] = [.fitsSlot0, .fitsSlot1, .fitsSlot2]
    static let nearFeatures: [InputVocabulary.Feature] = [.nearSlot0, .nearSlot1, .nearSlot2]
    static let closeFeatures: [InputVocabulary.Feature] = [.closeSlot0, .closeSlot1, .closeSlot2]
    static let namingFeatures: [InputVocabulary.Feature] = [.namesSlot0, .namesSlot1, .namesSlot2]
    static let slotMarkers: [InputVocabulary.Marker] = [.slot0, .slot1, .slot2]

    enum Piece: Equatable {
        case word(String)
        case slot(String)
    }

    /// A template as lowercase words and slots: "{student}'s highest grade is {grade}" reads as
    /// slot, 's, highest, grade, is, slot.
    static func pieces(of template: String) -> [Piece] {
        var pieces: [Piece] = []
        var word = ""
        var slot: String?
        func flush() {
            if !word.isEmpty { pieces.append(.word(word.lowercased())) }
            word = ""
        }
        for character in template {
            if var name = slot {
                if character == "}" {
                    pieces.append(.slot(name))
                    slot = nil
                } else {
                    name.append(character)
                    slot = name
                }
            } else if character == "{" {
                flush()
                slot = ""
            } else if character == "'" {
                flush()
                word = "'"
            } else if character.isLetter || character.isNumber || character == "_" || character == "-" {
                word.append(character)
            } else {
                flush()
            }
        }
        flush()
        return pieces
    }

    /// Every word an author used for the relation: template words, attribute names and the relation's name.
    static func words(of relation: RelationSchema) -> [String] {
        var words: [String] = []
        for template in relation.phrases {
            for piece in pieces(of: template) {
                if case let .word(word) = piece { words.append(word) }
            }
        }
        for attribute in relation.attributes { words += attribute.name.split(separator: "_").map { String($0).lowercased() } }
        words += relation.name.split(separator: "_").map { String($0).lowercased() }
        return words
    }

    /// An attribute name's words, weighted to sum to one so a long name does not outweigh the slot marker.
    static func nameRows(_ name: String, buckets: Int) -> [EmbeddingBag.Entry] {
        let words = name.split(separator: "_").map { String($0).lowercased() }
        return words.flatMap { word in
            InputVocabulary.wordRows(word, buckets: buckets).map { EmbeddingBag.Entry(row: $0.row, weight: $0.weight / Float(words.count)) }
        }
    }

    private static func word(of unit: LinkedQuestion.Unit) -> String? {
        if case let .word(word) = unit { return word } else { return nil }
    }

    private func alignmentEntries(_ strength: TemplateAlignment.Strength, slot: Int, aligned: inout Set<Int>) -> [EmbeddingBag.Entry] {
        switch strength {
        case .none:
            return []
        case .near:
            aligned.insert(slot)
            return [entry(Self.nearFeatures[slot])]
        case .close:
            aligned.insert(slot)
            return [entry(Self.closeFeatures[slot])]
        }
    }

    private func entry(_ marker: InputVocabulary.Marker) -> EmbeddingBag.Entry {
        EmbeddingBag.Entry(row: InputVocabulary.row(marker, buckets: buckets), weight: 1)
    }

    private func entry(_ feature: InputVocabulary.Feature) -> EmbeddingBag.Entry {
        EmbeddingBag.Entry(row: InputVocabulary.row(feature, buckets: buckets), weight: 1)
    }
}

extension SequenceBuilder {
    static func sequence(_ configuration: ModelConfiguration, _ question: LinkedQuestion, _ relation: RelationSchema) -> ParserNetwork.Sequence {
        SequenceBuilder(buckets: configuration.buckets, maxPositions: configuration.maxPositions, stem: Tokenizer.stem)
            .sequence(for: question, candidate: relation)
    }
}
