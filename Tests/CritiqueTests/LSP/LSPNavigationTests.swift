@testable import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

/// Go to definition, references, rename and document links across a workspace: a rubric, a
/// task file whose responses hold escapes, one critique open in the editor and one on disk.
@Suite("LSP navigation", .serialized)
struct LSPNavigationTests {
    static let critique = """
    ---
    rubric: chat-pairwise
    task: T-1
    annotator: w-1
    responses: ../tasks/T-1.json
    ---

    ## Truthfulness
    A: 5
    B: 2 #hallucination

    B invents a study from Oslo 🗼 and ties the sky to the tides, which is false.

    > B: "A 2019 study from Oslo proved that the colour changes with the tides."

    """

    struct Fixture {
        let dir: String
        let client = LSPTestClient()
        var rubricURI: String { LSPURI(dir + "/rubrics/chat-pairwise.rubric.json") }
        var openURI: String { LSPURI(dir + "/critiques/open.critique.md") }
        var diskURI: String { LSPURI(dir + "/critiques/disk.critique.md") }
        var taskPath: String { dir + "/tasks/T-1.json" }

        init() throws {
            dir = try Support.tempDir("critique-nav")
            try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
            try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
            // Escapes before the quoted words: decoded and file offsets differ.
            try Support.write(dir + "/tasks/T-1.json", #"{"prompt": "Why is the sky blue?", "responses": {"A": "Rayleigh scattering.", "B": "The sky is blue.\n\"Fact\": A 2019 study from Oslo proved that the colour changes with the tides. \u00e9"}}"#)
            try Support.write(dir + "/critiques/disk.critique.md", LSPNavigationTests.critique)
            client.initialize(root: dir)
            client.open(uri: openURI, text: LSPNavigationTests.critique)
        }
        func remove() { try? FileManager.default.removeItem(atPath: dir) }
        /// The position of the first occurrence of `needle` in the critique, plus `delta` characters.
        func position(of needle: String, plus delta: Int = 0) -> LSPPos {
            let text = LSPNavigationTests.critique
            let offset = text.utf8.count - text[text.range(of: needle)!.lowerBound...].utf8.count
            let p = client.position(of: offset, in: openURI)
            return LSPPos(p.line, p.character + delta)
        }
    }

    func slice(_ path: String, _ range: LSPJSON) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let ind = LSPIndependent(text, encoding: "utf-16")
        guard let s = LSPPos(range["start"]), let e = LSPPos(range["end"]) else { return "" }
        let u = Array(text.utf8)
        return String(decoding: u[ind.offset(s)..<ind.offset(e)], as: UTF8.self)
    }

    @Test("Definition: a tag, a criterion heading, the responses file and a quote")
    func definition() throws {
        let f = try Fixture()
        defer { f.remove() }
        let c = f.client
        let tag = c.result("textDocument/definition", c.posParams(f.openURI, f.position(of: "#hallucination", plus: 3)))
        #expect(tag["uri"].string == f.rubricURI)
        #expect(slice(f.dir + "/rubrics/chat-pairwise.rubric.json", tag["range"]).contains(#"id: "hallucination""#))
        let heading = c.result("textDocument/definition", c.posParams(f.openURI, f.position(of: "Truthfulness", plus: 2)))
        #expect(heading["uri"].string == f.rubricURI)
        #expect(slice(f.dir + "/rubrics/chat-pairwise.rubric.json", heading["range"]).contains(#"id: "truthfulness""#))
        let file = c.result("textDocument/definition", c.posParams(f.openURI, f.position(of: "../tasks", plus: 2)))
        #expect(file["uri"].string == LSPURI(f.taskPath))
        let quote = c.result("textDocument/definition", c.posParams(f.openURI, f.position(of: "A 2019 study", plus: 4)))
        #expect(quote["uri"].string == LSPURI(f.taskPath))
        #expect(slice(f.taskPath, quote["range"]) == "A 2019 study from Oslo proved that the colour changes with the tides.", "\(quote)")
    }

