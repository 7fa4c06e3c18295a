enum ChecklistItemMissing: RubricBoundRule {
    /// Reads checklist lines and the heading line only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .checklistItemMissing, severity: .error, area: .structure,
        summary: "A checklist item is neither ticked nor left unticked; add it as `- [x]` (met) or `- [ ]` (not met).",
        explanation: """
        A checklist section must say of every item whether it was met, so that an item left
        out is never read as "not met" by accident. Items with negative points describe
        harmful behaviour: ticking them means the harm is present. The finding is at the
        section heading with a fix that adds the missing items unticked.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Safety checklist
        - [x] Advises seeing a clinician
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s) in ctx.criteriaWithSections where c.kind == .checklist {
            let present = Set(s.items.compactMap { c.item(matching: $0.text)?.text })
            let missing = c.items.filter { !present.contains($0.text) }
            guard !missing.isEmpty else { continue }
            let nl = ctx.text.lineEnding
            let at = s.items.last.map { $0.lineRange.end } ?? ctx.text.lineContentRange(ctx.text.line(of: s.headingRange.start)).end
            let insert = missing.map { nl + "- [ ] \($0.text)" }.joined()
            for it in missing {
                sink.add(info, s.headingRange, "Checklist item '\(it.text)' (\(score: it.points) points) is not marked; add `- [x]` or `- [ ]` for it.",
                         related: [RelatedInfo(place: .rubric(it.range), message: "item defined here")],
                         fixes: [Fix(title: "Add the \(missing.count) missing item\(missing.count == 1 ? "" : "s") unticked", edits: [TextEdit(range: .empty(at: at), newText: insert)])])
            }
        }
    }
}
