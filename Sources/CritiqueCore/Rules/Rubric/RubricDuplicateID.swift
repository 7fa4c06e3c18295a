enum RubricDuplicateID: RubricRule {
    static let info = RuleInfo(
        id: .rubricDuplicateId, severity: .error, area: .rubric,
        summary: "Two criteria, tags or checklist items share an id; give each its own.",
        explanation: """
        Critique documents name criteria by id or title, tags by id and checklist items by id
        or text, case-insensitively. Two with the same name make a document ambiguous, so
        the second is reported, pointing at the first.
        """,
        example: #"{ id: "demo", criteria: [ { id: "clarity" }, { id: "Clarity" } ] }"#)

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        var seen: [String: TextRange] = [:]
        for c in ctx.rubric.allCriteria where !c.id.isEmpty {
            let key = c.id.lowercased()
            if let first = seen[key] {
                sink.add(info, c.idRange, "Criterion id '\(c.id)' is used twice; rename one of them.",
                         related: [RelatedInfo(place: .rubric(first), message: "first used here")])
            } else { seen[key] = c.idRange }
            var items: [String: TextRange] = [:]
            for it in c.items {
                for key in [it.id, it.text].compactMap({ $0.map(normalizeName) }) where !key.isEmpty {
                    if let first = items[key], first != it.range {
                        sink.add(info, it.range, "Checklist item '\(key)' appears twice in '\(c.id)'; remove or reword one.",
                                 related: [RelatedInfo(place: .rubric(first), message: "first used here")])
                    } else { items[key] = it.range }
                }
            }
        }
        var tags: [String: TextRange] = [:]
        for t in ctx.rubric.tags where !t.id.isEmpty {
            let key = t.path.lowercased()
            if let first = tags[key] {
                sink.add(info, t.range, "Tag id '\(t.id)' is defined twice; remove one.",
                         related: [RelatedInfo(place: .rubric(first), message: "first defined here")])
            } else { tags[key] = t.range }
        }
    }
}
