enum BannedPhrase: PartRule {
    static let info = RuleInfo(
        id: "banned-phrase", severity: .warning, area: .prose,
        summary: "The critique uses a phrase the rubric's style guide bans; rephrase it.",
        explanation: """
        A rubric's `style.bannedPhrases` lists phrases its reviewers reject in critiques
        (boilerplate such as "as an AI language model", or vague praise). They are matched
        case-insensitively in your prose; quoting a response that uses one is fine, so quotes
        are not searched.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 5

        It is important to note that both are accurate.
        """)

    static func check(_ ctx: CheckContext, parts: Range<Int>, _ sink: inout FindingSink) {
        let phrases = ctx.rubric.bannedPhrases.map { (Pattern(Array($0.lowercased().utf8)), $0) }.filter { !$0.0.bytes.isEmpty }
        guard !phrases.isEmpty else { return }
        let doc = ctx.document, bytes = ctx.text.bytes
        for k in parts {
            for r in doc[part: k].prose {
                for (p, phrase) in phrases {
                    for at in occurrences(of: p, in: bytes, r) {
                        sink.add(info, TextRange(at, at + p.bytes.count), "\"\(phrase)\" is on the rubric's list of banned phrases; rephrase it.")
                    }
                }
            }
        }
    }

    /// A lowercase phrase with its Boyer–Moore–Horspool shift table.
    struct Pattern {
        let bytes: [UInt8]
        let shift: [Int]
        init(_ p: [UInt8]) {
            bytes = p
            var t = [Int](repeating: max(1, p.count), count: 256)
            for k in 0..<max(0, p.count - 1) {
                let c = p[k]
                t[Int(c)] = p.count - 1 - k
                if c >= 0x61 && c <= 0x7A { t[Int(c - 32)] = p.count - 1 - k }
            }
            shift = t
        }
    }

    /// Start offsets of the pattern in `b[r]`, ASCII case-insensitively, not overlapping;
    /// most positions are skipped by up to the phrase's length.
    static func occurrences(of p: Pattern, in b: [UInt8], _ r: TextRange) -> [Int] {
        let n = p.bytes.count
        guard n > 0, r.end - r.start >= n else { return [] }
        var out: [Int] = []
        b.withUnsafeBufferPointer { buf in
            p.bytes.withUnsafeBufferPointer { pat in
                p.shift.withUnsafeBufferPointer { shift in
                    var i = r.start
                    while i + n <= r.end {
                        let last = buf[i + n - 1]
                        if asciiLower(last) == pat[n - 1] {
                            var j = n - 2
                            while j >= 0 && asciiLower(buf[i + j]) == pat[j] { j -= 1 }
                            if j < 0 { out.append(i); i += n; continue }
                        }
                        i += shift[Int(last)]
                    }
                }
            }
        }
        return out
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
