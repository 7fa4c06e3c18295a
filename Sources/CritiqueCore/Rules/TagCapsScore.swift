enum TagCapsScore: RubricBoundRule {
    /// Reads tags, their line's labels and score lines only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .tagCapsScore, severity: .warning, area: .tags,
        summary: "A tag caps the score (capsScoreAt) but the score given is higher; lower the score or drop the tag.",
        explanation: """
        Some tags cap the score a response can get: a `#hallucination` with `capsScoreAt: 2`
        means a response that states something false scores at most 2 on that criterion. The
        tag applies to the response whose score line carries it (`B: 3 #hallucination`), to
        the single response in single mode, or in pairwise prose to the one response label
        named on the tag's line. The finding is at the tag.
        """,
        example: """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 5
        B: 4 #hallucination
        """)

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        for (c, s) in ctx.criteriaWithSections where c.kind == .scale {
            for t in s.tags {
                guard let def = ctx.tag(for: t), let cap = def.capsScoreAt else { continue }
                let targets: [String]
                if let l = t.scoreLabel { targets = [l] }
                else if ctx.labels.count == 1 { targets = ctx.labels }
                else {
                    let named = ctx.labels.filter { t.lineLabels.contains($0) }
                    targets = named.count == 1 ? named : []
                }
                for l in targets {
                    guard let sl = ctx.score(s, l), case .number(let v) = sl.value, v > cap else { continue }
                    sink.add(info, t.range, "#\(def.id) caps the score at \(score: cap), but \(ctx.labels.count == 1 ? "the response" : l) has \(score: v) on '\(c.displayTitle)'; lower it or remove the tag.",
                             related: [RelatedInfo(place: .document(sl.valueRange), message: "score given here"), RelatedInfo(place: .rubric(def.range), message: "#\(def.id) is defined here")],
                             fixes: [Fix(title: "Lower \(l == "Score" ? "the score" : l) to \(formatScore(cap))", edits: [TextEdit(range: sl.valueRange, newText: formatScore(cap))])])
                }
            }
        }
    }
}
