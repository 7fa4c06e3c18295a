import CritiqueCore
import CritiqueWorkspace
import Foundation

/// The request handlers, each a thin shell over a core feature.
extension Server {
    func documentDiagnostic(_ id: RequestID, _ data: Data) throws {
        let p = try params(DocumentDiagnosticParams.self, data)
        guard let doc = current(p.textDocument.uri) else {
            reply(id, DocumentDiagnosticReport(kind: "full", resultId: "closed", items: []))
            return
        }
        if let prev = p.previousResultId, prev == doc.resultID {
            reply(id, DocumentDiagnosticReport(kind: "unchanged", resultId: doc.resultID, items: nil))
        } else {
            reply(id, DocumentDiagnosticReport(kind: "full", resultId: doc.resultID, items: doc.diagnostics))
        }
    }

    func workspaceDiagnostic(_ id: RequestID, _ data: Data) throws {
        let p = try params(WorkspaceDiagnosticParams.self, data)
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
        reply(id, WorkspaceDiagnosticReport(items: items))
    }

    func completion(_ id: RequestID, _ data: Data) throws {
        let p = try params(TextDocumentPositionParams.self, data)
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { reply(id, CompletionList(items: [])); return }
        let offset = encoding.offset(p.position, in: doc.text)
        let ids = workspace.rubricIDs(forDocument: doc.path)
        let items = Completion.items(a, offset: offset, rubricIDs: ids).map { it -> CompletionList.Item in
            let snippet = it.isSnippet && snippets
            let text = it.isSnippet && !snippets ? Server.stripSnippet(it.insertText) : it.insertText
            let kind: Int = switch it.kind {
            case .key: 10; case .rubric: 17; case .criterion: 7; case .section: 15; case .value: 12
            case .tag: 14; case .preference: 11; case .item: 20; case .snippet: 15
            }
            return .init(label: it.label, kind: kind, detail: it.detail, documentation: it.documentation.map { MarkupContent(value: $0) },
                         // insertText too: clients that ignore textEdit insert it over the word before the cursor.
                         insertText: text, textEdit: LSPTextEdit(range: encoding.range(it.range, in: doc.text), newText: text),
                         insertTextFormat: snippet ? 2 : 1, sortText: it.sortText, filterText: it.filterText)
        }
        reply(id, CompletionList(items: items))
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

    func hover(_ id: RequestID, _ data: Data) throws {
        let p = try params(TextDocumentPositionParams.self, data)
        guard let doc = current(p.textDocument.uri), let a = doc.analysis,
              let h = Hover.at(a, offset: encoding.offset(p.position, in: doc.text)) else { reply(id, Optional<HoverResult>.none); return }
        reply(id, HoverResult(contents: MarkupContent(value: h.text), range: encoding.range(h.range, in: doc.text)))
    }

    func codeAction(_ id: RequestID, _ data: Data) throws {
        let p = try params(CodeActionParams.self, data)
        if let only = p.context?.only, !only.contains(where: { $0 == "quickfix" || "quickfix".hasPrefix($0) }) { reply(id, [CodeActionResult]()); return }
        guard let doc = current(p.textDocument.uri) else { reply(id, [CodeActionResult]()); return }
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
        reply(id, out)
    }

    func documentSymbol(_ id: RequestID, _ data: Data) throws {
        let p = try params(DocumentParams.self, data)
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { reply(id, [DocumentSymbol]()); return }
        reply(id, Outline.symbols(a).map { s in
            DocumentSymbol(name: s.name, detail: s.detail, kind: s.isCriterion ? 23 : 19,
                           range: encoding.range(s.range, in: doc.text), selectionRange: encoding.range(s.selectionRange, in: doc.text))
        })
    }

    func foldingRange(_ id: RequestID, _ data: Data) throws {
        let p = try params(DocumentParams.self, data)
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { reply(id, [FoldingRange]()); return }
        reply(id, Outline.folds(a).map { FoldingRange(startLine: $0.startLine, endLine: $0.endLine, kind: "region") })
    }

    func inlayHint(_ id: RequestID, _ data: Data) throws {
        let p = try params(RangeParams.self, data)
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { reply(id, [InlayHintResult]()); return }
        let window = p.range.map { encoding.textRange($0, in: doc.text) } ?? TextRange(0, doc.text.bytes.count)
        reply(id, Outline.inlayHints(a).filter { window.contains($0.offset) }.map {
            InlayHintResult(position: encoding.position($0.offset, in: doc.text), label: $0.label, tooltip: $0.tooltip)
        })
    }

    func semanticTokens(_ id: RequestID, _ data: Data) throws {
        let p = try params(DocumentParams.self, data)
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { reply(id, SemanticTokensResult(data: [])); return }
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
        reply(id, SemanticTokensResult(data: out))
    }
}

func fnv1a(_ bytes: [UInt8]) -> String {
    var h: UInt64 = 0xcbf29ce484222325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return String(h, radix: 36)
}
