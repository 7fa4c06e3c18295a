enum QuoteNotFound: RubricBoundRule {
    /// Reads quote lines and the responses only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .quoteNotFound, severity: .warning, area: .prose,
        summary: "A quote does not appear in the response it cites; copy the exact words (the closest span is suggested).",
        explanation: """
        Block quotes (`> "…"`, `> B: "…"`) are checked against the response texts named by
        `response:` or `responses:` in the front matter. Case, typographic quote marks and
        dashes are folded and white space is ignored altogether, so `4*21=84` quotes
        `4 * 21 = 84`. A quote found only in the task's prompt is named as such. Otherwise the
        closest span of the response (never across a line break, and only when it is at least
        half similar) is named in the message and offered as a fix. It is a warning, not an
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
        let doc = ctx.document
        for k in 0..<doc.partCount {
            for q in doc[part: k].quotes {
                let needle = NormalizedText.folded(q.text)
                guard !needle.isEmpty else { continue }
                guard let candidates = set.candidates(for: q.label) else {
                    sink.add(info, q.labelRange ?? q.textRange, "No response is labelled '\(q.label ?? "")'; the responses are \(set.labels.joined(separator: ", ")).")
                    continue
                }
                if candidates.contains(where: { normalized($0)!.contains(needle) }) { continue }
                let from = q.label.map { "response \($0)" } ?? (texts.count == 1 ? "the response" : "any response")
                // Words taken from the task's prompt are not evidence about a response: say so
                // rather than point at a response span that means something else.
                if let prompt = set.prompt, prompt.contains(needle) {
                    sink.add(info, q.textRange, "This quote is from the prompt, not from \(from); quote the response's own words as evidence.")
                    continue
                }
                var best: (label: String, span: String, score: Double)?
                let words = NormalizedText(q.text)
                for l in candidates {
                    if let (span, score) = normalized(l)!.closestSpan(to: words), score > (best?.score ?? 0) { best = (l, span, score) }
                }
                if let best, best.score >= NormalizedText.suggestionThreshold {
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
