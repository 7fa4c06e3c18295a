enum CriterionDuplicate: RubricBoundRule {
    /// Reads headings only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .criterionDuplicate, severity: .error, area: .structure,
        summary: "A criterion has two sections; merge the second into the first.",
        explanation: """
        Each criterion is scored once. A second section for the same criterion (by title or
        id) is reported at its heading, pointing at the first; only the first section is
        checked.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 4
        B: 4

        ## truthfulness
        A: 3
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let sections = ctx.document.sections
        for m in ctx.matched {
            guard let c = m.criterion, let f = m.duplicateOf else { continue }
            let first = sections[f]
            sink.add(info, sections[m.index].headingRange, "'\(c.displayTitle)' already has a section; merge this one into it.",
                     related: [RelatedInfo(place: .document(first.headingRange), message: "first section for '\(c.displayTitle)'")])
        }
    }
}
