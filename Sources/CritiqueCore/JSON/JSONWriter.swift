/// A JSON value with ordered keys, printed with two-space indentation (rubric and task
/// import, so fields appear in the order people read them) or compactly (JSONL exports).
public indirect enum OrderedJSON: Sendable {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public func render(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .object(let kv):
            if kv.isEmpty { return "{}" }
            return "{\n" + kv.map { inner + OrderedJSON.quote($0.0) + ": " + $0.1.render(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let a):
            if a.isEmpty { return "[]" }
            if a.allSatisfy({ if case .string(let s) = $0 { return s.count < 24 } else { return false } }) {
                return "[" + a.map { $0.render() }.joined(separator: ", ") + "]"
            }
            return "[\n" + a.map { inner + $0.render(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .string(let s): return OrderedJSON.quote(s)
        // JSON has no Infinity or NaN: such a value is written as null, which a reader then
        // reports as a wrong type instead of failing to parse the whole file.
        case .number(let d): return d.isFinite ? formatScore(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// On one line with no spaces: a JSONL record.
    public func compact() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(compact: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(compact out: inout [UInt8]) {
        switch self {
        case .object(let kv):
            out.append(0x7B)
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out.append(0x2C) }
                OrderedJSON.quote(k, into: &out); out.append(0x3A); v.write(compact: &out)
            }
            out.append(0x7D)
        case .array(let a):
            out.append(0x5B)
            for (i, v) in a.enumerated() { if i > 0 { out.append(0x2C) }; v.write(compact: &out) }
            out.append(0x5D)
        case .string(let s): OrderedJSON.quote(s, into: &out)
        default: out += render().utf8
        }
    }

    public static func quote(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string. Escapes are ASCII, so the work is on bytes: everything
    /// else is copied as it is.
    static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            out.reserveCapacity(out.count + u.count + 2)
            out.append(0x22)
            var run = 0
            for i in 0..<u.count {
                let b = u[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i]))
                run = i + 1
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    out.append(0x5C); out.append(0x75); out.append(0x30); out.append(0x30)
                    out.append(hexDigit(b >> 4)); out.append(hexDigit(b & 15))
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count]))
            out.append(0x22)
        }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
}
