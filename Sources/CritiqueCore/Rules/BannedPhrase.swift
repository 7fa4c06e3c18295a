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
        guard !patterns.isEmpty, !parts.isEmpty else { return }
        let doc = ctx.document
        // The parts' prose lines are one run of the document's prose array: parts and their
        // nodes are in text order.
        let lines = doc.parts[parts.lowerBound].prose.lowerBound..<doc.parts[parts.upperBound - 1].prose.upperBound
        ctx.text.bytes.withUnsafeBufferPointer { bytes in
            doc.nodes.prose.withUnsafeBufferPointer { prose in
                // Each pattern taken once for all the lines: taken a line at a time, it was
                // three retains and releases a line (its phrase, bytes and table).
                for pattern in patterns {
                    for i in lines {
                        for at in pattern.occurrences(in: bytes, prose[i]) {
                            sink.add(info, TextRange(at, at + pattern.length), "\"\(pattern.phrase)\" is on the rubric's list of banned phrases; rephrase it.")
                        }
                    }
                }
            }
        }
    }
}
