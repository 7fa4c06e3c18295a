enum SuppressionNoReason {
    static let info = RuleInfo(
        id: .suppressionNoReason, severity: .warning, area: .suppression,
        summary: "A critique-disable comment gives no reason; add one after a colon.",
        explanation: """
        Reviewers need to know why a rule was silenced: write it after a colon,
        `<!-- critique-disable quote-not-found: response B was truncated in the task file -->`.
        The suppression still works without one.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        <!-- critique-disable score-off-step -->
        ## Truthfulness
        A: 3.5
        B: 4
        """)
}
