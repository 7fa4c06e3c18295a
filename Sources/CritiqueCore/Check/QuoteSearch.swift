#if canImport(Glibc)
import Glibc
#endif

// Finding quotes in response texts: what `quote-not-found` checks, what navigation jumps to
// and what the records export gives offsets for. Kept here, apart from any one rule.

/// The responses a document quotes from, with their search forms prepared once (the
/// workspace shares one set across every document that names the same file). A class: each
/// document's check takes it from that cache, and a struct of these dictionaries was copied
/// out field by field.
public final class ResponseSet: Sendable, ExpressibleByDictionaryLiteral {
    public let texts: [String: String]
    let normalized: [String: NormalizedText]
    /// The task's prompt, when the task file has one: a quote found only there is named as such.
    let prompt: NormalizedText?
    /// The prompt as written, and as chat messages when the task gives it so (for export).
    public let promptText: String?
    public let messages: [ChatMessage]?
    /// The response labels in order.
    public let labels: [String]

    public init(_ texts: [String: String], prompt: String? = nil, messages: [ChatMessage]? = nil) {
        self.texts = texts
        self.labels = texts.keys.sorted()
        self.normalized = texts.mapValues { NormalizedText($0) }
        self.prompt = prompt.map { NormalizedText($0) }
        self.promptText = prompt
        self.messages = messages
    }

    /// The responses a quote is searched in: the one its label names (case aside), or every
    /// one when it names none; nil when the label names no response.
    public func candidates(for label: String?) -> [String]? {
        guard let label else { return labels }
        return labels.first { equalsIgnoringCase($0, label) }.map { [$0] }
    }

    public convenience init(_ task: TaskContent) { self.init(task.responses, prompt: task.prompt, messages: task.messages) }
    public convenience init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { a, _ in a }))
    }
}

/// Text prepared for quote search: words lowercased with typographic marks folded, each
/// word remembering its UTF-8 range in the original and the line it is on. A quote matches
/// when its folded bytes appear in `compact`, the folded text with all white space removed
/// (so `4*21=84` quotes `4 * 21 = 84` and `it's` quotes a tokenised `it 's`).
/// A class: a response's text is looked up for every quote of every document, and a struct of
/// these arrays was copied out of the set each time (a retain and release an array).
final class NormalizedText: Sendable {
    let words: [String]
    let ranges: [Range<Int>]
    /// For each word, how many line breaks come before it: a suggested span never crosses one.
    let lines: [Int]
    let original: [UInt8]
    let compact: [UInt8]
    /// Where each word starts in `compact`, and its end last.
    let wordStarts: [Int]
    /// Each word with surrounding punctuation stripped, as an id into `vocabulary`.
    let keys: [Int]
    let vocabulary: [String: Int]

    init(_ s: String) {
        let b = Array(s.utf8)
        original = b
        // Folding keeps most lengths; a word is at least a byte and a separator.
        var compact: [UInt8] = [], words: [String] = [], ranges: [Range<Int>] = [], lines: [Int] = [], wordStarts: [Int] = []
        compact.reserveCapacity(b.count)
        ranges.reserveCapacity(b.count / 4 + 1); lines.reserveCapacity(b.count / 4 + 1); wordStarts.reserveCapacity(b.count / 4 + 2)
        b.withUnsafeBufferPointer { b in
            NormalizedText.fold(b, into: &compact) { range, line, start, compact in
                words.append(String(decoding: compact[start...], as: UTF8.self))
                ranges.append(range); lines.append(line); wordStarts.append(start)
            }
        }
        wordStarts.append(compact.count)
        (self.compact, self.words, self.ranges, self.lines, self.wordStarts) = (compact, words, ranges, lines, wordStarts)
        var vocabulary: [String: Int] = [:]
        keys = words.map { w in
            let key = NormalizedText.strip(w)
            if let id = vocabulary[key] { return id }
            vocabulary[key] = vocabulary.count
            return vocabulary.count - 1
        }
        self.vocabulary = vocabulary
    }

    /// A quote's folded bytes, white space removed: all an exact search needs, without the
    /// words, ranges and vocabulary of a `NormalizedText`.
    static func folded(_ s: String) -> [UInt8] {
        var s = s
        return s.withUTF8 { b in
            var compact: [UInt8] = []
            compact.reserveCapacity(b.count)
            fold(b, into: &compact) { _, _, _, _ in }
            return compact
        }
    }

