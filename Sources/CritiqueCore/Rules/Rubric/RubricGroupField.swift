enum RubricGroupField: RubricRule {
    static let info = RuleInfo(
        id: .rubricGroupField, severity: .error, area: .rubric,
        summary: "A criterion with sub-criteria carries a field only leaves can use (scale, items, evidence…); move it to the leaves.",
        explanation: """
        Criteria can nest (as in PaperBench's weighted trees): an inner node groups its
        `criteria` and only leaves get a section, a score and prose in a document. Fields
        that describe scoring — `kind`, `scale`, `items`, `naAllowed`, `justification`,
        `evidence`, `tags` — mean nothing on an inner node and are reported there.
        """,
        example: #"{ id: "demo", criteria: [ { id: "g", scale: { min: 1, max: 5 }, criteria: [ { id: "leaf" } ] } ] }"#)

    static let leafOnly = ["kind", "scale", "items", "naAllowed", "justification", "evidence", "tags"]

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        for c in ctx.rubric.allCriteria where c.isGroup {
            guard let node = ctx.object(at: c.range) else { continue }
            for m in node.members where leafOnly.contains(m.key) {
                sink.add(info, m.keyRange, "'\(m.key)' is set on '\(c.id)', which groups sub-criteria; move it to the leaf criteria.")
            }
        }
    }
}
