/// How positions moved between two trees that differ only inside one prose line (edits the
/// server applied with `DocumentParser.reparse`), for the findings a check keeps across such
/// edits: a position up to the line's start stays, one from the line's content end on moves by
/// the line's growth, and the tags on the line, which must read the same (name, score label,
/// labels on the line), map one to one. Any other position inside the line has no counterpart,
/// and a finding there makes the check run in full.
struct ProseLineEdit {
    let lineStart: Int
    let contentEnd: Int
    let delta: Int
    /// The part of the document holding the line (0 the preamble, `k` section `k - 1`) and its
    /// range in the old text.
    let part: (index: Int, range: TextRange)
    /// Old tag boundaries inside the line (or at its ends, where they may move differently
    /// from the line) and where they are now.
    private var tags: [Int: Int] = [:]
    /// Positions that two rules would move differently (a tag at the line's very start that
    /// moved): a finding there cannot be placed.
    private var ambiguous: Set<Int> = []

    init?(old: CritiqueDocument, new: CritiqueDocument, line: Int) {
        guard old.lines.count == new.lines.count, line >= 0, line < old.lines.count,
              old.lines[line].kind == .prose, new.lines[line].kind == .prose else { return nil }
        let o = old.lines[line], n = new.lines[line]
        delta = n.content.end - o.content.end
        // Every byte outside the line's content is the same: whatever the caller believes about
        // the edits, nothing else changed (a same-length edit on another line included).
        guard o.range.start == n.range.start, o.content.start == n.content.start, n.range.end == o.range.end + delta,
              new.text.bytes.count == old.text.bytes.count + delta,
              DocumentParser.sameOutside(old.text.bytes, new.text.bytes, o.content.start, o.content.end, delta) else { return nil }
        lineStart = o.range.start
        contentEnd = o.content.end
        let index = old.part(at: o.range.start)
        part = (index, old[part: index].range)
        let before = ProseLineEdit.tags(of: old[part: index], in: o.content), after = ProseLineEdit.tags(of: new[part: index], in: n.content)
        guard before.count == after.count else { return nil }
        for (a, b) in zip(before, after) {
            guard a.name == b.name, a.scoreLabel == b.scoreLabel, a.lineLabels == b.lineLabels else { return nil }
            note(a.range.start, b.range.start)
            note(a.range.end, b.range.end)
        }
    }

    private static func tags(of section: Section, in r: TextRange) -> [TagRef] {
        section.tags.filter { $0.range.start >= r.start && $0.range.end <= r.end }
    }

    private mutating func note(_ old: Int, _ new: Int) {
        if let y = tags[old], y != new { ambiguous.insert(old) }
        if let g = outside(old), g != new { ambiguous.insert(old) }
        tags[old] = new
    }

    private func outside(_ x: Int) -> Int? {
        if x <= lineStart { return x }
        if x >= contentEnd { return x + delta }
        return nil
    }

    func position(_ x: Int) -> Int? {
        if ambiguous.contains(x) { return nil }
        return tags[x] ?? outside(x)
    }

    func range(_ r: TextRange) -> TextRange? {
        guard let s = position(r.start), let e = position(r.end) else { return nil }
        return TextRange(s, e)
    }

    /// The findings moved, nil when one of them has a position with no counterpart.
    func moved(_ findings: some Collection<Finding>) -> [Finding]? {
        var out: [Finding] = []
        out.reserveCapacity(findings.count)
        for f in findings {
            guard let m = moved(f) else { return nil }
            out.append(m)
        }
        return out
    }

    /// The finding with every document position moved, nil when one has no counterpart.
    func moved(_ f: Finding) -> Finding? {
        var f = f
        guard let r = range(f.range) else { return nil }
        f.range = r
        // Written only where a position moved: a finding keeps its other fields shared
        // (`Finding` copies them on the first write).
        for k in f.related.indices {
            guard case .document(let d) = f.related[k].place else { continue }
            guard let m = range(d) else { return nil }
            if m != d { f.related[k].place = .document(m) }
        }
        for i in f.fixes.indices {
            for j in f.fixes[i].edits.indices {
                let e = f.fixes[i].edits[j].range
                guard let m = range(e) else { return nil }
                if m != e { f.fixes[i].edits[j].range = m }
            }
        }
        return f
    }
}

extension RubricResolution {
    /// The same rubric from the same file text (the workspace hands back its cached copy, so
    /// the comparison is cheap); only a resolved rubric counts, anything else checks in full.
    func isSame(as other: RubricResolution) -> Bool {
        // The rubric is read from the file's text, so the same text gives the same rubric.
        guard case .resolved(_, let oa, let fa?) = self, case .resolved(_, let ob, let fb?) = other, oa == ob else { return false }
        return fa.text.bytes == fb.text.bytes
    }
}

extension ResponsesResolution {
    func isSame(as other: ResponsesResolution) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.texts(let a), .texts(let b)): return a.texts == b.texts && a.promptText == b.promptText && a.labels == b.labels
        default: return false
        }
    }
}
