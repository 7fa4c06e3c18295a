/// The text of an unfilled critique: what `critique task import` writes, the skeleton
/// completion offers in an empty document, and the quick fix adds for a missing section.
/// Empty score lines and an empty preference section are placeholders the check reports
/// until the writer fills them.
public enum Skeleton {
    /// The score labels a document of this rubric writes: the response labels, or `Score`.
    public static func labels(_ rubric: Rubric) -> [String] {
        rubric.mode == .pairwise ? rubric.responses : ["Score"]
    }

    /// A section for `c`: its heading, then an empty score line per label, or its checklist
    /// items unticked. `escape` prepares rubric text for a snippet.
    static func section(_ c: Criterion, labels: [String], escape: (String) -> String = { $0 }) -> String {
        var s = "## \(c.displayTitle)\n"
        switch c.kind {
        case .scale: for l in labels { s += "\(l): \n" }
        case .checklist: for it in c.items { s += "- [ ] \(escape(it.text))\n" }
        case .text: break
        }
        return s + "\n"
    }

    /// A whole critique to fill in: the front matter (`rubric` first, then `entries`, then
    /// every other key the rubric requires, left empty), a section per required criterion,
    /// and in pairwise mode an empty `## Preference`.
    public static func document(rubric: Rubric, rubricReference: String, entries: [(key: String, value: String)]) -> String {
        var s = "---\nrubric: \(rubricReference)\n"
        for e in entries { s += "\(e.key): \(e.value)\n" }
        for key in rubric.metadataRequired where !entries.contains(where: { $0.key.lowercased() == key.lowercased() }) {
            s += "\(key): \n"
        }
        s += "---\n\n"
        let labels = labels(rubric)
        for c in rubric.leaves where c.required { s += section(c, labels: labels) }
        if rubric.mode == .pairwise { s += "## Preference\n\n" }
        return s
    }
}
