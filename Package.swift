// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Lemma",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lemma", targets: ["lemma"]),
        .library(name: "Lemma", targets: ["Lemma"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "Z3Kit", dependencies: ["CZ3"]),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        .target(name: "Syntax"),
        .target(name: "KnowledgeGraph", dependencies: [
            "Syntax",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "Reasoner", dependencies: ["Syntax", "KnowledgeGraph"]),
        .target(name: "Certification", dependencies: ["Syntax", "Reasoner", "Z3Kit"]),
        .target(name: "Verbalizer", dependencies: ["Syntax", "Reasoner"]),
        .target(name: "Verification", dependencies: ["Syntax", "Z3Kit"]),
        .target(name: "NeuralParser", dependencies: ["Syntax", "LinearAlgebra", "KnowledgeGraph", "Verbalizer"],
                resources: [.copy("Resources/parser.weights"), .copy("Resources/kinship.weights")]),
        .target(name: "Lemma", dependencies: ["Syntax", "KnowledgeGraph", "Reasoner", "Certification", "Verbalizer", "Verification", "NeuralParser"]),
        .target(name: "Server", dependencies: ["Lemma", "Syntax", "Reasoner", "Verification", "NeuralParser",
                                               .product(name: "MCP", package: "swift-sdk")],
                resources: [.copy("Schemas/protocol.schema.json")]),
        .executableTarget(name: "lemma", dependencies: [
            "Lemma",
            "Server",
            "CEditLine",
            "Verbalizer",
            "NeuralParser",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "Z3KitTests", dependencies: ["Z3Kit"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "SyntaxTests", dependencies: ["Syntax"]),
        .testTarget(name: "KnowledgeGraphTests", dependencies: ["KnowledgeGraph"]),
        .testTarget(name: "ReasonerTests", dependencies: ["Reasoner", "KnowledgeGraph", "Syntax"]),
        .testTarget(name: "CertificationTests", dependencies: ["Certification", "Reasoner", "Syntax", "KnowledgeGraph"]),
        .testTarget(name: "VerbalizerTests", dependencies: ["Verbalizer", "Reasoner", "Syntax"]),
        .testTarget(name: "VerificationTests", dependencies: ["Verification", "Syntax"]),
        .testTarget(name: "NeuralParserTests", dependencies: ["NeuralParser", "LinearAlgebra", "Syntax", "KnowledgeGraph"]),
        .testTarget(name: "ServerTests", dependencies: ["Server"]),
        .testTarget(name: "LemmaTests", dependencies: ["Lemma"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
