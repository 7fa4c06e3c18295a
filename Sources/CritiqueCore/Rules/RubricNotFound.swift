enum RubricNotFound: BaseRule {
    static let info = RuleInfo(
        id: .rubricNotFound, severity: .error, area: .rubricLink,
        summary: "The rubric named in the front matter cannot be found; fix the name or add its folder to critique.json `rubrics`.",
        explanation: """
        `rubric:` names a rubric by id (`chat-pairwise`), by id and major version
        (`chat-pairwise@2`) or by a path relative to the document. Ids are looked up in the
        folders and globs that critique.json lists under `rubrics`. When nothing matches the
        document is not checked further: there is no silent fallback to another rubric, since
        checking against the wrong rules is worse than not checking.
        """,
        example: """
        ---
        rubric: chat-pairwise-typo
        ---
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        guard case .notFound(let ref, let detail, let candidates) = ctx.rubricResolution else { return }
        let guess = nearest(ref, in: candidates)
        sink.add(info, ctx.anchor, "Rubric '\(ref)' was not found (\(detail))." + (guess.map { " Did you mean '\($0)'?" } ?? ""),
                 fixes: guess.map { g in [Fix(title: "Use rubric '\(g)'", edits: [TextEdit(range: ctx.anchor, newText: g)])] } ?? [])
    }
}
