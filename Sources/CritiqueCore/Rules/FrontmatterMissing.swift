enum FrontmatterMissing: BaseRule {
    static let info = RuleInfo(
        id: .frontmatterMissing, severity: .error, area: .frontMatter,
        summary: "The document has no front matter; start it with a `---` block naming the rubric, task and annotator.",
        explanation: """
        A critique starts with a front-matter block between two `---` lines, one `key: value`
        a line: `rubric:` names the rubric, `task:` and `annotator:` identify the work, and
        `response:`/`responses:` point at the text being critiqued so quotes can be checked.
        Without it the document is checked against the workspace's default rubric (or the
        embedded one), which is rarely what the work was written against.
        """,
        example: """
        ## Accuracy
        Score: 4

        Mostly right.
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        guard ctx.document.frontMatter == nil else { return }
        let skeleton = "---\nrubric: \ntask: \nannotator: \n---\n\n".replacingNewlines(with: ctx.text.lineEnding)
        let start = ctx.text.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        sink.add(info, ctx.text.lineCount > 0 ? ctx.text.lineContentRange(0) : TextRange(0, 0),
                 "No front matter; add a `---` block with rubric, task and annotator at the top.",
                 fixes: [Fix(title: "Add front matter", edits: [TextEdit(range: .empty(at: start), newText: skeleton)])])
    }
}
