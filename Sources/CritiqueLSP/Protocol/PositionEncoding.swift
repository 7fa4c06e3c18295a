import CritiqueCore

/// The one place where UTF-8 offsets (the core's) and LSP positions (the client's encoding)
/// meet.
public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8", utf16 = "utf-16", utf32 = "utf-32"

    /// The client's preference among those offered; UTF-16 when it offers none we know.
    static func negotiate(_ offered: [String]?) -> PositionEncoding {
        for o in offered ?? [] { if let e = PositionEncoding(rawValue: o.lowercased()) { return e } }
        return .utf16
    }

    /// The LSP position of a UTF-8 offset; `near` is a line at or before it (a range's end
    /// is usually on its start's line, and sorted findings come in order), searched from.
    public func position(_ offset: Int, in text: SourceText, near: Int? = nil) -> Position {
        let o = text.scalarBoundary(min(max(0, offset), text.bytes.count))
        let line = near.map { text.line(of: o, from: $0) } ?? text.line(of: o)
        let start = text.lineStarts[line]
        switch self {
        case .utf8: return Position(line: line, character: o - start)
        case .utf16, .utf32:
            // Counted with the text's scalar index: bounded per offset, however long the line
            // (walking from the line start was quadratic for thousands of findings on one line).
            let scalars = text.scalarCount(from: start, to: o)
            return Position(line: line, character: self == .utf16 ? scalars + text.supplementaryCount(from: start, to: o) : scalars)
        }
    }

    /// The UTF-8 offset of an LSP position, clamped to the line and the text (never fails).
    public func offset(_ p: Position, in text: SourceText) -> Int {
        guard p.line >= 0 else { return 0 }
        guard p.line < text.lineCount else { return text.bytes.count }
        let content = text.lineContentRange(p.line)
        let want = max(0, p.character)
        switch self {
        case .utf8:
            // `want` comes from the client and may be Int.max: compare before adding.
            return text.scalarBoundary(content.start + min(want, content.end - content.start))
        case .utf16, .utf32:
            var units = 0
            var i = content.start
            let b = text.bytes
            while i < content.end && units < want {
                let n = SourceText.scalarLength(b[i])
                units += (self == .utf16 && n == 4) ? 2 : 1
                i = min(content.end, i + n)
            }
            return i
        }
    }

    public func range(_ r: TextRange, in text: SourceText, near: Int? = nil) -> LSPRange {
        let start = position(r.start, in: text, near: near)
        return LSPRange(start: start, end: position(r.end, in: text, near: start.line))
    }

    public func textRange(_ r: LSPRange, in text: SourceText) -> TextRange {
        let a = offset(r.start, in: text), b = offset(r.end, in: text)
        return TextRange(min(a, b), max(a, b))
    }
}
