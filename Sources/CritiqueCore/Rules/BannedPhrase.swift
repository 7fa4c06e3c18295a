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
        let patterns = ctx.rubric.bannedPatterns
        guard !patterns.isEmpty else { return }
        let doc = ctx.document, bytes = ctx.text.bytes
        for k in parts {
            for r in doc[part: k].prose {
                for p in patterns {
                    for at in p.occurrences(in: bytes, r) {
                        sink.add(info, TextRange(at, at + p.length), "\"\(p.phrase)\" is on the rubric's list of banned phrases; rephrase it.")
                    }
                }
            }
        }
    }
}
