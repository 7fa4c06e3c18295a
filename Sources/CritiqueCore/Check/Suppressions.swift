/// Applies `critique-disable` comments to findings and reports the comments themselves.
enum Suppressions {
    static func apply(_ doc: CritiqueDocument, _ findings: [Finding], severities: RuleSeverities) -> [Finding] {
        guard !doc.suppressions.isEmpty else { return findings }
        var used = Array(repeating: Set<String>(), count: doc.suppressions.count)
        var kept: [Finding] = []
        for f in findings {
            var suppressed = false
            for (k, s) in doc.suppressions.enumerated() where s.rules.contains(where: { $0.id.lowercased() == f.rule }) {
                if s.wholeFile || (f.range.start >= s.scope.start && f.range.start < max(s.scope.end, s.scope.start + 1)) {
                    used[k].insert(f.rule)
                    suppressed = true
                }
            }
            if !suppressed { kept.append(f) }
        }
        var sink = FindingSink(severities: severities)
        let known = Set(RuleCatalog.all.map(\.id))
        for (k, s) in doc.suppressions.enumerated() {
            if s.reason == nil {
                sink.add(SuppressionNoReason.info, s.range, "Say why the rule is disabled: `<!-- critique-disable \(s.rules.map(\.id).joined(separator: ", ")): reason -->`.")
            }
            if s.rules.isEmpty {
                sink.add(SuppressionUnused.info, s.range, "This critique-disable names no rule; name the rule id to silence, or remove it.", unnecessary: true)
            }
            for r in s.rules where !used[k].contains(r.id.lowercased()) {
                if !known.contains(r.id.lowercased()) {
                    let guess = nearest(r.id, in: Array(known))
                    sink.add(SuppressionUnused.info, r.range, "'\(r.id)' is not a rule id." + (guess.map { " Did you mean '\($0)'?" } ?? " `critique explain` lists them."),
                             fixes: guess.map { [Fix(title: "Change to '\($0)'", edits: [TextEdit(range: r.range, newText: $0)])] } ?? [])
                } else {
                    let line = doc.text.lineFullRange(doc.text.line(of: s.range.start))
                    let only = s.rules.count == 1
                    sink.add(SuppressionUnused.info, only ? s.range : r.range,
                             "Nothing here breaks '\(r.id)'\(s.wholeFile ? " in this document" : " in the block below"); remove the suppression.",
                             fixes: only ? [Fix(title: "Remove the unused suppression", edits: [TextEdit(range: line, newText: "")])] : [],
                             unnecessary: true)
                }
            }
        }
        return kept + sink.findings
    }
}
