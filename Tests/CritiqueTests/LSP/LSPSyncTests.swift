import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

/// The randomised tests share the suite's seeded generator (Support.swift).
typealias LSPRandom = SeededRandom

/// A document whose unknown tag sits after emoji (a ZWJ family, a flag), CJK and combining marks,
/// so its column differs in every encoding.
let LSPWideTagDoc = LSPMarked("""
---
task: T-1
---

## Accuracy
Score: 5

👩‍👩‍👧 日本語 é̂ 🇫🇷 x ‸#bogus-tag‸ here.

## Helpfulness
Score: 5

## Clarity
Score: 5

""")

@Suite("LSP position encodings")
struct LSPEncodingTests {
    static let negotiation: [([String]?, String)] = [
        (["utf-8", "utf-16"], "utf-8"),
        (["utf-8"], "utf-8"),
        (nil, "utf-16"),
        ([], "utf-16"),
        (["utf-16", "utf-8"], "utf-16"),
        (["utf-32"], "utf-32"),
        (["utf-32", "utf-8"], "utf-32"),
        (["latin-1", "utf-32"], "utf-32"),
        (["ebcdic"], "utf-16"),
    ]

    @Test(arguments: negotiation)
    func negotiatesTheClientsFirstKnownEncoding(offered: [String]?, expected: String) {
        let c = LSPTestClient()
        let r = c.initialize(encodings: offered)
        #expect(r["result"]["capabilities"]["positionEncoding"].string == expected)
        #expect(c.server.encoding.rawValue == expected)
    }

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func diagnosticPositionsUseTheNegotiatedEncoding(encoding: String) {
        let c = LSPTestClient()
        c.initialize(encodings: [encoding])
        c.open(uri: LSPLooseURI, text: LSPWideTagDoc.text)
        let d = c.diagnostics(LSPLooseURI).first { $0["code"] == "tag-unknown" }
        let ind = LSPIndependent(LSPWideTagDoc.text, encoding: encoding)
        #expect(d != nil)
        #expect(LSPPos(d?["range"]["start"] ?? nil) == ind.position(LSPWideTagDoc.offsets[0]))
        #expect(LSPPos(d?["range"]["end"] ?? nil) == ind.position(LSPWideTagDoc.offsets[1]))
    }

    @Test func theThreeEncodingsReallyDiffer() {
        // Guards the test above: the tag's column must differ between encodings.
        let cols = ["utf-8", "utf-16", "utf-32"].map { LSPWideTagDoc.position(0, encoding: $0).character }
        #expect(Set(cols).count == 3)
    }
}

@Suite("LSP document sync")
struct LSPSyncTests {
    @Test func didOpenPublishesDiagnosticsWithRuleCodes() {
        let c = LSPTestClient()
        c.initialize()
        let doc = LSPCleanSingle.replacingOccurrences(of: "## Clarity\nScore: 5", with: "## Clarity\nScore: 3.5\n\nHard to read.")
        c.open(uri: LSPLooseURI, text: doc, version: 7)
        let pubs = c.published(LSPLooseURI)
        #expect(pubs.count == 1)
        #expect(pubs.first?["params"]["version"] == 7)
        let diags = c.diagnostics(LSPLooseURI)
        #expect(diags.contains { $0["code"] == "score-off-step" })
        for d in diags {
            #expect(d["source"] == "critique")
            #expect(RuleCatalog.all.contains { $0.id.rawValue == d["code"].string })
            #expect((1...4).contains(d["severity"].int ?? 0))
            #expect(d["message"].string?.isEmpty == false)
        }
    }

