enum JustificationMissing: RubricBoundRule {
    static let info = RuleInfo(
        id: .justificationMissing, severity: .error, area: .prose,
        summary: "A criterion that requires a justification has no prose; explain the score in your own words.",
        explanation: """
        A criterion with `justification: { minWords: N, when: … }` needs prose explaining the
        score: always, or (`belowMax`) whenever a response is scored below the maximum.
        Score lines, tags, checklist lines and block quotes do not count as justification.
        A section with no words at all is this error; one with too few is
        `justification-too-short`.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Instruction following
        A: 4
        B: 4
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s, req) in ctx.justificationNeeds where s.words == 0 {
            sink.add(info, s.headingRange, "'\(c.displayTitle)' needs a justification of at least \(req.minimum) word\(req.minimum == 1 ? "" : "s") (\(req.whenText)); explain the score.",
                     related: [RelatedInfo(place: .rubric(req.range), message: "requirement defined here")])
        }
    }
}
