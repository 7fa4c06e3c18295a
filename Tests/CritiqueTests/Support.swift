import CritiqueCore
import CritiqueWorkspace
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Paths, fixture discovery, inline expectations and a runner for the built binary.
enum Support {
    /// Tests/CritiqueTests
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDir.appendingPathComponent("Fixtures")
    /// The package root (the folder holding Package.swift).
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    /// Public rubric data copied from elsewhere, each folder with its licence (see its README).
    static let publicData = fixtures.appendingPathComponent("data")

    /// Files under `dir` (recursively) whose names end with `suffix`, sorted, as paths relative
    /// to the Fixtures folder (stable, readable test-case names).
    static func fixtureFiles(under dir: String = "", suffix: String) -> [String] {
        let base = dir.isEmpty ? fixtures : fixtures.appendingPathComponent(dir)
        guard let e = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            guard rel.hasSuffix(suffix) else { continue }
            // Folders owned by others (language server and editor fixtures) are not ours.
            let full = dir.isEmpty ? rel : dir + "/" + rel
            // `data/` holds other projects' files in their own formats (a PaperBench
            // `rubric.json` is not a critique rubric).
            // `pipeline/` holds critiques that fill the skeletons of an import (they name task
            // files the import writes), read by PipelineTests only.
            if !dir.hasPrefix("pipeline") && !dir.hasPrefix("report") && (full.hasPrefix("lsp/") || full.hasPrefix("editors/") || full.hasPrefix("data/") || full.hasPrefix("pipeline/") || full.hasPrefix("report/")) { continue }
            out.append(full)
        }
        return out.sorted()
    }

    static func path(_ rel: String) -> String { fixtures.appendingPathComponent(rel).path }

    static func bytes(_ rel: String) -> [UInt8] {
        (try? Array(Data(contentsOf: fixtures.appendingPathComponent(rel)))) ?? []
    }

    // MARK: expectations

    /// (1-based line, rule id), compared as a multiset.
    struct Expectation: Hashable, Comparable, CustomStringConvertible {
        var line: Int
        var rule: String
        static func < (a: Self, b: Self) -> Bool { (a.line, a.rule) < (b.line, b.rule) }
        var description: String { "\(line): \(rule)" }
    }

    /// Reads `<!-- expect: a, b -->` at the end of a line (that line) and standalone
    /// `<!-- expect-line N: a -->` (line N) from a critique; in rubric fixtures the same with
    /// `// expect: a` and `// expect-line N: a`.
    static func expectations(in bytes: [UInt8]) -> [Expectation] {
        let text = SourceText(bytes: bytes)
        var out: [Expectation] = []
        for i in 0..<text.lineCount {
            let line = text.slice(text.lineContentRange(i))
            out += parseMarkers(line, lineNumber: i + 1)
        }
        return out.sorted()
    }

    static func parseMarkers(_ line: String, lineNumber: Int) -> [Expectation] {
        var out: [Expectation] = []
        var rest = Substring(line)
        while let r = rest.range(of: "expect") {
            // Must be introduced by `<!--` or `//` (with optional spaces).
            let before = rest[..<r.lowerBound].reversed().drop(while: { $0 == " " })
            let intro = String(before.prefix(4).reversed())
            guard intro.hasSuffix("<!--") || intro.hasSuffix("//") else { rest = rest[r.upperBound...]; continue }
            var after = rest[r.upperBound...]
            var target = lineNumber
            if after.hasPrefix("-line") {
                after = after.dropFirst(5).drop(while: { $0 == " " })
                let digits = after.prefix(while: { $0.isNumber })
                guard let n = Int(digits) else { rest = after; continue }
                target = n
                after = after.dropFirst(digits.count)
            }
            guard after.first == ":" else { rest = after; continue }
            after = after.dropFirst()
            let end = after.range(of: "-->")?.lowerBound ?? after.endIndex
            for id in after[..<end].split(separator: ",") {
                let t = id.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty { out.append(Expectation(line: target, rule: t)) }
            }
            rest = after[end...]
        }
        return out
    }

    static func actual(_ findings: [Finding], in text: SourceText) -> [Expectation] {
        findings.map { Expectation(line: text.humanPosition($0.range.start).line, rule: $0.rule.rawValue) }.sorted()
    }

    /// Empty when equal as multisets; otherwise a readable diff, with the messages of the
    /// unexpected findings.
    static func diff(expected: [Expectation], actual: [Expectation], findings: [Finding] = [], text: SourceText? = nil) -> String {
        var missing: [Expectation: Int] = [:], extra: [Expectation: Int] = [:]
        for e in expected { missing[e, default: 0] += 1 }
        for a in actual {
            if let n = missing[a], n > 0 { missing[a] = n - 1 } else { extra[a, default: 0] += 1 }
        }
        let m = missing.flatMap { Array(repeating: $0.key, count: $0.value) }.sorted()
        let x = extra.flatMap { Array(repeating: $0.key, count: $0.value) }.sorted()
        guard !m.isEmpty || !x.isEmpty else { return "" }
        var out = ""
        for e in m { out += "  missing    line \(e.line): \(e.rule)\n" }
        for e in x {
            let msg = text.flatMap { t in findings.first { t.humanPosition($0.range.start).line == e.line && $0.rule.rawValue == e.rule }?.message } ?? ""
            out += "  unexpected line \(e.line): \(e.rule)  \(msg)\n"
        }
        return out
    }

    // MARK: running fixtures

    static func analyzeFixture(_ rel: String, workspace: Workspace = Workspace()) -> (Analysis, SourceText) {
        let source = SourceText(bytes: bytes(rel))
        let (analysis, _) = workspace.analyze(path: path(rel), source: source)
        return (analysis, source)
    }

    // MARK: temporary folders

    static func tempDir(_ name: String = "critique-tests") throws -> String {
        let dir = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Canonical (no symlinks in the prefix) so containment checks compare like with like.
        return FileIO.realPath(dir)
    }

    static func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func write(_ path: String, bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    // MARK: the built binary

    static var binary: String { packageRoot.appendingPathComponent(".build/debug/critique").path }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        var stdoutData: Data
    }

    /// Runs the built `critique` with arguments, optional stdin, in `cwd`, killing it after `timeout`.
    static func run(_ args: [String], stdin: Data? = nil, cwd: String? = nil, timeout: Double = 60,
                    environment: [String: String]? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = environment ?? ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = inPipe
        try p.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let out = Box(), err = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { out.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err.data = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try? inPipe.fileHandleForWriting.close()
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
        }
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self),
                   stderr: String(decoding: err.data, as: UTF8.self), timedOut: timedOut, stdoutData: out.data)
    }
}

/// The core's deterministic generator, for reproducible mutation tests.
typealias SeededRandom = SplitMix64

extension Analysis {
    /// The text a finding covers.
    func text(_ f: Finding) -> String { document.text.slice(f.range) }
}

/// Tests name rules by their ids as written (`"tag-unknown"`); an id that names no rule is a
/// mistake in the test and stops it.
extension RuleID: ExpressibleByStringLiteral {
    public init(stringLiteral id: String) {
        guard let r = RuleID(rawValue: id) else { preconditionFailure("no rule '\(id)'") }
        self = r
    }
}
