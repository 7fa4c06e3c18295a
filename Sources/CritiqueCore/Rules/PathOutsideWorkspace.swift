enum PathOutsideWorkspace: BaseRule {
    static let info = RuleInfo(
        id: .pathOutsideWorkspace, severity: .error, area: .workspace,
        summary: "A rubric or response path leads outside the workspace root; keep referenced files inside the folder that holds critique.json.",
        explanation: """
        Rubrics and response files are read only from inside the workspace root (the folder
        of critique.json, or the document's folder when there is none). A path with `..` that
        climbs out, an absolute path elsewhere, or a symbolic link that leads outside is
        reported and never read, so a shared critique cannot make a checker read arbitrary
        files.
        """,
        example: """
        ---
        rubric: ../../etc/passwd
        ---
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        if case .outsideWorkspace(let ref, let path) = ctx.rubricResolution {
            sink.add(info, ctx.anchor, "Rubric path '\(ref)' resolves to \(path), outside the workspace; it was not read.")
        }
        if case .outsideWorkspace(let path) = ctx.responsesResolution, let e = ctx.document.frontMatter?.entry("responses") ?? ctx.document.frontMatter?.entry("response") {
            sink.add(info, e.valueRange, "Response path '\(e.value)' resolves to \(path), outside the workspace; it was not read, so quotes are not checked.")
        }
    }
}
