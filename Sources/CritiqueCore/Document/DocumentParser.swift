#if canImport(Glibc)
import Glibc
#endif

/// Parses critique documents. Never fails: every line gets a kind, and what cannot be read
/// becomes prose or a `ParseProblem`.
public enum DocumentParser {
    public static func parse(_ string: String) -> CritiqueDocument { parse(SourceText(string)) }

    public static func parse(_ text: SourceText) -> CritiqueDocument {
        let p = Parser(text: text)
        p.run()
        return p.doc
    }
}

private let HASH = UInt8(ascii: "#"), GT = UInt8(ascii: ">"), LT = UInt8(ascii: "<"), EQ = UInt8(ascii: "="),
    COLON = UInt8(ascii: ":"), SPACE = UInt8(ascii: " "), TAB = UInt8(ascii: "\t"), DASH = UInt8(ascii: "-"),
    BACKTICK = UInt8(ascii: "`"), TILDE = UInt8(ascii: "~"), DQUOTE = UInt8(ascii: "\"")

extension Nodes {
    /// Starts `part`'s nodes at the arrays' ends.
    func open(_ part: inout Part) {
        part.scores = scores.count..<scores.count; part.items = items.count..<items.count; part.tags = tags.count..<tags.count
        part.quotes = quotes.count..<quotes.count; part.preferences = preferences.count..<preferences.count
        part.invalidPreferences = invalidPreferences.count..<invalidPreferences.count; part.prose = prose.count..<prose.count
    }

    /// Ends `part`'s nodes at the arrays' ends (everything added since `open`).
    func close(_ part: inout Part) {
        part.scores = part.scores.lowerBound..<scores.count; part.items = part.items.lowerBound..<items.count
        part.tags = part.tags.lowerBound..<tags.count; part.quotes = part.quotes.lowerBound..<quotes.count
        part.preferences = part.preferences.lowerBound..<preferences.count
        part.invalidPreferences = part.invalidPreferences.lowerBound..<invalidPreferences.count
        part.prose = part.prose.lowerBound..<prose.count
    }
}

/// The line classifier; `reparse` (Reparse.swift) runs it on one line of an edited text.
/// A class: its byte helpers are called from the mutating steps on every line, and as a
/// struct (330 bytes with the part being read) the whole parser was copied to make each call.
/// Its state is changed only by its own steps, one at a time, so the runtime's exclusivity
/// tracking of each field access is switched off.
final class Parser {
    let text: SourceText
    let b: [UInt8]
    @exclusivity(unchecked) var doc: CritiqueDocument
    /// The part being read; its nodes go to `nodes`, the document's arrays, in text order.
    @exclusivity(unchecked) var current = Part.preamble
    @exclusivity(unchecked) var nodes = Nodes()
    @exclusivity(unchecked) var inFence: (marker: UInt8, count: Int)? = nil
    @exclusivity(unchecked) var inComment = false

    init(text: SourceText) {
        self.text = text
        self.b = text.bytes
        self.doc = CritiqueDocument(text: text)
    }

    func run() {
        let n = text.lineCount
        var i = 0
        doc.lineKinds.reserveCapacity(n)
        // Room for a short document's nodes at once (the arrays grew by doubling, an
        // allocation and a copy a step); a long one's grow from there. Kept small: an open
        // document keeps what is reserved (with room for 16 parts, 16 scores and 128 prose
        // lines, 1,000 open 3 KB documents took 31.7–33.2 MB; now 30.3–30.4 MB).
        nodes.prose.reserveCapacity(min(n / 2, 64))
        nodes.scores.reserveCapacity(min(n, 8))
        doc.parts.reserveCapacity(min(n, 8))
        i = frontMatter()
        current.range = TextRange(i < n ? text.lineStarts[i] : b.count, b.count)
        current.contentEnd = current.range.start
        while i < n {
            line(i)
            i += 1
        }
        finishSection()
        doc.nodes = nodes
        computeSuppressionScopes()
    }

    // MARK: front matter

