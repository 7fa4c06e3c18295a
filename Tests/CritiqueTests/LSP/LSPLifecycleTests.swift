import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

/// A document outside any workspace: checked against the embedded default rubric.
let LSPLooseURI = "file:///critique-lsp-tests-nowhere/doc.critique.md"
let LSPCleanSingle = """
---
task: T-1
---

## Accuracy
Score: 5

## Helpfulness
Score: 5

## Clarity
Score: 5

"""

@Suite("LSP lifecycle")
struct LSPLifecycleTests {
    @Test func requestBeforeInitializeIsServerNotInitialized() {
        let c = LSPTestClient()
        let r = c.request("textDocument/hover", c.posParams(LSPLooseURI, LSPPos(0, 0)), id: 7)
        #expect(r["error"]["code"].int == -32002)
        #expect(r["id"] == 7)
        #expect(!r.has("result"))
        // shutdown before initialize is refused the same way.
        #expect(c.request("shutdown", id: 8)["error"]["code"].int == -32002)
    }

    @Test func notificationsBeforeInitializeAreIgnored() {
        let c = LSPTestClient()
        c.open(uri: LSPLooseURI, text: "## Nope\n#bogus\n")
        c.notify("textDocument/didChange", ["textDocument": ["uri": .string(LSPLooseURI), "version": 2], "contentChanges": [["text": "x"]]])
        c.notify("initialized")
        #expect(c.messages.isEmpty)
        c.initialize()
        // The document was never opened: a request on it finds nothing.
        #expect(c.serverText(LSPLooseURI) == nil)
        #expect(c.published(LSPLooseURI).isEmpty)
    }

    @Test func unknownMethodIsMethodNotFound() {
        let c = LSPTestClient()
        c.initialize()
        let r = c.request("textDocument/teleport", [:], id: "tp")
        #expect(r["error"]["code"].int == -32601)
        #expect(r["id"] == "tp")
        #expect(r["error"]["message"].string?.isEmpty == false)
    }

    @Test func unknownNotificationIsIgnored() {
        let c = LSPTestClient()
        c.initialize()
        let before = c.rawCount
        c.notify("custom/somethingElse", ["x": 1])
        c.notify("$/setTrace", ["value": "verbose"])
        c.notify("textDocument/didSave", c.docParams(LSPLooseURI))
        #expect(c.rawCount == before)
    }

    @Test func initializeResultAdvertisesCapabilities() {
        let c = LSPTestClient()
        let r = c.initialize(encodings: ["utf-16"])
        let caps = r["result"]["capabilities"]
        #expect(caps["textDocumentSync"]["change"].int == 2)
        #expect(caps["textDocumentSync"]["openClose"].bool == true)
        let triggers = caps["completionProvider"]["triggerCharacters"].array.compactMap(\.string)
        #expect(triggers.contains("#") && triggers.contains(":") && triggers.contains(" "))
        #expect(caps["hoverProvider"].bool == true)
        #expect(caps["codeActionProvider"]["codeActionKinds"] == ["quickfix"])
        #expect(caps["semanticTokensProvider"]["legend"]["tokenTypes"].array.count == SemanticToken.legend.count)
        #expect(r["result"]["serverInfo"]["name"] == "critique")
        #expect(!caps.has("diagnosticProvider"))
    }

    @Test func pullCapabilityOnlyWhenClientCanPullAndBeRefreshed() {
        let refreshable = LSPTestClient().initialize(pullDiagnostics: true, extraCapabilities: ["workspace": ["diagnostics": ["refreshSupport": true]]])
        #expect(refreshable["result"]["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"].bool == true)
        // Pull without refresh (Neovim 0.11): push only, so findings are never shown twice or stale.
        let pullOnly = LSPTestClient().initialize(pullDiagnostics: true)
        #expect(!pullOnly["result"]["capabilities"].has("diagnosticProvider"))
        let neither = LSPTestClient().initialize()
        #expect(!neither["result"]["capabilities"].has("diagnosticProvider"))
    }

    @Test func secondInitializeIsInvalidRequest() {
        let c = LSPTestClient()
        c.initialize()
        #expect(c.request("initialize", ["capabilities": [:]])["error"]["code"].int == -32600)
    }

