/// A JSON5 reader that keeps positions and never fails: it returns whatever it could read
/// and a list of problems. Strict JSON is a subset, so it reads both.
public struct JSONReader {
    let b: [UInt8]
    var i = 0
    var problems: [JSONProblem] = []
    var depth = 0
    static let maxDepth = 200

    public static func parse(_ text: SourceText) -> (JSONNode?, [JSONProblem]) { parse(bytes: text.bytes) }

    /// The same from bytes alone (a message on the wire needs no line table).
    public static func parse(bytes: [UInt8]) -> (JSONNode?, [JSONProblem]) {
        var r = JSONReader(b: bytes)
        if r.b.starts(with: [0xEF, 0xBB, 0xBF]) { r.i = 3 }
        r.skipTrivia()
        if r.i >= r.b.count {
            r.problems.append(JSONProblem(message: "The file is empty; expected a JSON object.", range: .empty(at: r.i)))
            return (nil, r.problems)
        }
        let v = r.value()
        r.skipTrivia()
        if r.i < r.b.count && r.problems.isEmpty {
            r.problems.append(JSONProblem(message: "Unexpected text after the end of the JSON value.", range: TextRange(r.i, min(r.b.count, r.i + 1))))
        }
        return (v, r.problems)
    }

    mutating func fail(_ message: String, _ start: Int, _ end: Int? = nil) {
        let s = min(start, b.count)
        problems.append(JSONProblem(message: message, range: TextRange(s, min(b.count, end ?? (s + 1)))))
    }

