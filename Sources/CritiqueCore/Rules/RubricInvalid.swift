enum RubricInvalid: BaseRule {
    static let info = RuleInfo(
        id: .rubricInvalid, severity: .error, area: .rubricLink,
        summary: "The rubric was found but has errors; run `critique rubric check` on it and fix them.",
        explanation: """
        A rubric with errors (syntax, wrong types, duplicate ids, impossible scales) cannot
        be trusted to judge a document, so documents that use it get this one finding and no
        further checks. Open the rubric in the editor or run `critique rubric check FILE` to
        see its own `rubric-*` findings.
        """,
        example: """
        ---
        rubric: rubrics/broken.rubric.json
        ---
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        guard case .invalid(let ref, let path, let first, let count) = ctx.rubricResolution else { return }
        sink.add(info, ctx.anchor, "Rubric '\(ref)' (\(path)) has \(count) error\(count == 1 ? "" : "s"), first: \(first) Run `critique rubric check \(path)`.")
    }
}
