enum CriterionMissing: RubricBoundRule {
    static let info = RuleInfo(
        id: .criterionMissing, severity: .error, area: .structure,
        summary: "A required criterion has no section; add a `##` section for it.",
        explanation: """
        Every criterion the rubric marks `required` (the default) needs its own `##` section.
        The finding sits on the `rubric:` line (or the top of the document) and offers a fix
        that appends the section's skeleton: heading, score lines and room for prose.
        """,
        example: """
        ---
        rubric: chat-pairwise
        task: T-1
        annotator: w-1
        ---

        ## Instruction following
        A: 4
        B: 4

        Both follow the brief closely and keep to the requested format throughout.
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for c in ctx.rubric.leaves where c.required && !ctx.hasSection(c) {
            sink.add(info, ctx.base.anchor, "Criterion '\(c.displayTitle)' has no section; add `## \(c.displayTitle)`.",
                     related: ctx.definition(c),
                     fixes: [Fix(title: "Add a section for '\(c.displayTitle)'", edits: [ctx.appendAtEnd(ctx.skeleton(for: c))])])
        }
    }
}
