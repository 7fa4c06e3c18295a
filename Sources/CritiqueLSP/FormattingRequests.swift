import CritiqueCore
#if canImport(Glibc)
import Glibc
#endif

/// `textDocument/formatting` and `rangeFormatting`: the core `Formatter`, sent as the one edit
/// that covers what changes (common leading and trailing bytes are kept, so the cursor and
/// marks elsewhere stay put). A range request gets that edit only when it touches the range.
extension Server {
    func formatting(_ p: FormattingParams) -> [LSPTextEdit] {
        guard let doc = current(p.textDocument.uri), doc.kind == .critique, let a = doc.analysis else { return [] }
        let old = doc.text.bytes
        let new = Array(Formatter.format(a.document).utf8)
        guard old != new else { return [] }
        var head = 0
        while head < old.count && head < new.count && old[head] == new[head] { head += 1 }
        var tail = 0
        while tail < old.count - head && tail < new.count - head && old[old.count - 1 - tail] == new[new.count - 1 - tail] { tail += 1 }
        // Whole scalars on both sides.
        while head > 0 && (old[head] & 0xC0) == 0x80 { head -= 1 }
        while tail > 0 && old.count - tail < old.count && (old[old.count - tail] & 0xC0) == 0x80 { tail -= 1 }
        let range = TextRange(head, old.count - tail)
        if let r = p.range {
            let wanted = encoding.textRange(r, in: doc.text)
            guard range.start <= wanted.end && wanted.start <= range.end else { return [] }
        }
        let newText = String(decoding: new[head..<(new.count - tail)], as: UTF8.self)
        return [LSPTextEdit(range: encoding.range(range, in: doc.text), newText: newText)]
    }
}
