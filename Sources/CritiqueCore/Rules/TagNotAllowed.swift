enum TagNotAllowed: RubricBoundRule {
    /// Reads tags only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .tagNotAllowed, severity: .warning, area: .tags,
        summary: "A known tag is used under a criterion that does not list it; move it to the right section or use an allowed tag.",
        explanation: """
        A criterion may list the tags that belong under it (`tags: ["hallucination"]` on
        Truthfulness). A tag from elsewhere in the taxonomy, such as `#verbose` under
        Truthfulness, usually belongs to another criterion's section.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 4 #verbose
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        // The criteria that list a tag, worked out once a tag (not once a finding: that walked
        // every leaf of the rubric for each misplaced tag).
        var leaves: [Criterion]?
        var ownersOf: [String: [String]] = [:]
        for (c, s) in ctx.criteriaWithSections {
            guard let allowed = c.allowedTags else { continue }
            for t in s.tags {
                guard let def = ctx.tag(for: t), !c.allows(tag: def) else { continue }
                let key = def.path.lowercased()
                if ownersOf[key] == nil {
                    if leaves == nil { leaves = ctx.rubric.leaves }
                    ownersOf[key] = leaves!.filter { $0.allowedTags != nil && $0.allows(tag: def) }.map(\.displayTitle)
                }
                let owners = ownersOf[key]!
                sink.add(info, t.range, "#\(t.name) is not a tag for '\(c.displayTitle)' (allowed: \(allowed.map { "#" + $0 }.joined(separator: ", ")))" + (owners.isEmpty ? "." : "; it belongs under \(owners.joined(separator: ", ")).") ,
                         related: ctx.definition(c))
            }
        }
    }
}
