/// Untrusted text made inert for line-oriented output. File names, messages that quote a
/// document or a response, and source lines reach terminals, CI logs that execute workflow
/// commands (`::error …` at the start of a line), and XML. Every format passes them through
/// here, so none of that text can start a line, move the cursor, change colours, reorder what
/// is shown (bidirectional overrides) or make a file invalid (U+FFFE in XML).
enum Inert {
    static func line(_ s: String) -> String {
        // Fast path: nothing to escape, the common case (no copy).
        if allInert(s, exceptControls: false) { return s }
        var r = ""
        r.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            if isInert(u) { r.unicodeScalars.append(u); continue }
            switch u {
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default: r += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            }
        }
        return r
    }

    /// JSON text with every scalar that is not inert written as a `\\u` escape. JSON's structure
    /// is ASCII, so such scalars can only stand inside strings, where the escape means the same
    /// thing: the data stays lossless, the bytes stay inert for anyone who views them.
    /// `json(_:)` over the UTF-8 bytes a JSON writer made: the same bytes when nothing needs an
    /// escape (the usual case), so they are neither decoded nor copied.
    static func json(bytes: [UInt8]) -> [UInt8] {
        if bytes.withUnsafeBufferPointer({ allInert(bytes: $0, exceptControls: true) }) { return bytes }
        return Array(json(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    static func json(_ s: String) -> String {
        // C0 controls are left to the JSON writer, which escapes them.
        if allInert(s, exceptControls: true) { return s }
        var r = ""
        r.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            if isInert(u) || u.value < 0x20 { r.unicodeScalars.append(u); continue }
            for unit in String(u).utf16 { r += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16) }
        }
        return r
    }

    /// HTML and XML text or attribute value: made inert as for a line (no control characters,
    /// no bidirectional overrides, no noncharacters), then `& < > " '` escaped as `&amp; &lt;
    /// &gt; &quot; &#39;`, entities that HTML and XML both know. Safe in element content and in
    /// quoted attribute values, never in a script, a style or an unquoted attribute.
    static func html(_ s: String) -> String { markup(line(s)) }

    /// `& < > " '` escaped as `&amp; &lt; &gt; &quot; &#39;`, nothing else changed: for text that
    /// is already inert (several lines of it, say) going into XML or HTML.
    static func markup(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) { return s }
        var r = ""
        r.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": r += "&amp;"
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "\"": r += "&quot;"
            case "'": r += "&#39;"
            default: r.unicodeScalars.append(u)
            }
        }
        return r
    }

    /// Whether every scalar of `s` is inert (C0 controls too, when `exceptControls`), read from
    /// the UTF-8 bytes: each kind of scalar `isInert` refuses has a fixed encoding, so a walk
    /// over bytes finds them without decoding scalars (a test holds the two to each other
    /// over every scalar).
    static func allInert(_ s: String, exceptControls: Bool) -> Bool {
        var s = s
        return s.withUTF8 { allInert(bytes: $0, exceptControls: exceptControls) }
    }

    /// `allInert` over UTF-8 bytes (valid UTF-8: made from strings).
    static func allInert(bytes b: UnsafeBufferPointer<UInt8>, exceptControls: Bool) -> Bool {
        let n = b.count
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            // Eight ASCII bytes at a time when none is DEL or (unless allowed) a C0 control.
            // "Has a zero byte" is (x - 1s) & ~x & 80s, exact when asked of all eight; with
            // every byte under 0x80, x - 0x20s borrows only at a byte under 0x20.
            if i + 8 <= n, let base = b.baseAddress {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let del = w ^ (0x7F &* ones)
                var refused = w & high | (del &- ones) & ~del & high
                if !exceptControls { refused |= (w &- 0x20 &* ones) & ~w & high }
                if refused == 0 { i += 8; continue }
            }
            let c = b[i]
            if c < 0x80 {
                if c == 0x7F || (c < 0x20 && !exceptControls) { return false }
                i += 1
                continue
            }
            let len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
            guard i + len <= n else { return false }   // cannot happen in a String
            let c1 = b[i + 1]
            switch c {
            case 0xC2 where c1 <= 0x9F: return false                                   // C1: U+0080–U+009F
            case 0xD8 where c1 == 0x9C: return false                                   // U+061C
            case 0xE2:
                let c2 = b[i + 2]
                if c1 == 0x80 && (c2 == 0x8E || c2 == 0x8F || (0xA8...0xAE).contains(c2)) { return false }  // U+200E/F, U+2028–U+202E
                if c1 == 0x81 && (0xA6...0xA9).contains(c2) { return false }                           // U+2066–U+2069
            case 0xEF:
                let c2 = b[i + 2]
                if c1 == 0xB7 && (0x90...0xAF).contains(c2) { return false }           // U+FDD0–U+FDEF
                if c1 == 0xBF && c2 >= 0xBE { return false }                           // U+FFFE, U+FFFF
            case 0xF0...0xF4:
                if c1 & 0x0F == 0x0F && b[i + 2] == 0xBF && b[i + 3] >= 0xBE { return false }  // U+xFFFE, U+xFFFF
            default: break
            }
            i += len
        }
        return true
    }

    /// Whether a scalar can be shown as it is.
    static func isInert(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return false }          // C0, DEL, C1 (NEL, CSI)
        if v == 0x2028 || v == 0x2029 { return false }                        // line and paragraph separators
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C {
            return false                                                      // bidirectional controls
        }
        if (v & 0xFFFE) == 0xFFFE || (0xFDD0...0xFDEF).contains(v) { return false }  // noncharacters (not XML)
        return true
    }
}