    @Test func cleanDocumentPublishesAnEmptyList() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: LSPCleanSingle)
        #expect(c.published(LSPLooseURI).count == 1)
        #expect(c.diagnostics(LSPLooseURI).isEmpty)
    }

    @Test func fullChangeReplacesTheTextAndVersion() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: LSPCleanSingle)
        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle + "\n#nonsense-tag\n", version: 2)
        #expect(c.serverText(LSPLooseURI) == LSPCleanSingle + "\n#nonsense-tag\n")
        #expect(c.published(LSPLooseURI).last?["params"]["version"] == 2)
        #expect(c.codes(LSPLooseURI).contains("tag-unknown"))
        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle, version: 3)
        #expect(c.published(LSPLooseURI).last?["params"]["version"] == 3)
        #expect(c.diagnostics(LSPLooseURI).isEmpty)
    }

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func incrementalChangeInsertsAtThePosition(encoding: String) {
        let c = LSPTestClient()
        c.initialize(encodings: [encoding])
        let m = LSPMarked(LSPCleanSingle.replacingOccurrences(of: "## Helpfulness\nScore: 5", with: "## Helpfulness\nScore: 5 — 日本 🇫🇷‸"))
        c.open(uri: LSPLooseURI, text: m.text)
        let p = m.position(encoding: encoding)
        c.changeIncremental(uri: LSPLooseURI, range: (p, p), text: " #made-up", version: 2)
        #expect(c.serverText(LSPLooseURI) == c.texts[LSPLooseURI])
        #expect(c.serverText(LSPLooseURI)?.contains("🇫🇷 #made-up\n") == true)
        let d = c.diagnostics(LSPLooseURI).first { $0["code"] == "tag-unknown" }
        #expect(LSPPos(d?["range"]["start"] ?? nil) == LSPPos(p.line, p.character + 1))
        #expect(c.published(LSPLooseURI).last?["params"]["version"] == 2)
        // Delete it again with a range edit.
        c.changeIncremental(uri: LSPLooseURI, range: (p, LSPPos(p.line, p.character + 9)), text: "", version: 3)
        #expect(c.serverText(LSPLooseURI) == m.text)
        #expect(c.diagnostics(LSPLooseURI).isEmpty)
        #expect(c.published(LSPLooseURI).last?["params"]["version"] == 3)
    }

    @Test func severalChangesInOneNotificationApplyInOrder() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: "abc\ndef\n")
        c.notify("textDocument/didChange", ["textDocument": ["uri": .string(LSPLooseURI), "version": 2], "contentChanges": [
            ["range": LSPRangeJSON(LSPPos(0, 1), LSPPos(0, 2)), "text": "X\nY"],   // aX\nYc\ndef
            ["range": LSPRangeJSON(LSPPos(1, 0), LSPPos(1, 1)), "text": "Z"],      // aX\nZc\ndef
            ["text": "full replace\n"],
            ["range": LSPRangeJSON(LSPPos(0, 4), LSPPos(0, 4)), "text": "-"],
        ]])
        #expect(c.serverText(LSPLooseURI) == "full- replace\n")
    }

    @Test func changesWithoutIdleAreCoalescedIntoOnePublish() {
        let c = LSPTestClient()
        c.initialize()
        c.autoIdle = false
        c.open(uri: LSPLooseURI, text: LSPCleanSingle, version: 1)
        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle + "#one\n", version: 2)
        c.changeIncremental(uri: LSPLooseURI, range: (LSPPos(0, 0), LSPPos(0, 0)), text: "", version: 3)
        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle + "#two\n", version: 4)
        #expect(c.published(LSPLooseURI).isEmpty)
        #expect(c.server.hasPendingWork)
        c.server.idle()
        let pubs = c.published(LSPLooseURI)
        #expect(pubs.count == 1)
        #expect(pubs.first?["params"]["version"] == 4)
        let d = pubs.first?["params"]["diagnostics"].array.first { $0["code"] == "tag-unknown" }
        #expect(d?["message"].string?.contains("#two") == true)
        // Nothing pending: idle again publishes nothing.
        c.server.idle()
        #expect(c.published(LSPLooseURI).count == 1)
        #expect(!c.server.hasPendingWork)
    }

    @Test func coalescingKeepsDocumentsApart() {
        let c = LSPTestClient()
        c.initialize()
        c.autoIdle = false
        let other = "file:///critique-lsp-tests-nowhere/other.critique.md"
        c.open(uri: LSPLooseURI, text: LSPCleanSingle)
        c.open(uri: other, text: LSPCleanSingle)
        c.changeFull(uri: other, text: LSPCleanSingle + "#x\n", version: 5)
        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle, version: 2)
        c.server.idle()
        #expect(c.published(LSPLooseURI).map { $0["params"]["version"] } == [2])
        #expect(c.published(other).map { $0["params"]["version"] } == [5])
    }

    @Test func aRequestOnAnEditedDocumentChecksItFirst() {
        let c = LSPTestClient()
        c.initialize()
        c.autoIdle = false
        c.open(uri: LSPLooseURI, text: LSPCleanSingle + "#pending\n")
        let before = c.rawCount
        let r = c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI))
        #expect(r.has("result"))
        let out = Array(c.messages.dropFirst(before))
        // The fresh diagnostics are published before the response.
        #expect(out.count == 2)
        #expect(out.first?["method"] == "textDocument/publishDiagnostics")
        #expect(out.last?["id"] == r["id"])
        c.server.idle()
        #expect(c.published(LSPLooseURI).count == 1)
    }

    @Test func outOfRangeEditsAreClamped() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: "line one\nline two\n")
        // Past the end of a line: lands at the line's end.
        c.changeIncremental(uri: LSPLooseURI, range: (LSPPos(0, 500), LSPPos(0, 900)), text: "!", version: 2)
        #expect(c.serverText(LSPLooseURI) == "line one!\nline two\n")
        // Past the last line: lands at the end of the text.
        c.changeIncremental(uri: LSPLooseURI, range: (LSPPos(40, 0), LSPPos(99, 3)), text: "tail", version: 3)
        #expect(c.serverText(LSPLooseURI) == "line one!\nline two\ntail")
        // Negative values: the start of the text / the line.
        c.notify("textDocument/didChange", ["textDocument": ["uri": .string(LSPLooseURI), "version": 4],
                                            "contentChanges": [["range": LSPRangeJSON(LSPPos(-3, -1), LSPPos(-1, 0)), "text": ">"]]])
        #expect(c.serverText(LSPLooseURI) == ">line one!\nline two\ntail")
        c.notify("textDocument/didChange", ["textDocument": ["uri": .string(LSPLooseURI), "version": 5],
                                            "contentChanges": [["range": LSPRangeJSON(LSPPos(1, -5), LSPPos(1, 4)), "text": "LINE"]]])
        #expect(c.serverText(LSPLooseURI) == ">line one!\nLINE two\ntail")
        // A reversed range (end before start) is taken as the range between the two.
        c.notify("textDocument/didChange", ["textDocument": ["uri": .string(LSPLooseURI), "version": 6],
                                            "contentChanges": [["range": LSPRangeJSON(LSPPos(1, 8), LSPPos(1, 4)), "text": "2"]]])
        #expect(c.serverText(LSPLooseURI) == ">line one!\nLINE2\ntail")
        #expect(c.published(LSPLooseURI).last?["params"]["version"] == 6)
    }

    @Test(arguments: ["utf-16", "utf-8"])
    func editsInsideAMultiByteCharacterKeepTheTextValid(encoding: String) {
        let c = LSPTestClient()
        c.initialize(encodings: [encoding])
        c.open(uri: LSPLooseURI, text: "a😀b\n")
        // Character 2 is inside the emoji in both UTF-16 (surrogate pair) and UTF-8.
        c.changeIncremental(uri: LSPLooseURI, range: (LSPPos(0, 2), LSPPos(0, 2)), text: "X", version: 2)
        let t = c.serverText(LSPLooseURI) ?? ""
        #expect(!t.contains("\u{FFFD}"))
        #expect(t == "a😀Xb\n" || t == "aX😀b\n")
    }

    static let pool = ["", "x", "é", "日本", "😀", "👩‍👩‍👧", "🇫🇷", "\n", "\r\n", "\t", "e\u{301}", "#tag ", "## Accuracy\n", "Score: 4\n"]

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func randomIncrementalEditsMatchAnIndependentModel(encoding: String) {
        let c = LSPTestClient()
        c.initialize(encodings: [encoding])
        c.autoIdle = false
        var rng = LSPRandom(seed: 0xC0FFEE ^ UInt64(encoding.utf8.count))
        c.open(uri: LSPLooseURI, text: "## Accuracy\nScore: 5 😀 日本語\r\nnext\rline é̂ 🇫🇷\n")
        for v in 2...300 {
            let text = c.texts[LSPLooseURI]!
            let ind = LSPIndependent(text, encoding: encoding)
            // Scalar boundaries that are not between a CR and its LF.
            var bounds = ind.scalars.enumerated().filter { i, s in !(s.scalar == "\n" && i > 0 && ind.scalars[i - 1].scalar == "\r") }.map { $0.element.offset }
            bounds.append(ind.byteCount)
            let a = bounds.randomElement(using: &rng)!, b = bounds.randomElement(using: &rng)!
            let insert = (0..<Int.random(in: 0...2, using: &rng)).map { _ in Self.pool.randomElement(using: &rng)! }.joined()
            c.changeIncremental(uri: LSPLooseURI, range: (ind.position(min(a, b)), ind.position(max(a, b))), text: insert, version: v)
            if c.serverText(LSPLooseURI) != c.texts[LSPLooseURI] {
                Issue.record("edit \(v) diverged: server \(String(reflecting: c.serverText(LSPLooseURI))) vs model \(String(reflecting: c.texts[LSPLooseURI]))")
                break
            }
        }
        c.server.idle()
        #expect(c.published(LSPLooseURI).map { $0["params"]["version"] } == [300])
    }

    @Test func didCloseClearsDiagnostics() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: LSPCleanSingle + "#bad\n")
        #expect(!c.diagnostics(LSPLooseURI).isEmpty)
        c.close(uri: LSPLooseURI)
        #expect(c.published(LSPLooseURI).count == 2)
        #expect(c.diagnostics(LSPLooseURI).isEmpty)
        #expect(c.serverText(LSPLooseURI) == nil)
    }

    @Test("didChange read straight from the tree gives what Codable gives, and leaves every odd shape to Codable")
    func fastDidChangeMatchesCodable() throws {
        func decoded(_ json: String) -> (fast: DidChangeParams?, codable: DidChangeParams?) {
            let bytes = Array(json.utf8)
            guard let tree = try? JSONTreeDecoder.tree(bytes) else { return (nil, nil) }
            let codable = try? JSONTreeDecoder().decode(ParamsOf<DidChangeParams>.self, from: tree, source: bytes).params
            return (DidChangeParams(fast: tree), codable)
        }
        func same(_ a: DidChangeParams, _ b: DidChangeParams) -> Bool {
            a.textDocument.uri == b.textDocument.uri && a.textDocument.version == b.textDocument.version
                && a.contentChanges.map(\.text) == b.contentChanges.map(\.text) && a.contentChanges.map(\.range) == b.contentChanges.map(\.range)
        }
        let plain = [
            #"{"params":{"textDocument":{"uri":"file:///a","version":3},"contentChanges":[{"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":5}},"text":"x 🌿"}]}}"#,
            #"{"params":{"textDocument":{"uri":"file:///a","version":null},"contentChanges":[{"text":"whole"},{"range":null,"text":""}]}}"#,
            #"{"params":{"textDocument":{"uri":"file:///a"},"contentChanges":[]}}"#,
            #"{"params":{"textDocument":{"uri":"file:///a","version":-7},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"\n"}]}}"#,
        ]
        for json in plain {
            let (fast, codable) = decoded(json)
            let f = try #require(fast, "fast path refused \(json)"), c = try #require(codable, "Codable refused \(json)")
            #expect(same(f, c), "\(json)")
        }
        // Shapes the fast path leaves to Codable (which then accepts or names the problem).
        let odd = [
            #"{"params":{"textDocument":{"uri":"file:///a","version":"3"},"contentChanges":[]}}"#,
            #"{"params":{"textDocument":{"uri":"file:///a","version":1},"contentChanges":[{"range":{"start":{"line":1.5,"character":0},"end":{"line":2,"character":0}},"text":""}]}}"#,
            #"{"params":{"textDocument":{"uri":"file:///a","version":1},"contentChanges":[{"text":3}]}}"#,
            #"{"params":{"textDocument":{"uri":"file:///a","version":1},"contentChanges":{}}}"#,
            #"{"params":{"textDocument":{"version":1},"contentChanges":[]}}"#,
        ]
        for json in odd {
            let (fast, codable) = decoded(json)
            #expect(fast == nil, "\(json)")
            #expect(codable == nil, "\(json)")
        }
    }

    @Test("A message's envelope read straight from the tree gives what Codable gives, and leaves odd ids and methods to Codable")
    func fastEnvelopeMatchesCodable() throws {
        func decoded(_ json: String) throws -> (fast: Envelope?, codable: Envelope?) {
            let bytes = Array(json.utf8)
            let tree = try JSONTreeDecoder.tree(bytes)
            return (Envelope(fast: tree), try? JSONTreeDecoder().decode(Envelope.self, from: tree, source: bytes))
        }
        func same(_ a: Envelope, _ b: Envelope) -> Bool {
            a.id == b.id && a.method == b.method && a.hasResult == b.hasResult && a.hasError == b.hasError
        }
        let plain = [
            #"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}"#,
            #"{"jsonrpc":"2.0","id":"abc-1","method":"initialize"}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"id":3}}"#,
            #"{"jsonrpc":"2.0","id":-12,"result":null}"#,
            #"{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"no"}}"#,
            #"{"jsonrpc":"2.0","id":null,"method":"x"}"#,
            #"{"jsonrpc":"2.0","id":2.0,"method":"x"}"#,
            #"{"jsonrpc":"2.0","id":1e3,"method":"x"}"#,
            #"{"id":5,"method":null}"#,
            #"{}"#,
        ]
        for json in plain {
            let (fast, codable) = try decoded(json)
            let f = try #require(fast, "fast path refused \(json)"), c = try #require(codable, "Codable refused \(json)")
            #expect(same(f, c), "\(json): \(f.id.map(String.init(describing:)) ?? "nil") vs \(c.id.map(String.init(describing:)) ?? "nil")")
        }
        // Shapes the fast path leaves to Codable: ids that are not strings or small whole
        // numbers, a method that is not a string, a message that is not an object.
        let odd = [
            #"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
            #"{"jsonrpc":"2.0","id":12345678901234567890,"method":"x"}"#,
            #"{"jsonrpc":"2.0","id":[1],"method":"x"}"#,
            #"{"jsonrpc":"2.0","id":true,"method":"x"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":3}"#,
            #"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#,
        ]
        for json in odd {
            #expect(try decoded(json).fast == nil, "\(json)")
        }
    }
}

