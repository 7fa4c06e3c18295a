enum SuppressionUnused {
    static let info = RuleInfo(
        id: .suppressionUnused, severity: .warning, area: .suppression,
        summary: "A critique-disable comment suppresses nothing (or names an unknown rule); remove it.",
        explanation: """
        `<!-- critique-disable rule-id: reason -->` on its own line silences a rule for the
        block that follows (up to the next blank line); `critique-disable-file` silences it
        for the whole document. A suppression that silences nothing is stale — the problem
        was fixed, or the rule id is misspelt — and stale suppressions hide future problems.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        <!-- critique-disable score-off-step: half points agreed with the reviewer -->
        ## Truthfulness
        A: 4
        B: 4
        """)
}
