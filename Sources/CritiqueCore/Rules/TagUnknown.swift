enum TagUnknown: RubricBoundRule {
    /// Reads tags only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .tagUnknown, severity: .error, area: .tags,
        summary: "A `#tag` is not in the rubric's error taxonomy; use one of its tags.",
        explanation: """
        Tags (`#hallucination`, `#accuracy/hallucination`) come from the rubric's `tags` list
        and are matched case-insensitively, by id or by full `parent/id` path. An unknown tag
        is usually a typo, and reviewers cannot count it; the nearest tag is suggested and
        offered as a fix.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 2 #halucination
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let doc = ctx.document
        // The ids to suggest from, gathered when a tag needs them (most documents have none).
        var ids: [String]?
        for k in 0..<doc.partCount {
            for t in doc[part: k].tags where ctx.rubric.tag(named: t.name) == nil {
                let last = t.name.split(separator: "/").last.map(String.init) ?? t.name
                if t.name.contains("/"), ctx.rubric.tag(named: last) != nil { continue }
                if ids == nil { ids = ctx.rubric.tags.map(\.id) }
                let names = ids!
                let guess = nearest(last, in: names)
                sink.add(info, t.range, "#\(t.name) is not a tag of \(ctx.rubric.id)." + (guess.map { " Did you mean #\($0)?" } ?? (names.isEmpty ? " This rubric defines no tags." : "")),
                         fixes: guess.map { [Fix(title: "Change to #\($0)", edits: [TextEdit(range: t.range, newText: "#" + $0)])] } ?? [])
            }
        }
    }
}

extension CheckContext {
    /// The rubric's tag for a reference, accepting `parent/id` paths and bare ids.
    func tag(for t: TagRef) -> TagDefinition? {
        rubric.tag(named: t.name) ?? t.name.split(separator: "/").last.flatMap { rubric.tag(named: String($0)) }
    }
}