    /// Folds `b` word by word: each word's folded bytes go to `compact`, and at its end `word`
    /// is told its range in `b`, how many line breaks come before it and where it starts in
    /// `compact`.
    static func fold(_ b: UnsafeBufferPointer<UInt8>, into compact: inout [UInt8],
                     word: (_ range: Range<Int>, _ line: Int, _ compactStart: Int, _ compact: [UInt8]) -> Void) {
        var start = -1, compactStart = 0
        var i = 0
        var line = 0
        func begin(_ at: Int, _ compact: [UInt8]) {
            if start < 0 { start = at; compactStart = compact.count }
        }
        func flush(_ end: Int, _ compact: [UInt8]) {
            if start >= 0 {
                word(start..<end, line, compactStart, compact)
                start = -1
            }
        }
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                    flush(i, compact)
                    // LF, CR and CRLF each end a line (CRLF counts once).
                    if c == 0x0A || (c == 0x0D && (i + 1 == b.count || b[i + 1] != 0x0A)) { line += 1 }
                    i += 1; continue
                }
                begin(i, compact)
                compact.append(c >= 0x41 && c <= 0x5A ? c + 32 : c)
                i += 1
                continue
            }
            let n = min(SourceText.scalarLength(c), b.count - i)
            let scalarText = String(decoding: UnsafeBufferPointer(rebasing: b[i..<i + n]), as: UTF8.self)
            if let u = scalarText.unicodeScalars.first, u.properties.isWhitespace {
                flush(i, compact)
                if u.value == 0x2028 || u.value == 0x2029 || u.value == 0x85 { line += 1 }
                i += n; continue
            }
            begin(i, compact)
            compact.append(contentsOf: NormalizedText.fold(scalarText).utf8)
            i += n
        }
        flush(b.count, compact)
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

    /// Whether the needle's folded bytes (`folded`) occur here, white space ignored.
    /// Knuth-Morris-Pratt: linear in both lengths whatever the text (`a`×M against `a`×K + `b`
    /// was M×K).
    func contains(_ needle: [UInt8]) -> Bool { needle.isEmpty || firstMatch(needle) != nil }

    /// Where the needle's folded bytes first occur in `compact`.
    func firstMatch(_ needle: [UInt8]) -> Int? {
        let h = compact, n = needle
        guard !n.isEmpty, n.count <= h.count else { return nil }
        // The failure table on the stack: allocated and freed for every quote, it cost a
        // fifth of the search.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: n.count) { fail in
            fail[0] = 0
            var k = 0
            for i in 1..<n.count {
                while k > 0 && n[i] != n[k] { k = fail[k - 1] }
                if n[i] == n[k] { k += 1 }
                fail[i] = k
            }
            return h.withUnsafeBufferPointer { h in
                n.withUnsafeBufferPointer { n in
                    var k = 0, i = 0
                    while i < h.count {
                        if k == 0 {
                            // Nothing matched yet: straight to the next byte that starts the needle.
                            guard let at = memchr(h.baseAddress! + i, Int32(n[0]), h.count - i) else { return nil }
                            i = h.baseAddress!.distance(to: at.assumingMemoryBound(to: UInt8.self))
                        }
                        let c = h[i]
                        while k > 0 && c != n[k] { k = fail[k - 1] }
                        if c == n[k] { k += 1; if k == n.count { return i + 1 - n.count } }
                        i += 1
                    }
                    return nil
                }
            }
        }
    }

    /// How similar a suggestion must be to the quote to be offered.
    static let suggestionThreshold = 0.5

    /// The span of this text most like the needle, as original text, with its similarity
    /// (0…1). Spans never cross a line break, so a fix never splices lines into a quote.
    ///
    /// First, windows of about the needle's word count (±2) are ranked by the words they share
    /// with it (Dice); then the best few have their ends moved by up to two words and are
    /// ranked by character edit distance over the folded text, so the span's length fits the
    /// match (`Kelsey's age` finds a tokenised `Kelsey 's age`, not `'s age`). On a tie the
    /// span whose first and last words are the needle's wins, then the earliest.
    func closestSpan(to needle: NormalizedText) -> (String, Double)? {
        closestWindow(to: needle).map { (String(decoding: original[$0.start..<$0.end], as: UTF8.self), $0.score) }
    }

    /// `closestSpan` as UTF-8 offsets into the original text.
    func closestWindow(to needle: NormalizedText) -> (start: Int, end: Int, score: Double)? {
        let k = needle.words.count
        guard k > 0, !keys.isEmpty else { return nil }
        var want = [Int](repeating: 0, count: vocabulary.count)
        for w in needle.words { if let id = vocabulary[NormalizedText.strip(w)] { want[id] += 1 } }
        // Candidate windows by shared words.
        var candidates: [(lo: Int, hi: Int, dice: Double)] = []
        var have = [Int](repeating: 0, count: vocabulary.count)
        for size in Swift.max(1, k - 2)...(k + 2) where size <= keys.count {
            for i in have.indices { have[i] = 0 }
            var overlap = 0
            for start in 0...(keys.count - size) {
                if start == 0 {
                    for j in 0..<size { let id = keys[j]; have[id] += 1; if have[id] <= want[id] { overlap += 1 } }
                } else {
                    let out = keys[start - 1]
                    if have[out] <= want[out] { overlap -= 1 }
                    have[out] -= 1
                    let inn = keys[start + size - 1]
                    have[inn] += 1
                    if have[inn] <= want[inn] { overlap += 1 }
                }
                guard overlap > 0, lines[start] == lines[start + size - 1] else { continue }
                let dice = 2 * Double(overlap) / Double(k + size)
                if candidates.count < 4 { candidates.append((start, start + size - 1, dice)); candidates.sort { $0.dice > $1.dice } }
                else if dice > candidates[3].dice { candidates[3] = (start, start + size - 1, dice); candidates.sort { $0.dice > $1.dice } }
            }
        }
        guard !candidates.isEmpty else { return nil }
        // Refine the ends by characters (bounded: quotes of a few hundred characters).
        let needleText = String(decoding: needle.compact, as: UTF8.self)
        let refine = needle.compact.count <= 600
        let firstKey = vocabulary[NormalizedText.strip(needle.words[0])], lastKey = vocabulary[NormalizedText.strip(needle.words[k - 1])]
        var best: (lo: Int, hi: Int, score: Double, aligned: Int)?
        func consider(_ lo: Int, _ hi: Int, _ score: Double) {
            let aligned = (keys[lo] == firstKey ? 1 : 0) + (keys[hi] == lastKey ? 1 : 0)
            if let b = best, (score, aligned, -lo) <= (b.score, b.aligned, -b.lo) { return }
            best = (lo, hi, score, aligned)
        }
        for c in candidates {
            guard refine else { consider(c.lo, c.hi, c.dice); continue }
            for lo in Swift.max(0, c.lo - 2)...Swift.min(c.lo + 2, c.hi) {
                for hi in Swift.max(lo, c.hi - 2)...Swift.min(keys.count - 1, c.hi + 2) where lines[lo] == lines[hi] {
                    let span = compact[compactStart(lo)..<compactStart(hi + 1)]
                    guard span.count <= 2 * needle.compact.count + 16 else { continue }
                    let longest = Swift.max(span.count, needle.compact.count)
                    let limit = longest / 2
                    let d = editDistance(String(decoding: span, as: UTF8.self), needleText, limit: limit)
                    if d <= limit { consider(lo, hi, 1 - Double(d) / Double(longest)) }
                }
            }
        }
        guard let b = best else { return nil }
        return (ranges[b.lo].lowerBound, ranges[b.hi].upperBound, b.score)
    }

    /// Where word `i` starts in `compact` (`words.count` gives the end).
    func compactStart(_ i: Int) -> Int { wordStarts[i] }
}

extension NormalizedText {
    /// The original range of the first exact (folded, white space ignored) occurrence, widened
    /// to whole words (folding can change byte lengths inside a word).
    func find(_ needle: [UInt8]) -> TextRange? {
        guard let at = firstMatch(needle) else { return nil }
        let end = at + needle.count
        guard let lo = word(at: at), let hi = word(at: end - 1) else { return nil }
        return TextRange(ranges[lo].lowerBound, ranges[hi].upperBound)
    }

    /// The word whose folded bytes hold `compact[offset]` (binary search: `wordStarts` rises).
    func word(at offset: Int) -> Int? {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if wordStarts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }
}
