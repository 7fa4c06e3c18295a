import CritiqueCore
import Testing

/// Clients that pull diagnostics and accept refresh requests get nothing pushed (they would
/// show every finding twice), and are asked to pull again when a rubric changes.
@Suite("LSP pull-only clients")
struct LSPPullOnlyTests {
    @Test func nothingIsPushedAndRubricEditsAskForARefresh() {
        let ws = LSPWorkspace()
        defer { ws.remove() }
        let c = LSPTestClient()
        c.initialize(pullDiagnostics: true, root: ws.root,
                     extraCapabilities: ["workspace": ["diagnostics": ["refreshSupport": true]]])
        let doc = ws.uri("critiques/a.critique.md")
        c.open(uri: doc, text: LSPCleanPairwise + "\n#no-such-tag\n")
        #expect(c.published(doc).isEmpty)
        let pulled = c.result("textDocument/diagnostic", c.docParams(doc))
        #expect(pulled["items"].array.contains { $0["code"] == "tag-unknown" })

        let before = c.messages.filter { $0["method"] == "workspace/diagnostic/refresh" }.count
        let rubric = ws.uri("rubrics/chat-pairwise.rubric.json")
        c.open(uri: rubric, text: EmbeddedRubrics.starterText)
        let after = c.messages.filter { $0["method"] == "workspace/diagnostic/refresh" }
        #expect(after.count == before + 1)
        #expect(after.last?.has("id") == true)
        #expect(after.last?.has("params") == false)
        #expect(c.published(doc).isEmpty)
    }
}
