enum RubricInvalidValue {
    static let info = RuleInfo(
        id: .rubricInvalidValue, severity: .error, area: .rubric,
        summary: "A rubric field has a value of the wrong type or outside its allowed set; use the form the message names.",
        explanation: """
        Each rubric field has one type: `scale.min` is a number, `mode` is "single" or
        "pairwise", `tags` is a list, `evidence.when` is "always", "belowMax" or
        "scoreAtMost:N", and so on (the JSON Schema in EditorConfigs/rubric.schema.json lists
        them all). A value of another type is reported at the value.
        """,
        example: #"{ id: "demo", criteria: [ { id: "a", scale: { min: "one", max: 5 } } ] }"#)
}