@Suite("LSP pull diagnostics")
struct LSPPullTests {
    @Test func documentDiagnosticReportsAndUnchanged() {
        let c = LSPTestClient()
        c.initialize(pullDiagnostics: true)
        c.open(uri: LSPLooseURI, text: LSPCleanSingle + "#bad-tag\n")
        let first = c.result("textDocument/diagnostic", c.docParams(LSPLooseURI))
        #expect(first["kind"] == "full")
        let rid = first["resultId"].string
        #expect(rid?.isEmpty == false)
        #expect(first["items"].array.compactMap { $0["code"].string } == c.codes(LSPLooseURI))
        #expect(first["items"].array.contains { $0["code"] == "tag-unknown" })

        let second = c.result("textDocument/diagnostic", ["textDocument": ["uri": .string(LSPLooseURI)], "previousResultId": .string(rid ?? "")])
        #expect(second["kind"] == "unchanged")
        #expect(second["resultId"].string == rid)
        #expect(!second.has("items"))

        // A stale id gets a full report.
        let stale = c.result("textDocument/diagnostic", ["textDocument": ["uri": .string(LSPLooseURI)], "previousResultId": "nope"])
        #expect(stale["kind"] == "full")

        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle, version: 2)
        let third = c.result("textDocument/diagnostic", ["textDocument": ["uri": .string(LSPLooseURI)], "previousResultId": .string(rid ?? "")])
        #expect(third["kind"] == "full")
        #expect(third["resultId"].string != rid)
        #expect(third["items"] == [])
    }

    @Test func pullOnAPendingEditSeesTheEdit() {
        let c = LSPTestClient()
        c.initialize(pullDiagnostics: true)
        c.autoIdle = false
        c.open(uri: LSPLooseURI, text: LSPCleanSingle)
        c.changeFull(uri: LSPLooseURI, text: LSPCleanSingle + "#later\n", version: 2)
        let r = c.result("textDocument/diagnostic", c.docParams(LSPLooseURI))
        #expect(r["items"].array.contains { $0["code"] == "tag-unknown" })
    }

    @Test func pullForAClosedDocumentIsEmpty() {
        let c = LSPTestClient()
        c.initialize(pullDiagnostics: true)
        let r = c.result("textDocument/diagnostic", c.docParams("file:///critique-lsp-tests-nowhere/closed.critique.md"))
        #expect(r["kind"] == "full")
        #expect(r["items"] == [])
    }

    @Test func workspaceDiagnosticCoversFilesOnDisk() {
        let ws = LSPWorkspace()
        defer { ws.remove() }
        ws.write("critiques/clean.critique.md", LSPCleanPairwise)
        ws.write("critiques/bad.critique.md", LSPCleanPairwise.replacingOccurrences(of: "#format-violation", with: "#no-such-tag"))
        ws.write("critiques/notes.md", "#not-checked")
        let c = LSPTestClient()
        c.initialize(pullDiagnostics: true, root: ws.root)
        // One document is open with unsaved text that differs from the disk.
        c.open(uri: ws.uri("critiques/clean.critique.md"), text: LSPCleanPairwise + "\n#open-only\n", version: 4)
        let r = c.result("workspace/diagnostic", ["previousResultIds": []])
        let items = r["items"].array
        let byURI = Dictionary(items.map { ($0["uri"].string ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byURI.keys) == [ws.uri("critiques/clean.critique.md"), ws.uri("critiques/bad.critique.md")])
        let open = byURI[ws.uri("critiques/clean.critique.md")]
        #expect(open?["version"] == 4)
        #expect(open?["items"].array.contains { $0["code"] == "tag-unknown" } == true)
        let bad = byURI[ws.uri("critiques/bad.critique.md")]
        #expect(bad?["kind"] == "full")
        #expect(bad?.has("version") == true && bad?["version"].isNull == true)
        #expect(bad?["items"].array.compactMap { $0["code"].string } == ["tag-unknown"])

        // Asking again with the previous result ids: the unchanged file on disk is `unchanged`.
        let prev: LSPJSON = .array(items.map { ["uri": $0["uri"], "value": $0["resultId"]] })
        let again = c.result("workspace/diagnostic", ["previousResultIds": prev])["items"].array
        let bad2 = again.first { $0["uri"].string == ws.uri("critiques/bad.critique.md") }
        #expect(bad2?["kind"] == "unchanged")
        #expect(bad2?["resultId"] == bad?["resultId"])

        // Change the file on disk: full again.
        ws.write("critiques/bad.critique.md", LSPCleanPairwise)
        let third = c.result("workspace/diagnostic", ["previousResultIds": prev])["items"].array
        let bad3 = third.first { $0["uri"].string == ws.uri("critiques/bad.critique.md") }
        #expect(bad3?["kind"] == "full")
        #expect(bad3?["items"] == [])
    }

}