    /// Parses the front matter if the text starts with `---`; returns the first body line.
    func frontMatter() -> Int {
        guard text.lineCount > 0 else { return 0 }
        var first = text.lineContentRange(0)
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { first.start = min(3, first.end) }
        guard trimmed(first) == "---" else { return 0 }
        doc.lineKinds.append(.frontMatterDelimiter)
        var fm = FrontMatter(range: TextRange(0, 0), openRange: text.lineContentRange(0), insertionPoint: b.count, closed: false)
        fm.entries.reserveCapacity(8)
        var i = 1
        while i < text.lineCount {
            let c = text.lineContentRange(i)
            let kind = frontMatterLine(c)
            if kind == .delimiter {
                doc.lineKinds.append(.frontMatterDelimiter)
                fm.closed = true
                fm.insertionPoint = c.start
                fm.range = TextRange(0, c.end)
                doc.frontMatter = fm
                return i + 1
            }
            if kind == .blank || kind == .comment {
                doc.lineKinds.append(kind == .blank ? .blank : .frontMatterOther)
            } else if let e = entry(c) {
                fm.entries.append(e)
                doc.lineKinds.append(.frontMatterEntry)
            } else {
                doc.lineKinds.append(.frontMatterOther)
                doc.problems.append(ParseProblem(message: "Front matter takes flat `key: value` lines; this line is not one.", range: c))
            }
            i += 1
            // A front matter that runs into a heading was never closed.
            if i < text.lineCount, headingLevel(text.lineContentRange(i)) != nil {
                break
            }
        }
        // Unterminated: everything read so far is front matter; report at the opening line.
        fm.range = TextRange(0, i < text.lineCount ? text.lineStarts[i] : b.count)
        fm.insertionPoint = fm.range.end
        doc.frontMatter = fm
        doc.problems.append(ParseProblem(message: "The front matter is not closed; add a line `---` after its last key.", range: fm.openRange))
        return i
    }

    enum FrontMatterLine { case delimiter, blank, comment, other }

    /// A front-matter line read trimmed: `---` or `...`, blank, a `#` comment, or anything
    /// else. On the bytes when both ends are visible ASCII (nothing to trim, the common case);
    /// otherwise trimmed as text, since Unicode white space trims too.
    func frontMatterLine(_ c: TextRange) -> FrontMatterLine {
        if c.length > 0, b[c.start] > 0x20, b[c.start] < 0x7F, b[c.end - 1] > 0x20, b[c.end - 1] < 0x7F {
            if c.length == 3 && b[c.start] == b[c.start + 1] && b[c.start] == b[c.start + 2] && (b[c.start] == DASH || b[c.start] == UInt8(ascii: ".")) {
                return .delimiter
            }
            return b[c.start] == HASH ? .comment : .other
        }
        let t = trimmed(c)
        if t == "---" || t == "..." { return .delimiter }
        if t.isEmpty { return .blank }
        return t.hasPrefix("#") ? .comment : .other
    }

    func entry(_ c: TextRange) -> FrontMatter.Entry? {
        var k = c.start
        while k < c.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        if k < c.end && (b[k] == SPACE || b[k] == TAB || b[k] == DASH) { return nil }
        let keyStart = k
        while k < c.end && b[k] != COLON && b[k] != SPACE && b[k] != TAB { k += 1 }
        let keyEnd = k
        while k < c.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        guard keyEnd > keyStart, k < c.end, b[k] == COLON, keyStart == c.start else { return nil }
        k += 1
        while k < c.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        var vs = k, ve = c.end
        // Strip a YAML comment (` #…`) and trailing space.
        var q = vs
        while q < ve { if b[q] == HASH && q > vs && (b[q - 1] == SPACE || b[q - 1] == TAB) { ve = q; break }; q += 1 }
        while ve > vs && (b[ve - 1] == SPACE || b[ve - 1] == TAB) { ve -= 1 }
        if ve - vs >= 2 && ((b[vs] == DQUOTE && b[ve - 1] == DQUOTE) || (b[vs] == UInt8(ascii: "'") && b[ve - 1] == UInt8(ascii: "'"))) { vs += 1; ve -= 1 }
        return FrontMatter.Entry(key: text.slice(TextRange(keyStart, keyEnd)), keyRange: TextRange(keyStart, keyEnd),
                                 value: text.slice(TextRange(vs, ve)), valueRange: TextRange(vs, ve), lineRange: c)
    }

    // MARK: body lines

    /// Line `i`'s kind. Lines are added in order (`Lines` reads line `k`'s ranges from the
    /// text's table); the re-parse of one line reads its single kind back.
    func add(_ kind: Line.Kind, _ i: Int) {
        doc.lineKinds.append(kind)
    }