    @Test func shutdownThenExitGivesZero() {
        let c = LSPTestClient()
        c.initialize()
        let r = c.request("shutdown", id: 99)
        #expect(r.has("result") && r["result"].isNull)
        #expect(!r.has("error"))
        #expect(r["id"] == 99)
        #expect(c.server.exitCode == nil)
        // After shutdown every request is InvalidRequest, notifications are ignored.
        #expect(c.request("textDocument/hover", c.posParams(LSPLooseURI, LSPPos(0, 0)))["error"]["code"].int == -32600)
        #expect(c.request("shutdown")["error"]["code"].int == -32600)
        let before = c.rawCount
        c.open(uri: LSPLooseURI, text: "#bogus")
        #expect(c.rawCount == before)
        c.notify("exit")
        #expect(c.server.exitCode == 0)
    }

    @Test func exitWithoutShutdownGivesOne() {
        let c = LSPTestClient()
        c.initialize()
        c.notify("exit")
        #expect(c.server.exitCode == 1)
    }

    @Test func exitBeforeInitializeGivesOne() {
        let c = LSPTestClient()
        c.notify("exit")
        #expect(c.server.exitCode == 1)
    }

    static let ids: [LSPJSON] = [0, 1, 42, -7, 2_147_483_648, "1", "abc", "", "with \"quotes\" and ünïcödé 🎉"]

