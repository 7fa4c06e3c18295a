enum ScoreOutOfRange: RubricBoundRule {
    /// Reads score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .scoreOutOfRange, severity: .error, area: .scores,
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
        ctx.forEachScaleScore(where: { sc, v in v < sc.min || v > sc.max }) { c, sc, sl, v in
            sink.add(info, sl.valueRange, "\(score: v) is outside the scale of '\(c.displayTitle)' (\(score: sc.min)–\(score: sc.max)).",
                     related: ctx.definition(c), fixes: [ctx.changeScore(sl, to: min(sc.max, max(sc.min, v)))])
        }
    }
}