    func line(_ i: Int) {
        var c = text.lineContentRange(i)
        // A UTF-8 byte-order mark is not part of the first line's content (a heading may follow it).
        if i == 0 && c.length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { c.start += 3 }
        var s = c.start
        while s < c.end && (b[s] == SPACE || b[s] == TAB) { s += 1 }
        let indent = s - c.start

        if let fence = inFence {
            if isFence(from: s, c.end, fence.marker, minimum: fence.count) { inFence = nil; add(.codeFence, i) } else { add(.code, i) }
            markContent(c)
            return
        }
        if inComment {
            add(.comment, i)
            if find("-->", s, c.end) != nil { inComment = false }
            return
        }
        if s == c.end { add(.blank, i); return }
        if indent < 4, let (marker, count) = fenceOpen(s, c.end) {
            inFence = (marker, count)
            add(.codeFence, i)
            markContent(c)
            return
        }
        if indent < 4, let level = headingLevel(c) {
            heading(i, c, level: level)
            return
        }
        if b[s] == LT && startsWith("<!--", s, c.end) {
            if let sup = suppression(s, c.end) { doc.suppressions.append(sup); add(.suppression, i); return }
            add(.comment, i)
            if find("-->", s + 4, c.end) == nil { inComment = true }
            return
        }
        markContent(c)
        let body = TextRange(s, stripTrailingComment(s, c.end))
        if b[s] == GT { quote(i, body); return }
        if let item = checklist(body) {
            nodes.items.append(item)
            add(.checklistItem, i)
            return
        }
        if let score = scoreLine(body) {
            nodes.scores.append(score)
            tags(in: TextRange(score.valueRange.end, body.end), scoreLabel: score.label)
            add(.score, i)
            return
        }
        if current.isPreference, looksLikePreference(body) {
            if let p = preference(body) { nodes.preferences.append(p); add(.preference, i) }
            else { nodes.invalidPreferences.append(body); add(.preference, i) }
            tags(in: body, scoreLabel: nil)
            return
        }
        // Prose (a `###` sub-heading's text counts as prose too).
        add(.prose, i)
        prose(body)
    }

    /// A line of the current section's prose: its range, its words and its tags.
    func prose(_ body: TextRange) {
        nodes.prose.append(body)
        current.words += countWords(body)
        tags(in: body, scoreLabel: nil)
    }

    func markContent(_ c: TextRange) { current.contentEnd = c.end }

    func headingLevel(_ c: TextRange) -> Int? {
        var s = c.start
        var spaces = 0
        while s < c.end && b[s] == SPACE && spaces < 4 { s += 1; spaces += 1 }
        var level = 0
        while s < c.end && b[s] == HASH { level += 1; s += 1 }
        guard level >= 1 && level <= 6 else { return nil }
        if s < c.end && b[s] != SPACE && b[s] != TAB { return nil }
        return level
    }

    func heading(_ i: Int, _ c: TextRange, level: Int) {
        var s = c.start
        while s < c.end && b[s] == SPACE { s += 1 }
        s += level
        while s < c.end && (b[s] == SPACE || b[s] == TAB) { s += 1 }
        var e = stripTrailingComment(s, c.end)
        while e > s && (b[e - 1] == SPACE || b[e - 1] == TAB) { e -= 1 }
        // Closing sequence of #s, preceded by a space.
        var h = e
        while h > s && b[h - 1] == HASH { h -= 1 }
        if h < e && (h == s || b[h - 1] == SPACE || b[h - 1] == TAB) {
            e = h
            while e > s && (b[e - 1] == SPACE || b[e - 1] == TAB) { e -= 1 }
        }
        add(.heading(level: level), i)
        if level != 2 {
            // A `#`, `###`… heading is a sub-heading inside the current section: its words
            // count toward the justification and its tags are read, like any prose.
            prose(TextRange(s, e))
        }
        if level == 2 {
            finishSection()
            var sec = Part(heading: text.slice(TextRange(s, e)), headingRange: TextRange(s, e), lineIndex: doc.lineKinds.count - 1, level: level)
            sec.range = TextRange(text.lineStarts[i], b.count)
            sec.contentEnd = c.end
            nodes.open(&sec)
            current = sec
        } else {
            markContent(c)
        }
    }

    func finishSection() {
        nodes.close(&current)
        if current.lineIndex < 0 {
            doc.parts[0] = current
        } else {
            let last = doc.parts.count - 1
            if last > 0 && doc.parts[last].lineIndex == current.lineIndex { return }
            // Close the previous section's range at this one's start.
            if last > 0 { doc.parts[last].range.end = current.range.start }
            doc.parts.append(current)
        }
    }

