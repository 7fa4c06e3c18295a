/// Applies `critique-disable` comments to findings and reports the comments themselves.
enum Suppressions {
    static func apply(_ doc: CritiqueDocument, _ findings: [Finding], severities: RuleSeverities) -> [Finding] {
        guard !doc.suppressions.isEmpty else { return findings }
        let (suppressed, used) = match(doc.suppressions, findings)
        var kept: [Finding] = []
        for (i, f) in findings.enumerated() where !suppressed[i] { kept.append(f) }
        var sink = FindingSink(severities: severities)
        let catalog = RuleID.allCases.map(\.rawValue)
        let known = Set(catalog)
        for (k, s) in doc.suppressions.enumerated() {
            if s.reason == nil {
                sink.add(SuppressionNoReason.info, s.range, "Say why the rule is disabled: `<!-- critique-disable \(s.rules.map(\.id).joined(separator: ", ")): reason -->`.")
            }
            if s.rules.isEmpty {
                sink.add(SuppressionUnused.info, s.range, "This critique-disable names no rule; name the rule id to silence, or remove it.", unnecessary: true)
            }
            for r in s.rules where !used[k].contains(r.id.lowercased()) {
                if !known.contains(r.id.lowercased()) {
                    let guess = nearest(r.id, in: catalog)
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

    /// Which findings a suppression covers, and which rule ids each suppression used. A finding
    /// is covered by a suppression that names its rule (case-insensitively) and is either
    /// file-wide or has the finding's start in its scope (an empty scope still covers its
    /// first offset); every covering suppression counts as used. Per rule, findings and
    /// scopes are sorted by start and matched in one sweep plus a binary search a scope, so
    /// thousands of suppressions and findings cost O((F + S) log), not O(F × S).
    static func match(_ suppressions: [Suppression], _ findings: [Finding]) -> (suppressed: [Bool], used: [Set<String>]) {
        struct Scopes {
            var wholeFile: [Int] = []
            var blocks: [(start: Int, end: Int, k: Int)] = []
            var findings: [Int] = []
        }
        var byRule: [String: Scopes] = [:]
        for (k, s) in suppressions.enumerated() {
            for id in Set(s.rules.map { $0.id.lowercased() }) {
                if s.wholeFile { byRule[id, default: Scopes()].wholeFile.append(k) }
                else { byRule[id, default: Scopes()].blocks.append((start: s.scope.start, end: max(s.scope.end, s.scope.start + 1), k: k)) }
            }
        }
        for (i, f) in findings.enumerated() where byRule[f.rule.rawValue] != nil { byRule[f.rule.rawValue]!.findings.append(i) }

        var suppressed = Array(repeating: false, count: findings.count)
        var used = Array(repeating: Set<String>(), count: suppressions.count)
        for (rule, scopes) in byRule where !scopes.findings.isEmpty {
            for k in scopes.wholeFile { used[k].insert(rule) }
            for i in scopes.findings where !scopes.wholeFile.isEmpty { suppressed[i] = true }
            guard !scopes.blocks.isEmpty else { continue }
            let ordered = scopes.findings.sorted { findings[$0].range.start < findings[$1].range.start }
            let blocks = scopes.blocks.sorted { $0.start < $1.start }
            // A finding is covered when some scope starting at or before it ends after it.
            var next = 0, reach = Int.min
            for i in ordered {
                let at = findings[i].range.start
                while next < blocks.count && blocks[next].start <= at { reach = max(reach, blocks[next].end); next += 1 }
                if reach > at { suppressed[i] = true }
            }
            // A scope is used when the first finding at or after its start is before its end.
            let starts = ordered.map { findings[$0].range.start }
            for b in blocks {
                var lo = 0, hi = starts.count
                while lo < hi { let mid = (lo + hi) / 2; if starts[mid] < b.start { lo = mid + 1 } else { hi = mid } }
                if lo < starts.count && starts[lo] < b.end { used[b.k].insert(rule) }
            }
        }
        return (suppressed, used)
    }
}
