enum RubricUnknownTag: RubricRule {
    static let info = RuleInfo(
        id: .rubricUnknownTag, severity: .error, area: .rubric,
        summary: "A criterion allows a tag (or a tag names a parent) that the rubric's tags list does not define; define it or fix the name.",
        explanation: """
        A criterion's `tags` lists which of the rubric's tags may be used in its section. Each
        name there must be defined in the top-level `tags` list, or writers would be told to
        use a tag that every document then reports as unknown.
        """,
        example: #"{ id: "demo", criteria: [ { id: "a", tags: ["halucination"] } ], tags: [ { id: "hallucination" } ] }"#)

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        let r = ctx.rubric
        let known = Set(r.tags.flatMap { [$0.id.lowercased(), $0.path.lowercased()] })
        let ids = r.tags.map(\.id)
        let lowercasedIDs = Set(ids.map { $0.lowercased() })
        for c in r.allCriteria {
            guard let allowed = c.allowedTags, let node = ctx.object(at: c.range)?["tags"] else { continue }
            for (name, e) in zip(allowed, node.elements) where !known.contains(name.lowercased()) {
                let hint = nearest(name, in: ids).map { " Did you mean '\($0)'?" } ?? " Add it to the rubric's tags."
                sink.add(info, e.range, "Tag '\(name)' is not defined in the rubric's tags.\(hint)")
            }
        }
        for t in r.tags {
            if let p = t.parent, !lowercasedIDs.contains(p.lowercased()) {
                sink.add(info, t.range, "Tag '\(t.id)' names parent '\(p)', which is not a defined tag.")
            }
        }
    }
}
