enum RubricMissingField {
    static let info = RuleInfo(
        id: .rubricMissingField, severity: .error, area: .rubric,
        summary: "A field the rubric needs is missing (an id, the criteria, a checklist item's text); add it.",
        explanation: """
        A rubric needs an `id` and a list of `criteria`; every criterion and tag needs an `id`,
        and every checklist item needs its `text`. Without them documents cannot name what
        they score.
        """,
        example: #"{ criteria: [] }"#)
}
