enum PreferenceInconsistent: RubricBoundRule {
    /// Reads preference lines and score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .preferenceInconsistent, severity: .warning, area: .preference,
        summary: "The stated preference contradicts the weighted scores; check the scores or the preference.",
        explanation: """
        The weighted total of each response is the sum over scale criteria of
        weight × (score − min) / (max − min), counting only criteria scored for both. The rule
        judges the direction only: it fires when the preferred response has the lower total,
        or when the rubric sets `preference.tieTolerance` and a tie is declared between totals
        further apart than that. How much better (`>` or `>>>`) is the writer's call. The
        rubric's `preference.consistency` sets the severity (`off`, `warn`, `error`).
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 2

        ## Preference
        B > A
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        let settings = ctx.rubric.preference
        guard ctx.rubric.mode == .pairwise, settings.consistency != .off else { return }
        let severity: Severity = settings.consistency == .error ? .error : .warning
        let totals = ctx.weightedTotals()
        // A label's total, case ignored (a label or two: searched, not hashed).
        func total(_ label: String) -> Double? {
            ctx.labels.first { equalsIgnoringCase($0, label) }.flatMap { totals[$0] }
        }
        guard let p = ctx.document.sections.first(where: \.isPreference)?.preferences.first,
              let left = total(p.left), let right = total(p.right) else { return }
        let show = { (v: Double) in formatScore((v * 100).rounded() / 100) }
        switch p.relation {
        case .better:
            if left < right - 1e-9 {
                sink.add(info, p.range, "You prefer \(p.left), but its weighted score (\(show(left))) is below \(p.right)'s (\(show(right))); revisit the scores or the preference.",
                         fixes: [Fix(title: "Prefer \(p.right)", edits: [TextEdit(range: p.range, newText: "\(p.right) > \(p.left)")], isPreferred: false)],
                         severity: severity)
            }
        case .tie:
            if let tol = settings.tieTolerance, abs(left - right) > tol + 1e-9 {
                sink.add(info, p.range, "A tie is declared, but the weighted scores differ (\(p.left) \(show(left)), \(p.right) \(show(right))) by more than \(show(tol)).",
                         severity: severity)
            }
        }
    }
}
