enum CriterionUnknown: RubricBoundRule {
    /// Reads headings only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .criterionUnknown, severity: .error, area: .structure,
        summary: "A `##` heading names no criterion of the rubric; rename it to a criterion's title or id.",
        explanation: """
        Each `##` section scores one criterion, and its heading must match the criterion's
        title or id (case and spacing do not matter). `Preference` and `Summary` are
        reserved. An unknown heading usually is a typo or a criterion from another rubric;
        the nearest criterion is suggested and offered as a fix.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Instrucion following
        A: 4
        B: 3
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let sections = ctx.document.sections
        // The names to suggest from, gathered when a heading needs them (most documents have none).
        var names: [String]?
        for m in ctx.matched where m.criterion == nil && !sections[m.index].isReserved {
            let s = sections[m.index]
            if names == nil { names = ctx.rubric.allCriteria.map { $0.displayTitle } + ctx.rubric.allCriteria.map(\.id) }
            let guess = nearest(s.heading, in: names!)
            let range = s.headingRange.length > 0 ? s.headingRange : ctx.text.lineContentRange(ctx.text.line(of: s.range.start))
            sink.add(info, range, "'\(s.heading)' is not a criterion of \(ctx.rubric.id)." + (guess.map { " Did you mean '\($0)'?" } ?? " Criteria: \(ctx.rubric.leaves.map(\.displayTitle).joined(separator: ", "))."),
                     fixes: guess.map { [Fix(title: "Rename to '\($0)'", edits: [TextEdit(range: s.headingRange, newText: $0)])] } ?? [])
        }
    }
}
