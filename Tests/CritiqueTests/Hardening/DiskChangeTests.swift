import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

/// A rubric or task file changed on disk (git pull, sed -i) is seen without
/// didChangeWatchedFiles, which Neovim on Linux does not send.
@Suite("Editor: files changed on disk", .serialized)
struct DiskChangeTests {
    static let rubric = #"{ id: "r", version: "1.0.0", mode: "single", criteria: [ { id: "clarity", kind: "scale", scale: { min: 1, max: 5 } } ] }"#
    static let critique = "---\nrubric: r\nresponse: resp.txt\n---\n\n## Clarity\nScore: 4\n\nClear and short.\n\n> \"the sky is blue\"\n"

    /// A workspace with the rubric and a response file, and a client initialized on it.
    static func workspace() throws -> (String, LSPTestClient) {
        let dir = try Support.tempDir()
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/r.rubric.json", rubric)
        try Support.write(dir + "/resp.txt", "In short, the sky is blue.")
        let c = LSPTestClient()
        c.initialize(root: dir)
        return (dir, c)
    }

    @Test("A rubric rewritten on disk is re-read when the critique is saved or edited, and other open critiques follow")
    func rubricRewritten() throws {
        let (dir, c) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = LSPURI(dir + "/a.critique.md"), b = LSPURI(dir + "/b.critique.md")
        c.open(uri: a, text: Self.critique)
        c.open(uri: b, text: Self.critique)
        #expect(c.codes(a).isEmpty && c.codes(b).isEmpty, "\(c.codes(a))")
        // A second required criterion appears on disk.
        try Support.write(dir + "/rubrics/r.rubric.json", Self.rubric.replacingOccurrences(
            of: "] }", with: ", { id: \"accuracy\", kind: \"scale\", scale: { min: 1, max: 5 } } ] }"))
        c.notify("textDocument/didSave", c.docParams(a))
        #expect(c.codes(a).contains("criterion-missing"), "\(c.codes(a))")
        #expect(c.codes(b).contains("criterion-missing"), "the other open critique follows: \(c.codes(b))")
    }

    @Test("A response file rewritten on disk is re-read on the next edit")
    func responseRewritten() throws {
        let (dir, c) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = LSPURI(dir + "/a.critique.md")
        c.open(uri: a, text: Self.critique)
        #expect(c.codes(a).isEmpty)
        try Support.write(dir + "/resp.txt", "Grass is green.")
        c.changeFull(uri: a, text: Self.critique + "\n", version: 2)
        #expect(c.codes(a).contains("quote-not-found"), "\(c.codes(a))")
    }
}
