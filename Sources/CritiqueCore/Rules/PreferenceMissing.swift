enum PreferenceMissing: RubricBoundRule {
    static let info = RuleInfo(
        id: .preferenceMissing, severity: .error, area: .preference,
        summary: "A pairwise critique states no preference; add a `## Preference` section with a line such as `A > B`.",
        explanation: """
        Pairwise rubrics ask which response is better. Write it on its own line in a
        `## Preference` section: `A > B` (slightly better), `A >> B`, `A >>> B` (much better)
        or `A = B` (a tie, when the rubric allows one). The fix proposes the direction the
        weighted scores point to; the strength is yours to set.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 2
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        guard ctx.rubric.mode == .pairwise else { return }
        if let s = ctx.document.sections.first(where: \.isPreference) {
            guard s.preferences.isEmpty && s.invalidPreferences.isEmpty else { return }
            let line = ctx.suggestedPreference()
            let at = ctx.text.lineContentRange(ctx.text.line(of: s.headingRange.start)).end
            let nl = ctx.text.lineEnding
            sink.add(info, s.headingRange, "The Preference section states no preference; add a line such as `\(line)`.",
                     fixes: [Fix(title: "Add `\(line)`", edits: [TextEdit(range: .empty(at: at), newText: nl + line)])])
        } else {
            let line = ctx.suggestedPreference()
            sink.add(info, ctx.base.anchor, "No `## Preference` section; add one with a line such as `\(line)`.",
                     fixes: [Fix(title: "Add a Preference section (\(line))", edits: [ctx.appendAtEnd("## Preference\n\(line)\n")])])
        }
    }
}

extension CheckContext {
    /// `A > B` in the direction of the weighted scores, `A = B` on a tie.
    func suggestedPreference() -> String {
        let totals = weightedTotals()
        let sorted = labels.sorted { (totals[$0] ?? 0) > (totals[$1] ?? 0) }
        guard sorted.count >= 2 else { return "A > B" }
        if abs((totals[sorted[0]] ?? 0) - (totals[sorted[1]] ?? 0)) < 1e-9 { return rubric.preference.allowTie ? "\(labels[0]) = \(labels[1])" : "\(labels[0]) > \(labels[1])" }
        return "\(sorted[0]) > \(sorted[1])"
    }
}
