enum EvidenceMissing: RubricBoundRule {
    /// Reads quotes and score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .evidenceMissing, severity: .error, area: .prose,
        summary: "The criterion needs quoted evidence (`> \"…\"`, or `> B: \"…\"` in pairwise mode); quote the response.",
        explanation: """
        A criterion with `evidence: { minQuotes: N, when: … }` needs N block-quote lines from
        the response: always, when the score is below the maximum, or when it is at most a
        value (`scoreAtMost:2`). In pairwise mode the requirement is per response: a low score
        for B needs quotes labelled `> B: "…"`.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 2

        B invents a 2019 study that does not exist.
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s) in ctx.criteriaWithSections {
            guard let req = c.evidence, req.minimum > 0 else { continue }
            let pairwise = ctx.rubric.mode == .pairwise
            for (li, l) in ctx.labels.enumerated() {
                let score = ctx.numericScore(s, label: li)
                guard c.kind != .scale || req.applies(score: score, scale: c.scale) else { continue }
                if c.kind != .scale && req.when != .always { continue }
                let count = pairwise ? s.quotes.count(where: { $0.label.map { equalsIgnoringCase($0, l) } ?? false }) : s.quotes.count
                guard count < req.minimum else { continue }
                let form = pairwise ? "`> \(l): \"…\"`" : "`> \"…\"`"
                let why = score.map { " (score \(formatScore($0)))" } ?? ""
                sink.add(info, ctx.score(s, label: li)?.lineRange ?? s.headingRange,
                         "'\(c.displayTitle)' needs \(req.minimum) quote\(req.minimum == 1 ? "" : "s") from \(pairwise ? l : "the response")\(why); found \(count). Add \(form).",
                         related: [RelatedInfo(place: .rubric(req.range), message: "requirement defined here")])
            }
        }
    }
}
