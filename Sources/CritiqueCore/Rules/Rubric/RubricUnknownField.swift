enum RubricUnknownField: RubricRule {
    static let info = RuleInfo(
        id: .rubricUnknownField, severity: .warning, area: .rubric,
        summary: "A rubric object has a field critique does not know, usually a typo; fix it or prefix it with x-.",
        explanation: """
        Unknown fields are ignored, so a typo such as `minWord` or `naAlowed` silently turns a
        requirement off. Each unknown field is reported with the nearest known name. Fields
        starting with `x-` are yours and never reported.
        """,
        example: #"{ id: "demo", criteria: [ { id: "a", naAlowed: true } ] }"#)

    static func check(_ ctx: RubricCheckContext, _ sink: inout FindingSink) {
        object(ctx.json, RubricFields.rubric, &sink)
        for t in ctx.json["tags"]?.elements ?? [] { object(t, RubricFields.tag, &sink) }
        func criterion(_ n: JSONNode) {
            object(n, RubricFields.criterion, &sink)
            for it in n["items"]?.elements ?? [] { object(it, RubricFields.checklistItem, &sink) }
            for k in n["criteria"]?.elements ?? [] { criterion(k) }
        }
        for c in ctx.json["criteria"]?.elements ?? [] { criterion(c) }
    }

    static func object(_ node: JSONNode, _ known: [String], _ sink: inout FindingSink) {
        guard node.isObject else { return }
        for m in node.members {
            if let sub = RubricFields.nested[m.key], known.contains(m.key) { object(m.value, sub, &sink); continue }
            if known.contains(m.key) || m.key.hasPrefix("x-") { continue }
            let guess = nearest(m.key, in: known)
            let quoted = m.keyRange.length == m.key.utf8.count + 2
            sink.add(info, m.keyRange, "Unknown field '\(m.key)'." + (guess.map { " Did you mean '\($0)'?" } ?? ""),
                     fixes: guess.map { [Fix(title: "Rename to '\($0)'", edits: [TextEdit(range: m.keyRange, newText: quoted ? "\"\($0)\"" : $0)])] } ?? [])
        }
    }
}
