enum ConfigInvalid: BaseRule {
    static let info = RuleInfo(
        id: .configInvalid, severity: .error, area: .workspace,
        summary: "The workspace's critique.json has an error or cannot be read; fix it, since the document was checked without it.",
        explanation: """
        critique.json decides where rubrics are found, which rules apply and at what
        severity. When it has a syntax error, an invalid value, or cannot be read (permissions,
        not a regular file), the editor shows the problem on every document of the workspace,
        with the position in critique.json, instead of only the consequences (a rubric that
        is "not found"). `critique check` stops with exit 2 on the same problems.
        """,
        example: "")

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        for p in ctx.configProblems { sink.add(info, ctx.anchor, Message(p)) }
    }
}
