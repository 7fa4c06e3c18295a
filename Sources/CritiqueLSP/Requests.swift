import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// The request handlers, each a thin shell over a core feature.
extension Server {
    func documentDiagnostic(_ p: DocumentDiagnosticParams) -> DocumentDiagnosticReport {
        guard let doc = current(p.textDocument.uri) else {
            return DocumentDiagnosticReport(kind: "full", resultId: "closed", items: [])
        }
        if let prev = p.previousResultId, prev == doc.resultID {
            return DocumentDiagnosticReport(kind: "unchanged", resultId: doc.resultID, items: nil)
        }
        return DocumentDiagnosticReport(kind: "full", resultId: doc.resultID, items: doc.diagnostics)
    }

    func workspaceDiagnostic(_ p: WorkspaceDiagnosticParams) -> WorkspaceDiagnosticReport {
        let previous = Dictionary((p.previousResultIds ?? []).map { ($0.uri, $0.value) }, uniquingKeysWith: { a, _ in a })
        var items: [WorkspaceDiagnosticReport.Item] = []
        var seen: Set<String> = []
        for root in roots {
            for path in FileIO.walk(root, maxFiles: 200_000).files.filter({ $0.hasSuffix(".critique.md") }).prefix(10_000) {
                let uri = Server.uri(fromPath: path)
                guard seen.insert(uri).inserted else { continue }
                if let doc = current(uri) ?? docs.values.first(where: { $0.path == path }).flatMap({ current($0.uri) }) {
                    items.append(.init(kind: "full", uri: uri, version: doc.version, resultId: doc.resultID, items: doc.diagnostics))
                    continue
                }
                guard let bytes = FileIO.readBytes(path) else { continue }
                let text = SourceText(bytes: bytes)
                let (a, ctx) = workspace.analyze(path: path, source: text)
                let diags = a.findings.map { diagnostic($0, in: text, uri: uri, rubricPath: ctx.rubricPath, rubric: ctx.rubricFile) }
                let rid = "w\(fnv1a(bytes))-\(diags.count)"
                if previous[uri] == rid { items.append(.init(kind: "unchanged", uri: uri, version: nil, resultId: rid, items: nil)) }
                else { items.append(.init(kind: "full", uri: uri, version: nil, resultId: rid, items: diags)) }
            }
        }
        return WorkspaceDiagnosticReport(items: items)
    }

