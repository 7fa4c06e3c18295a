import CritiqueCore
import CritiqueLSP
import Foundation
import Testing

/// Faults over real pipes: a client that vanishes mid-message, a message far over the size
/// limit, and a rubric rewritten on disk while documents are open.
@Suite("LSP faults over pipes", .serialized)
struct LSPFaultTests {
    func start() throws -> LSPProcess {
        try #require(FileManager.default.isExecutableFile(atPath: LSPProcess.binaryPath()), "build first: swift build")
        return try LSPProcess()
    }

    @Test func clientVanishingMidMessageEndsTheServer() throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        #expect(p.response(1) != nil)
        let framed = Framer.frame(LSPProcess.initialize(id: 2).bytes)
        p.write(Array(framed.prefix(framed.count / 2)))
        p.closeInput()
        #expect(p.waitForExit() == 1)
        #expect(p.response(2, timeout: 0.2) == nil)
    }

    @Test func aFiftyMegabyteMessageIsRefusedAndTheStreamStaysUsable() throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        #expect(p.response(1) != nil)
        let size = 50 << 20
        var big = Array("Content-Length: \(size)\r\n\r\n".utf8)
        big += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        p.write(big)
        p.send(["jsonrpc": "2.0", "id": 3, "method": "shutdown"])
        #expect(p.response(3, timeout: 30) != nil)
        let log = p.messages.first { $0["method"] == "window/logMessage" && ($0["params"]["message"].string ?? "").contains("exceeds") }
        #expect(log != nil, "a log line names the refused message")
        p.send(LSPProcess.notification("exit"))
        #expect(p.waitForExit() == 0)
    }

    @Test func aRubricRewrittenOnDiskRechecksOpenDocuments() throws {
        let ws = LSPWorkspace()
        defer { ws.remove() }
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize(root: ws.root))
        #expect(p.response(1) != nil)
        p.send(LSPProcess.notification("initialized"))
        let uri = ws.uri("critiques/a.critique.md")
        p.send(LSPProcess.notification("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": 1,
                                                                               "text": .string(LSPCleanPairwise)]]))
        let first = p.wait { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]["uri"].string == uri }
        #expect(first?["params"]["diagnostics"].array.isEmpty == true)
        // Rename the tag the critique uses; the watcher notification makes the server re-read.
        let rubric = EmbeddedRubrics.starterText.replacingOccurrences(of: "\"format-violation\"", with: "\"format-breach\"")
        ws.write("rubrics/chat-pairwise.rubric.json", rubric)
        p.send(LSPProcess.notification("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(ws.uri("rubrics/chat-pairwise.rubric.json")), "type": 2]]]))
        let second = p.wait { m in
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"].string == uri
                && m["params"]["diagnostics"].array.contains { $0["code"] == "tag-unknown" }
        }
        #expect(second != nil)
    }
}

@Suite("LSP load")
struct LSPLoadTests {
    /// 10,000 edits in one burst: the server coalesces them, answers a hover sent after the
    /// burst, and the text it holds is the result of every edit in order.
    @Test func aBurstOfTenThousandEditsIsCoalescedAndTheServerStaysResponsive() {
        let c = LSPTestClient()
        c.initialize(encodings: ["utf-16"])
        c.autoIdle = false
        let uri = "file:///critique-lsp-load/burst.critique.md"
        c.open(uri: uri, text: LSPCleanPairwise)
        for v in 0..<10_000 {
            let edit: LSPJSON = v % 2 == 0
                ? ["range": LSPRangeJSON(LSPPos(6, 0), LSPPos(6, 0)), "text": "x"]
                : ["range": LSPRangeJSON(LSPPos(6, 0), LSPPos(6, 1)), "text": ""]
            c.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": .int(v + 2)], "contentChanges": [edit]])
        }
        c.server.idle()
        let publishes = c.published(uri)
        #expect(publishes.count <= 2, "edits are coalesced: \(publishes.count) publications")
        #expect(publishes.last?["params"]["version"] == 10_001)
        let hover = c.request("textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": LSPPos(4, 1).json])
        #expect(hover.has("result"))
        #expect(c.serverText(uri) == LSPCleanPairwise)
    }
}

@Suite("LSP workspace folders")
struct LSPWorkspaceFolderTests {
    @Test func addedFoldersAreCoveredByWorkspaceDiagnostics() {
        let ws = LSPWorkspace()
        defer { ws.remove() }
        ws.write("critiques/bad.critique.md", LSPCleanPairwise.replacingOccurrences(of: "#format-violation", with: "#no-such-tag"))
        let c = LSPTestClient()
        c.initialize(pullDiagnostics: true)
        #expect(c.result("workspace/diagnostic", ["previousResultIds": []])["items"] == [])
        c.notify("workspace/didChangeWorkspaceFolders", ["event": ["added": [["uri": .string(LSPURI(ws.root)), "name": "ws"]], "removed": []]])
        let items = c.result("workspace/diagnostic", ["previousResultIds": []])["items"].array
        #expect(items.map { $0["uri"].string } == [ws.uri("critiques/bad.critique.md")])
        c.notify("workspace/didChangeWorkspaceFolders", ["event": ["added": [], "removed": [["uri": .string(LSPURI(ws.root)), "name": "ws"]]]])
        #expect(c.result("workspace/diagnostic", ["previousResultIds": []])["items"] == [])
    }
}
