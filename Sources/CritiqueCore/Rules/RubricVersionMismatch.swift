enum RubricVersionMismatch: BaseRule {
    static let info = RuleInfo(
        id: .rubricVersionMismatch, severity: .error, area: .rubricLink,
        summary: "No rubric with the requested major version exists (`id@major`); use a version that exists or update the critique.",
        explanation: """
        `rubric: chat-pairwise@2` asks for major version 2 of the rubric. Rubrics change, and
        a critique written against version 2 may not meet version 3's rules, so a different
        major version is never substituted silently. The message lists the versions found.
        """,
        example: """
        ---
        rubric: chat-pairwise@9
        ---
        """)

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        guard case .versionMismatch(let ref, let wanted, let found) = ctx.rubricResolution else { return }
        sink.add(info, ctx.anchor, "'\(ref)' asks for major version \(wanted), but only \(found.joined(separator: ", ")) exist\(found.count == 1 ? "s" : ""); change the version or update the rubric folder.")
    }
}
