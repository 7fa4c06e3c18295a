enum QuoteNotFound: RubricBoundRule {
    static let info = RuleInfo(
        id: "quote-not-found", severity: .warning, area: .prose,
        summary: "A quote does not appear in the response it cites; copy the exact words (the closest span is suggested).",
        explanation: """
        Block quotes (`> "…"`, `> B: "…"`) are checked against the response texts named by
        `response:` or `responses:` in the front matter. Case, white space and typographic
        quote marks and dashes are ignored. When the quote is not found, the closest span of
        the response is named in the message and offered as a fix. It is a warning, not an
        error: real critiques paraphrase about a quarter of their quotes, and a paraphrase is
        worth pointing out, not rejecting outright.
        """,
        example: """
        ---
        rubric: chat-pairwise
        responses: tasks/T-1.json
        ---

        ## Truthfulness
        A: 5
        B: 2

        > B: "a study from 2019 proves it"
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        guard case .texts(let texts) = ctx.base.responsesResolution, !texts.isEmpty else { return }
        var cache: [String: NormalizedText] = [:]
        func normalized(_ label: String) -> NormalizedText? {
            if let n = cache[label] { return n }
            guard let t = texts[label] else { return nil }
            let n = NormalizedText(t)
            cache[label] = n
            return n
        }
        let labelsByLower = Dictionary(texts.keys.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for s in [ctx.document.preamble] + ctx.document.sections {
            for q in s.quotes {
                let needle = NormalizedText(q.text)
                guard !needle.joined.isEmpty else { continue }
                var candidates: [String]
                if let l = q.label {
                    guard let key = labelsByLower[l.lowercased()] else {
                        sink.add(info, q.labelRange ?? q.textRange, "No response is labelled '\(l)'; the responses are \(texts.keys.sorted().joined(separator: ", ")).")
                        continue
                    }
                    candidates = [key]
                } else {
                    candidates = texts.keys.sorted()
                }
                if candidates.contains(where: { normalized($0)!.contains(needle) }) { continue }
                var best: (label: String, span: String, score: Double)?
                for l in candidates {
                    if let (span, score) = normalized(l)!.closestSpan(to: needle), score > (best?.score ?? 0) { best = (l, span, score) }
                }
                let from = q.label.map { "response \($0)" } ?? (texts.count == 1 ? "the response" : "any response")
                if let best, best.score >= 0.5 {
                    let shown = best.span.count > 160 ? String(best.span.prefix(157)) + "…" : best.span
                    sink.add(info, q.textRange, "Quote not found in \(from); closest\(texts.count > 1 && q.label == nil ? " (in \(best.label))" : ""): \"\(shown)\".",
                             fixes: [Fix(title: "Replace with the closest span of the response", edits: [TextEdit(range: q.textRange, newText: best.span)])])
                } else {
                    sink.add(info, q.textRange, "Quote not found in \(from), and nothing in it is close; quote the response's exact words.")
                }
            }
        }
    }
}

/// Text prepared for quote search: words lowercased with typographic marks folded, white
/// space collapsed, each word remembering its range in the original.
struct NormalizedText {
    var words: [String] = []
    var ranges: [Range<String.Index>] = []
    let original: String
    var joined: [UInt8] = []

    init(_ s: String) {
        original = s
        var current = ""
        var start: String.Index?
        var i = s.startIndex
        while i < s.endIndex {
            let ch = s[i]
            if ch.isWhitespace {
                if let st = start { words.append(current); ranges.append(st..<i); current = ""; start = nil }
            } else {
                if start == nil { start = i }
                current += NormalizedText.fold(ch)
            }
            i = s.index(after: i)
        }
        if let st = start { words.append(current); ranges.append(st..<s.endIndex) }
        joined = Array(words.joined(separator: " ").utf8)
    }

    static func fold(_ ch: Character) -> String {
        switch ch {
        case "“", "”", "„", "″": return "\""
        case "‘", "’", "‚", "′": return "'"
        case "–", "—", "−": return "-"
        case "…": return "..."
        default: return ch.lowercased()
        }
    }

    func contains(_ needle: NormalizedText) -> Bool {
        let h = joined, n = needle.joined
        guard !n.isEmpty, n.count <= h.count else { return n.isEmpty }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    /// The window of as many words as the needle with the most words in common with it,
    /// as original text, with the share of the needle's words it contains.
    func closestSpan(to needle: NormalizedText) -> (String, Double)? {
        let k = needle.words.count
        guard k > 0, !words.isEmpty else { return nil }
        let strip: (String) -> String = { $0.trimmingCharacters(in: "\"'.,;:!?()[]") }
        var want: [String: Int] = [:]
        for w in needle.words { want[strip(w), default: 0] += 1 }
        let keys = words.map(strip)
        let size = min(k, keys.count)
        var have: [String: Int] = [:]
        var overlap = 0
        func add(_ w: String) { have[w, default: 0] += 1; if have[w]! <= (want[w] ?? 0) { overlap += 1 } }
        func remove(_ w: String) { if have[w]! <= (want[w] ?? 0) { overlap -= 1 }; have[w]! -= 1 }
        for j in 0..<size { add(keys[j]) }
        var best = (start: 0, overlap: overlap)
        if keys.count > size {
            for start in 1...(keys.count - size) {
                remove(keys[start - 1]); add(keys[start + size - 1])
                if overlap > best.overlap { best = (start, overlap) }
            }
        }
        let span = String(original[ranges[best.start].lowerBound..<ranges[best.start + size - 1].upperBound])
        return (span, Double(best.overlap) / Double(k))
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
