enum RubricSyntax {
    static let info = RuleInfo(
        id: .rubricSyntax, severity: .error, area: .rubric,
        summary: "The rubric is not valid JSON or JSON5; fix the text at the position shown.",
        explanation: """
        Rubric files are JSON, and JSON5 is accepted: comments, trailing commas, unquoted keys
        and single-quoted strings are all fine. Anything else that cannot be read (a missing
        comma, an unterminated string, a stray character) is reported where reading stopped
        making sense. Documents that use a rubric with syntax errors get `rubric-invalid`
        and are not checked further until it is fixed.
        """,
        example: #"{ id: "demo", criteria: [ { id: "a" } "#)
}
