/// Document symbols, folding ranges, inlay hints and semantic tokens: the read-only views.
public struct OutlineSymbol: Sendable {
    public var name: String
    public var detail: String?
    public var range: TextRange
    public var selectionRange: TextRange
    public var isCriterion: Bool
}

public struct InlayHint: Sendable {
    public var offset: Int
    public var label: String
    public var tooltip: String?
}

public struct SemanticToken: Sendable {
    public enum Kind: Int, Sendable, CaseIterable { case tag = 0, number, label, quote, op, key }
    public static let legend = ["decorator", "number", "property", "string", "operator", "keyword"]
    public var range: TextRange
    public var kind: Kind
}

public enum Outline {
    public static func symbols(_ a: Analysis) -> [OutlineSymbol] {
        let doc = a.document
        var out: [OutlineSymbol] = []
        if let fm = doc.frontMatter {
            out.append(OutlineSymbol(name: "Front matter", detail: fm.entry("rubric")?.value, range: fm.range, selectionRange: fm.openRange, isCriterion: false))
        }
        for s in doc.sections {
            let scores = s.scores.map { "\($0.label) \(doc.text.slice($0.valueRange))" }.joined(separator: " · ")
            let ticked = s.items.isEmpty ? "" : "\(s.items.filter(\.checked).count)/\(s.items.count) ticked"
            let detail = [scores, ticked].filter { !$0.isEmpty }.joined(separator: " ")
            let end = max(s.headingRange.end, s.contentEnd)
            out.append(OutlineSymbol(name: s.heading.isEmpty ? "(untitled)" : s.heading, detail: detail.isEmpty ? nil : detail,
                                     range: TextRange(s.range.start, end), selectionRange: s.headingRange, isCriterion: !s.isReserved))
        }
        return out
    }

    /// Folding: the front matter and each section, as line ranges.
    public static func folds(_ a: Analysis) -> [(startLine: Int, endLine: Int)] {
        let t = a.document.text
        var out: [(Int, Int)] = []
        if let fm = a.document.frontMatter {
            let s = t.line(of: fm.range.start), e = t.line(of: max(fm.range.start, fm.range.end - 1))
            if e > s { out.append((s, e)) }
        }
        for s in a.document.sections {
            let start = t.line(of: s.range.start), end = t.line(of: max(s.range.start, s.contentEnd))
            if end > start { out.append((start, end)) }
        }
        return out
    }

    public static func inlayHints(_ a: Analysis) -> [InlayHint] {
        guard let ctx = a.checkContext else { return [] }
        var out: [InlayHint] = []
        // Word counts where the rubric asks for a justification for the scores given.
        for (_, s, j) in ctx.justificationNeeds {
            let line = a.document.text.lineContentRange(a.document.text.line(of: s.headingRange.start))
            out.append(InlayHint(offset: line.end, label: " \(s.words)/\(j.minimum) words", tooltip: "Justification words written against the minimum (\(j.whenText))."))
        }
        if ctx.rubric.mode == .pairwise, let p = a.document.sections.first(where: \.isPreference)?.preferences.first {
            let totals = ctx.weightedTotals()
            let label = ctx.labels.map { "\($0) \(formatScore((totals[$0, default: 0] * 100).rounded() / 100))" }.joined(separator: " · ")
            out.append(InlayHint(offset: p.range.end, label: "  weighted: \(label)", tooltip: "Sum of weight × (score − min) / (max − min) over scale criteria scored for both."))
        }
        return out
    }

    /// The code lens at the top of a pairwise critique: weighted totals per response and the
    /// preference they imply (nil in single mode or before any score is written).
    public static func totalsLens(_ a: Analysis) -> String? {
        guard a.rubric.rubric?.mode == .pairwise, let ctx = a.checkContext else { return nil }
        let totals = ctx.weightedTotals()
        guard totals.values.contains(where: { $0 != 0 }) else { return nil }
        let parts = ctx.labels.map { "\($0) \(formatScore((totals[$0, default: 0] * 100).rounded() / 100))" }.joined(separator: " · ")
        let ranked = ctx.labels.sorted { totals[$0, default: 0] > totals[$1, default: 0] }
        let implied: String
        if ranked.count >= 2, abs(totals[ranked[0], default: 0] - totals[ranked[1], default: 0]) < 1e-9 { implied = "the scores imply a tie" }
        else { implied = "the scores prefer \(ranked.first ?? "")" }
        return "Weighted: \(parts) — \(implied)"
    }