    func computeSuppressionScopes() {
        // The preamble ends where the first section starts.
        doc.parts[0].range.end = doc.parts.count > 1 ? doc.parts[1].range.start : b.count
        guard !doc.suppressions.isEmpty else { return }
        // Scope of a block suppression: from the next line up to the next blank line.
        let kinds = doc.lineKinds, n = kinds.count
        // The first blank line at or after each line, found in one backward pass (scanning
        // forward from each suppression is quadratic when thousands share one block).
        var nextBlank = Array(repeating: n, count: n + 1)
        for j in kinds.indices.reversed() { nextBlank[j] = kinds[j] == .blank ? j : nextBlank[j + 1] }
        for idx in doc.suppressions.indices where !doc.suppressions[idx].wholeFile {
            let k = text.line(of: doc.suppressions[idx].range.start)
            guard k < n else { continue }
            let j = nextBlank[min(k + 1, n)]
            let start = k + 1 < n ? text.lineStarts[k + 1] : b.count
            let end = j < n ? text.lineStarts[j] : b.count
            doc.suppressions[idx].scope = TextRange(start, end)
        }
    }

    // MARK: elements

    func fenceOpen(_ s: Int, _ e: Int) -> (UInt8, Int)? {
        guard s < e, b[s] == BACKTICK || b[s] == TILDE else { return nil }
        var k = s
        while k < e && b[k] == b[s] { k += 1 }
        return k - s >= 3 ? (b[s], k - s) : nil
    }

    func isFence(from s: Int, _ e: Int, _ marker: UInt8, minimum: Int) -> Bool {
        var k = s
        while k < e && b[k] == marker { k += 1 }
        guard k - s >= minimum else { return false }
        while k < e && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        return k == e
    }

    func suppression(_ s: Int, _ e: Int) -> Suppression? {
        guard let close = find("-->", s + 4, e) else { return nil }
        var k = s + 4
        while k < close && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        let keyword = "critique-disable"
        guard startsWith(keyword, k, close) else { return nil }
        k += keyword.utf8.count
        var wholeFile = false
        if startsWith("-file", k, close) { wholeFile = true; k += 5 }
        guard k < close, b[k] == SPACE || b[k] == TAB else { return nil }
        let colon = find(":", k, close)
        let rulesEnd = colon ?? close
        var rules: [(String, TextRange)] = []
        var r = k
        while r < rulesEnd {
            while r < rulesEnd && (b[r] == SPACE || b[r] == TAB || b[r] == UInt8(ascii: ",")) { r += 1 }
            let st = r
            while r < rulesEnd && b[r] != SPACE && b[r] != TAB && b[r] != UInt8(ascii: ",") { r += 1 }
            if r > st { rules.append((text.slice(TextRange(st, r)), TextRange(st, r))) }
        }
        var reason: String?
        if let colon {
            let t = text.slice(TextRange(colon + 1, close)).trimmingWhitespace
            if !t.isEmpty { reason = t }
        }
        let scope = wholeFile ? TextRange(0, b.count) : TextRange(e, e)
        return Suppression(rules: rules.map { (id: $0.0, range: $0.1) }, reason: reason, wholeFile: wholeFile, range: TextRange(s, close + 3), scope: scope)
    }

    func stripTrailingComment(_ s: Int, _ e: Int) -> Int {
        // `text <!-- … -->` at the end of a line: the comment is invisible, so ignore it.
        var end = e
        while end > s && (b[end - 1] == SPACE || b[end - 1] == TAB) { end -= 1 }
        guard end - s >= 7, b[end - 1] == GT, b[end - 2] == DASH, b[end - 3] == DASH else { return e }
        var k = end - 4
        while k >= s + 0 {
            if k + 3 < end && b[k] == LT && b[k + 1] == UInt8(ascii: "!") && b[k + 2] == DASH && b[k + 3] == DASH {
                var t = k
                while t > s && (b[t - 1] == SPACE || b[t - 1] == TAB) { t -= 1 }
                return t
            }
            if k == s { break }
            k -= 1
        }
        return e
    }

    func quote(_ i: Int, _ body: TextRange) {
        var k = body.start
        while k < body.end && b[k] == GT { k += 1 }
        while k < body.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        var label: String?
        var labelRange: TextRange?
        // `> B: "…"`: a short label, a colon, then a quote mark.
        var l = k
        while l < body.end && l - k <= 12 && isLabelByte(b[l]) { l += 1 }
        if l > k && l < body.end && b[l] == COLON {
            var m = l + 1
            while m < body.end && (b[m] == SPACE || b[m] == TAB) { m += 1 }
            if m < body.end && openQuoteLength(m) > 0 {
                label = text.slice(TextRange(k, l))
                labelRange = TextRange(k, l)
                k = m
            }
        }
        var textRange = TextRange(k, body.end)
        let open = openQuoteLength(k)
        if open > 0 {
            var close = body.end
            // The last closing mark on the line ends the quote.
            var m = body.end
            while m > k + open {
                let cl = closeQuoteLength(endingAt: m)
                if cl > 0 { close = m - cl; break }
                m -= 1
            }
            textRange = TextRange(k + open, max(k + open, close))
        }
        add(.quote, i)
        if textRange.length > 0 || open > 0 {
            nodes.quotes.append(Quote(label: label, labelRange: labelRange, text: text.slice(textRange), textRange: textRange, lineRange: body))
        }
    }