    func completion(_ p: TextDocumentPositionParams) -> CompletionList {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return CompletionList(items: []) }
        let offset = encoding.offset(p.position, in: doc.text)
        let ids = workspace.rubricIDs(forDocument: doc.path)
        let items = Completion.items(a, offset: offset, rubricIDs: ids).map { it -> CompletionList.Item in
            let snippet = it.isSnippet && snippets
            let text = it.isSnippet && !snippets ? Server.stripSnippet(it.insertText) : it.insertText
            let kind: CompletionItemKind = switch it.kind {
            case .key: .property; case .rubric: .file; case .criterion: .class; case .section: .snippet; case .value: .value
            case .tag: .keyword; case .preference: .unit; case .item: .enumMember; case .snippet: .snippet
            }
            return .init(label: it.label, kind: kind, detail: it.detail, documentation: it.documentation.map { MarkupContent(value: $0) },
                         // insertText too: clients that ignore textEdit insert it over the word before the cursor.
                         insertText: text, textEdit: LSPTextEdit(range: encoding.range(it.range, in: doc.text), newText: text),
                         insertTextFormat: snippet ? .snippet : .plainText, sortText: it.sortText, filterText: it.filterText)
        }
        return CompletionList(items: items)
    }

    /// Plain text for clients without snippet support: `${1:x}` → x, `$1` → nothing.
    static func stripSnippet(_ s: String) -> String {
        var out = ""
        var it = Array(s)
        var i = 0
        while i < it.count {
            let c = it[i]
            if c == "\\" && i + 1 < it.count { out.append(it[i + 1]); i += 2; continue }
            if c == "$" && i + 1 < it.count {
                if it[i + 1] == "{" {
                    var j = i + 2
                    while j < it.count && it[j].isNumber { j += 1 }
                    if j < it.count && it[j] == ":" { j += 1 }
                    var depth = 1
                    while j < it.count { if it[j] == "}" { depth -= 1; if depth == 0 { break } }; out.append(it[j]); j += 1 }
                    i = j + 1; continue
                }
                if it[i + 1].isNumber { var j = i + 1; while j < it.count && it[j].isNumber { j += 1 }; i = j; continue }
            }
            out.append(c); i += 1
        }
        it.removeAll()
        return out
    }

    func hover(_ p: TextDocumentPositionParams) -> HoverResult? {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis,
              let h = Hover.at(a, offset: encoding.offset(p.position, in: doc.text)) else { return nil }
        return HoverResult(contents: MarkupContent(value: h.text), range: encoding.range(h.range, in: doc.text))
    }

    func codeAction(_ p: CodeActionParams) -> [CodeActionResult] {
        if let only = p.context?.only, !only.contains(where: { $0 == "quickfix" || "quickfix".hasPrefix($0) }) { return [] }
        guard let doc = current(p.textDocument.uri) else { return [] }
        let range = encoding.textRange(p.range, in: doc.text)
        var out: [CodeActionResult] = []
        if let a = doc.analysis {
            for act in CodeActions.actions(a, range: range) {
                let edits = act.edits.map { LSPTextEdit(range: encoding.range($0.range, in: doc.text), newText: $0.newText) }
                out.append(CodeActionResult(title: act.title, diagnostics: act.finding.flatMap { doc.diagnostics.indices.contains($0) ? [doc.diagnostics[$0]] : nil }, isPreferred: act.isPreferred ? true : nil,
                                            edit: WorkspaceEdit(changes: [doc.uri: edits])))
            }
        } else if let rf = doc.rubricFile {
            for (i, f) in rf.findings.enumerated() where f.range.start <= range.end && range.start <= f.range.end {
                for fix in f.fixes {
                    out.append(CodeActionResult(title: fix.title, diagnostics: doc.diagnostics.indices.contains(i) ? [doc.diagnostics[i]] : nil, isPreferred: true,
                                                edit: WorkspaceEdit(changes: [doc.uri: fix.edits.map { LSPTextEdit(range: encoding.range($0.range, in: doc.text), newText: $0.newText) }])))
                }
            }
        }
        return out
    }

    func documentSymbol(_ p: DocumentParams) -> [DocumentSymbol] {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return [] }
        return Outline.symbols(a).map { s in
            DocumentSymbol(name: s.name, detail: s.detail, kind: s.isCriterion ? .struct : .object,
                           range: encoding.range(s.range, in: doc.text), selectionRange: encoding.range(s.selectionRange, in: doc.text))
        }
    }

    func foldingRange(_ p: DocumentParams) -> [FoldingRange] {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return [] }
        return Outline.folds(a).map { FoldingRange(startLine: $0.startLine, endLine: $0.endLine, kind: "region") }
    }

    func inlayHint(_ p: RangeParams) -> [InlayHintResult] {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return [] }
        let window = p.range.map { encoding.textRange($0, in: doc.text) } ?? TextRange(0, doc.text.bytes.count)
        return Outline.inlayHints(a).filter { window.contains($0.offset) }.map {
            InlayHintResult(position: encoding.position($0.offset, in: doc.text), label: $0.label, tooltip: $0.tooltip)
        }
    }

    func semanticTokens(_ p: DocumentParams) -> SemanticTokensResult {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return SemanticTokensResult(data: []) }
        var out: [Int] = []
        var prevLine = 0, prevChar = 0
        for t in Outline.semanticTokens(a) {
            let s = encoding.position(t.range.start, in: doc.text), e = encoding.position(t.range.end, in: doc.text)
            guard s.line == e.line, e.character > s.character else { continue }
            let dl = s.line - prevLine
            let dc = dl == 0 ? s.character - prevChar : s.character
            guard dl > 0 || dc >= 0 else { continue }
            out += [dl, dc, e.character - s.character, t.kind.rawValue, 0]
            prevLine = s.line; prevChar = s.character
        }
        return SemanticTokensResult(data: out)
    }
}

func fnv1a(_ bytes: [UInt8]) -> String {
    var h: UInt64 = 0xcbf29ce484222325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return String(h, radix: 36)
}
