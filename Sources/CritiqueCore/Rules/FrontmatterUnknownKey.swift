enum FrontmatterUnknownKey: RubricBoundRule {
    /// Reads the front matter only.
    static let keepsFindingsAcrossProseEdits = true
    static let info = RuleInfo(
        id: .frontmatterUnknownKey, severity: .warning, area: .frontMatter,
        summary: "A front-matter key is neither a known key nor one the rubric lists; fix the typo or remove it.",
        explanation: """
        Known keys are `rubric`, `task`, `annotator`, `response`, `responses`, and every key
        the rubric lists under `metadata.required` or `metadata.optional`. Anything else is
        usually a typo (`anotator:`) that leaves a required key missing, so it is reported with
        the nearest known key.
        """,
        example: """
        ---
        rubric: chat-pairwise
        task: T-1
        annotator: w-1
        modle: gpt-x
        ---
        """)

    static let builtIn = ["rubric", "task", "annotator", "response", "responses"]

    static func known(_ r: Rubric) -> [String] { builtIn + r.metadataRequired + r.metadataOptional }

    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) {
        guard let fm = ctx.document.frontMatter else { return }
        let r = ctx.rubric
        func isKnown(_ key: String) -> Bool {
            builtIn.contains { equalsIgnoringCase($0, key) } || r.metadataRequired.contains { equalsIgnoringCase($0, key) }
                || r.metadataOptional.contains { equalsIgnoringCase($0, key) }
        }
        for e in fm.entries where !isKnown(e.key) {
            // The list to suggest from, made only for a key that needs it.
            let keys = known(r)
            let guess = nearest(e.key, in: keys)
            sink.add(info, e.keyRange, "Unknown front-matter key '\(e.key)'." + (guess.map { " Did you mean '\($0)'?" } ?? " Known keys: \(keys.joined(separator: ", "))."),
                     fixes: guess.map { [Fix(title: "Rename to '\($0)'", edits: [TextEdit(range: e.keyRange, newText: $0)])] } ?? [])
        }
    }
}