    @Test(arguments: ids)
    func requestIDsAreEchoedExactly(id: LSPJSON) {
        let c = LSPTestClient()
        // Before initialize (an error response) and after (a result): both echo the id.
        let early = c.request("shutdown", id: id)
        #expect(early["id"] == id)
        let init_ = c.request("initialize", ["capabilities": [:]], id: id)
        #expect(init_["id"] == id)
        #expect(init_.has("result"))
        let r = c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI), id: id)
        #expect(r["id"] == id)
        // The raw bytes carry the same JSON type: "1" stays a string, 1 a number.
        if case .string = id { #expect(r["id"].string != nil) } else { #expect(r["id"].int != nil) }
    }

    @Test func responsesFromTheClientAreIgnored() {
        let c = LSPTestClient()
        c.initialize()
        let before = c.rawCount
        c.sendRaw(Array(#"{"jsonrpc":"2.0","id":"critique-1","result":null}"#.utf8))
        c.sendRaw(Array(#"{"jsonrpc":"2.0","id":5,"error":{"code":-1,"message":"no"}}"#.utf8))
        #expect(c.rawCount == before)
    }

    @Test func watcherRegistrationWhenClientAllowsIt() {
        let c = LSPTestClient()
        c.initialize(extraCapabilities: ["workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]]])
        let reg = c.messages.first { $0["method"] == "client/registerCapability" }
        #expect(reg?.has("id") == true)
        let globs = reg?["params"]["registrations"][0]["registerOptions"]["watchers"].array.compactMap { $0["globPattern"].string } ?? []
        #expect(globs.contains("**/*.rubric.json"))
        #expect(globs.contains("**/critique.json"))
    }
}

@Suite("LSP errors")
struct LSPErrorTests {
    static let malformed: [String] = ["{", "not json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", "[1,2,3]", "42", "\"str\"", ""]

    @Test(arguments: malformed)
    func malformedJSONIsParseErrorWithNullID(body: String) {
        let c = LSPTestClient()
        c.initialize()
        let before = c.rawCount
        c.sendRaw(Array(body.utf8))
        let out = Array(c.messages.dropFirst(before))
        let err = out.first { $0.has("error") }
        #expect(err?["error"]["code"].int == -32700)
        #expect(err?.has("id") == true)
        #expect(err?["id"].isNull == true)
        // The server is still alive.
        #expect(c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI)).has("result"))
    }

    @Test func invalidParamsIsMinus32602() {
        let c = LSPTestClient()
        c.initialize()
        let r = c.request("textDocument/hover", ["textDocument": ["uri": 12]])
        #expect(r["error"]["code"].int == -32602)
    }

    @Test func cancelledBeforeHandlingIsRequestCancelled() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: LSPCleanSingle)
        // The stdio reader calls cancel() as soon as $/cancelRequest arrives, before the queued request runs.
        c.server.cancel(.int(50))
        c.server.cancel(.string("s-51"))
        let r = c.request("textDocument/hover", c.posParams(LSPLooseURI, LSPPos(4, 4)), id: 50)
        #expect(r["error"]["code"].int == -32800)
        #expect(r["id"] == 50)
        let s = c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI), id: "s-51")
        #expect(s["error"]["code"].int == -32800)
        #expect(s["id"] == "s-51")
        // A cancel is consumed: the same id used again is answered.
        #expect(c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI), id: 50).has("result"))
        // A different id is unaffected.
        #expect(c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI), id: 52).has("result"))
    }

    @Test func cancelNotificationAfterTheFactIsHarmless() {
        let c = LSPTestClient()
        c.initialize()
        let r = c.request("textDocument/documentSymbol", c.docParams(LSPLooseURI), id: 3)
        #expect(r.has("result"))
        let before = c.rawCount
        c.notify("$/cancelRequest", ["id": 3])
        #expect(c.rawCount == before)
    }

    @Test func didChangeForUnopenedDocumentLogs() {
        let c = LSPTestClient()
        c.initialize()
        let uri = "file:///critique-lsp-tests-nowhere/never.critique.md"
        c.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 3],
                                            "contentChanges": [["range": LSPRangeJSON(LSPPos(0, 0), LSPPos(0, 0)), "text": "x"]]])
        let logs = c.notifications("window/logMessage")
        #expect(logs.count == 1)
        #expect(logs.first?["params"]["message"].string?.contains(uri) == true)
        #expect(c.published(uri).isEmpty)
        #expect(c.serverText(uri) == nil)
        // Still serving.
        #expect(c.request("textDocument/documentSymbol", c.docParams(uri))["result"] == [])
    }

    @Test func invalidUTF8InsideDidChangeBecomesReplacementCharacter() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: LSPLooseURI, text: LSPCleanSingle, version: 1)
        let msg: LSPJSON = ["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
            "textDocument": ["uri": .string(LSPLooseURI), "version": 2],
            "contentChanges": [["text": "## Accuracy\nScore: 5 caf@@BAD@@ ok\n"]]]]
        // An invalid byte and a truncated sequence in the middle of a JSON string.
        let body = LSPReplacing(msg.bytes, "@@BAD@@", with: [0xFF, 0xC3])
        c.sendRaw(body)
        let text = c.serverText(LSPLooseURI)
        #expect(text?.contains("\u{FFFD}") == true)
        #expect(text?.hasPrefix("## Accuracy\nScore: 5 caf") == true)
        #expect(text?.hasSuffix(" ok\n") == true)
        #expect(c.published(LSPLooseURI).last?["params"]["version"] == 2)
        #expect(!c.messages.contains { $0["error"]["code"].int == -32700 })
    }

    @Test func invalidUTF8InDidOpenIsAccepted() {
        let c = LSPTestClient()
        c.initialize()
        let msg: LSPJSON = ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [
            "textDocument": ["uri": .string(LSPLooseURI), "languageId": "markdown", "version": 1, "text": "## Accuracy\nScore: é@@BAD@@\n"]]]
        // An overlong NUL and a UTF-8-encoded surrogate.
        let body = LSPReplacing(msg.bytes, "@@BAD@@", with: [0xC0, 0x80, 0xED, 0xA0, 0x80])
        c.sendRaw(body)
        #expect(c.serverText(LSPLooseURI)?.contains("\u{FFFD}") == true)
        #expect(c.published(LSPLooseURI).count == 1)
    }

    @Test func nonCritiqueDocumentsAreNotChecked() {
        let c = LSPTestClient()
        c.initialize()
        c.open(uri: "file:///critique-lsp-tests-nowhere/README.md", text: "#bogus")
        #expect(c.published("file:///critique-lsp-tests-nowhere/README.md").isEmpty)
        // Whatever the language id: the name decides.
        c.notify("textDocument/didOpen", ["textDocument": ["uri": .string(LSPLooseURI), "languageId": "plaintext", "version": 1, "text": "## Accuracy\nScore: 9\n"]])
        #expect(c.codes(LSPLooseURI).contains("score-out-of-range"))
    }
}

/// `bytes` with the first occurrence of `marker` replaced by raw bytes.
func LSPReplacing(_ bytes: [UInt8], _ marker: String, with raw: [UInt8]) -> [UInt8] {
    let m = Array(marker.utf8)
    guard let i = (0...(bytes.count - m.count)).first(where: { Array(bytes[$0..<$0 + m.count]) == m }) else { return bytes }
    return Array(bytes[..<i]) + raw + Array(bytes[(i + m.count)...])
}
