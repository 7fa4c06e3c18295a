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
        let phrases = ctx.rubric.bannedPhrases.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        guard !phrases.isEmpty else { return }
        let b = ctx.text.bytes
        for s in [ctx.document.preamble] + ctx.document.sections {
            for r in s.prose {
                for (p, phrase) in zip(phrases, ctx.rubric.bannedPhrases) {
                    var i = r.start
                    while i + p.count <= r.end {
                        var j = 0
                        while j < p.count && asciiLower(b[i + j]) == p[j] { j += 1 }
                        if j == p.count {
                            sink.add(info, TextRange(i, i + p.count), "\"\(phrase)\" is on the rubric's list of banned phrases; rephrase it.")
                            i += p.count
                        } else { i += 1 }
                    }
                }
            }
        }
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
