enum PreferenceInvalid: RubricBoundRule {
    /// Reads preference lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .preferenceInvalid, severity: .error, area: .preference,
        summary: "A preference line cannot be read, names an unknown response, declares a forbidden tie or is given twice; write `A > B`, `A >> B`, `A >>> B` or `A = B`.",
        explanation: """
        The preference line compares two of the rubric's response labels with `>`, `>>`,
        `>>>` (or the mirrored `<` forms) or `=`. A tie is allowed only when the rubric's
        `preference.allowTie` is true. One preference per critique.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Preference
        A => C
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        guard ctx.rubric.mode == .pairwise else { return }
        // The accepted forms, for messages only: a clean document never spells them out.
        func forms() -> String {
            "`\(ctx.labels[0]) > \(ctx.labels[1])`, `>>`, `>>>`" + (ctx.rubric.preference.allowTie ? " or `\(ctx.labels[0]) = \(ctx.labels[1])`" : "")
        }
        var count = 0
        for s in ctx.document.sections where s.isPreference {
            for r in s.invalidPreferences {
                let written = ctx.text.slice(r)
                if let line = wildBenchForm(written, labels: ctx.labels) {
                    sink.add(info, r, "'\(written)' is WildBench's notation; here it is written `\(line)`.",
                             fixes: [Fix(title: "Write `\(line)`", edits: [TextEdit(range: r, newText: line)])])
                } else {
                    sink.add(info, r, "'\(written)' is not a preference; write \(forms()).")
                }
            }
            for p in s.preferences {
                count += 1
                func unknown(_ l: String, _ r: TextRange) {
                    guard !ctx.labels.contains(where: { equalsIgnoringCase($0, l) }) else { return }
                    sink.add(info, r, "'\(l)' is not a response of this rubric (\(ctx.labels.joined(separator: ", "))).")
                }
                unknown(p.left, p.leftRange)
                unknown(p.right, p.rightRange)
                if equalsIgnoringCase(p.left, p.right) {
                    sink.add(info, p.range, "A preference compares two different responses; write \(forms()).")
                } else if p.relation == .tie && !ctx.rubric.preference.allowTie {
                    sink.add(info, p.range, "This rubric does not allow ties; say which response is better, even slightly (`>`).")
                } else if count > 1 {
                    sink.add(info, p.range, "A second preference line; keep one.")
                }
            }
        }
    }

    /// WildBench's `A++` (much better) and `A+` (slightly better) as this format's line.
    static func wildBenchForm(_ text: String, labels: [String]) -> String? {
        let t = text.trimmingWhitespace
        let pluses = t.reversed().prefix(while: { $0 == "+" }).count
        guard pluses == 1 || pluses == 2, labels.count == 2 else { return nil }
        let label = String(t.dropLast(pluses)).trimmingWhitespace
        guard let i = labels.firstIndex(where: { equalsIgnoringASCIICase($0, label) }) else { return nil }
        return "\(labels[i]) \(pluses == 2 ? ">>>" : ">") \(labels[1 - i])"
    }
}
