enum ResponsesNotFound: BaseRule {
    static let info = RuleInfo(
        id: .responsesNotFound, severity: .warning, area: .workspace,
        summary: "The response file named in the front matter cannot be read; fix the path so quotes can be checked.",
        explanation: """
        `responses: tasks/T-1.json` names a task file of the shape
        `{"prompt": "…", "responses": {"A": "…", "B": "…"}}`; `response: r.txt` names one
        plain-text response. When the file is missing or malformed, quotes cannot be checked
        against it; the message says why.
        """,
        example: """
        ---
        rubric: chat-pairwise
        responses: tasks/missing.json
        ---
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        guard case .notFound(let path, let reason) = ctx.responsesResolution,
              let e = ctx.document.frontMatter?.entry("responses") ?? ctx.document.frontMatter?.entry("response") else { return }
        sink.add(info, e.valueRange, "Cannot read responses from '\(path)': \(reason). Quotes are not checked.")
    }
}
