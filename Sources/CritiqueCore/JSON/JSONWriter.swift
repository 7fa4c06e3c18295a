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
        var out = ""
        write(compact: &out)
        return out
    }

    private func write(compact out: inout String) {
        switch self {
        case .object(let kv):
            out += "{"
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out += "," }
                out += OrderedJSON.quote(k); out += ":"; v.write(compact: &out)
            }
            out += "}"
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() { if i > 0 { out += "," }; v.write(compact: &out) }
            out += "]"
        default: out += render()
        }
    }

    public static func quote(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
