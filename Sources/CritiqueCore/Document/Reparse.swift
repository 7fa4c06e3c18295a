#if canImport(Glibc)
import Glibc
#endif

/// Re-parsing after an edit, for the keystroke path: an edit inside one prose line (the common
/// case while writing a justification) re-reads that line alone and moves the rest of the tree
/// by the edit's length, instead of parsing the whole document again. Anything else (a line
/// break typed or deleted, a line that stops being prose, an edit across lines) returns nil
/// and the caller parses the whole text. The result equals `DocumentParser.parse` of the new
/// text node for node; `ReparseTests` holds the two to each other over long random edit runs.
extension DocumentParser {
    /// `old`'s tree for `text`, where `text` is `old.text` with the bytes `edit` covers replaced.
    public static func reparse(_ old: CritiqueDocument, replacing edit: TextRange, in text: SourceText) -> CritiqueDocument? {
        let ob = old.text.bytes, nb = text.bytes
        let delta = nb.count - ob.count
        let p = edit.start, q = edit.end
        guard p >= 0, q <= ob.count, q - p + delta >= 0,
              text.lineCount == old.text.lineCount, old.lines.count == old.text.lineCount,
              sameOutside(ob, nb, p, q, delta) else { return nil }
        let li = old.text.line(of: p)
        let oldLine = old.lines[li]
        guard oldLine.kind == .prose, oldLine.content.start <= p, q <= oldLine.content.end else { return nil }

        // The section holding the line, and the line read again in its place.
        let part = old.part(at: oldLine.range.start)
        let si = part == 0 ? nil : part - 1
        let holder = old[part: part]
        var parser = Parser(text: text)
        parser.current = Section(heading: holder.heading, headingRange: holder.headingRange, lineIndex: holder.lineIndex, level: holder.level)
        parser.line(li)
        let fresh = parser.current
        // The line keeps its terminator (a CR typed before its LF joins it) and stays prose.
        let newLine = (range: text.lineFullRange(li), content: text.lineContentRange(li))
        guard parser.doc.lineKinds == [.prose],
              newLine.content.end == oldLine.content.end + delta, newLine.range.end == oldLine.range.end + delta,
              parser.doc.suppressions.isEmpty,
              parser.doc.problems.isEmpty, parser.inFence == nil, !parser.inComment, fresh.prose.count == 1 else { return nil }

        // Every other position: before the line it stays, from the line's content end on it
        // moves by the edit's length; one strictly inside the line belongs to the line's own
        // nodes, which are replaced, so meeting one means the tree is not what this assumes.
        let lineStart = oldLine.range.start, contentEnd = oldLine.content.end
        var ok = true
        func at(_ x: Int) -> Int {
            if x <= lineStart { return x }
            if x >= contentEnd { return x + delta }
            ok = false
            return x
        }
        func range(_ r: TextRange) -> TextRange { TextRange(at(r.start), at(r.end)) }
        func inLine(_ r: TextRange) -> Bool { r.start >= oldLine.content.start && r.end <= contentEnd }

        // Lines hold only their kinds (their ranges are the text's), and the line stays prose.
        var doc = CritiqueDocument(text: text)
        doc.lineKinds = old.lineKinds
        // Front matter ends before the first section: before the edited line, it keeps its positions.
        doc.frontMatter = old.frontMatter.map { fm in
            if fm.range.end <= lineStart { return fm }
            var fm = fm
            fm.range = range(fm.range); fm.openRange = range(fm.openRange); fm.insertionPoint = at(fm.insertionPoint)
            fm.entries = fm.entries.map { e in
                var e = e
                e.keyRange = range(e.keyRange); e.valueRange = range(e.valueRange); e.lineRange = range(e.lineRange)
                return e
            }
            return fm
        }
        func moved(_ s: Section, replacingLine: Bool) -> Section {
            var s = s
            s.headingRange = range(s.headingRange)
            s.range = range(s.range)
            s.contentEnd = at(s.contentEnd)
            s.scores = s.scores.map { var x = $0; x.labelRange = range(x.labelRange); x.valueRange = range(x.valueRange); x.lineRange = range(x.lineRange); return x }
            s.items = s.items.map { var x = $0; x.textRange = range(x.textRange); x.boxRange = range(x.boxRange); x.lineRange = range(x.lineRange); return x }
            s.quotes = s.quotes.map { var x = $0; x.labelRange = x.labelRange.map(range); x.textRange = range(x.textRange); x.lineRange = range(x.lineRange); return x }
            s.preferences = s.preferences.map { var x = $0; x.leftRange = range(x.leftRange); x.rightRange = range(x.rightRange); x.range = range(x.range); return x }
            s.invalidPreferences = s.invalidPreferences.map(range)
            if replacingLine {
                // The line's prose and tags out, the fresh reading in, in line order.
                guard let j = s.prose.firstIndex(where: inLine) else { ok = false; return s }
                s.words += fresh.words - countProseWords(ob, s.prose[j])
                let firstTag = s.tags.firstIndex { $0.range.start >= oldLine.content.start } ?? s.tags.count
                let tagsInLine = s.tags[firstTag...].prefix { inLine($0.range) }.count
                let before = Array(s.tags[..<firstTag]), after = s.tags[(firstTag + tagsInLine)...].map { var t = $0; t.range = range(t.range); return t }
                s.tags = before + fresh.tags + after
                s.prose = Array(s.prose[..<j]) + fresh.prose + s.prose[(j + 1)...].map(range)
            } else {
                s.tags = s.tags.map { var t = $0; t.range = range(t.range); return t }
                s.prose = s.prose.map(range)
            }
            return s
        }
        // Sections before the line's own keep every position: only the rest are rebuilt.
        doc.preamble = si == nil ? moved(old.preamble, replacingLine: true) : old.preamble
        doc.sections = old.sections
        for k in (si ?? 0)..<old.sections.count { doc.sections[k] = moved(old.sections[k], replacingLine: k == si) }
        doc.suppressions = old.suppressions.map { s in
            var s = s
            s.rules = s.rules.map { (id: $0.id, range: range($0.range)) }
            s.range = range(s.range); s.scope = range(s.scope)
            return s
        }
        doc.problems = old.problems.map { var x = $0; x.range = range(x.range); return x }
        return ok ? doc : nil
    }

    /// Whether `nb` is `ob` with `ob[p..<q]` replaced by `q - p + delta` bytes: the bytes
    /// before and after the edit are compared, so a text the caller changed some other way (or
    /// whose invalid UTF-8 was replaced) is parsed whole rather than patched wrongly.
    static func sameOutside(_ ob: [UInt8], _ nb: [UInt8], _ p: Int, _ q: Int, _ delta: Int) -> Bool {
        let tail = ob.count - q
        return ob.withUnsafeBytes { o in
            nb.withUnsafeBytes { n in
                equal(o, 0, n, 0, p) && equal(o, q, n, q + delta, tail)
            }
        }
    }

    /// `a[i..<i+count] == b[j..<j+count]`, by the C library's `memcmp` (vector compares: a
    /// 1 MB text is compared twice a keystroke, here and in `ProseLineEdit`).
    private static func equal(_ a: UnsafeRawBufferPointer, _ i: Int, _ b: UnsafeRawBufferPointer, _ j: Int, _ count: Int) -> Bool {
        guard count > 0 else { return true }
        return memcmp(a.baseAddress! + i, b.baseAddress! + j, count) == 0
    }
}
