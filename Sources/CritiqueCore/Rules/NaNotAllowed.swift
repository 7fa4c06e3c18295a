enum NaNotAllowed: RubricBoundRule {
    /// Reads score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .naNotAllowed, severity: .error, area: .scores,
        summary: "`n/a` is given where the rubric requires a score; give a number.",
        explanation: """
        Only criteria with `naAllowed: true` accept `n/a` (for instance honesty, when the
        response makes no claims). Elsewhere every response must be scored.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Instruction following
        A: n/a
        B: 3
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s) in ctx.criteriaWithSections where c.kind == .scale && !c.naAllowed {
            for (li, l) in ctx.labels.enumerated() {
                guard let sl = ctx.score(s, label: li), sl.value == .notApplicable else { continue }
                sink.add(info, sl.valueRange, "'\(c.displayTitle)' does not allow n/a; give \(l) a score from \(score: c.scale?.min ?? 1) to \(score: c.scale?.max ?? 5).",
                         related: ctx.definition(c))
            }
        }
    }
}
