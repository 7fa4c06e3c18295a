enum EncodingInvalid: BaseRule {
    static let info = RuleInfo(
        id: .encodingInvalid, severity: .error, area: .frontMatter,
        summary: "The file is not valid UTF-8 text (or holds NUL bytes); save it as UTF-8.",
        explanation: """
        Critiques are UTF-8 text. Bytes that are not valid UTF-8 are shown as U+FFFD and the
        rest of the file is still checked, but quotes and word counts around them may be
        wrong; a NUL byte usually means a binary file was given by mistake. Re-save the file
        as UTF-8.
        """,
        example: "")

    static func check(_ ctx: BaseContext, _ sink: inout FindingSink) {
        if let o = ctx.text.invalidUTF8Offset {
            sink.add(info, TextRange(o, min(ctx.text.bytes.count, o + 3)), "The file is not valid UTF-8 here; invalid bytes were replaced with U+FFFD. Save it as UTF-8.")
        }
        if ctx.text.containsNUL, let i = ctx.text.bytes.firstIndex(of: 0) {
            sink.add(info, TextRange(i, i + 1), "The file contains NUL bytes; it looks binary, not a critique.")
        }
    }
}
