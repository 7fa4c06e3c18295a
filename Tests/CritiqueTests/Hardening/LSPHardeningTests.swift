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
        #expect(r.has("result") && !r.has("error"), "an answer, not an error: \(r)")
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

/// JSON-RPC faults through the real transport (the built binary over pipes).
@Suite("Hardening: JSON-RPC over pipes", .serialized)
struct JSONRPCHardeningTests {
    func start() throws -> LSPProcess {
        try #require(FileManager.default.isExecutableFile(atPath: LSPProcess.binaryPath()), "build first: swift build")
        return try LSPProcess()
    }

    @Test("$/cancelRequest takes effect through the pipes: a queued request is answered -32800", arguments: [LSPJSON.int(7), LSPJSON.string("req-7")])
    func cancelThroughPipes(_ id: LSPJSON) throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        #expect(p.response(1) != nil)
        p.send(LSPProcess.notification("initialized"))
        let uri = "file:///w/big.critique.md"
        // A large document: the first hover has to check it, which keeps the main thread busy
        // while the reader sees the cancel for the second.
        let big = "---\ntask: T\n---\n\n## Style\nScore: 9\n\n" + String(repeating: "word ", count: 400_000) + "\n"
        var bytes: [UInt8] = []
        bytes += Framer.frame(LSPProcess.notification("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": 1, "text": .string(big)]]).bytes)
        bytes += Framer.frame(LSPJSON.object(["jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": ["textDocument": ["uri": .string(uri)], "position": LSPPos(5, 0).json]]).bytes)
        bytes += Framer.frame(LSPJSON.object(["jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": ["textDocument": ["uri": .string(uri)], "position": LSPPos(5, 0).json]]).bytes)
        bytes += Framer.frame(LSPProcess.notification("$/cancelRequest", ["id": id]).bytes)
        p.write(bytes)
        #expect(p.response(6, timeout: 30)?.has("result") == true)
        let r = p.response(id, timeout: 30)
        #expect(r?["error"]["code"] == -32800, "\(String(describing: r))")
    }

    @Test("A request nested past the decoder's limit gets a parse error carrying its id")
    func deepNesting() throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        #expect(p.response(1) != nil)
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        p.write(Framer.frame(Array(#"{"jsonrpc":"2.0","method":"textDocument/hover","params":{"x":\#(deep)},"id":42}"#.utf8)))
        let r = p.response(42, timeout: 10)
        #expect(r?["error"]["code"] == -32700, "\(String(describing: r))")
        p.write(Framer.frame(Array(#"{"jsonrpc":"2.0","id":"s-1","params":{"x":\#(deep)},"method":"x"}"#.utf8)))
        #expect(p.response("s-1", timeout: 10)?["error"]["code"] == -32700)
    }
}

extension LSPHardeningTests {
    @Test("A code action request carrying another tool's diagnostic (numeric code, no source) is answered")
    func foreignDiagnosticInCodeAction() {
        let c = LSPTestClient()
        c.initialize()
        let uri = "file:///w/a.critique.md"
        c.open(uri: uri, text: "---\ntask: T\n---\n\n## Style\nScore: 3 #nope\n\nShort.\n")
        let foreign: LSPJSON = ["range": LSPRangeJSON(LSPPos(5, 0), LSPPos(5, 4)), "severity": 3, "code": 12345, "message": "Unknown word"]
        let r = c.request("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": LSPRangeJSON(LSPPos(5, 0), LSPPos(5, 14)),
                                                      "context": ["diagnostics": [foreign, ["range": LSPRangeJSON(LSPPos(0, 0), LSPPos(0, 1)), "message": "x", "code": ["value": 1]]]]])
        #expect(r.has("result") && !r.has("error"), "an answer, not -32602: \(r)")
        #expect(!r["result"].array.isEmpty, "our own fixes are still offered")
    }
}