    @Test("References and rename of a tag reach the rubric and every critique that uses it, open or on disk")
    func referencesAndRename() throws {
        let f = try Fixture()
        defer { f.remove() }
        let c = f.client
        let at = f.position(of: "#hallucination", plus: 2)
        let refs = c.result("textDocument/references", ["textDocument": ["uri": .string(f.openURI)], "position": at.json, "context": ["includeDeclaration": true]]).array
        let uris = refs.compactMap { $0["uri"].string }
        #expect(uris.filter { $0 == f.rubricURI }.count == 2, "definition and the criterion's tags list: \(uris)")
        #expect(uris.contains(f.openURI) && uris.contains(f.diskURI))

        let prep = c.result("textDocument/prepareRename", c.posParams(f.openURI, at))
        #expect(prep["placeholder"] == "hallucination")
        let refused = c.request("textDocument/prepareRename", c.posParams(f.openURI, f.position(of: "invents", plus: 1)))
        #expect(refused["error"]["message"].string?.contains("Only a rubric tag") == true)
        let bad = c.request("textDocument/rename", ["textDocument": ["uri": .string(f.openURI)], "position": at.json, "newName": "no spaces allowed"])
        #expect(bad.has("error"))

        let edit = c.result("textDocument/rename", ["textDocument": ["uri": .string(f.openURI)], "position": at.json, "newName": "fabrication"])
        let changes = edit["changes"]
        #expect(changes[f.rubricURI].array.count == 2 && changes[f.openURI].array.count == 1 && changes[f.diskURI].array.count == 1, "\(edit)")
        // Applied, the rubric is still valid and the critique checks as before.
        let rubricText = EmbeddedRubrics.starterText
        let renamed = LSPIndependent(rubricText, encoding: c.encoding).applying(changes[f.rubricURI].array)
        let file = RubricFile(text: SourceText(renamed))
        #expect(file.findings.isEmpty && file.rubric?.tag(named: "fabrication") != nil, "\(file.findings.map(\.message))")
        let doc = LSPIndependent(Self.critique, encoding: c.encoding).applying(changes[f.openURI].array)
        #expect(doc.contains("B: 2 #fabrication\n"))
    }

    @Test("References over closed critiques are cached by their stamp and follow edits on disk")
    func referencesCache() throws {
        let f = try Fixture()
        defer { f.remove() }
        let c = f.client
        let params: LSPJSON = ["textDocument": ["uri": .string(f.openURI)], "position": f.position(of: "#hallucination", plus: 2).json, "context": ["includeDeclaration": false]]
        let first = c.result("textDocument/references", params).array.filter { $0["uri"].string == f.diskURI }.count
        #expect(first == 1)
        #expect(c.server.diskAnalyses.count == 1, "the closed critique's analysis is cached")
        try Support.write(f.dir + "/critiques/disk.critique.md", LSPNavigationTests.critique + "\nAnother #hallucination here.\n")
        let second = c.result("textDocument/references", params).array.filter { $0["uri"].string == f.diskURI }.count
        #expect(second == 2, "an edit on disk is seen")
    }

    @Test("Rename of a criterion heading renames its title in the rubric and every heading")
    func renameCriterion() throws {
        let f = try Fixture()
        defer { f.remove() }
        let c = f.client
        let edit = c.result("textDocument/rename", ["textDocument": ["uri": .string(f.openURI)], "position": f.position(of: "Truthfulness", plus: 1).json, "newName": "Accuracy"])
        let rubricEdits = edit["changes"][f.rubricURI].array
        #expect(rubricEdits.count == 1 && rubricEdits.first?["newText"] == "\"Accuracy\"", "\(edit)")
        #expect(edit["changes"][f.diskURI].array.first?["newText"] == "Accuracy")
    }

    @Test("Document links for rubric: and responses:")
    func documentLinks() throws {
        let f = try Fixture()
        defer { f.remove() }
        let links = f.client.result("textDocument/documentLink", f.client.docParams(f.openURI)).array
        #expect(Set(links.compactMap { $0["target"].string }) == [f.rubricURI, LSPURI(f.taskPath)], "\(links)")
    }

    @Test("Workspace symbols list the rubric's criteria and tags, filtered by the query")
    func workspaceSymbols() throws {
        let f = try Fixture()
        defer { f.remove() }
        let all = f.client.result("workspace/symbol", ["query": ""]).array
        let names = all.compactMap { $0["name"].string }
        #expect(names.contains("Truthfulness") && names.contains("#hallucination") && all.allSatisfy { $0["location"]["uri"].string == f.rubricURI })
        let some = f.client.result("workspace/symbol", ["query": "hal"]).array.compactMap { $0["name"].string }
        #expect(some == ["#hallucination"], "\(some)")
    }