    func openQuoteLength(_ k: Int) -> Int {
        guard k < b.count else { return 0 }
        if b[k] == DQUOTE { return 1 }
        if k + 2 < b.count && b[k] == 0xE2 && b[k + 1] == 0x80 && (b[k + 2] == 0x9C || b[k + 2] == 0x9D) { return 3 }   // “ ”
        return 0
    }

    func closeQuoteLength(endingAt m: Int) -> Int {
        if m >= 1 && b[m - 1] == DQUOTE { return 1 }
        if m >= 3 && b[m - 3] == 0xE2 && b[m - 2] == 0x80 && (b[m - 1] == 0x9D || b[m - 1] == 0x9C) { return 3 }
        return 0
    }

    func isLabelByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c == DASH
    }

    func checklist(_ body: TextRange) -> ChecklistLine? {
        var k = body.start
        guard k < body.end, b[k] == DASH || b[k] == UInt8(ascii: "*") || b[k] == UInt8(ascii: "+") else { return nil }
        k += 1
        guard k < body.end, b[k] == SPACE || b[k] == TAB else { return nil }
        while k < body.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        guard k + 2 < body.end + 1, k + 2 <= body.end, b[k] == UInt8(ascii: "["), k + 2 < b.count, b[k + 2] == UInt8(ascii: "]") else { return nil }
        let mark = b[k + 1]
        let checked: Bool
        switch mark {
        case SPACE: checked = false
        case UInt8(ascii: "x"), UInt8(ascii: "X"): checked = true
        default: return nil
        }
        let box = TextRange(k, k + 3)
        k += 3
        guard k == body.end || b[k] == SPACE || b[k] == TAB else { return nil }
        while k < body.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        let tr = TextRange(k, body.end)
        return ChecklistLine(checked: checked, text: text.slice(tr), textRange: tr, boxRange: box, lineRange: body)
    }

    /// `Score: 4`, `A: 4`, `B: n/a #tag`: a short label, a colon, and a value token that is a
    /// number, `n/a`, or a single word (an invalid score). Longer prose after a label is prose.
    func scoreLine(_ body: TextRange) -> ScoreLine? {
        var k = body.start
        while k < body.end && isLabelByte(b[k]) && k - body.start <= 12 { k += 1 }
        guard k > body.start, k < body.end, b[k] == COLON else { return nil }
        let labelRange = TextRange(body.start, k)
        let first = b[body.start]
        guard (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) else { return nil }
        let label = text.slice(labelRange)
        let isScoreWord = bytesEqualIgnoringASCIICase(labelRange, "score")
        // Labels other than `Score` are short (A, B, R1, M2) and start with a capital letter.
        if !isScoreWord && (labelRange.length > 3 || !(first >= 0x41 && first <= 0x5A)) { return nil }
        k += 1
        while k < body.end && (b[k] == SPACE || b[k] == TAB) { k += 1 }
        let vs = k
        while k < body.end && b[k] != SPACE && b[k] != TAB && b[k] != HASH { k += 1 }
        var ve = k
        // Allow `4/5`: the part before the slash is the score.
        var rest = k
        while rest < body.end && (b[rest] == SPACE || b[rest] == TAB) { rest += 1 }
        let restIsTagsOrEmpty = rest == body.end || b[rest] == HASH || isDashComment(rest, body.end)
        let value: ScoreValue
        // On the bytes: no other character lowercases to these ASCII ones.
        let tokenRange = TextRange(vs, ve)
        if bytesEqualIgnoringASCIICase(tokenRange, "n/a") || bytesEqualIgnoringASCIICase(tokenRange, "na") || bytesEqualIgnoringASCIICase(tokenRange, "n.a.") {
            value = .notApplicable
        } else if let v = decimal(tokenRange) {
            // The common case, read without making the token a string first.
            return ScoreLine(label: label, labelRange: labelRange, valueRange: tokenRange, value: .number(v), lineRange: body)
        } else {
            let token = text.slice(tokenRange)
            if let v = parseNumber(token) {
                value = .number(v)
            } else if let slash = token.firstIndex(of: "/"), let v = parseNumber(String(token[..<slash])), parseNumber(String(token[token.index(after: slash)...])) != nil {
                value = .number(v)
                ve = vs + token[..<slash].utf8.count
            } else {
                // A word after `A:` is an invalid score only when nothing but tags follows it;
                // `A: keeps to the limit` is prose. `Score:` always introduces a score.
                guard isScoreWord || (restIsTagsOrEmpty && !token.isEmpty) else { return nil }
                if token.isEmpty && !isScoreWord { return nil }
                value = .invalid
            }
        }
        return ScoreLine(label: label, labelRange: labelRange, valueRange: TextRange(vs, ve), value: value, lineRange: body)
    }

    func isDashComment(_ k: Int, _ e: Int) -> Bool {
        // `A: 4 — solid` or `A: 4 - solid`: a remark after a dash.
        if b[k] == DASH { return true }
        return k + 2 < e && b[k] == 0xE2 && b[k + 1] == 0x80 && (b[k + 2] == 0x94 || b[k + 2] == 0x93)
    }

    /// A plain decimal (`4`, `-2`, `4.25`: at most 15 digits) read off the bytes, exactly as
    /// `Double(String)` reads it: the digits are an integer below 2^53 and the power of ten is
    /// exact, so one division is correctly rounded. Nil for anything else (`parseNumber` then
    /// reads it); a score is almost always such a number, and the C library's reading cost more
    /// than the rest of the line.
    func decimal(_ r: TextRange) -> Double? {
        var k = r.start
        let negative = k < r.end && b[k] == DASH
        if negative { k += 1 }
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false, intDigits = 0
        while k < r.end {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(c - 0x30)
                digits += 1
                if seenPoint { fraction += 1 } else { intDigits += 1 }
            } else if c == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            k += 1
        }
        guard intDigits > 0, !seenPoint || fraction > 0, digits <= 15 else { return nil }
        let v = Double(mantissa) / PowersOfTen.exact[fraction]
        return negative ? -v : v
    }

    func parseNumber(_ s: String) -> Double? {
        guard let f = s.utf8.first, (f >= 0x30 && f <= 0x39) || f == DASH || f == UInt8(ascii: "+") || f == UInt8(ascii: ".") else { return nil }
        guard let v = Double(s), v.isFinite else { return nil }
        return v
    }

    func looksLikePreference(_ body: TextRange) -> Bool {
        guard body.length <= 80 else { return false }
        var hasOp = false
        var words = 0
        var inWord = false
        for k in body.start..<body.end {
            let c = b[k]
            // `+` catches WildBench's `A++` / `B+`, which the preference rule then translates.
            if c == GT || c == LT || c == EQ || c == UInt8(ascii: "+") { hasOp = true }
            let ws = c == SPACE || c == TAB
            if !ws && !inWord { words += 1 }
            inWord = !ws
        }
        return hasOp && words <= 6
    }

    /// `A > B`, `A >> B`, `A >>> B`, `A = B`, and the mirrored `B < A` forms.
    func preference(_ body: TextRange) -> PreferenceLine? {
        var k = body.start
        func skipSpace() { while k < body.end && (b[k] == SPACE || b[k] == TAB) { k += 1 } }
        let ls = k
        while k < body.end && isLabelByte(b[k]) { k += 1 }
        let le = k
        guard le > ls else { return nil }
        skipSpace()
        let os = k
        while k < body.end && (b[k] == GT || b[k] == LT || b[k] == EQ) { k += 1 }
        let op = text.slice(TextRange(os, k))
        skipSpace()
        let rs = k
        while k < body.end && isLabelByte(b[k]) { k += 1 }
        let re = k
        guard re > rs else { return nil }
        skipSpace()
        // Only tags may follow.
        if k < body.end && b[k] != HASH { return nil }
        let left = text.slice(TextRange(ls, le)), right = text.slice(TextRange(rs, re))
        switch op {
        case ">", ">>", ">>>":
            return PreferenceLine(left: left, right: right, leftRange: TextRange(ls, le), rightRange: TextRange(rs, re), relation: .better(strength: op.count), range: body)
        case "<", "<<", "<<<":
            return PreferenceLine(left: right, right: left, leftRange: TextRange(rs, re), rightRange: TextRange(ls, le), relation: .better(strength: op.count), range: body)
        case "=", "==":
            return PreferenceLine(left: left, right: right, leftRange: TextRange(ls, le), rightRange: TextRange(rs, re), relation: .tie, range: body)
        default:
            return nil
        }
    }

    func tags(in r: TextRange, scoreLabel: String?) {
        // Most lines have no `#` at all: `memchr` says so at a fraction of a byte's cost.
        guard r.length > 1, b.withUnsafeBufferPointer({ memchr($0.baseAddress! + r.start, Int32(HASH), r.length) != nil }) else { return }
        var k = r.start
        var inCode = false
        var found: [TagRef] = []
        while k < r.end {
            // Eight bytes at a time past text with neither `#` nor a backtick (most of a line),
            // then straight to the first of them.
            if k + 8 <= r.end {
                let marks = b.withUnsafeBufferPointer { p in
                    let w = WordScan.load(p.baseAddress! + k)
                    return WordScan.equalMask(w, HASH) | WordScan.equalMask(w, BACKTICK)
                }
                if marks == 0 { k += 8; continue }
                k += marks.trailingZeroBitCount >> 3
            }
            let c = b[k]
            if c == BACKTICK { inCode.toggle(); k += 1; continue }
            if c == HASH && !inCode && (k == r.start || isTagBoundary(b[k - 1])) && k + 1 < r.end && isTagStart(b[k + 1]) {
                var e = k + 1
                while e < r.end && isTagByte(b[e]) { e += 1 }
                while e > k + 1 && (b[e - 1] == UInt8(ascii: ".") || b[e - 1] == UInt8(ascii: "/") || b[e - 1] == DASH) { e -= 1 }
                found.append(TagRef(name: text.slice(TextRange(k + 1, e)), range: TextRange(k, e), scoreLabel: scoreLabel, lineLabels: []))
                k = e
                continue
            }
            k += 1
        }
        guard !found.isEmpty else { return }
        let labels = labelsOnLine(r)
        for var t in found { t.lineLabels = labels; nodes.tags.append(t) }
    }

    func isTagBoundary(_ c: UInt8) -> Bool {
        c == SPACE || c == TAB || c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: ",") || c == UInt8(ascii: ";")
    }
    func isTagStart(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    func isTagByte(_ c: UInt8) -> Bool { isLabelByte(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: ".") }

    /// Standalone capitalised short words on a line ("B", "A"), used to tie prose tags to a response.
    func labelsOnLine(_ r: TextRange) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []   // `out` stays in line order; the set keeps the check O(1)
        var k = r.start
        while k < r.end {
            while k < r.end && !isLabelByte(b[k]) { k += 1 }
            let s = k
            while k < r.end && isLabelByte(b[k]) { k += 1 }
            if k > s && k - s <= 3 && b[s] >= 0x41 && b[s] <= 0x5A && (s == r.start || b[s - 1] != HASH) {
                let w = text.slice(TextRange(s, k))
                if w.allSatisfy({ $0.isUppercase || $0.isNumber }) && seen.insert(w).inserted { out.append(w) }
            }
        }
        return out
    }

    func countWords(_ r: TextRange) -> Int {
        countProseWords(text.bytes, r)
    }

    // MARK: byte helpers

    func trimmed(_ r: TextRange) -> String { text.slice(r).trimmingWhitespace }

    /// Whether `b[r]` is `lower` (lowercase ASCII) in any ASCII case.
    func bytesEqualIgnoringASCIICase(_ r: TextRange, _ lower: StaticString) -> Bool {
        guard r.length == lower.utf8CodeUnitCount else { return false }
        return lower.withUTF8Buffer { l in
            for j in 0..<l.count {
                let c = b[r.start + j], want = l[j]
                // Case folds letters only: `\u{0F} | 0x20` is `/`.
                if c != want && !(want >= 0x61 && want <= 0x7A && c | 0x20 == want) { return false }
            }
            return true
        }
    }

    /// Whether `b[k..<e]` starts with `s` (its UTF-8 read in place: no array a call).
    func startsWith(_ s: String, _ k: Int, _ e: Int) -> Bool {
        var j = k
        for c in s.utf8 {
            guard j < e, b[j] == c else { return false }
            j += 1
        }
        return true
    }

    func find(_ s: String, _ k: Int, _ e: Int) -> Int? {
        guard let first = s.utf8.first else { return k }
        let n = s.utf8.count
        var j = k
        while j + n <= e {
            if b[j] == first && startsWith(s, j, e) { return j }
            j += 1
        }
        return nil
    }
}