    /// Criteria and tags of a rubric whose name matches `query` (case-insensitive, letters in
    /// order), with the rubric range of each.
    public static func rubricSymbols(_ file: RubricFile, query: String) -> [(name: String, isCriterion: Bool, range: TextRange, container: String)] {
        guard let r = file.rubric else { return [] }
        let q = Array(query.lowercased().unicodeScalars)
        func matches(_ s: String) -> Bool {
            var i = 0
            for u in s.lowercased().unicodeScalars where i < q.count && u == q[i] { i += 1 }
            return i == q.count
        }
        var out: [(String, Bool, TextRange, String)] = []
        for c in r.allCriteria where matches(c.displayTitle) || matches(c.id) { out.append((c.displayTitle, true, c.range, r.id)) }
        for t in r.tags where matches(t.path) { out.append(("#" + t.path, false, t.range, r.id)) }
        return out
    }

    public static func semanticTokens(_ a: Analysis) -> [SemanticToken] {
        var out: [SemanticToken] = []
        if let fm = a.document.frontMatter { for e in fm.entries { out.append(SemanticToken(range: e.keyRange, kind: .key)) } }
        for s in [a.document.preamble] + a.document.sections {
            for sl in s.scores {
                out.append(SemanticToken(range: sl.labelRange, kind: .label))
                if sl.valueRange.length > 0 { out.append(SemanticToken(range: sl.valueRange, kind: .number)) }
            }
            for t in s.tags { out.append(SemanticToken(range: t.range, kind: .tag)) }
            for q in s.quotes {
                if let l = q.labelRange { out.append(SemanticToken(range: l, kind: .label)) }
                out.append(SemanticToken(range: q.textRange, kind: .quote))
            }
            for p in s.preferences {
                let lo = min(p.leftRange.end, p.rightRange.end), hi = max(p.leftRange.start, p.rightRange.start)
                if hi > lo { out.append(SemanticToken(range: TextRange(lo, hi), kind: .op)) }
            }
        }
        return out.sorted { $0.range.start < $1.range.start }
    }
}

/// Code actions for a range: the fixes of findings there, and suppressions.
public struct CodeAction: Sendable {
    public var title: String
    public var edits: [TextEdit]
    public var isPreferred: Bool
    /// Index into `Analysis.findings` of the finding it fixes.
    public var finding: Int?
}

public enum CodeActions {
    public static func actions(_ a: Analysis, range: TextRange) -> [CodeAction] {
        var out: [CodeAction] = []
        let text = a.document.text
        let nl = text.lineEnding
        for (i, f) in a.findings.enumerated() where f.range.start <= range.end && range.start <= f.range.end {
            for fix in f.fixes { out.append(CodeAction(title: fix.title, edits: fix.edits, isPreferred: fix.isPreferred, finding: i)) }
            if f.rule == SuppressionUnused.info.id || f.rule == SuppressionNoReason.info.id { continue }
            // Suppress for the block: a comment line before the block's first line.
            let line = text.line(of: f.range.start)
            var first = line
            let bodyStart = a.document.frontMatter.map { text.line(of: max(0, $0.range.end - 1)) + 1 } ?? 0
            if line >= bodyStart {
                while first > bodyStart && !text.lineContentRange(first - 1).isBlank(in: text) { first -= 1 }
                out.append(CodeAction(title: "Disable \(f.rule) for this block", edits: [TextEdit(range: .empty(at: text.lineStarts[first]), newText: "<!-- critique-disable \(f.rule): reason -->" + nl)], isPreferred: false, finding: i))
            }
            let fileAt = a.document.frontMatter.map { fm -> Int in
                let l = text.line(of: max(0, fm.range.end - 1)) + 1
                return l < text.lineCount ? text.lineStarts[l] : text.bytes.count
            } ?? 0
            let lead = fileAt == text.bytes.count && fileAt > 0 && text.bytes[fileAt - 1] != 10 ? nl : ""
            out.append(CodeAction(title: "Disable \(f.rule) for this file", edits: [TextEdit(range: .empty(at: fileAt), newText: lead + "<!-- critique-disable-file \(f.rule): reason -->" + nl)], isPreferred: false, finding: i))
        }
        return out
    }
}

extension TextRange {
    func isBlank(in t: SourceText) -> Bool { t.bytes[start..<end].allSatisfy { $0 == 32 || $0 == 9 } }
}
