// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "critique",
    products: [
        .executable(name: "critique", targets: ["critique"]),
        .library(name: "CritiqueCore", targets: ["CritiqueCore"]),
    ],
    targets: [
        // Pure: text in, tree and findings out. No files, no clock, no LSP.
        .target(name: "CritiqueCore", linkerSettings: [.linkedLibrary("m")]),
        // The file system: critique.json, rubric lookup, response files, workspace escapes.
        .target(name: "CritiqueWorkspace", dependencies: ["CritiqueCore"]),
        // The language server: framing, JSON-RPC, LSP types, position encodings.
        .target(name: "CritiqueLSP", dependencies: ["CritiqueCore", "CritiqueWorkspace"]),
        // The command line: argument parsing, output formats, batch checking.
        .target(name: "CritiqueCLI", dependencies: ["CritiqueCore", "CritiqueWorkspace", "CritiqueLSP"]),
        .executableTarget(name: "critique", dependencies: ["CritiqueCLI"]),
        // Benchmarks that print figures against a floor measured in the same run (not tests).
        .executableTarget(name: "critique-bench", dependencies: ["CritiqueCore", "CritiqueWorkspace", "CritiqueLSP"]),
        .testTarget(
            name: "CritiqueTests",
            dependencies: ["CritiqueCore", "CritiqueWorkspace", "CritiqueLSP", "CritiqueCLI"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
