enum RubricInvalidScale: RubricRule {
    static let info = RuleInfo(
        id: .rubricInvalidScale, severity: .error, area: .rubric,
        summary: "A scale's min is above its max, or its step is not positive or does not fit the range; fix the scale.",
        explanation: """
        A scale runs from `min` to `max` in steps of `step`. `min` must not exceed `max`,
        `step` must be greater than zero, and `max` must be reachable from `min` in whole
        steps, or some scores could never be given.
        """,
        example: #"{ id: "demo", criteria: [ { id: "a", scale: { min: 5, max: 1 } } ] }"#)

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        for c in ctx.rubric.allCriteria {
            guard let s = c.scale else { continue }
            if s.min > s.max {
                sink.add(info, s.range, "Scale of '\(c.id)' has min \(score: s.min) above max \(score: s.max); swap them.")
            } else if s.step <= 0 {
                sink.add(info, s.range, "Scale of '\(c.id)' has step \(score: s.step); use a step greater than 0, such as 1.")
            } else if !s.isOnStep(s.max) {
                sink.add(info, s.range, "Scale of '\(c.id)' cannot reach max \(score: s.max) from min \(score: s.min) in steps of \(score: s.step); adjust the step or max.")
            } else if (s.max - s.min) / s.step > 1000 {
                sink.add(info, s.range, "Scale of '\(c.id)' has more than 1,000 steps; use a coarser step.")
            }
        }
    }
}
