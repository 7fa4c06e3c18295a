import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Server inputs that once trapped or hung, through the in-process client.
@Suite("Hardening: language server", .serialized)
struct LSPHardeningTests {
    @Test("A rubric edited past the size limit, then a code action: an answer, not a trap")
    func oversizeRubricCodeAction() {
        let c = LSPTestClient()
        c.initialize()
        let uri = "file:///w/r.rubric.json"
        c.open(uri: uri, text: #"{id:"r",criteria:[],titel:"x"}"#)
        #expect(c.codes(uri).contains("rubric-unknown-field"))
        c.changeFull(uri: uri, text: "//" + String(repeating: "a", count: 17 << 20) + "\n" + #"{id:"r",criteria:[],titel:"x"}"#, version: 2)
        let r = c.request("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": LSPRangeJSON(LSPPos(0, 0), LSPPos(1, 40)),
                                                      "context": ["diagnostics": []]])
        #expect(r["result"].array != nil, "\(r)")
        #expect(c.diagnostics(uri).isEmpty, "an unchecked document has no stale findings")
    }

    @Test("A position of Int.max in a UTF-8 session is clamped", arguments: ["utf-8", "utf-16", "utf-32"])
    func hugeCharacter(_ encoding: String) {
        let c = LSPTestClient()
        c.initialize(encodings: [encoding])
        let uri = "file:///w/a.critique.md"
        c.open(uri: uri, text: "x\ny\n## Style\n")
        let r = c.request("textDocument/hover", c.posParams(uri, LSPPos(1, Int.max)))
        #expect(r.has("result"), "\(r)")
        let r2 = c.request("textDocument/completion", c.posParams(uri, LSPPos(2, Int.max)))
        #expect(r2.has("result"), "\(r2)")
        c.changeIncremental(uri: uri, range: (LSPPos(1, Int.max), LSPPos(1, Int.max)), text: "z", version: 2)
        #expect(c.serverText(uri) == "x\nyz\n## Style\n")
    }

    @Test("A document path tens of thousands of folders deep is checked without recursion")
    func deepPath() {
        let c = LSPTestClient()
        c.initialize()
        let uri = "file:///" + String(repeating: "a/", count: 30_000) + "x.critique.md"
        c.open(uri: uri, text: "---\ntask: T\n---\n")
        #expect(!c.published(uri).isEmpty)
        #expect(c.request("shutdown")["result"] == .null)
    }

    @Test("A FIFO named as the responses: the document is checked and shutdown is answered")
    func fifoResponses() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        #expect(mkfifo(dir + "/pipe.json", 0o644) == 0)
        let c = LSPTestClient()
        c.initialize(root: dir)
        let uri = LSPURI(dir + "/a.critique.md")
        c.open(uri: uri, text: "---\nrubric: chat-pairwise\ntask: T\nannotator: w\nresponses: pipe.json\n---\n")
        let d = c.diagnostics(uri).first { $0["code"].string == "responses-not-found" }
        #expect((d?["message"].string ?? "").contains("FIFO"), "\(c.diagnostics(uri))")
        #expect(c.request("shutdown")["result"] == .null)
    }

    @Test("A broken critique.json shows as config-invalid with its position, not only as its consequences")
    func brokenConfig() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"], failOn: \"sometimes\" }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        let c = LSPTestClient()
        c.initialize(root: dir)
        let uri = LSPURI(dir + "/a.critique.md")
        c.open(uri: uri, text: "---\nrubric: chat-pairwise\ntask: T\nannotator: w\n---\n")
        let d = c.diagnostics(uri).first { $0["code"].string == "config-invalid" }
        #expect((d?["message"].string ?? "").contains("line 1:"), "\(c.diagnostics(uri))")
    }

    @Test("Typing a duplicate response label into an open rubric: a rubric finding, and the critique still checks")
    func duplicateLabelTyped() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        let rubricPath = dir + "/rubrics/chat-pairwise.rubric.json"
        try Support.write(rubricPath, EmbeddedRubrics.starterText)
        let c = LSPTestClient()
        c.initialize(root: dir)
        let doc = LSPURI(dir + "/a.critique.md")
        c.open(uri: doc, text: "---\nrubric: chat-pairwise\ntask: T\nannotator: w\n---\n\n## Style\nA: 4\nB: 3\n")
        let rub = LSPURI(rubricPath)
        c.open(uri: rub, text: EmbeddedRubrics.starterText)
        let edited = EmbeddedRubrics.starterText.replacingOccurrences(of: #"responses: ["A", "B"]"#, with: #"responses: ["A", "A"]"#)
        #expect(edited != EmbeddedRubrics.starterText, "the starter rubric lists its labels as expected")
        c.changeFull(uri: rub, text: edited, version: 2)
        #expect(c.codes(rub).contains("rubric-duplicate-id"))
        #expect(c.request("textDocument/hover", c.posParams(doc, LSPPos(7, 0))).has("result"))
        #expect(c.request("shutdown")["result"] == .null)
    }
}
