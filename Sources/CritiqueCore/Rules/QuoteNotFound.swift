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
        guard case .texts(let set) = ctx.base.responsesResolution, !set.texts.isEmpty else { return }
        let texts = set.texts
        func normalized(_ label: String) -> NormalizedText? { set.normalized[label] }
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

/// The responses a document quotes from, with their search forms prepared once (the
/// workspace shares one set across every document that names the same file).
public struct ResponseSet: Sendable, ExpressibleByDictionaryLiteral {
    public let texts: [String: String]
    let normalized: [String: NormalizedText]

    public init(_ texts: [String: String]) {
        self.texts = texts
        self.normalized = texts.mapValues(NormalizedText.init)
    }
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { a, _ in a }))
    }
}

/// Text prepared for quote search: words lowercased with typographic marks folded, white
/// space collapsed, each word remembering its UTF-8 range in the original.
struct NormalizedText: Sendable {
    var words: [String] = []
    var ranges: [Range<Int>] = []
    let original: [UInt8]
    var joined: [UInt8] = []
    /// Each word with surrounding punctuation stripped, as an id into `vocabulary`.
    var keys: [Int] = []
    var vocabulary: [String: Int] = [:]

    init(_ s: String) {
        let b = Array(s.utf8)
        original = b
        var current: [UInt8] = []
        var start = -1
        var i = 0
        func flush(_ end: Int) {
            if start >= 0 { words.append(String(decoding: current, as: UTF8.self)); ranges.append(start..<end); current.removeAll(keepingCapacity: true); start = -1 }
        }
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) { flush(i); i += 1; continue }
                if start < 0 { start = i }
                current.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
                i += 1
                continue
            }
            let n = min(SourceText.scalarLength(c), b.count - i)
            let scalarText = String(decoding: b[i..<i + n], as: UTF8.self)
            if let u = scalarText.unicodeScalars.first, u.properties.isWhitespace { flush(i); i += n; continue }
            if start < 0 { start = i }
            current.append(contentsOf: NormalizedText.fold(scalarText).utf8)
            i += n
        }
        flush(b.count)
        for (k, w) in words.enumerated() { if k > 0 { joined.append(0x20) }; joined.append(contentsOf: w.utf8) }
        keys = words.map { w in
            let key = NormalizedText.strip(w)
            if let id = vocabulary[key] { return id }
            vocabulary[key] = vocabulary.count
            return vocabulary.count - 1
        }
    }

    /// A word without the punctuation that clings to it in prose (ASCII marks only).
    static func strip(_ w: String) -> String {
        let u = Array(w.utf8)
        let isMark: (UInt8) -> Bool = { c in c == 0x22 || c == 0x27 || c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x28 || c == 0x29 || c == 0x5B || c == 0x5D }
        var lo = 0, hi = u.count
        while lo < hi && isMark(u[lo]) { lo += 1 }
        while hi > lo && isMark(u[hi - 1]) { hi -= 1 }
        return lo == 0 && hi == u.count ? w : String(decoding: u[lo..<hi], as: UTF8.self)
    }

    static func fold(_ s: String) -> String {
        switch s {
        case "“", "”", "„", "″": return "\""
        case "‘", "’", "‚", "′": return "'"
        case "–", "—", "−": return "-"
        case "…": return "..."
        default: return s.lowercased()
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
        // Count the needle's words by this text's word ids; words it never uses cannot match.
        var want = [Int](repeating: 0, count: vocabulary.count)
        for w in needle.words { if let id = vocabulary[NormalizedText.strip(w)] { want[id] += 1 } }
        var have = [Int](repeating: 0, count: vocabulary.count)
        let size = min(k, keys.count)
        var overlap = 0
        for j in 0..<size { let id = keys[j]; have[id] += 1; if have[id] <= want[id] { overlap += 1 } }
        var best = (start: 0, overlap: overlap)
        if keys.count > size {
            for start in 1...(keys.count - size) {
                let out = keys[start - 1]
                if have[out] <= want[out] { overlap -= 1 }
                have[out] -= 1
                let inn = keys[start + size - 1]
                have[inn] += 1
                if have[inn] <= want[inn] { overlap += 1 }
                if overlap > best.overlap { best = (start, overlap) }
            }
        }
        let lo = best.start, hi = best.start + size - 1
        let span = String(decoding: original[ranges[lo].lowerBound..<ranges[hi].upperBound], as: UTF8.self)
        return (span, Double(best.overlap) / Double(k))
    }
}
