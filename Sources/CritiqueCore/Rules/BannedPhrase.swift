enum BannedPhrase: PartRule {
    static let info = RuleInfo(
        id: .bannedPhrase, severity: .warning, area: .prose,
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
        let doc = ctx.document
        ctx.text.bytes.withUnsafeBufferPointer { bytes in
            for k in parts {
                let prose = doc[part: k].prose
                for i in prose.indices {
                    for j in patterns.indices {
                        for at in patterns[j].occurrences(in: bytes, prose[i]) {
                            sink.add(info, TextRange(at, at + patterns[j].length), "\"\(patterns[j].phrase)\" is on the rubric's list of banned phrases; rephrase it.")
                        }
                    }
                }
            }
        }
    }
}
