import CritiqueCore
import CritiqueWorkspace
import Foundation
import Testing

/// The keystroke path's check (`Analyzer.analyze(…, previous:, changedLine:)`: findings of the
/// rules a prose edit cannot change are kept and moved, the others run again) against a full
/// check of the same text after every random edit: every finding equal, field by field. The
/// documents are the rule fixtures (each breaks its rule) and the other fixture workspaces.
@Suite("Incremental check")
struct AnalysisReuseTests {
    static let documents = Support.fixtureFiles(suffix: ".critique.md").filter { !$0.hasPrefix("broken-workspaces/") }

    /// Random edits as the server applies them, a check after each; returns how many checks
    /// reused the previous one.
    static func run(_ rel: String, edits count: Int, seed: ReparseTests.Random) -> (reused: Int, checks: Int) {
        let ws = Workspace()
        let path = Support.path(rel)
        var rng = seed
        var (analysis, _) = ws.analyze(path: path, source: SourceText(bytes: Support.bytes(rel)))
        var bytes = analysis.document.text.bytes
        var reused = 0
        for step in 0..<count {
            let (r, insert) = rng.edit(of: bytes, lines: analysis.document.lines, proseTenths: 9)
            bytes.replaceSubrange(r.start..<r.end, with: Array(insert.utf8))
            let text = SourceText(bytes: bytes)
            let tree = DocumentParser.reparse(analysis.document, replacing: r, in: text)
            let line = analysis.document.text.line(of: r.start)
            let (fast, _) = ws.analyze(path: path, source: text, parsed: tree, previous: tree == nil ? nil : analysis, changedLine: tree == nil ? nil : line)
            let (whole, _) = ws.analyze(path: path, source: text)
            if fast.incremental { reused += 1 }
            let a = fast.findings.map(FuzzPipelines.describe), b = whole.findings.map(FuzzPipelines.describe)
            if a != b {
                let first = zip(a, b).first { $0 != $1 }
                Issue.record("\(rel) step \(step): replacing \(r.start)..<\(r.end) with \(insert.debugDescription)\(fast.incremental ? " (incremental)" : ""): findings differ (\(a.count) vs \(b.count))\n  kept:  \(first?.0 ?? a.last ?? "-")\n  whole: \(first?.1 ?? b.last ?? "-")")
                return (reused, step + 1)
            }
            analysis = fast
        }
        return (reused, count)
    }

    @Test("Random edits to every fixture: the incremental check equals a full one", arguments: documents)
    func fixture(_ rel: String) {
        _ = Self.run(rel, edits: 40, seed: ReparseTests.Random(seed: "check " + rel))
    }

    @Test("Over all fixtures, most prose edits reuse the previous check")
    func reuseIsCommon() {
        var reused = 0, checks = 0
        for (k, rel) in Self.documents.enumerated() where k % 4 == 0 {
            let r = Self.run(rel, edits: 30, seed: ReparseTests.Random(state: UInt64(k + 1)))
            reused += r.reused; checks += r.checks
        }
        #expect(checks > 0)
        #expect(reused * 3 > checks, "only \(reused) of \(checks) checks reused the previous one")
    }

    @Test("A caller that names the wrong line gets a full check: an edit elsewhere, even of the same length, is seen")
    func wrongLineIsCaught() throws {
        let rel = "workspaces/rules/critiques/tag-unknown.critique.md"
        let ws = Workspace(), path = Support.path(rel)
        let (before, _) = ws.analyze(path: path, source: SourceText(bytes: Support.bytes(rel)))
        // `#halucination` becomes `#hallucinatio` (same length) on a score line; the caller
        // claims the edit was in the first prose line.
        let old = before.document.text.string
        let edited = old.replacingOccurrences(of: "#halucination", with: "#hallucinatio")
        let prose = try #require(before.document.lines.firstIndex { $0.kind == .prose })
        let (after, _) = ws.analyze(path: path, source: SourceText(edited), previous: before, changedLine: prose)
        let (full, _) = ws.analyze(path: path, source: SourceText(edited))
        #expect(!after.incremental)
        #expect(after.findings.map(FuzzPipelines.describe) == full.findings.map(FuzzPipelines.describe))
        #expect(before.findings.map(FuzzPipelines.describe) != full.findings.map(FuzzPipelines.describe))
    }
}
