/// A JSON value with ordered keys, printed with two-space indentation (rubric and task
/// import, so fields appear in the order people read them). JSONL exports use `JSONLine`.
public indirect enum OrderedJSON: Sendable {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Pretty-printed JSON, two spaces an indent level, written into one buffer: building a
    /// String per value and joining them copied every value once per level above it (a
    /// 470 KB report took 300 M instructions).
    public func render(indent: String = "") -> String {
        var out: [UInt8] = []
        write(into: &out, indent: Array(indent.utf8))
        return String(decoding: out, as: UTF8.self)
    }

    private func write(into o: inout [UInt8], indent: [UInt8]) {
        switch self {
        case .object(let kv):
            if kv.isEmpty { o.append(contentsOf: "{}".utf8); return }
            let inner = indent + [0x20, 0x20]
            o.append(contentsOf: "{\n".utf8)
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { o.append(contentsOf: ",\n".utf8) }
                o.append(contentsOf: inner)
                OrderedJSON.quote(k, into: &o)
                o.append(contentsOf: ": ".utf8)
                v.write(into: &o, indent: inner)
            }
            o.append(0x0A); o.append(contentsOf: indent); o.append(UInt8(ascii: "}"))
        case .array(let a):
            if a.isEmpty { o.append(contentsOf: "[]".utf8); return }
            if a.allSatisfy({ if case .string(let s) = $0 { return s.count < 24 } else { return false } }) {
                o.append(UInt8(ascii: "["))
                for (i, e) in a.enumerated() {
                    if i > 0 { o.append(contentsOf: ", ".utf8) }
                    e.write(into: &o, indent: [])
                }
                o.append(UInt8(ascii: "]"))
                return
            }
            let inner = indent + [0x20, 0x20]
            o.append(contentsOf: "[\n".utf8)
            for (i, e) in a.enumerated() {
                if i > 0 { o.append(contentsOf: ",\n".utf8) }
                o.append(contentsOf: inner)
                e.write(into: &o, indent: inner)
            }
            o.append(0x0A); o.append(contentsOf: indent); o.append(UInt8(ascii: "]"))
        case .string(let s): OrderedJSON.quote(s, into: &o)
        // JSON has no Infinity or NaN: such a value is written as null, which a reader then
        // reports as a wrong type instead of failing to parse the whole file.
        case .number(let d): o.append(contentsOf: (d.isFinite ? formatScore(d) : "null").utf8)
        case .bool(let b): o.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: o.append(contentsOf: "null".utf8)
        }
    }

    public static func quote(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string. Escapes are ASCII, so the work is on bytes: everything
    /// else is copied as it is, and eight bytes at a time are passed over when none of them
    /// needs an escape (the common case: prose and response texts).
    static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            // Grown geometrically: `reserveCapacity` to exactly what one string needs would
            // reallocate on every call of a long line (quadratic copying).
            let need = out.count + u.count + 2
            if out.capacity < need { out.reserveCapacity(Swift.max(need, 2 * out.capacity)) }
            out.append(0x22)
            guard let base = u.baseAddress else { out.append(0x22); return }
            let n = u.count
            var run = 0, i = 0
            while i < n {
                if i + 8 <= n && !needsEscape(WordScan.load(base + i)) { i += 8; continue }
                let b = base[i]
                i += 1
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - 1 - run))
                run = i
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
            out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: n - run))
            out.append(0x22)
        }
    }

    /// Whether any of the eight bytes is a control character, `"` or `\\`.
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        WordScan.hasLess(w, than: 0x20) || WordScan.has(w, 0x22) || WordScan.has(w, 0x5C)
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
}

/// One compact JSON value written straight to bytes, in order, with no tree in between: what
/// the exports write a JSONL line with. Commas are the writer's business: open a container,
/// write keys and values, close it.
///
///     var w = JSONLine()
///     w.object { w in w.field("prompt", p); w.key("chosen"); w.string(c) }
public struct JSONLine {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next key or value follows a sibling and needs a comma first.
    private var comma = false

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    private mutating func separate() { if comma { bytes.append(0x2C) } }

    public mutating func object(_ body: (inout JSONLine) -> Void) {
        separate(); bytes.append(0x7B); comma = false
        body(&self)
        bytes.append(0x7D); comma = true
    }

    public mutating func array(_ body: (inout JSONLine) -> Void) {
        separate(); bytes.append(0x5B); comma = false
        body(&self)
        bytes.append(0x5D); comma = true
    }

    public mutating func key(_ k: String) {
        separate(); OrderedJSON.quote(k, into: &bytes); bytes.append(0x3A); comma = false
    }

    public mutating func string(_ s: String?) {
        guard let s else { return null() }
        separate(); OrderedJSON.quote(s, into: &bytes); comma = true
    }

    /// A number as `formatScore` writes it; JSON has no Infinity or NaN, so those are null.
    public mutating func number(_ d: Double?) {
        guard let d, d.isFinite else { return null() }
        separate()
        if d == d.rounded() && abs(d) < 1e15 { integer(Int(d)) } else { bytes += formatScore(d).utf8 }
        comma = true
    }

    public mutating func number(_ n: Int?) {
        guard let n else { return null() }
        separate(); integer(n); comma = true
    }

    public mutating func bool(_ b: Bool) {
        separate(); bytes += b ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65]; comma = true
    }

    public mutating func null() { separate(); bytes += [0x6E, 0x75, 0x6C, 0x6C]; comma = true }

    public mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
    public mutating func field(_ k: String, _ d: Double?) { key(k); number(d) }
    public mutating func field(_ k: String, _ n: Int?) { key(k); number(n) }
    public mutating func field(_ k: String, _ b: Bool) { key(k); bool(b) }

    private mutating func integer(_ n: Int) { JSONLine.integer(n, into: &bytes) }

    // For writers of one fixed message shape (the server's diagnostics): the pieces, without
    // the comma bookkeeping.

    /// Appends `s` as a JSON string.
    public static func string(_ s: String, into bytes: inout [UInt8]) { OrderedJSON.quote(s, into: &bytes) }

    /// Appends JSON text the caller wrote (keys and punctuation), as it is.
    public static func text(_ s: StaticString, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends an integer in decimal.
    public static func integer(_ n: Int, into bytes: inout [UInt8]) {
        if n < 0 { bytes.append(0x2D) }
        var m = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[count] = 0x30 + UInt8(m % 10); m /= 10; count += 1 } while m > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }
}
