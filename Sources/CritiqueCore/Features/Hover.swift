/// Hover text (Markdown) for what is under a position.
public enum Hover {
    public static func at(_ analysis: Analysis, offset o: Int) -> (text: String, range: TextRange)? {
        let doc = analysis.document
        if let fm = doc.frontMatter, let e = fm.entries.first(where: { $0.lineRange.contains(o) }) {
            if e.key.lowercased() == "rubric" {
                return (rubricText(analysis), e.lineRange)
            }
            if let r = analysis.rubric.rubric, r.metadataRequired.contains(where: { $0.lowercased() == e.key.lowercased() }) {
                return ("`\(e.key)` is required by **\(r.displayName)**.", e.keyRange)
            }
            return nil
        }
        if let fm = doc.frontMatter, fm.openRange.contains(o) { return (rubricText(analysis), fm.openRange) }
        guard let rubric = analysis.rubric.rubric else { return nil }
        for s in [doc.preamble] + doc.sections {
            guard s.range.contains(o) || s.headingRange.contains(o) else { continue }
            for t in s.tags where t.range.contains(o) {
                guard let def = rubric.tag(named: t.name) ?? t.name.split(separator: "/").last.flatMap({ rubric.tag(named: String($0)) }) else { return ("Unknown tag `#\(t.name)`.", t.range) }
                var md = "**#\(def.path)**"
                if let sev = def.severity { md += " · \(sev)" }
                if let d = def.description { md += "\n\n\(d)" }
                if let cap = def.capsScoreAt { md += "\n\nCaps the score at **\(formatScore(cap))**." }
                return (md, t.range)
            }
            let c = rubric.criterion(named: s.heading)
            if s.lineIndex >= 0, s.headingRange.contains(o) {
                if let c { return (hoverText(criterion: c, rubric: rubric), s.headingRange) }
                if s.isPreference { return (preferenceText(rubric), s.headingRange) }
                return nil
            }
            if let c, let sc = c.scale {
                for sl in s.scores where sl.lineRange.contains(o) {
                    if case .number(let v) = sl.value {
                        let anchor = sc.anchor(for: v).map { "**\(formatScore(v))** — \($0)" } ?? "**\(formatScore(v))** on \(formatScore(sc.min))–\(formatScore(sc.max))"
                        return ("\(c.displayTitle): \(anchor)", sl.valueRange)
                    }
                }
            }
            if let c, c.kind == .checklist {
                for it in s.items where it.lineRange.contains(o) {
                    guard let def = c.item(matching: it.text) else { return nil }
                    var md = "**\(formatScore(def.points)) points**"
                    if def.points < 0 { md += " — describes harm: tick it only if the response does this." }
                    return (md, it.textRange)
                }
            }
        }
        return nil
    }

    static func rubricText(_ a: Analysis) -> String {
        switch a.rubric {
        case .resolved(let r, let origin, _):
            var md = "**\(r.displayName)** — \(r.mode == .pairwise ? "pairwise (\(r.responses.joined(separator: ", ")))" : "single response")\n\nFrom \(origin.describe)."
            if let d = r.description { md += "\n\n\(d)" }
            md += "\n\nCriteria: " + r.leaves.map { $0.displayTitle }.joined(separator: ", ")
            return md
        case .notFound(let ref, let detail, _): return "Rubric `\(ref)` was not found: \(detail)."
        case .invalid(let ref, let path, let first, _): return "Rubric `\(ref)` (\(path)) has errors: \(first)"
        case .versionMismatch(let ref, let wanted, let found): return "`\(ref)` wants major version \(wanted); found \(found.joined(separator: ", "))."
        case .outsideWorkspace(let ref, _): return "`\(ref)` is outside the workspace and was not read."
        }
    }

    static func preferenceText(_ r: Rubric) -> String {
        "**Preference** — `A > B` slightly, `A >> B`, `A >>> B` much better" + (r.preference.allowTie ? ", `A = B` a tie" : "") + ". Checked against the weighted scores (\(r.preference.consistency.rawValue))."
    }
}

/// Markdown describing a criterion: description, scale with anchors, weight, requirements, tags.
public func hoverText(criterion c: Criterion, rubric: Rubric) -> String {
    var md = "**\(c.displayTitle)** (`\(c.id)`)"
    var facts: [String] = []
    if c.kind != .scale { facts.append(c.kind.rawValue) }
    facts.append("weight \(formatScore(c.weight))")
    if let t = c.tier { facts.append(t) }
    if !c.required { facts.append("optional") }
    if c.naAllowed { facts.append("n/a allowed") }
    md += " — " + facts.joined(separator: " · ")
    if let d = c.description { md += "\n\n\(d)" }
    if let s = c.scale {
        md += "\n\nScale \(formatScore(s.min))–\(formatScore(s.max))" + (s.step != 1 ? ", step \(formatScore(s.step))" : "")
        for a in s.anchors.reversed() { md += "\n- **\(formatScore(a.value))** \(a.text)" }
    }
    if !c.items.isEmpty {
        md += "\n\nItems:"
        for it in c.items { md += "\n- \(it.text) (\(it.points > 0 ? "+" : "")\(formatScore(it.points)))" }
    }
    if let j = c.justification, j.minimum > 0 { md += "\n\nJustification: at least \(j.minimum) words, \(j.whenText)." }
    if let e = c.evidence, e.minimum > 0 { md += "\n\nEvidence: at least \(e.minimum) quote\(e.minimum == 1 ? "" : "s"), \(e.whenText)." }
    if let t = c.allowedTags, !t.isEmpty { md += "\n\nTags: " + t.map { "#\($0)" }.joined(separator: ", ") }
    return md
}
