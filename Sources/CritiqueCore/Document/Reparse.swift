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
        // Not the first line: what it is depends on its place as well as its text (`---` there
        // opens front matter, and ` ---` is trimmed to it), which reading it as a body line
        // would miss.
        guard li > 0, oldLine.kind == .prose, oldLine.content.start <= p, q <= oldLine.content.end else { return nil }

        // The part holding the line, and the line read again in its place.
        let part = old.part(at: oldLine.range.start)
        let holder = old.parts[part]
        let parser = Parser(text: text)
        parser.current = Part(heading: holder.heading, headingRange: holder.headingRange, lineIndex: holder.lineIndex, level: holder.level)
        parser.line(li)
        let fresh = parser.current, freshNodes = parser.nodes
        // The line keeps its terminator (a CR typed before its LF joins it) and stays prose.
        let newLine = (range: text.lineFullRange(li), content: text.lineContentRange(li))
        guard parser.doc.lineKinds == [.prose],
              newLine.content.end == oldLine.content.end + delta, newLine.range.end == oldLine.range.end + delta,
              parser.doc.suppressions.isEmpty,
              parser.doc.problems.isEmpty, parser.inFence == nil, !parser.inComment, freshNodes.prose.count == 1 else { return nil }

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
        // Parts before the line's own keep every position, and so do their nodes: only the
        // rest are moved. The line's prose range and tags are replaced by the fresh reading.
        var parts = old.parts, n = old.nodes
        let own = parts[part]
        for k in part..<parts.count {
            parts[k].headingRange = range(parts[k].headingRange)
            parts[k].range = range(parts[k].range)
            parts[k].contentEnd = at(parts[k].contentEnd)
        }
        for i in own.scores.lowerBound..<n.scores.count {
            n.scores[i].labelRange = range(n.scores[i].labelRange); n.scores[i].valueRange = range(n.scores[i].valueRange)
            n.scores[i].lineRange = range(n.scores[i].lineRange)
        }
        for i in own.items.lowerBound..<n.items.count {
            n.items[i].textRange = range(n.items[i].textRange); n.items[i].boxRange = range(n.items[i].boxRange)
            n.items[i].lineRange = range(n.items[i].lineRange)
        }
        for i in own.quotes.lowerBound..<n.quotes.count {
            n.quotes[i].labelRange = n.quotes[i].labelRange.map(range); n.quotes[i].textRange = range(n.quotes[i].textRange)
            n.quotes[i].lineRange = range(n.quotes[i].lineRange)
        }
        for i in own.preferences.lowerBound..<n.preferences.count {
            n.preferences[i].leftRange = range(n.preferences[i].leftRange); n.preferences[i].rightRange = range(n.preferences[i].rightRange)
            n.preferences[i].range = range(n.preferences[i].range)
        }
        for i in own.invalidPreferences.lowerBound..<n.invalidPreferences.count {
            n.invalidPreferences[i] = range(n.invalidPreferences[i])
        }
        // The line's prose range: the one in the line, replaced; those before it stay.
        guard let j = n.prose[own.prose].firstIndex(where: inLine) else { return nil }
        parts[part].words += fresh.words - countProseWords(ob, n.prose[j])
        n.prose[j] = freshNodes.prose[0]
        for i in (j + 1)..<n.prose.count { n.prose[i] = range(n.prose[i]) }
        // The line's tags: those before it stay, those in it are replaced, the rest move.
        let firstTag = n.tags[own.tags].firstIndex { $0.range.start >= oldLine.content.start } ?? own.tags.upperBound
        var tagsInLine = 0
        while firstTag + tagsInLine < own.tags.upperBound && inLine(n.tags[firstTag + tagsInLine].range) { tagsInLine += 1 }
        for i in (firstTag + tagsInLine)..<n.tags.count { n.tags[i].range = range(n.tags[i].range) }
        n.tags.replaceSubrange(firstTag..<(firstTag + tagsInLine), with: freshNodes.tags)
        let moreTags = freshNodes.tags.count - tagsInLine
        if moreTags != 0 {
            parts[part].tags = own.tags.lowerBound..<(own.tags.upperBound + moreTags)
            for k in (part + 1)..<parts.count { parts[k].tags = (parts[k].tags.lowerBound + moreTags)..<(parts[k].tags.upperBound + moreTags) }
        }
        doc.parts = parts
        doc.nodes = n
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