    @Test("A code lens at the top shows the weighted totals and the preference they imply")
    func codeLens() throws {
        let f = try Fixture()
        defer { f.remove() }
        let lens = f.client.result("textDocument/codeLens", f.client.docParams(f.openURI)).array
        let title = lens.first?["command"]["title"].string ?? ""
        #expect(title.hasPrefix("Weighted: A 3 · B 0.75") && title.hasSuffix("the scores prefer A"), "\(title)")
        #expect(LSPPos(lens.first?["range"]["start"] ?? nil) == LSPPos(0, 0))
    }

    @Test("Formatting returns one edit that gives the canonical layout; a range elsewhere gets none", arguments: ["utf-8", "utf-16"])
    func formatting(_ encoding: String) throws {
        let c = LSPTestClient()
        c.initialize(encodings: [encoding])
        let uri = "file:///w/f.critique.md"
        let messy = "---\ntask: T\n---\n## Style 🗼\nScore:4   \n\n\n\nFine, 東京.\n"
        c.open(uri: uri, text: messy)
        let edits = c.result("textDocument/formatting", ["textDocument": ["uri": .string(uri)], "options": ["tabSize": 2, "insertSpaces": true]]).array
        let applied = LSPIndependent(messy, encoding: c.encoding).applying(edits)
        #expect(applied == Formatter.format(DocumentParser.parse(messy)) && applied == "---\ntask: T\n---\n\n## Style 🗼\nScore: 4\n\nFine, 東京.\n", "\(applied)")
        let none = c.result("textDocument/rangeFormatting", ["textDocument": ["uri": .string(uri)], "range": LSPRangeJSON(LSPPos(0, 0), LSPPos(1, 0)), "options": [:]]).array
        #expect(none.isEmpty)
    }

    @Test("The server advertises the navigation capabilities")
    func capabilities() {
        let c = LSPTestClient()
        let caps = c.initialize()["result"]["capabilities"]
        #expect(caps["definitionProvider"] == true && caps["referencesProvider"] == true)
        #expect(caps["renameProvider"]["prepareProvider"] == true && caps.has("documentLinkProvider"))
        #expect(caps["workspaceSymbolProvider"] == true && caps.has("codeLensProvider"))
        #expect(caps["documentFormattingProvider"] == true && caps["documentRangeFormattingProvider"] == true)
    }
}

@Suite("LSP routing table")
struct LSPRoutingTests {
    @Test("Every request in the table is advertised, and the server answers each (no -32601)")
    func tableAndCapabilities() {
        let c = LSPTestClient()
        let caps = c.initialize()["result"]["capabilities"]
        // Requests whose capability is their own provider key.
        let providers = ["textDocument/hover": "hoverProvider", "textDocument/codeAction": "codeActionProvider",
                         "textDocument/documentSymbol": "documentSymbolProvider", "textDocument/foldingRange": "foldingRangeProvider",
                         "textDocument/inlayHint": "inlayHintProvider", "textDocument/definition": "definitionProvider",
                         "textDocument/references": "referencesProvider", "textDocument/rename": "renameProvider",
                         "textDocument/documentLink": "documentLinkProvider", "textDocument/codeLens": "codeLensProvider",
                         "workspace/symbol": "workspaceSymbolProvider", "textDocument/formatting": "documentFormattingProvider",
                         "textDocument/rangeFormatting": "documentRangeFormattingProvider",
                         "textDocument/completion": "completionProvider", "textDocument/semanticTokens/full": "semanticTokensProvider"]
        for route in Server.routeList {
            if let key = providers[route.method] { #expect(caps.has(key), "\(route.method) routed but \(key) not advertised") }
            let r = c.request(route.method, ["textDocument": ["uri": "file:///w/none.critique.md"], "position": LSPPos(0, 0).json,
                                             "range": LSPRangeJSON(LSPPos(0, 0), LSPPos(0, 0)), "query": "", "newName": "x",
                                             "context": ["diagnostics": []], "previousResultIds": []])
            #expect(r["error"]["code"].int != -32601, "\(route.method): \(r)")
        }
        #expect(caps["renameProvider"]["prepareProvider"] == true)
    }
}