/// Counts words in prose: runs of letters and digits, each CJK character one word, `#tags`
/// excluded.
func countProseWords(_ b: [UInt8], _ r: TextRange) -> Int {
    if let n = countASCIIWords(b, r) { return n }
    let s = String(decoding: b[r.start..<r.end], as: UTF8.self)
    var count = 0
    var inWord = false
    var skipping = false   // inside a #tag
    for u in s.unicodeScalars {
        let v = u.value
        if u == "#" && !inWord { skipping = true; continue }
        if skipping {
            if u.properties.isAlphabetic || u.properties.numericType != nil || u == "-" || u == "/" || u == "_" { continue }
            skipping = false
        }
        let cjk = (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v)
        if cjk { count += 1; inWord = false; continue }
        if u.properties.isAlphabetic || u.properties.numericType != nil || (inWord && (u == "'" || u == "’" || u == "-")) {
            if !inWord { count += 1; inWord = true }
        } else {
            inWord = false
        }
    }
    return count
}

/// The ASCII case of `countProseWords`, without decoding; nil when a byte is not ASCII (the
/// caller then counts by Unicode scalars). One table step a byte (`WordCounter`).
func countASCIIWords(_ b: [UInt8], _ r: TextRange) -> Int? {
    WordCounter.table.withUnsafeBufferPointer { table in
        b.withUnsafeBufferPointer { buf in
            guard let t = table.baseAddress, let p = buf.baseAddress, r.start >= 0, r.end <= buf.count else { return nil }
            var count = 0
            // The state kept as the table row it selects (state << 8), so a step is one load.
            var row = Int(WordCounter.outside) << 8
            var k = r.start
            // Eight steps a turn: the loop's own count, compare and branch once for eight bytes,
            // and the word starts (bit 0 of each entry, the rest a multiple of 256) summed
            // with the entries: eight of them stay below 256.
            while k &+ 8 <= r.end {
                let e0 = t[row | Int(p[k])]
                let e1 = t[Int(e0 & 0xFF00) | Int(p[k &+ 1])]
                let e2 = t[Int(e1 & 0xFF00) | Int(p[k &+ 2])]
                let e3 = t[Int(e2 & 0xFF00) | Int(p[k &+ 3])]
                let e4 = t[Int(e3 & 0xFF00) | Int(p[k &+ 4])]
                let e5 = t[Int(e4 & 0xFF00) | Int(p[k &+ 5])]
                let e6 = t[Int(e5 & 0xFF00) | Int(p[k &+ 6])]
                let e7 = t[Int(e6 & 0xFF00) | Int(p[k &+ 7])]
                count &+= Int((e0 &+ e1 &+ e2 &+ e3 &+ e4 &+ e5 &+ e6 &+ e7) & 0xFF)
                row = Int(e7 & 0xFF00)
                k &+= 8
            }
            while k < r.end {
                let e = t[row | Int(p[k])]
                count &+= Int(e & 1)
                row = Int(e & 0xFF00)
                k &+= 1
            }
            return row >> 8 == Int(WordCounter.notASCII) ? nil : count
        }
    }
}

