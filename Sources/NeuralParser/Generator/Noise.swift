/// The variation real users add to a well-formed sentence: politeness, casing, punctuation, contractions and
/// misspelt names. The label is never touched, so the network learns to read past all of it.
enum Noise {
    private static let questionPrefixes: [(words: String, terminal: String)] = [
        ("could you tell me", "?"), ("can you tell me", "?"), ("do you know", "?"), ("I'd like to know", "."),
        ("I want to know", "."), ("please tell me", "."), ("tell me", "."),
    ]
    private static let explanationPrefixes: [(words: String, terminal: String)] = [
        ("can you explain", "?"), ("could you explain", "?"), ("please explain", "."), ("explain", "."),
    ]
    private static let statementPrefixes = ["note that", "please record that", "remember that", "be aware that"]
    private static let listingVerbs = ["show me", "name", "find", "give me", "could you list", "can you list", "please list"]

    static func sentence(_ phrasing: Phrasing, values: [String: String], symbols: Set<String>, form: QuestionForm, using random: inout SeededRandom) -> String {
        var values = values
        for key in symbols.sorted() {
            guard let name = values[key] else { continue }
            if random.chance(0.05) {
                values[key] = misspelt(name, using: &random)
            } else if random.chance(0.04) {
                values[key] = name.lowercased()
            }
        }
        var pieces = phrasing.pieces
        var terminal = phrasing.terminal
        var prefix: [String] = []
        if let embedded = phrasing.embedded, random.chance(0.14) {
            pieces = embedded
            if form == .statement {
                prefix = [random.element(statementPrefixes)]
            } else {
                let explains = embedded.first == .word("why") && random.chance(0.5)
                let chosen = random.element(explains ? explanationPrefixes : questionPrefixes)
                prefix = [chosen.words]
                terminal = chosen.terminal
                if pieces.first == .word("whether"), random.chance(0.4) { pieces[0] = .word("if") }
            }
        } else if pieces.first == .word("list"), random.chance(0.5) {
            pieces.removeFirst()
            prefix = [random.element(listingVerbs)]
        }
        // Users drop articles ("Who are parents of Iris?", "List students who …"), never the first word.
        if random.chance(0.06), let article = pieces.indices.dropFirst().filter({ pieces[$0] == .word("the") }).first {
            pieces.remove(at: article)
        }
        var text = (prefix + [Phrasing.text(pieces, values)]).joined(separator: " ")
        if prefix.isEmpty, random.chance(0.3) {
            for (full, short) in [("who is ", "who's "), ("what is ", "what's "), ("where is ", "where's ")] where text.hasPrefix(full) {
                text = short + text.dropFirst(full.count)
            }
        }
        if terminal == "?", prefix.isEmpty, random.chance(0.02) { text += ", please" }
        text = Phrasing.sentence(text, terminal: "")
        let dropped = random.chance(terminal == "?" ? 0.15 : 0.25)
        if !dropped {
            if terminal == "?", random.chance(0.03) {
                terminal = random.chance(0.5) ? "??" : " ?"
            }
            text += terminal
        }
        if random.chance(0.15) {
            text = text.lowercased()
        } else if random.chance(0.015) {
            text = text.uppercased()
        }
        return text
    }

    /// The name with one edit (a letter dropped, doubled into a neighbour, replaced or swapped with the next),
    /// never at its first letter, which people rarely get wrong; short names are left alone.
    static func misspelt(_ name: String, using random: inout SeededRandom) -> String {
        var characters = Array(name)
        let letters = characters.indices.dropFirst().filter { characters[$0].isLetter }
        guard characters.count >= 4, letters.count >= 2 else { return name }
        let position = random.element(letters)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        switch random.index(4) {
        case 0:
            characters.remove(at: position)
        case 1:
            characters.insert(random.element(alphabet), at: position)
        case 2:
            let replacement = random.element(alphabet.filter { $0 != Character(characters[position].lowercased()) })
            characters[position] = characters[position].isUppercase ? Character(replacement.uppercased()) : replacement
        default:
            guard position + 1 < characters.count, characters[position + 1].isLetter, characters[position] != characters[position + 1] else {
                characters.remove(at: position)
                break
            }
            characters.swapAt(position, position + 1)
        }
        return String(characters)
    }
}
