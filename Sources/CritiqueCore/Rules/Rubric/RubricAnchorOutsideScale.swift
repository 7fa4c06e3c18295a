enum RubricAnchorOutsideScale: RubricRule {
    static let info = RuleInfo(
        id: .rubricAnchorOutsideScale, severity: .error, area: .rubric,
        summary: "A scale anchor names a score the scale cannot give; move it onto the scale.",
        explanation: """
        Anchors describe what a score means (`"1": "Ignores the request"`). An anchor for a
        score below `min`, above `max` or off the `step` describes a score nobody can give,
        which usually means the scale or the anchor was mistyped.
        """,
        example: #"{ id: "demo", criteria: [ { id: "a", scale: { min: 1, max: 5, anchors: { "7": "Perfect" } } } ] }"#)

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        for c in ctx.rubric.allCriteria {
            guard let s = c.scale, s.min <= s.max, s.step > 0,
                  let anchorsNode = ctx.object(at: s.range)?["anchors"] else { continue }
            for m in anchorsNode.members {
                guard let v = Double(m.key.trimmingWhitespace) else { continue }
                if v < s.min || v > s.max || !s.isOnStep(v) {
                    sink.add(info, m.keyRange, "Anchor \(m.key) of '\(c.id)' is not a score on its scale (\(score: s.min)–\(score: s.max), step \(score: s.step)).")
                }
            }
        }
    }
}
