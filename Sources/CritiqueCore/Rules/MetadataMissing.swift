enum MetadataMissing: RubricBoundRule {
    /// Reads the front matter only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .metadataMissing, severity: .error, area: .frontMatter,
        summary: "A front-matter key the rubric requires is missing or empty; add it.",
        explanation: """
        A rubric lists the keys every critique must carry under `metadata.required` (such as
        `task` and `annotator`), so that work can be traced and paid. A missing or empty key
        is reported at the front matter, with a fix that adds it.
        """,
        example: """
        ---
        rubric: chat-pairwise
        task: T-1
        ---
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let fm = ctx.document.frontMatter
        for key in ctx.rubric.metadataRequired {
            let e = fm?.entry(key)
            if let e, !e.value.trimmingWhitespace.isEmpty { continue }
            var fixes: [Fix] = []
            if let fm, e == nil {
                let nl = ctx.text.lineEnding
                let at = fm.insertionPoint
                let needsBreak = at > 0 && at == ctx.text.bytes.count && ctx.text.bytes[at - 1] != 10 && ctx.text.bytes[at - 1] != 13
                fixes.append(Fix(title: "Add '\(key):' to the front matter", edits: [TextEdit(range: .empty(at: at), newText: (needsBreak ? nl : "") + "\(key): " + nl)]))
            }
            sink.add(info, e?.keyRange ?? fm?.openRange ?? ctx.base.anchor,
                     e == nil ? "The rubric requires '\(key)' in the front matter; add `\(key): …`." : "'\(key)' is empty; the rubric requires a value.",
                     fixes: fixes)
        }
    }
}
