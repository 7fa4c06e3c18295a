enum ScoreOutOfRange: RubricBoundRule {
    static let info = RuleInfo(
        id: "score-out-of-range", severity: .error, area: .scores,
        summary: "A score is outside the criterion's scale; use a value from min to max.",
        explanation: """
        Each scale has a `min` and a `max` (1–5 unless the rubric says otherwise). A score
        outside them is reported with a fix that clamps it to the nearest end.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 7
        B: 3
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s) in ctx.criteriaWithSections where c.kind == .scale {
            guard let sc = c.scale else { continue }
            for l in ctx.labels {
                guard let sl = ctx.score(s, l), case .number(let v) = sl.value, v < sc.min || v > sc.max else { continue }
                let clamped = min(sc.max, max(sc.min, v))
                sink.add(info, sl.valueRange, "\(formatScore(v)) is outside the scale of '\(c.displayTitle)' (\(formatScore(sc.min))–\(formatScore(sc.max))).",
                         related: ctx.definition(c),
                         fixes: [Fix(title: "Change to \(formatScore(clamped))", edits: [TextEdit(range: sl.valueRange, newText: formatScore(clamped))])])
            }
        }
    }
}
