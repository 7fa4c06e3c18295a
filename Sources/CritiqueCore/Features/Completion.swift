/// What completion offers at a position. Pure: the document's analysis and, from the shell,
/// the rubric ids it can find.
public struct CompletionItem: Sendable {
    public enum Kind: Sendable { case key, rubric, criterion, section, value, tag, preference, item, snippet }
    public var label: String
    public var kind: Kind
    public var detail: String?
    public var documentation: String?
    /// Text replacing `range`; a snippet (with `$1`, `${1:…}`) when `isSnippet`.
    public var insertText: String
    public var range: TextRange
    public var isSnippet = false
    public var sortText: String?
    public var filterText: String?
}

public enum Completion {
    /// Where completion was asked for: the line up to the cursor, and what it is inside.
    struct Place {
        let analysis: Analysis
        let offset: Int
        /// The cursor's line (content, no terminator) and its text up to the cursor.
        let line: TextRange
        let before: String
        /// The `##` section the cursor is in, and the criterion it names.
        let section: Section?
        let criterion: Criterion?

        var doc: CritiqueDocument { analysis.document }
        var text: SourceText { analysis.document.text }
        var trimmedBefore: String { before.trimmingWhitespace }
    }

    public static func items(_ analysis: Analysis, offset: Int, rubricIDs: [String] = []) -> [CompletionItem] {
        let doc = analysis.document
        let text = doc.text
        let o = min(max(0, offset), text.bytes.count)
        let line = text.lineContentRange(text.line(of: o))
        let rubric = analysis.rubric.rubric
        let section = rubric == nil ? nil : doc.sections.last { $0.range.start <= o && o <= $0.range.end && $0.range.start <= line.start }
        let place = Place(analysis: analysis, offset: o, line: line, before: text.slice(TextRange(line.start, o)),
                          section: section, criterion: section.flatMap { rubric?.criterion(named: $0.heading) })

        // An empty document: the whole skeleton.
        if text.bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            return [skeleton(rubric: rubric, range: TextRange(0, text.bytes.count))]
        }
        if let fm = doc.frontMatter, o > fm.openRange.end, o <= fm.insertionPoint || (!fm.closed && o <= fm.range.end) {
            return frontMatter(place, fm, rubricIDs: rubricIDs)
        }
        guard let rubric else { return [] }
        if let hash = tagPrefixStart(place.before) { return tags(place, rubric, hash: hash) }
        // `## ` with its space: `##Summary` is not a heading, so nothing is offered after a bare `##`.
        let lead = place.before.drop(while: { $0 == " " || $0 == "\t" })
        if lead.hasPrefix("## ") && !lead.hasPrefix("###") { return headings(place, rubric) }
        if let c = place.criterion, c.kind == .scale, let values = scores(place, rubric, c) { return values }
        if let c = place.criterion, c.kind == .checklist { return checklist(place, c) }
        if place.section?.isPreference == true { return preferences(place, rubric) }
        return []
    }

    /// Front-matter keys not yet present, or rubric ids after `rubric:`.
    static func frontMatter(_ p: Place, _ fm: FrontMatter, rubricIDs: [String]) -> [CompletionItem] {
        let before = p.before
        if let colon = before.firstIndex(of: ":") {
            let key = before[..<colon].trimmingWhitespace.lowercased()
            let valueStart = p.line.start + before[...colon].utf8.count + (before[before.index(after: colon)...].prefix(while: { $0 == " " }).utf8.count)
            let range = TextRange(min(valueStart, p.offset), p.line.end)
            if key == "rubric" {
                return rubricIDs.map { CompletionItem(label: $0, kind: .rubric, detail: "rubric", insertText: $0, range: range) }
            }
            return []
        }
        let rubric = p.analysis.rubric.rubric
        let present = Set(fm.entries.map { $0.key.lowercased() })
        var keys = FrontmatterUnknownKey.builtIn
        if let r = rubric { keys += r.metadataRequired + r.metadataOptional }
        let required = Set(rubric?.metadataRequired.map { $0.lowercased() } ?? [])
        return keys.filter { !present.contains($0.lowercased()) }.map { k in
            CompletionItem(label: k, kind: .key, detail: required.contains(k.lowercased()) ? "required by the rubric" : "front-matter key",
                           insertText: k + ": ", range: TextRange(p.line.start, p.offset), sortText: (required.contains(k.lowercased()) ? "0" : "1") + k)
        }
    }

    /// `#tag`: the rubric's tags, those the criterion allows first.
    static func tags(_ p: Place, _ rubric: Rubric, hash: Int) -> [CompletionItem] {
        // The edit starts after the `#` and inserts the bare id, so the result is the same
        // whether a client applies the textEdit range or replaces the word before the cursor
        // (Vim's ALE, Emacs completion-at-point): one `#`, never `##hallucination`.
        let start = p.line.start + hash + 1
        return rubric.tags.map { t in
            let ok = p.criterion?.allows(tag: t) ?? true
            var doc = t.description ?? ""
            if let cap = t.capsScoreAt { doc += (doc.isEmpty ? "" : "\n\n") + "Caps the score at \(formatScore(cap))." }
            return CompletionItem(label: "#" + t.path, kind: .tag, detail: ok ? (t.severity.map { "\($0) · allowed here" } ?? "allowed here") : "other criterion",
                                  documentation: doc, insertText: t.path, range: TextRange(start, p.offset), sortText: (ok ? "0" : "1") + t.path, filterText: t.path)
        }
    }

    /// `## `: criteria without a section yet (the title, or a whole section as a snippet),
    /// and the reserved sections.
    static func headings(_ p: Place, _ rubric: Rubric) -> [CompletionItem] {
        let (doc, text, line, before) = (p.doc, p.text, p.line, p.before)
        let hashEnd = line.start + (before.firstIndex(of: "#").map { before[..<$0].utf8.count } ?? 0) + 2
        var k = hashEnd
        while k < p.offset && text.bytes[k] == 32 { k += 1 }
        let present = Set(doc.sections.filter { $0.lineIndex >= 0 && $0.range.start != line.start }.compactMap { rubric.criterion(named: $0.heading)?.id })
        var out: [CompletionItem] = []
        let labels = Skeleton.labels(rubric)
        for (i, c) in rubric.leaves.enumerated() where !present.contains(c.id) {
            var body = c.displayTitle + "\n"
            var tab = 1
            switch c.kind {
            case .scale: for l in labels { body += "\(l): ${\(tab):\(formatScore(c.scale?.max ?? 5))}\n"; tab += 1 }
            case .checklist: for it in c.items { body += "- [ ] \(escapeSnippet(it.text))\n" }
            case .text: break
            }
            body += "\n$0"
            out.append(CompletionItem(label: c.displayTitle, kind: .criterion, detail: c.required ? "required criterion" : "optional criterion",
                                      documentation: hoverText(criterion: c, rubric: rubric), insertText: c.displayTitle, range: TextRange(k, line.end), sortText: String(format2(i))))
            out.append(CompletionItem(label: c.displayTitle + " (section)", kind: .section, detail: "heading with score lines",
                                      insertText: body, range: TextRange(k, line.end), isSnippet: true, sortText: String(format2(i)) + "b", filterText: c.displayTitle))
        }
        if rubric.mode == .pairwise && !doc.sections.contains(where: \.isPreference) {
            out.append(CompletionItem(label: "Preference", kind: .section, detail: "reserved section", insertText: "Preference", range: TextRange(k, line.end), sortText: "98"))
        }
        if !doc.sections.contains(where: \.isSummary) {
            out.append(CompletionItem(label: "Summary", kind: .section, detail: "reserved section", insertText: "Summary", range: TextRange(k, line.end), sortText: "99"))
        }
        return out
    }

    /// `Score:` / `A:` values on the scale (and `n/a` where allowed); nil when the line is not
    /// a score line of this criterion.
    static func scores(_ p: Place, _ rubric: Rubric, _ c: Criterion) -> [CompletionItem]? {
        let before = p.before
        guard let colon = before.firstIndex(of: ":") else { return nil }
        let label = before[..<colon].trimmingWhitespace
        guard Skeleton.labels(rubric).contains(where: { $0.lowercased() == label.lowercased() }) else { return nil }
        let afterColon = before[before.index(after: colon)...]
        let valueStart = p.line.start + before[...colon].utf8.count + afterColon.prefix(while: { $0 == " " || $0 == "\t" }).utf8.count
        let lead = afterColon.hasPrefix(" ") ? "" : " "
        let range = TextRange(min(valueStart, p.offset), p.offset)
        var out: [CompletionItem] = []
        for (i, v) in (c.scale?.values ?? []).reversed().enumerated() {
            out.append(CompletionItem(label: formatScore(v), kind: .value, detail: c.scale?.anchor(for: v), insertText: lead + formatScore(v), range: range, sortText: format2(i)))
        }
        if c.naAllowed { out.append(CompletionItem(label: "n/a", kind: .value, detail: "not applicable", insertText: lead + "n/a", range: range, sortText: "zz")) }
        return out
    }

    /// Checklist items not yet marked, as `- [ ] …` lines.
    static func checklist(_ p: Place, _ c: Criterion) -> [CompletionItem] {
        let present = Set((p.section?.items).map { $0.compactMap { c.item(matching: $0.text)?.text } } ?? [])
        let boxPrefix = p.before.range(ofPrefix: ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] "])
        let range: TextRange
        let prefix: String
        let trimmed = p.trimmedBefore
        if let b = boxPrefix { range = TextRange(p.line.start + b, p.line.end); prefix = "" }
        else if trimmed.isEmpty || trimmed == "-" || trimmed == "- [" { range = TextRange(p.line.start, p.line.end); prefix = "- [ ] " }
        else { return [] }
        return c.items.filter { !present.contains($0.text) }.map { it in
            CompletionItem(label: it.text, kind: .item, detail: "\(it.points > 0 ? "+" : "")\(formatScore(it.points)) points" + (it.points < 0 ? " (harm: tick if present)" : ""),
                           insertText: prefix + it.text, range: range)
        }
    }

    /// The preference forms in the Preference section, at the start of a line.
    static func preferences(_ p: Place, _ rubric: Rubric) -> [CompletionItem] {
        guard rubric.mode == .pairwise, rubric.responses.count >= 2, p.trimmedBefore.count <= 3 else { return [] }
        let (a, b) = (rubric.responses[0], rubric.responses[1])
        var forms = [("\(a) > \(b)", "\(a) is slightly better"), ("\(a) >> \(b)", "\(a) is better"), ("\(a) >>> \(b)", "\(a) is much better"),
                     ("\(b) > \(a)", "\(b) is slightly better"), ("\(b) >> \(a)", "\(b) is better"), ("\(b) >>> \(a)", "\(b) is much better")]
        if rubric.preference.allowTie { forms.append(("\(a) = \(b)", "a tie")) }
        return forms.enumerated().map { CompletionItem(label: $1.0, kind: .preference, detail: $1.1, insertText: $1.0, range: TextRange(p.line.start, p.line.end), sortText: format2($0)) }
    }

    /// The byte offset (within `before`) of a `#` that starts the tag being typed.
    static func tagPrefixStart(_ before: String) -> Int? {
        let u = Array(before.utf8)
        var i = u.count
        while i > 0 {
            let c = u[i - 1]
            let tagByte = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2F
            if !tagByte { break }
            i -= 1
        }
        guard i > 0, u[i - 1] == 0x23 else { return nil }
        let hash = i - 1
        if hash > 0 { let p = u[hash - 1]; if p != 0x20 && p != 0x09 && p != 0x28 && p != 0x5B && p != 0x2C { return nil } }
        // `##` at the start of a line is a heading, not a tag.
        if before.trimmingWhitespace.hasPrefix("#") && u[..<hash].allSatisfy({ $0 == 0x20 || $0 == 0x23 }) && (hash + 1 < u.count ? u[hash + 1] == 0x23 : false) { return nil }
        if u[..<hash].allSatisfy({ $0 == 0x20 || $0 == 0x23 }) && hash > 0 { return nil }
        return hash
    }

    static func skeleton(rubric: Rubric?, range: TextRange) -> CompletionItem {
        var s = "---\nrubric: ${1:\(rubric?.id ?? EmbeddedRubrics.defaultID)}\ntask: ${2}\nannotator: ${3}\n---\n\n"
        if let r = rubric {
            let labels = Skeleton.labels(r)
            for c in r.leaves where c.required { s += Skeleton.section(c, labels: labels, escape: escapeSnippet) }
            if r.mode == .pairwise { s += "## Preference\n\(labels[0]) > \(labels[1])\n\n" }
        }
        s += "$0"
        return CompletionItem(label: "critique skeleton", kind: .snippet, detail: "front matter and a section per criterion", insertText: s, range: range, isSnippet: true)
    }

    static func escapeSnippet(_ s: String) -> String {
        var out = ""
        for ch in s { if ch == "$" || ch == "}" || ch == "\\" { out.append("\\") }; out.append(ch) }
        return out
    }

    static func format2(_ i: Int) -> String { i < 10 ? "0\(i)" : "\(i)" }
}

extension String {
    /// Length in bytes of the first of `prefixes` that `self`, trimmed of leading spaces, starts with.
    func range(ofPrefix prefixes: [String]) -> Int? {
        let lead = prefix(while: { $0 == " " || $0 == "\t" }).utf8.count
        let rest = dropFirst(lead)
        for p in prefixes where rest.hasPrefix(p) { return lead + p.utf8.count }
        return nil
    }
}
