enum FrontmatterInvalid: BaseRule {
    static let info = RuleInfo(
        id: .frontmatterInvalid, severity: .error, area: .frontMatter,
        summary: "The front matter is not closed or holds a line that is not `key: value`; fix the line shown.",
        explanation: """
        Front matter is deliberately flat: one `key: value` a line between two `---` lines,
        no nesting and no lists. An indented or list line, or a block that never closes
        (the next `##` heading arrives first), is reported so that a key is never silently
        lost.
        """,
        example: """
        ---
        rubric: chat-pairwise
        reviewers:
          - w-118
        ---
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        for p in ctx.document.problems { sink.add(info, p.range, Message(p.message)) }
    }
}
