// swift-tools-version: 6.0
import PackageDescription

/// The standard library's regex module (`firstRange(of:)`, `replacing(_:with:)` on strings…)
/// is 1.2 MB of a static binary; the product does without it (`firstOccurrence(of:)`,
/// `replacingAll(_:with:)` in CritiqueCore), and this keeps it from coming back unnoticed.
let noRegex: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-implicit-string-processing-module-import"])]

let package = Package(
    name: "critique",
    products: [
        .executable(name: "critique", targets: ["critique"]),
        .library(name: "CritiqueCore", targets: ["CritiqueCore"]),
    ],
    targets: [
        // SHA-256 block compression with the x86 SHA extensions (the records export's document
        // hash); the only C, used by CritiqueCore when present, with a Swift fallback.
        // DWARF 4 like the Swift objects: valgrind 3.19 (Debian 12), which the benchmark's
        // instruction counts use, gives up on a binary that mixes in DWARF 5.
        .target(name: "CritiqueSHA", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // Pure: text in, tree and findings out. No files, no clock, no LSP.
        .target(name: "CritiqueCore", dependencies: ["CritiqueSHA"], swiftSettings: noRegex, linkerSettings: [.linkedLibrary("m")]),
        // The file system: critique.json, rubric lookup, response files, workspace escapes.
        .target(name: "CritiqueWorkspace", dependencies: ["CritiqueCore"], swiftSettings: noRegex),
        // The language server: framing, JSON-RPC, LSP types, position encodings.
        .target(name: "CritiqueLSP", dependencies: ["CritiqueCore", "CritiqueWorkspace"], swiftSettings: noRegex),
        // The command line: argument parsing, output formats, batch checking.
        .target(name: "CritiqueCLI", dependencies: ["CritiqueCore", "CritiqueWorkspace", "CritiqueLSP"], swiftSettings: noRegex),
        .executableTarget(name: "critique", dependencies: ["CritiqueCLI"], swiftSettings: noRegex),
        // Benchmarks that print figures against a floor measured in the same run (not tests).
        .executableTarget(name: "critique-bench", dependencies: ["CritiqueCore", "CritiqueWorkspace", "CritiqueLSP"]),
        .testTarget(
            name: "CritiqueTests",
            dependencies: ["CritiqueCore", "CritiqueWorkspace", "CritiqueLSP", "CritiqueCLI"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
