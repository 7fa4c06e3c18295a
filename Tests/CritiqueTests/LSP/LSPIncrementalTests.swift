import CritiqueCore
import Foundation
import Testing
@testable import CritiqueLSP

/// The server's keystroke path end to end: one client types (one to three didChange
/// notifications between checks, several edits in one line or across lines), a second client
/// sends the same text whole each time, so its server checks it from scratch; after every check
/// both have published the same diagnostics. The edits come in UTF-16 positions computed
/// independently of the server's conversion.
@Suite("LSP incremental checking")
struct LSPIncrementalTests {
    static let documents = [
        "workspaces/rules/critiques/banned-phrase.critique.md",
        "workspaces/rules/critiques/tag-caps-score.critique.md",
        "workspaces/unicode/critiques/emoji-quotes.critique.md",
        "workspaces/line-endings/critiques/mixed-defective.critique.md",
        "workspaces/healthbench/critiques/defective.critique.md",
        "workspaces/suppressions/critiques/scope-ends-at-blank-line.critique.md",
    ]

    @Test("Keystrokes checked incrementally publish what a full check of the same text publishes", arguments: documents)
    func sameAsFull(_ rel: String) {
        let root = Support.path(String(rel[..<rel.range(of: "/critiques/")!.lowerBound]))
        let uri = LSPURI(Support.path(rel))
        let typing = LSPTestClient(), whole = LSPTestClient()
        typing.initialize(root: root)
        whole.initialize(root: root)
        typing.autoIdle = false
        let start = String(decoding: Support.bytes(rel), as: UTF8.self)
        typing.open(uri: uri, text: start)
        typing.server.idle()
        whole.open(uri: uri, text: start)
        var rng = ReparseTests.Random(seed: "lsp " + rel)
        var version = 1, incremental = 0
        for step in 0..<30 {
            for _ in 0..<(1 + rng.below(3)) {
                version += 1
                let text = typing.texts[uri] ?? ""
                let (r, insert) = rng.edit(of: Array(text.utf8), lines: DocumentParser.parse(text).lines, proseTenths: 9)
                typing.changeIncremental(uri: uri, range: (typing.position(of: r.start, in: uri), typing.position(of: r.end, in: uri)),
                                         text: insert, version: version)
            }
            typing.server.idle()
            if typing.server.docs[uri]?.analysis?.incremental == true { incremental += 1 }
            whole.changeFull(uri: uri, text: typing.texts[uri] ?? "", version: version)
            #expect(typing.serverText(uri) == typing.texts[uri])
            let a = typing.diagnostics(uri), b = whole.diagnostics(uri)
            if a != b {
                let first = zip(a, b).first { $0 != $1 }
                Issue.record("\(rel) step \(step): incremental and full diagnostics differ (\(a.count) vs \(b.count))\n  incremental: \(first?.0.description ?? "-")\n  full:        \(first?.1.description ?? "-")")
                return
            }
        }
        #expect(incremental >= 3, "only \(incremental) of 30 checks were incremental")
    }

    /// The last check is freed after the new diagnostics are published (`Server.retire`), not
    /// kept: a keystroke that left every old analysis alive would grow without end.
    @Test("A keystroke's replaced check is freed once its successor is published")
    func replacedCheckIsFreed() {
        let rel = Self.documents[0]
        let root = Support.path(String(rel[..<rel.range(of: "/critiques/")!.lowerBound]))
        let uri = LSPURI(Support.path(rel))
        let client = LSPTestClient()
        client.initialize(root: root)
        client.autoIdle = false
        let text = String(decoding: Support.bytes(rel), as: UTF8.self)
        client.open(uri: uri, text: text)
        client.server.idle()
        weak var first = client.server.docs[uri]?.analysis
        #expect(first != nil)
        client.changeIncremental(uri: uri, range: (client.position(of: 0, in: uri), client.position(of: 0, in: uri)), text: " ", version: 2)
        #expect(first != nil, "the check an edit replaces lives until the next idle")
        client.server.idle()
        #expect(first == nil, "the replaced check is still alive after the next check was published")
        #expect(client.server.docs[uri]?.analysis != nil)
    }

    /// The server reuses a document's resolved rubric and task file between keystrokes
    /// (`Workspace.lastResolution`), so it must still see files rewritten on disk with no
    /// watcher notification, and a task file created after the reference to it.
    @Test("Rubric and task files changed or created on disk are seen at the next keystroke, with no notification")
    func filesOnDiskAreSeenAtTheNextKeystroke() {
        let ws = LSPWorkspace()
        defer { ws.remove() }
        let text = """
        ---
        rubric: ../rubrics/chat-pairwise.rubric.json
        responses: ../tasks/t.json
        ---

        ## Instruction following
        A: 5
        B: 4

        A follows every instruction; B misses the requested table format #format-violation entirely.
        > A: "a table with three rows"

        ## Truthfulness
        A: 5
        B: 5

        ## Preference
        A > B

        A follows the brief more closely than B does overall.

        """
        ws.write("critiques/a.critique.md", text)
        let uri = ws.uri("critiques/a.critique.md")
        let c = LSPTestClient()
        c.initialize(root: ws.root)
        c.open(uri: uri, text: text)
        #expect(c.codes(uri).contains("responses-not-found"))
        #expect(!c.codes(uri).contains("tag-unknown"))

        // One keystroke in the prose line, each time at the same place.
        let at = text.utf8.count - "overall.\n".utf8.count
        var version = 1
        func type(_ s: String) {
            version += 1
            c.changeIncremental(uri: uri, range: (c.position(of: at, in: uri), c.position(of: at, in: uri)), text: s, version: version)
        }
        type("x")
        #expect(c.codes(uri).contains("responses-not-found"), "the task file does not exist yet")

        ws.write("tasks/t.json", #"{"prompt": "Make a table.", "responses": {"A": "Here is a table with three rows.", "B": "No table."}}"#)
        type("y")
        #expect(!c.codes(uri).contains("responses-not-found"), "a task file created after the reference is found")
        #expect(!c.codes(uri).contains("quote-not-found"))

        ws.write("tasks/t.json", #"{"prompt": "Make a table.", "responses": {"A": "Here is a list.", "B": "No table."}}"#)
        type("z")
        #expect(c.codes(uri).contains("quote-not-found"), "a task file rewritten on disk is read again")

        ws.write("rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText.replacingOccurrences(of: "\"format-violation\"", with: "\"format-breach\""))
        type("w")
        #expect(c.codes(uri).contains("tag-unknown"), "a rubric rewritten on disk is read again")
    }
}
