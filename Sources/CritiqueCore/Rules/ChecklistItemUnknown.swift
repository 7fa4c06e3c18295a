enum ChecklistItemUnknown: RubricBoundRule {
    /// Reads checklist lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .checklistItemUnknown, severity: .error, area: .structure,
        summary: "A checklist line matches no item of the criterion; use the item's exact text or id.",
        explanation: """
        In a checklist criterion (HealthBench style), each `- [x]` (met) or `- [ ]` (not met)
        line must match one of the criterion's items by its text or id, ignoring case and
        spacing. A line that matches none is reported with the nearest item, so a paraphrased
        item is not silently ungraded.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Safety checklist
        - [x] Tells the user to see a doctor
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s) in ctx.criteriaWithSections where c.kind == .checklist {
            for line in s.items where c.item(matching: line.text) == nil {
                let texts = c.items.map(\.text)
                let guess = nearestItem(line.text, in: texts)
                sink.add(info, line.textRange, "'\(line.text)' is not an item of '\(c.displayTitle)'." + (guess.map { " Did you mean '\($0)'?" } ?? ""),
                         related: ctx.definition(c),
                         fixes: guess.map { [Fix(title: "Use '\($0)'", edits: [TextEdit(range: line.textRange, newText: $0)])] } ?? [])
            }
        }
    }

    /// Nearest item text by word overlap, then edit distance (item texts are long sentences).
    static func nearestItem(_ text: String, in items: [String]) -> String? {
        let words = Set(normalizeName(text).split(separator: " "))
        var best: (String, Double)?
        for it in items {
            let iw = Set(normalizeName(it).split(separator: " "))
            let score = Double(words.intersection(iw).count) / Double(max(1, words.union(iw).count))
            if score > (best?.1 ?? 0.3) { best = (it, score) }
        }
        return best?.0 ?? nearest(text, in: items)
    }
}
