enum BannedPhrase: RubricBoundRule {
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

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let phrases = ctx.rubric.bannedPhrases.map { (Array($0.lowercased().utf8), $0) }.filter { !$0.0.isEmpty }
        guard !phrases.isEmpty else { return }
        for s in [ctx.document.preamble] + ctx.document.sections {
            for r in s.prose {
                for (p, phrase) in phrases {
                    for at in occurrences(of: p, in: ctx.text.bytes, r) {
                        sink.add(info, TextRange(at, at + p.count), "\"\(phrase)\" is on the rubric's list of banned phrases; rephrase it.")
                    }
                }
            }
        }
    }

    /// Start offsets of `p` (lowercase) in `b[r]`, ASCII case-insensitively, not overlapping.
    static func occurrences(of p: [UInt8], in b: [UInt8], _ r: TextRange) -> [Int] {
        var out: [Int] = []
        b.withUnsafeBufferPointer { buf in
            p.withUnsafeBufferPointer { pat in
                let first = pat[0], n = pat.count
                var i = r.start
                while i + n <= r.end {
                    if asciiLower(buf[i]) == first {
                        var j = 1
                        while j < n && asciiLower(buf[i + j]) == pat[j] { j += 1 }
                        if j == n { out.append(i); i += n; continue }
                    }
                    i += 1
                }
            }
        }
        return out
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