    mutating func skipTrivia() {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C { i += 1; continue }
            if c == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0 { i += 2; continue }           // NBSP
            if c == 0xEF && i + 2 < b.count && b[i + 1] == 0xBB && b[i + 2] == 0xBF { i += 3; continue } // BOM
            if c == UInt8(ascii: "/") && i + 1 < b.count {
                if b[i + 1] == UInt8(ascii: "/") {
                    while i < b.count && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
                    continue
                }
                if b[i + 1] == UInt8(ascii: "*") {
                    let start = i
                    i += 2
                    while i + 1 < b.count && !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                    if i + 1 >= b.count { fail("Unterminated block comment.", start, start + 2); i = b.count } else { i += 2 }
                    continue
                }
            }
            break
        }
    }

    mutating func value() -> JSONNode? {
        guard i < b.count else { fail("Unexpected end of file; expected a value.", i); return nil }
        let c = b[i]
        switch c {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let start = i
            let s = stringLiteral()
            return JSONNode(.string(s), TextRange(start, i))
        default:
            let start = i
            if let n = number() { return JSONNode(.number(n), TextRange(start, i)) }
            let word = identifier()
            switch word {
            case "true": return JSONNode(.bool(true), TextRange(start, i))
            case "false": return JSONNode(.bool(false), TextRange(start, i))
            case "null": return JSONNode(.null, TextRange(start, i))
            case "": 
                fail("Unexpected character; expected a value (object, array, string, number, true, false or null).", start)
                i += SourceText.scalarLength(c)
                return nil
            default:
                fail("Unknown word '\(word)'; expected a value. Strings need quotes.", start, i)
                return JSONNode(.string(word), TextRange(start, i))
            }
        }
    }

    mutating func object() -> JSONNode {
        let start = i
        i += 1
        depth += 1
        defer { depth -= 1 }
        if depth > JSONReader.maxDepth { fail("Nesting is too deep (over \(JSONReader.maxDepth) levels).", start); i = b.count; return JSONNode(.object([]), TextRange(start, i)) }
        var members: [JSONMember] = []
        // Room for a small object at once (growing from one member reallocated twice for a
        // message's typical two to four).
        members.reserveCapacity(4)
        // Duplicate keys: small objects (every message) are searched; large ones hashed.
        var keys: Set<String> = []
        while true {
            skipTrivia()
            guard i < b.count else { fail("Unterminated object: missing '}'.", start); break }
            if b[i] == UInt8(ascii: "}") { i += 1; break }
            let keyStart = i
            var key: String
            if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") { key = stringLiteral() }
            else {
                key = identifier()
                if key.isEmpty {
                    fail("Expected a property name or '}'.", i)
                    recover(to: [UInt8(ascii: ","), UInt8(ascii: "}")])
                    if i < b.count && b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if i < b.count { i += 1 }
                    break
                }
            }
            let keyRange = TextRange(keyStart, i)
            // JSON leaves duplicate keys undefined and readers differ (most keep the last):
            // a second `criteria` would silently drop the first list, so it is an error.
            let seen: Bool
            if members.count < 16 {
                seen = members.contains { $0.key == key }
            } else {
                if keys.isEmpty { keys = Set(members.map(\.key)) }
                seen = !keys.insert(key).inserted
            }
            if seen {
                problems.append(JSONProblem(message: "The key '\(key)' appears twice in this object; keep one (readers disagree on which one counts).", range: keyRange))
            }
            skipTrivia()
            if i < b.count && b[i] == UInt8(ascii: ":") { i += 1 } else { fail("Expected ':' after the property name '\(key)'.", i) }
            skipTrivia()
            if let v = value() { members.append(JSONMember(key: key, keyRange: keyRange, value: v)) }
            skipTrivia()
            guard i < b.count else { fail("Unterminated object: missing '}'.", start); break }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; break }
            fail("Expected ',' or '}' after a property value.", i)
            recover(to: [UInt8(ascii: ","), UInt8(ascii: "}")])
            if i < b.count && b[i] == UInt8(ascii: ",") { i += 1; continue }
            if i < b.count { i += 1 }
            break
        }
        return JSONNode(.object(members), TextRange(start, i))
    }

    mutating func array() -> JSONNode {
        let start = i
        i += 1
        depth += 1
        defer { depth -= 1 }
        if depth > JSONReader.maxDepth { fail("Nesting is too deep (over \(JSONReader.maxDepth) levels).", start); i = b.count; return JSONNode(.array([]), TextRange(start, i)) }
        var items: [JSONNode] = []
        while true {
            skipTrivia()
            guard i < b.count else { fail("Unterminated array: missing ']'.", start); break }
            if b[i] == UInt8(ascii: "]") { i += 1; break }
            let before = i
            if let v = value() { items.append(v) }
            if i == before { i += 1 }
            skipTrivia()
            guard i < b.count else { fail("Unterminated array: missing ']'.", start); break }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; break }
            fail("Expected ',' or ']' after an array element.", i)
            recover(to: [UInt8(ascii: ","), UInt8(ascii: "]")])
            if i < b.count && b[i] == UInt8(ascii: ",") { i += 1; continue }
            if i < b.count { i += 1 }
            break
        }
        return JSONNode(.array(items), TextRange(start, i))
    }

    /// Skips to the next byte in `stops` at this nesting level (strings skipped).
    mutating func recover(to stops: [UInt8]) {
        var level = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { let saved = problems.count; _ = stringLiteral(); problems.removeSubrange(saved...); continue }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { level += 1 }
            if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") { if level == 0 { if stops.contains(c) { return } ; return } ; level -= 1 }
            if level == 0 && stops.contains(c) { return }
            i += 1
        }
    }

    mutating func identifier() -> String {
        let start = i
        while i < b.count {
            let c = b[i]
            if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$") || c >= 0x80 {
                if c >= 0x80 {
                    // Stop at white space such as NBSP; accept other non-ASCII letters.
                    if c == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0 { break }
                    i += SourceText.scalarLength(c)
                } else { i += 1 }
            } else { break }
        }
        return String(decoding: b[start..<min(i, b.count)], as: UTF8.self)
    }

    mutating func number() -> Double? {
        let start = i
        var j = i
        if j < b.count && (b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "+")) { j += 1 }
        guard j < b.count else { return nil }
        let c = b[j]
        let isDigit = { (x: UInt8) in x >= 0x30 && x <= 0x39 }
        if !(isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "I") || c == UInt8(ascii: "N")) { return nil }
        let negative = b[start] == UInt8(ascii: "-")
        // Infinity / NaN
        if c == UInt8(ascii: "I") || c == UInt8(ascii: "N") {
            i = j
            let w = identifier()
            if w == "Infinity" { return negative ? -.infinity : .infinity }
            if w == "NaN" { return .nan }
            i = start
            return nil
        }
        // Hex
        if c == UInt8(ascii: "0") && j + 1 < b.count && (b[j + 1] == UInt8(ascii: "x") || b[j + 1] == UInt8(ascii: "X")) {
            j += 2
            var v: Double = 0
            let hs = j
            while j < b.count, let d = hexValue(b[j]) { v = v * 16 + Double(d); j += 1 }
            if j == hs { fail("Invalid hexadecimal number.", start, j); }
            i = j
            return negative ? -v : v
        }
        while j < b.count && isDigit(b[j]) { j += 1 }
        // A plain integer of up to 15 digits (ids, versions, positions) is exact in a Double:
        // read it without making a String.
        if j - start <= 15, j > start, b[start] != UInt8(ascii: "+"),
           j == b.count || (b[j] != UInt8(ascii: ".") && b[j] != UInt8(ascii: "e") && b[j] != UInt8(ascii: "E")) {
            var v = 0
            for k in (negative ? start + 1 : start)..<j { v = v * 10 + Int(b[k] - 0x30) }
            if j > (negative ? start + 1 : start) { i = j; return negative ? -Double(v) : Double(v) }
        }
        if j < b.count && b[j] == UInt8(ascii: ".") { j += 1; while j < b.count && isDigit(b[j]) { j += 1 } }
        if j < b.count && (b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E")) {
            var k = j + 1
            if k < b.count && (b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+")) { k += 1 }
            if k < b.count && isDigit(b[k]) { j = k; while j < b.count && isDigit(b[j]) { j += 1 } }
        }
        let text = String(decoding: b[start..<j], as: UTF8.self)
        i = j
        if let d = Double(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return d }
        fail("Invalid number '\(text)'.", start, j)
        return 0
    }

    func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }

    mutating func stringLiteral() -> String {
        let quote = b[i]
        let start = i
        i += 1
        // Most strings have no escape: find the closing quote and take the bytes as they are.
        var j = i
        while j < b.count, b[j] != quote, b[j] != UInt8(ascii: "\\"), b[j] != 0x0A, b[j] != 0x0D { j += 1 }
        if j < b.count && b[j] == quote {
            let s = String(decoding: b[i..<j], as: UTF8.self)
            i = j + 1
            return s
        }
        var out = Array(b[i..<j])
        i = j
        while i < b.count {
            let c = b[i]
            if c == quote { i += 1; return String(decoding: out, as: UTF8.self) }
            if c == 0x0A || c == 0x0D { fail("Unterminated string: a line break inside a string must be escaped.", start, i); return String(decoding: out, as: UTF8.self) }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < b.count else { break }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "0"): out.append(0)
                case 0x0A: break
                case 0x0D: if i < b.count && b[i] == 0x0A { i += 1 }
                case UInt8(ascii: "u"):
                    var scalar: UInt32 = 0
                    var ok = true
                    for _ in 0..<4 {
                        guard i < b.count, let d = hexValue(b[i]) else { ok = false; break }
                        scalar = scalar * 16 + UInt32(d); i += 1
                    }
                    if !ok { fail("Invalid \\u escape: expected four hex digits.", i - 2, i); break }
                    // Surrogate pair
                    if scalar >= 0xD800 && scalar < 0xDC00, i + 5 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                        var low: UInt32 = 0
                        var j = i + 2
                        var lowOK = true
                        for _ in 0..<4 { guard j < b.count, let d = hexValue(b[j]) else { lowOK = false; break }; low = low * 16 + UInt32(d); j += 1 }
                        if lowOK && low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            i = j
                        }
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        fail("Unterminated string: missing closing quote.", start, i)
        return String(decoding: out, as: UTF8.self)
    }
}
