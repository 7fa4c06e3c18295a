enum ScoreInvalid: RubricBoundRule {
    /// Reads score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .scoreInvalid, severity: .error, area: .scores,
        summary: "A score line cannot be read as a score here (not a number, wrong label, given twice, or on a criterion that takes none); write a number or n/a.",
        explanation: """
        A score is a number (`4`, `3.5`) or `n/a`. In single mode the line is `Score: N`; in
        pairwise mode it is one of the rubric's response labels (`A: N`). Checklist and text
        criteria take no score line, and each label is scored once per section.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: excellent
        B: 3
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let sections = ctx.document.sections
        // Labels are one or two short words: compared in place, not hashed.
        var seen: [String] = []
        for m in ctx.matched {
            let s = sections[m.index]
            seen.removeAll(keepingCapacity: true)
            for sl in s.scores {
                guard let c = m.criterion, m.duplicateOf == nil else {
                    continue
                }
                if c.kind != .scale {
                    sink.add(info, sl.lineRange, "'\(c.displayTitle)' is a \(c.kind.rawValue) criterion and takes no score; remove this line.")
                    continue
                }
                if !ctx.labels.contains(where: { equalsIgnoringCase($0, sl.label) }) {
                    if equalsIgnoringCase(sl.label, "score") || sl.label.count == 1 {
                        let expected = ctx.labels.map { "`\($0):`" }.joined(separator: " and ")
                        sink.add(info, sl.labelRange, ctx.rubric.mode == .pairwise
                                 ? "'\(sl.label):' is not a response of this pairwise rubric; score with \(expected)."
                                 : "This rubric scores a single response; write `Score: N`, not `\(sl.label): N`.")
                    }
                    continue
                }
                if seen.contains(where: { equalsIgnoringCase($0, sl.label) }) {
                    sink.add(info, sl.lineRange, "\(sl.label) is scored twice in '\(c.displayTitle)'; keep one score line.")
                    continue
                }
                seen.append(sl.label)
                if sl.value == .invalid {
                    let range = c.scale.map { "\(formatScore($0.min))–\(formatScore($0.max))" } ?? "a number"
                    sink.add(info, sl.valueRange.length > 0 ? sl.valueRange : sl.lineRange,
                             sl.valueRange.length == 0 ? "Score for \(sl.label) is empty; write a number (\(range))\(c.naAllowed ? " or n/a" : "")."
                                                       : "'\(ctx.text.slice(sl.valueRange))' is not a score; write a number (\(range))\(c.naAllowed ? " or n/a" : "").")
                }
            }
        }
    }
}
