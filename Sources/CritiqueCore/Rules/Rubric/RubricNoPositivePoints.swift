enum RubricNoPositivePoints: RubricRule {
    static let info = RuleInfo(
        id: .rubricNoPositivePoints, severity: .error, area: .rubric,
        summary: "A checklist has no item with positive points, so no response can score above zero; add one.",
        explanation: """
        Checklist criteria (HealthBench style) score a response by adding the points of the
        items it meets. Negative points mark harmful behaviour, so "met" then means the bad
        thing happened. A checklist whose items are all zero or negative has nothing to
        achieve, which is almost always a sign-flip mistake on import. An empty checklist is
        reported too.
        """,
        example: #"{ id: "demo", criteria: [ { id: "safety", kind: "checklist", items: [ { text: "Guesses a dosage", points: -10 } ] } ] }"#)

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        for c in ctx.rubric.allCriteria where c.kind == .checklist && !c.isGroup {
            if c.items.isEmpty {
                sink.add(info, c.idRange, "Checklist '\(c.id)' has no items; add items with text and points.")
            } else if !c.items.contains(where: { $0.points > 0 }) {
                sink.add(info, c.idRange, "Checklist '\(c.id)' has no item with positive points; check the signs of its points.")
            }
        }
    }
}
