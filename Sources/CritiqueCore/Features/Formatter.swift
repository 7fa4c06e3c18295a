/// The canonical layout of a critique, for `critique fmt` and the editor's "Format document".
///
/// It changes layout, never meaning: the findings and exported content of a document are the
/// same before and after (a test holds every fixture and a generated corpus to that), and
/// formatting twice changes nothing. What it does:
/// - front matter: known keys first in a fixed order (`rubric`, `task`, `annotator`,
///   `responses`, `response`), then the others as written; `key: value` with one space;
/// - score lines `A: 4` with one space after the colon; preference lines as `A >> B`, the
///   preferred response first (`B < A` becomes `A > B`);
/// - one blank line between blocks and before each `##` heading (unless a suppression
///   comment right above the heading applies to it), no blank lines at the end;
/// - no trailing white space (code blocks are left as they are), one final newline, and the
///   document's own line ending (its first) throughout.
public enum Formatter {
    static let keyOrder = ["rubric", "task", "annotator", "responses", "response"]

    public static func format(_ doc: CritiqueDocument) -> String {
        let text = doc.text
        let nl = text.lineEnding
        var out: [String] = []
        var pendingBlank = false

        // Lines that hold a score or a preference, by the start of their line.
        var scores: [Int: ScoreLine] = [:]
        var preferences: [Int: PreferenceLine] = [:]
        for s in [doc.preamble] + doc.sections {
            for sc in s.scores { scores[text.lineContentRange(text.line(of: sc.lineRange.start)).start] = sc }
            for p in s.preferences { preferences[text.lineContentRange(text.line(of: p.range.start)).start] = p }
        }

        var i = 0
        let bom = text.bytes.count >= 3 && text.bytes[0] == 0xEF && text.bytes[1] == 0xBB && text.bytes[2] == 0xBF
        // Front matter: reordered only when every line in it is a `key: value` entry.
        if let fm = doc.frontMatter, fm.closed {
            var j = 0
            while j < doc.lines.count && doc.lines[j].range.start < fm.range.end { j += 1 }
            let inner = doc.lines[0..<j].filter { $0.kind != .frontMatterDelimiter }
            if inner.allSatisfy({ $0.kind == .frontMatterEntry }) {
                out.append("---")
                let entries = fm.entries.enumerated().sorted { a, b in
                    let ka = keyOrder.firstIndex(of: a.element.key.lowercased()) ?? keyOrder.count
                    let kb = keyOrder.firstIndex(of: b.element.key.lowercased()) ?? keyOrder.count
                    return ka != kb ? ka < kb : a.offset < b.offset
                }.map(\.element)
                for e in entries {
                    // The raw text after the colon, so quotes and the like stay as written.
                    let line = text.slice(e.lineRange)
                    let afterColon = line.firstIndex(of: ":").map { String(line[line.index(after: $0)...]) } ?? ""
                    let value = afterColon.trimmingWhitespace
                    out.append(value.isEmpty ? e.key + ":" : e.key + ": " + value)
                }
                out.append("---")
                i = j
            }
        }

        while i < doc.lines.count {
            let line = doc.lines[i]
            i += 1
            let content = text.slice(line.content)
            switch line.kind {
            case .blank:
                pendingBlank = !out.isEmpty
                continue
            case .code, .codeFence:
                flush(&out, &pendingBlank)
                out.append(line.kind == .codeFence ? trimmedTrailing(content) : content)
                continue
            case .heading(level: 2):
                // A blank line goes before each heading, unless a suppression's block reaches
                // the heading: a blank line there would end the block and drop the suppression.
                let held = doc.suppressions.contains { !$0.wholeFile && $0.scope.start <= line.range.start && line.range.start < $0.scope.end }
                if !out.isEmpty && !held { pendingBlank = true }
                flush(&out, &pendingBlank)
                out.append(trimmedTrailing(content))
                continue
            case .score:
                flush(&out, &pendingBlank)
                if let sc = scores[line.content.start], sc.labelRange.end <= sc.valueRange.start {
                    let before = text.slice(TextRange(line.content.start, sc.labelRange.end))
                    let rest = text.slice(TextRange(sc.valueRange.start, line.content.end))
                    out.append(trimmedTrailing(before + ": " + rest))
                } else {
                    out.append(trimmedTrailing(content))
                }
                continue
            case .preference:
                flush(&out, &pendingBlank)
                if let p = preferences[line.content.start] {
                    let op: String
                    switch p.relation { case .tie: op = "="; case .better(let n): op = String(repeating: ">", count: max(1, n)) }
                    let before = text.slice(TextRange(line.content.start, p.range.start))
                    let after = text.slice(TextRange(p.range.end, line.content.end))
                    out.append(trimmedTrailing(before + "\(p.left) \(op) \(p.right)" + after))
                } else {
                    out.append(trimmedTrailing(content))
                }
                continue
            default:
                flush(&out, &pendingBlank)
                out.append(trimmedTrailing(content))
            }
        }
        while out.last == "" { out.removeLast() }
        guard !out.isEmpty else { return bom ? "\u{FEFF}" : "" }
        return (bom && !(out.first?.hasPrefix("\u{FEFF}") ?? false) ? "\u{FEFF}" : "") + out.joined(separator: nl) + nl
    }

    static func flush(_ out: inout [String], _ pendingBlank: inout Bool) {
        if pendingBlank && !out.isEmpty { out.append("") }
        pendingBlank = false
    }

    static func trimmedTrailing(_ s: String) -> String {
        var u = Substring(s)
        while let l = u.last, l == " " || l == "\t" { u = u.dropLast() }
        return String(u)
    }
}
