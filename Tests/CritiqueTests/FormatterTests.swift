@testable import CritiqueCore
import CritiqueWorkspace
import Foundation
import Testing

/// `critique fmt` and textDocument/formatting: canonical layout, never a change of meaning.
@Suite("Formatter", .serialized)
struct FormatterTests {
    static let critiques = (Support.fixtureFiles(under: "workspaces", suffix: ".critique.md")
        + Support.fixtureFiles(under: "broken-workspaces", suffix: ".critique.md"))
        .filter { String(validating: Support.bytes($0), as: UTF8.self) != nil }

    /// What a document means: its findings as (rule, message), in order, without positions.
    static func meaning(_ text: String, at rel: String, workspace: Workspace) -> [String] {
        workspace.analyze(path: Support.path(rel), text: text).0.findings.map { "\($0.rule): \($0.message)" }.sorted()
    }

    @Test("Formatting keeps every fixture's findings and is idempotent", arguments: critiques)
    func fixturesKeepTheirMeaning(_ rel: String) {
        let ws = Workspace()
        let text = String(decoding: Support.bytes(rel), as: UTF8.self)
        let once = Formatter.format(DocumentParser.parse(text))
        #expect(Self.meaning(once, at: rel, workspace: ws) == Self.meaning(text, at: rel, workspace: ws), "\(rel)")
        #expect(Formatter.format(DocumentParser.parse(once)) == once, "formatting twice changes \(rel)")
    }

    @Test("A generated corpus of re-spaced documents keeps its findings and formats to a fixed point")
    func generatedCorpus() {
        var rng = SeededRandom(seed: 0xF0A7)
        let ws = Workspace()
        for rel in Self.critiques {
            let text = String(decoding: Support.bytes(rel), as: UTF8.self)
            for _ in 0..<4 {
                // Re-space: extra blank lines, trailing blanks, squeezed score lines, mirrored preferences.
                var lines = text.components(separatedBy: "\n")
                for k in lines.indices {
                    switch Int.random(in: 0..<6, using: &rng) {
                    case 0: lines[k] += "   "
                    case 1: lines[k] += "\n"
                    case 2: lines[k] = lines[k].replacingOccurrences(of: ": ", with: ":")
                    default: break
                    }
                }
                let messy = lines.joined(separator: "\n")
                let formatted = Formatter.format(DocumentParser.parse(messy))
                #expect(Self.meaning(formatted, at: rel, workspace: ws) == Self.meaning(messy, at: rel, workspace: ws), "\(rel)")
                #expect(Formatter.format(DocumentParser.parse(formatted)) == formatted, "\(rel)")
            }
        }
    }

    @Test("The canonical layout")
    func canonical() {
        let messy = "---\r\nannotator:   w-1\r\nrubric: chat-pairwise\r\ntask: T-1   \r\n---\r\n## Style\r\nA:4.5   \r\nB:   3 #verbose\r\n\r\n\r\n\r\nTight and clear.  \r\n<!-- critique-disable criterion-unknown: legacy -->\r\n## Legacy\r\n\r\n## Preference\r\nB<A\r\n\r\n```\r\ncode   \r\n\r\n\r\n```\r\n\r\n\r\n"
        let expected = "---\r\nrubric: chat-pairwise\r\ntask: T-1\r\nannotator: w-1\r\n---\r\n\r\n## Style\r\nA: 4.5\r\nB: 3 #verbose\r\n\r\nTight and clear.\r\n<!-- critique-disable criterion-unknown: legacy -->\r\n## Legacy\r\n\r\n## Preference\r\nA > B\r\n\r\n```\r\ncode   \r\n\r\n\r\n```\r\n"
        #expect(Formatter.format(DocumentParser.parse(messy)) == expected)
    }

    @Test("critique fmt: --check writes nothing and exits 1, fmt rewrites, a second fmt has nothing to do")
    func command() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/a.critique.md"
        try Support.write(file, "---\ntask: T\nrubric: x\n---\n## Style\nScore:4  \n\n\n\nFine.")
        let check = try Support.run(["fmt", "--check", dir])
        #expect(check.status == 1 && check.stderr.contains("would reformat"), "\(check.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasSuffix("Fine."), "--check wrote nothing")
        let run = try Support.run(["fmt", dir])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "---\nrubric: x\ntask: T\n---\n\n## Style\nScore: 4\n\nFine.\n")
        #expect(try Support.run(["fmt", "--check", file]).status == 0)
        let stdin = try Support.run(["fmt", "-"], stdin: Data("## Style\nScore:3".utf8))
        #expect(stdin.stdout == "## Style\nScore: 3\n")
        #expect(try Support.run(["fmt"]).status == 2)
    }
}
