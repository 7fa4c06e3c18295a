enum ScoreMissing: RubricBoundRule {
    /// Reads score lines and the heading line only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .scoreMissing, severity: .error, area: .scores,
        summary: "A scale criterion's section has no score line (for a response); add `Score: N` or `A: N` / `B: N`.",
        explanation: """
        Scale criteria need a score: `Score: 4` in single mode, one line a response
        (`A: 4`, `B: 2`) in pairwise mode, or `n/a` where the rubric allows it. The finding is
        at the criterion's heading, with a fix that inserts the missing line.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5

        B invents a study.
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let nl = ctx.text.lineEnding
        for (c, s) in ctx.criteriaWithSections where c.kind == .scale {
            let headingLine = ctx.text.lineContentRange(ctx.text.line(of: s.headingRange.start))
            var insertAt = headingLine.end
            for (li, l) in ctx.labels.enumerated() {
                if let sl = ctx.score(s, label: li) { insertAt = sl.lineRange.end; continue }
                let anchors = c.scale.map { "\(formatScore($0.min))–\(formatScore($0.max))" } ?? ""
                sink.add(info, s.headingRange, ctx.labels.count == 1
                         ? "'\(c.displayTitle)' has no score; add `Score: N` (\(anchors))."
                         : "'\(c.displayTitle)' has no score for \(l); add `\(l): N` (\(anchors)).",
                         related: ctx.definition(c),
                         fixes: [Fix(title: "Add `\(l):`", edits: [TextEdit(range: .empty(at: insertAt), newText: nl + "\(l): ")])])
            }
        }
    }
}
