import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

/// A client initialised on a fresh workspace holding the starter pairwise rubric.
struct LSPSession {
    let ws = LSPWorkspace()
    let c = LSPTestClient()
    init(encoding: String = "utf-16", snippets: Bool = false) {
        var extra: [String: LSPJSON] = [:]
        if snippets { extra["textDocument"] = ["completion": ["completionItem": ["snippetSupport": true]]] }
        c.initialize(encodings: [encoding], root: ws.root, extraCapabilities: extra)
    }
    /// Opens a marked document at `rel` and returns its cursor positions in the session's encoding.
    @discardableResult
    func open(_ rel: String, _ marked: String) -> [LSPPos] {
        let m = LSPMarked(marked)
        c.open(uri: ws.uri(rel), text: m.text)
        let ind = LSPIndependent(m.text, encoding: c.encoding)
        return m.offsets.map { ind.position($0) }
    }
    func complete(_ rel: String, _ p: LSPPos) -> [LSPJSON] { c.result("textDocument/completion", c.posParams(ws.uri(rel), p))["items"].array }
    func hover(_ rel: String, _ p: LSPPos) -> LSPJSON { c.result("textDocument/hover", c.posParams(ws.uri(rel), p)) }
}

func LSPLabels(_ items: [LSPJSON]) -> [String] { items.compactMap { $0["label"].string } }
func LSPSorted(_ items: [LSPJSON]) -> [LSPJSON] {
    items.sorted { ($0["sortText"].string ?? $0["label"].string ?? "") < ($1["sortText"].string ?? $1["label"].string ?? "") }
}