/// ASCII word counting as a four-state machine: outside a word, inside one, inside a `#tag`
/// (not counted), or stopped at a byte that is not ASCII. `step` says the rules once; the
/// table is `step` for every state and byte, an entry being the next state times 256 plus 1
/// when a word starts.
enum WordCounter {
    static let outside: UInt8 = 0, inside: UInt8 = 1, inTag: UInt8 = 2, notASCII: UInt8 = 3

    /// A word is a run of letters and digits; `-` and `'` continue a word but start none; a `#`
    /// outside a word starts a tag, which runs over letters, digits, `-`, `/` and `_`.
    static func step(_ state: UInt8, _ c: UInt8) -> (next: UInt8, starts: Bool) {
        if state == notASCII || c >= 0x80 { return (notASCII, false) }
        let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        if c == 0x23 && state != inside { return (inTag, false) }
        if state == inTag && (alnum || c == 0x2D || c == 0x2F || c == 0x5F) { return (inTag, false) }
        if alnum { return (inside, state != inside) }
        if state == inside && (c == 0x2D || c == 0x27) { return (inside, false) }
        return (outside, false)
    }

    static let table: [UInt16] = (0..<4 * 256).map { i in
        let (next, starts) = step(UInt8(i >> 8), UInt8(i & 255))
        return UInt16(next) << 8 | (starts ? 1 : 0)
    }
}

/// 10^0 … 10^15, each exact in a Double.
enum PowersOfTen {
    static let exact: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }
}
