enum ScoreOffStep: RubricBoundRule {
    /// Reads score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .scoreOffStep, severity: .error, area: .scores,
        summary: "A score is between the scale's steps (3.5 on a step-1 scale); use a value on the step.",
        explanation: """
        Scales move in steps (`step: 1` unless the rubric says otherwise, `0.5` for half
        points). A score between steps is reported with a fix that snaps it to the nearest
        valid value.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 3.5
        B: 3
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        ctx.forEachScaleScore(where: { sc, v in v >= sc.min && v <= sc.max && !sc.isOnStep(v) }) { c, sc, sl, v in
            let snapped = sc.snapped(v)
            sink.add(info, sl.valueRange, "\(score: v) is not on the scale of '\(c.displayTitle)' (steps of \(score: sc.step) from \(score: sc.min)); use \(score: snapped).",
                     related: ctx.definition(c), fixes: [ctx.changeScore(sl, to: snapped)])
        }
    }
}