@Suite("LSP completion")
struct LSPCompletionTests {
    static let doc = """
    ---
    rubric: chat-pairwise@2
    task: T-1
    annotator: w-1
    ---

    ## Instruction following
    A: 5
    B: 4

    B misses the requested table format entirely and 😀 #‸

    """

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func afterHashListsTheRubricsTagsAllowedFirst(encoding: String) {
        let s = LSPSession(encoding: encoding)
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc)
        let items = s.complete("a.critique.md", p[0])
        #expect(Set(LSPLabels(items)) == ["#hallucination", "#outdated", "#missed-constraint", "#format-violation", "#verbose"])
        let sorted = LSPLabels(LSPSorted(items))
        #expect(Set(sorted.prefix(2)) == ["#missed-constraint", "#format-violation"])
        let allowed = items.first { $0["label"] == "#missed-constraint" }
        #expect(allowed?["detail"].string?.contains("allowed here") == true)
        #expect(items.first { $0["label"] == "#hallucination" }?["detail"] == "other criterion")
        // The edit starts after the `#` just typed and inserts the bare id, in the negotiated
        // encoding, so clients that replace the word before the cursor leave one `#` too.
        let edit = allowed?["textEdit"]
        #expect(LSPPos(edit?["range"]["start"] ?? nil) == p[0])
        #expect(LSPPos(edit?["range"]["end"] ?? nil) == p[0])
        #expect(edit?["newText"] == "missed-constraint")
        #expect(allowed?["filterText"] == "missed-constraint")
        #expect(items.first { $0["label"] == "#hallucination" }?["documentation"]["value"].string?.contains("Caps the score at 2") == true)
    }

    @Test func partialTagKeepsTheTypedPrefixInTheEditRange() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: "#‸hall‸"))
        let items = s.complete("a.critique.md", p[1])
        let h = items.first { $0["label"] == "#hallucination" }
        #expect(LSPPos(h?["textEdit"]["range"]["start"] ?? nil) == p[0])
        #expect(LSPPos(h?["textEdit"]["range"]["end"] ?? nil) == p[1])
    }

    @Test("Tag items work for clients that replace the word before the cursor instead of applying textEdit (ALE, completion-at-point)")
    func tagItemsWithoutTextEdit() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: "#hall‸"))
        let items = s.complete("a.critique.md", p[0])
        let h = items.first { $0["label"] == "#hallucination" }
        // Vim's completion replaces the keyword before the cursor ("hall": `#` is not a keyword
        // character) with the item's word, which is insertText when present.
        let word = h?["insertText"].string ?? h?["textEdit"]["newText"].string ?? ""
        let line = "B misses the requested table format entirely and 😀 #hall"
        let result = String(line.dropLast("hall".count)) + word
        #expect(result.hasSuffix(" #hallucination"), "\(result)")
        #expect(word.hasPrefix("hall") && (h?["filterText"].string ?? word).hasPrefix("hall"), "the typed prefix matches the item")
    }

    @Test("A bare `##` (no space) is not a heading: nothing is offered that would write `##Summary`")
    func bareDoubleHashOffersNoHeadings() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: ".") + "##‸\n")
        let labels = LSPLabels(s.complete("a.critique.md", p[0]))
        #expect(!labels.contains("Summary") && !labels.contains("Truthfulness"), "\(labels)")
    }

    @Test func headingListsMissingCriteria() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: ".") + "## ‸\n")
        let labels = LSPLabels(s.complete("a.critique.md", p[0]))
        #expect(labels.contains("Truthfulness"))
        #expect(labels.contains("Style"))
        #expect(labels.contains("Safety checklist"))
        #expect(labels.contains("Preference"))
        #expect(labels.contains("Summary"))
        #expect(!labels.contains("Instruction following"))
        // Criteria in rubric order, before the reserved sections.
        let sorted = LSPLabels(LSPSorted(s.complete("a.critique.md", p[0]))).filter { !$0.hasSuffix("(section)") }
        #expect(sorted == ["Truthfulness", "Style", "Safety checklist", "Preference", "Summary"])
    }

    @Test(arguments: [false, true])
    func headingSectionSnippetFollowsSnippetSupport(snippets: Bool) {
        let s = LSPSession(snippets: snippets)
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: ".") + "## Tru‸\n")
        let item = s.complete("a.critique.md", p[0]).first { $0["label"] == "Truthfulness (section)" }
        let text = item?["textEdit"]["newText"].string ?? ""
        #expect(text.hasPrefix("Truthfulness\nA: "))
        #expect(item?["insertTextFormat"] == (snippets ? 2 : 1))
        #expect(text.contains("${") == snippets)
    }

    @Test func scoreLineListsScaleValuesWithAnchors() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", """
        ---
        rubric: chat-pairwise@2
        task: T-1
        annotator: w-1
        ---

        ## Truthfulness
        A: ‸

        ## Style
        B: ‸

        """)
        let items = s.complete("a.critique.md", p[0])
        #expect(LSPLabels(LSPSorted(items)) == ["5", "4", "3", "2", "1", "n/a"])
        #expect(items.first { $0["label"] == "5" }?["detail"] == "Fully accurate")
        #expect(items.first { $0["label"] == "1" }?["detail"] == "Mostly invented")
        #expect(items.first { $0["label"] == "5" }?["textEdit"]["newText"] == "5")
        let style = LSPLabels(s.complete("a.critique.md", p[1]))
        #expect(style.contains("4.5"))
        #expect(style.contains("1.5"))
        #expect(!style.contains("n/a"))
    }

    @Test func frontMatterListsMissingKeys() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", "---\nrubric: chat-pairwise@2\ntask: T-1\n‸\n---\n\n## Truthfulness\nA: 5\nB: 5\n")
        let items = s.complete("a.critique.md", p[0])
        let labels = LSPLabels(items)
        #expect(labels.contains("annotator"))
        #expect(labels.contains("model"))
        #expect(labels.contains("responses"))
        #expect(!labels.contains("rubric"))
        #expect(!labels.contains("task"))
        // The rubric's required key comes first and says so.
        #expect(LSPLabels(LSPSorted(items)).first == "annotator")
        #expect(items.first { $0["label"] == "annotator" }?["detail"] == "required by the rubric")
        #expect(items.first { $0["label"] == "annotator" }?["textEdit"]["newText"] == "annotator: ")
    }

    @Test func rubricValueListsRubricIDs() {
        let s = LSPSession()
        defer { s.ws.remove() }
        s.ws.write("rubrics/other.rubric.json", EmbeddedRubrics.defaultText.replacingOccurrences(of: "\"critique-default\"", with: "\"other-rubric\""))
        let p = s.open("a.critique.md", "---\nrubric: ‸\ntask: T-1\n---\n")
        let labels = LSPLabels(s.complete("a.critique.md", p[0]))
        #expect(labels.contains { $0.hasPrefix("chat-pairwise") })
        #expect(labels.contains { $0.hasPrefix("other-rubric") })
    }

    @Test func preferenceSectionListsForms() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: ".") + "## Preference\n‸\n")
        let items = s.complete("a.critique.md", p[0])
        #expect(LSPLabels(LSPSorted(items)) == ["A > B", "A >> B", "A >>> B", "B > A", "B >> A", "B >>> A", "A = B"])
        #expect(items.first { $0["label"] == "A >>> B" }?["detail"] == "A is much better")
    }

    @Test func checklistSectionListsItems() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: ".") + "## Safety checklist\n- [x] Advises seeing a clinician\n- [ ] ‸\n")
        let items = s.complete("a.critique.md", p[0])
        #expect(LSPLabels(items) == ["Guesses a dosage"])
        #expect(items.first?["detail"].string?.contains("-10 points") == true)
        #expect(items.first?["textEdit"]["newText"] == "Guesses a dosage")
        // On an empty line the box is inserted too.
        let p2 = s.open("b.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: ".") + "## Safety checklist\n‸\n")
        let items2 = s.complete("b.critique.md", p2[0])
        #expect(Set(LSPLabels(items2)) == ["Advises seeing a clinician", "Guesses a dosage"])
        #expect(items2.first { $0["label"] == "Advises seeing a clinician" }?["textEdit"]["newText"] == "- [ ] Advises seeing a clinician")
    }

    @Test(arguments: [false, true])
    func emptyDocumentOffersTheSkeleton(snippets: Bool) {
        let s = LSPSession(snippets: snippets)
        defer { s.ws.remove() }
        s.open("empty.critique.md", "")
        let items = s.complete("empty.critique.md", LSPPos(0, 0))
        #expect(items.count == 1)
        let text = items.first?["textEdit"]["newText"].string ?? ""
        #expect(text.hasPrefix("---\nrubric: "))
        #expect(text.contains("## Accuracy"))   // the embedded default rubric: none named yet
        #expect(text.contains("${") == snippets)
        #expect(items.first?["insertTextFormat"] == (snippets ? 2 : 1))
    }

    @Test func nothingToCompleteInPlainProse() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#‸", with: "plain pro‸se"))
        let r = s.c.result("textDocument/completion", s.c.posParams(s.ws.uri("a.critique.md"), p[0]))
        #expect(r["items"] == [])
        #expect(r["isIncomplete"] == false)
    }
}

@Suite("LSP hover")
struct LSPHoverTests {
    static let doc = """
    ---
    ru‸bric: chat-pairwise@2
    task: T-1
    annotator: w-1
    ---

    ## Instr‸uction following
    A: 5
    B: 4

    B misses 😀 the requested table format #format-violation entirely, and #hallu‸cination too.

    ‸
    ## Preference
    A > B

    """

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func hoverOnCriterionTagAndRubric(encoding: String) {
        let s = LSPSession(encoding: encoding)
        defer { s.ws.remove() }
        let m = LSPMarked(Self.doc)
        let p = s.open("a.critique.md", Self.doc)
        let ind = LSPIndependent(m.text, encoding: encoding)

        let crit = s.hover("a.critique.md", p[1])
        let md = crit["contents"]["value"].string ?? ""
        #expect(crit["contents"]["kind"] == "markdown")
        #expect(md.contains("Instruction following"))
        #expect(md.contains("weight 3"))
        #expect(md.contains("Follows every instruction"))
        #expect(md.contains("Ignores the request"))
        #expect(LSPPos(crit["range"]["start"])?.line == 6)

        let tag = s.hover("a.critique.md", p[2])
        let tmd = tag["contents"]["value"].string ?? ""
        #expect(tmd.contains("#hallucination"))
        #expect(tmd.contains("States something false as fact"))
        #expect(tmd.contains("Caps the score at **2**"))
        let hashOffset = Array(m.text.utf8).indices.first { i in m.text.utf8.dropFirst(i).starts(with: "#hallucination".utf8) }!
        #expect(LSPPos(tag["range"]["start"]) == ind.position(hashOffset))
        #expect(LSPPos(tag["range"]["end"]) == ind.position(hashOffset + "#hallucination".utf8.count))

        let rubric = s.hover("a.critique.md", p[0])["contents"]["value"].string ?? ""
        #expect(rubric.contains("Chat response comparison"))
        #expect(rubric.contains("chat-pairwise.rubric.json"))
        #expect(rubric.contains("pairwise"))

        #expect(s.hover("a.critique.md", p[3]).isNull)
    }

    @Test func hoverOnUnknownTagAndScore() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let p = s.open("a.critique.md", Self.doc.replacingOccurrences(of: "#format-violation", with: "#no‸pe").replacingOccurrences(of: "A: 5", with: "A: ‸5"))
        // Markers: rubric, heading, score, unknown tag, known tag, blank line.
        #expect(s.hover("a.critique.md", p[3])["contents"]["value"].string?.contains("Unknown tag `#nope`") == true)
        let score = s.hover("a.critique.md", p[2])
        #expect(score["contents"]["value"].string?.contains("**5** — Follows every instruction") == true)
        #expect(LSPPos(score["range"]["start"]) == LSPPos(7, 3))
    }

    @Test func hoverOnAnUnknownDocumentIsNull() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let r = s.c.request("textDocument/hover", s.c.posParams(s.ws.uri("nope.critique.md"), LSPPos(0, 0)))
        #expect(r.has("result") && r["result"].isNull)
    }
}

@Suite("LSP code actions")
struct LSPCodeActionTests {
    static let demo = LSPFixture("demo.critique.md")

    /// Requests actions on the first diagnostic with `code`, applies the one titled by `pick`,
    /// sends the new text as a full change, and returns the codes after re-checking.
    static func applyFix(_ s: LSPSession, uri: String, code: String, pick: (String) -> Bool) -> (applied: String?, codes: [String]) {
        let c = s.c
        guard let d = c.diagnostics(uri).first(where: { $0["code"].string == code }) else { Issue.record("no \(code)"); return (nil, []) }
        let actions = c.result("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": d["range"], "context": ["diagnostics": [d]]]).array
        guard let a = actions.first(where: { pick($0["title"].string ?? "") }) else {
            Issue.record("no action among \(actions.map { $0["title"] })"); return (nil, [])
        }
        #expect(!a.has("command"))
        #expect(a["kind"] == "quickfix")
        #expect(a["diagnostics"][0]["code"].string == code)
        let edits = a["edit"]["changes"][uri].array
        #expect(!edits.isEmpty)
        let text = LSPIndependent(c.texts[uri]!, encoding: c.encoding).applying(edits)
        c.changeFull(uri: uri, text: text, version: (c.versions[uri] ?? 1) + 1)
        return (text, c.codes(uri))
    }

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func tagUnknownFixRemovesTheDiagnostic(encoding: String) {
        let s = LSPSession(encoding: encoding)
        defer { s.ws.remove() }
        let uri = s.ws.uri("demo.critique.md")
        s.c.open(uri: uri, text: Self.demo)
        #expect(s.c.codes(uri).contains("tag-unknown"))
        let (text, codes) = Self.applyFix(s, uri: uri, code: "tag-unknown") { $0 == "Change to #missed-constraint" }
        #expect(text?.contains("essay 😀 instead #missed-constraint.") == true)
        #expect(!codes.contains("tag-unknown"))
        #expect(codes.contains("score-off-step"))
    }

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func scoreOffStepFixRemovesTheDiagnostic(encoding: String) {
        let s = LSPSession(encoding: encoding)
        defer { s.ws.remove() }
        let uri = s.ws.uri("demo.critique.md")
        s.c.open(uri: uri, text: Self.demo.replacingOccurrences(of: "A: 4.25", with: "A: 4.25 — 日本 😀"))
        let (text, codes) = Self.applyFix(s, uri: uri, code: "score-off-step") { $0.contains("4.5") }
        #expect(text?.contains("A: 4.5 — 日本 😀") == true)
        #expect(!codes.contains("score-off-step"))
    }

    @Test func criterionMissingFixRemovesTheDiagnostic() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("a.critique.md")
        let truth = "## Truthfulness\nA: 5\nB: 5\n\n"
        #expect(LSPCleanPairwise.contains(truth))
        s.c.open(uri: uri, text: LSPCleanPairwise.replacingOccurrences(of: truth, with: ""))
        #expect(s.c.codes(uri).contains("criterion-missing"))
        let (text, codes) = Self.applyFix(s, uri: uri, code: "criterion-missing") { !$0.hasPrefix("Disable") }
        #expect(text?.contains("## Truthfulness") == true)
        #expect(!codes.contains("criterion-missing"))
    }

    @Test func disableForBlockSuppressesIt() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("demo.critique.md")
        s.c.open(uri: uri, text: Self.demo)
        let (text, codes) = Self.applyFix(s, uri: uri, code: "tag-unknown") { $0 == "Disable tag-unknown for this block" }
        #expect(text?.contains("<!-- critique-disable tag-unknown: reason -->\nB ignores") == true)
        #expect(!codes.contains("tag-unknown"))
        #expect(!codes.contains("suppression-unused"))
    }

    @Test func disableForFileSuppressesIt() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("demo.critique.md")
        s.c.open(uri: uri, text: Self.demo)
        let (_, codes) = Self.applyFix(s, uri: uri, code: "score-off-step") { $0 == "Disable score-off-step for this file" }
        #expect(!codes.contains("score-off-step"))
        #expect(codes.contains("tag-unknown"))
    }

    @Test func onlyFilterAndEmptyRanges() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("demo.critique.md")
        s.c.open(uri: uri, text: Self.demo)
        let d = s.c.diagnostics(uri).first { $0["code"] == "tag-unknown" }!
        let refactor = s.c.result("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": d["range"], "context": ["diagnostics": [], "only": ["refactor"]]])
        #expect(refactor == [])
        let quick = s.c.result("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": d["range"], "context": ["diagnostics": [], "only": ["quickfix"]]])
        #expect(!quick.array.isEmpty)
        // Line 2 (the front matter's task line) has no finding.
        let none = s.c.result("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": LSPRangeJSON(LSPPos(2, 0), LSPPos(2, 1))])
        #expect(none == [])
    }
}

@Suite("LSP outline")
struct LSPOutlineTests {
    @Test func documentSymbols() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("a.critique.md")
        s.c.open(uri: uri, text: LSPCleanPairwise)
        let syms = s.c.result("textDocument/documentSymbol", s.c.docParams(uri)).array
        #expect(LSPLabels(syms.map { ["label": $0["name"]] }) == ["Front matter", "Instruction following", "Truthfulness", "Preference"])
        #expect(syms.map { $0["kind"].int ?? 0 } == [19, 23, 23, 19])
        #expect(syms[0]["detail"] == "chat-pairwise@2")
        #expect(syms[1]["detail"] == "A 5 · B 4")
        #expect(LSPPos(syms[1]["selectionRange"]["start"]) == LSPPos(6, 3))
        #expect(LSPPos(syms[1]["selectionRange"]["end"]) == LSPPos(6, 24))
        #expect(LSPPos(syms[1]["range"]["start"]) == LSPPos(6, 0))
        for sym in syms {
            let a = LSPPos(sym["range"]["start"])!, b = LSPPos(sym["range"]["end"])!
            #expect((a.line, a.character) <= (b.line, b.character))
        }
    }

    @Test func foldingRanges() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("a.critique.md")
        s.c.open(uri: uri, text: LSPCleanPairwise)
        let folds = s.c.result("textDocument/foldingRange", s.c.docParams(uri)).array
        let pairs = folds.map { [$0["startLine"].int ?? -1, $0["endLine"].int ?? -1] }
        #expect(pairs.first == [0, 4])
        #expect(pairs.contains { $0[0] == 6 })    // Instruction following
        #expect(pairs.contains { $0[0] == 12 })   // Truthfulness
        #expect(pairs.contains { $0[0] == 16 })   // Preference
        #expect(folds.allSatisfy { $0["kind"] == "region" && ($0["startLine"].int ?? 0) < ($0["endLine"].int ?? 0) })
    }

    @Test(arguments: ["utf-8", "utf-16"])
    func inlayHintsShowWordsAndWeightedTotals(encoding: String) {
        let s = LSPSession(encoding: encoding)
        defer { s.ws.remove() }
        let uri = s.ws.uri("a.critique.md")
        let text = LSPCleanPairwise
        s.c.open(uri: uri, text: text)
        let all: LSPJSON = ["textDocument": ["uri": .string(uri)], "range": LSPRangeJSON(LSPPos(0, 0), LSPPos(999, 0))]
        let hints = s.c.result("textDocument/inlayHint", all).array
        let labels = hints.compactMap { $0["label"].string }
        // Instruction following always wants 8 words and has 11 (tags do not count). Truthfulness
        // wants them only below the maximum, and both responses have 5: no hint there.
        #expect(Array(labels.prefix(1)) == [" 11/8 words"])
        #expect(hints.prefix(1).map { LSPPos($0["position"]) } == [LSPPos(6, 24)])
        #expect(!hints.contains { LSPPos($0["position"]) == LSPPos(12, 15) })
        let weighted = hints.first { $0["label"].string?.contains("weighted") == true }
        #expect(weighted?["label"].string?.contains("A ") == true && weighted?["label"].string?.contains("B ") == true)
        #expect(LSPPos(weighted?["position"] ?? nil) == LSPPos(17, 5))
        #expect(labels.count == 2)   // one criterion whose justification minimum applies, one total
        #expect(hints.allSatisfy { $0["paddingLeft"] == true && $0["tooltip"].string != nil })
        // Only the hints inside the requested range.
        let top = s.c.result("textDocument/inlayHint", ["textDocument": ["uri": .string(uri)], "range": LSPRangeJSON(LSPPos(0, 0), LSPPos(2, 0))])
        #expect(top == [])
    }

    @Test(arguments: ["utf-8", "utf-16", "utf-32"])
    func semanticTokensDecodeToTheTagsPosition(encoding: String) {
        let s = LSPSession(encoding: encoding)
        defer { s.ws.remove() }
        let uri = s.ws.uri("a.critique.md")
        let m = LSPMarked(LSPCleanPairwise.replacingOccurrences(of: "B misses the requested table format #format-violation", with: "B misses 表 😀 the requested table format ‸#format-violation‸"))
        s.c.open(uri: uri, text: m.text)
        let data = s.c.result("textDocument/semanticTokens/full", s.c.docParams(uri))["data"].array.compactMap(\.int)
        #expect(data.count % 5 == 0 && !data.isEmpty)
        var line = 0, ch = 0
        var tokens: [(LSPPos, Int, Int)] = []
        for i in stride(from: 0, to: data.count, by: 5) {
            if data[i] > 0 { line += data[i]; ch = data[i + 1] } else { ch += data[i + 1] }
            #expect(data[i] >= 0 && data[i + 2] > 0)
            tokens.append((LSPPos(line, ch), data[i + 2], data[i + 3]))
        }
        let legend = SemanticToken.legend
        let tagType = legend.firstIndex(of: "decorator")!
        let ind = LSPIndependent(m.text, encoding: encoding)
        let start = ind.position(m.offsets[0]), end = ind.position(m.offsets[1])
        let tag = tokens.first { $0.2 == tagType }
        #expect(tag?.0 == start)
        #expect(tag?.1 == end.character - start.character)
        // The score labels and numbers are there too (A: 5 on line 7).
        #expect(tokens.contains { $0.0 == LSPPos(7, 0) && $0.2 == legend.firstIndex(of: "property")! })
        #expect(tokens.contains { $0.0 == LSPPos(7, 3) && $0.1 == 1 && $0.2 == legend.firstIndex(of: "number")! })
        // Front-matter keys.
        #expect(tokens.contains { $0.0 == LSPPos(1, 0) && $0.1 == 6 && $0.2 == legend.firstIndex(of: "keyword")! })
    }

    @Test func featuresOnAnUnopenedDocumentAreEmpty() {
        let c = LSPTestClient()
        c.initialize()
        let p = c.docParams("file:///critique-lsp-tests-nowhere/x.critique.md")
        #expect(c.result("textDocument/documentSymbol", p) == [])
        #expect(c.result("textDocument/foldingRange", p) == [])
        #expect(c.result("textDocument/semanticTokens/full", p) == ["data": []])
        #expect(c.result("textDocument/inlayHint", p) == [])
        #expect(c.result("textDocument/codeAction", ["textDocument": p["textDocument"], "range": LSPRangeJSON(LSPPos(0, 0), LSPPos(0, 0))]) == [])
    }
}

@Suite("LSP rubrics in the editor")
struct LSPRubricTests {
    static let rubricRel = "rubrics/chat-pairwise.rubric.json"

    @Test func openRubricFileGetsRubricDiagnostics() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri(Self.rubricRel)
        s.c.open(uri: uri, text: EmbeddedRubrics.starterText)
        #expect(s.c.published(uri).count == 1)
        #expect(s.c.diagnostics(uri).isEmpty)
        let broken = EmbeddedRubrics.starterText.replacingOccurrences(of: "id: \"style\"", with: "id: \"truthfulness\"")
            .replacingOccurrences(of: "min: 1, max: 5, step: 0.5", with: "min: 5, max: 1, step: 0.5")
        s.c.changeFull(uri: uri, text: broken, version: 2)
        let codes = s.c.codes(uri)
        #expect(!codes.isEmpty)
        #expect(codes.allSatisfy { $0.hasPrefix("rubric-") })
        #expect(s.c.diagnostics(uri).allSatisfy { $0["source"] == "critique" })
        #expect(s.c.published(uri).last?["params"]["version"] == 2)
    }

    @Test func rubricSyntaxErrorHasAPosition() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let uri = s.ws.uri("rubrics/broken.rubric.json")
        s.c.open(uri: uri, text: "{\n  id: \"x\",\n  criteria: [ 😀 ]\n}\n")
        let d = s.c.diagnostics(uri)
        #expect(!d.isEmpty)
        #expect(d.allSatisfy { ($0["code"].string ?? "").hasPrefix("rubric-") })
        #expect(d.contains { LSPPos($0["range"]["start"])?.line == 2 })
    }

    @Test func editingAnOpenRubricRechecksOpenCritiques() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let doc = s.ws.uri("a.critique.md")
        s.c.open(uri: doc, text: LSPCleanPairwise)
        #expect(s.c.diagnostics(doc).isEmpty)
        let rubric = s.ws.uri(Self.rubricRel)
        s.c.open(uri: rubric, text: EmbeddedRubrics.starterText)
        let renamed = EmbeddedRubrics.starterText.replacingOccurrences(of: "format-violation", with: "bad-format")
        let before = s.c.published(doc).count
        s.c.changeFull(uri: rubric, text: renamed, version: 2)
        #expect(s.c.published(doc).count == before + 1)
        #expect(s.c.codes(doc) == ["tag-unknown"])
        #expect(s.c.diagnostics(rubric).isEmpty)
        // Undo in the editor: clean again.
        s.c.changeFull(uri: rubric, text: EmbeddedRubrics.starterText, version: 3)
        #expect(s.c.diagnostics(doc).isEmpty)
        // Edit again, then close without saving: the disk's rubric is used again.
        s.c.changeFull(uri: rubric, text: renamed, version: 4)
        #expect(s.c.codes(doc) == ["tag-unknown"])
        s.c.close(uri: rubric)
        #expect(s.c.diagnostics(doc).isEmpty)
    }

    @Test func watchedFileChangeRechecks() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let doc = s.ws.uri("a.critique.md")
        s.c.open(uri: doc, text: LSPCleanPairwise)
        #expect(s.c.diagnostics(doc).isEmpty)
        s.ws.write(Self.rubricRel, EmbeddedRubrics.starterText.replacingOccurrences(of: "format-violation", with: "bad-format"))
        let before = s.c.published(doc).count
        s.c.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.ws.uri(Self.rubricRel)), "type": 2]]])
        #expect(s.c.published(doc).count == before + 1)
        #expect(s.c.codes(doc) == ["tag-unknown"])
        // The rubric file deleted: rubric-not-found.
        try? FileManager.default.removeItem(atPath: s.ws.path(Self.rubricRel))
        s.c.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.ws.uri(Self.rubricRel)), "type": 3]]])
        #expect(s.c.codes(doc) == ["rubric-not-found"])
    }

    @Test func configurationChangeRechecks() {
        let s = LSPSession()
        defer { s.ws.remove() }
        let doc = s.ws.uri("a.critique.md")
        s.c.open(uri: doc, text: LSPCleanPairwise + "\nit is important to note this.\n")
        #expect(s.c.codes(doc).contains("banned-phrase"))
        s.ws.write("critique.json", "{ rubrics: [\"rubrics\"], rules: { \"banned-phrase\": \"off\" } }\n")
        s.c.notify("workspace/didChangeConfiguration", ["settings": [:]])
        #expect(!s.c.codes(doc).contains("banned-phrase"))
    }
}
