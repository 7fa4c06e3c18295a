enum JustificationTooShort: RubricBoundRule {
    static let info = RuleInfo(
        id: .justificationTooShort, severity: .warning, area: .prose,
        summary: "The justification has fewer words than the rubric asks; say more about why the score was given.",
        explanation: """
        Counts the words of prose in the section (each CJK character counts as one word;
        quotes, tags and score lines are not counted) against the criterion's
        `justification.minWords`. The editor shows the running count as an inlay hint.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Instruction following
        A: 4
        B: 4

        Both fine.
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s, req) in ctx.justificationNeeds where s.words > 0 && s.words < req.minimum {
            sink.add(info, s.headingRange, "The justification for '\(c.displayTitle)' has \(s.words) word\(s.words == 1 ? "" : "s"); the rubric asks for at least \(req.minimum).",
                     related: [RelatedInfo(place: .rubric(req.range), message: "requirement defined here")])
        }
    }
}
