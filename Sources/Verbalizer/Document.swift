/// What a reply says, in English, before it is laid out: the renderers for plain text and Markdown read the same
/// document, so both say exactly the same things.
public struct Document: Hashable, Sendable {
    /// A bullet with nested bullets, for explanations that branch (why-not, alternative sets of facts).
    public struct Item: Hashable, Sendable {
        public var text: String
        public var children: [Item]

        public init(_ text: String, children: [Item] = []) {
            self.text = text
            self.children = children
        }
    }

    public enum Block: Hashable, Sendable {
        case paragraph(String)
        /// A titled section; its blocks follow.
        case heading(String)
        case proof(NarratedProof)
        case bullets([Item])
        /// Facts about the answer itself (certification, knowledge hash), printed compactly.
        case note(label: String, text: String)
    }

    public var blocks: [Block]

    public init(_ blocks: [Block] = []) {
        self.blocks = blocks
    }

    public mutating func append(_ block: Block) {
        blocks.append(block)
    }
}
