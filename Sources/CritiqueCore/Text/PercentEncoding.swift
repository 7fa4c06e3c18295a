/// Percent-encoding of paths for URIs (LSP `file://` URIs, SARIF artifact locations), by
/// bytes: RFC 3986 path characters stay, every other byte is `%XX`.
public enum PercentEncoding {
    private static let pathCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@/".utf8)
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `colon`: whether `:` stays as it is (it does in a path segment; a `file://` URI escapes it).
    public static func encode(path: String, keepingColon colon: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for b in path.utf8 {
            if pathCharacters.contains(b) || (colon && b == 0x3A) { out.append(b) }
            else { out.append(0x25); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%XX` escapes decoded; nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ s: String) -> String? {
        guard s.utf8.contains(0x25) else { return s }
        var out: [UInt8] = []
        var rest = Array(s.utf8)[...]
        func digit(_ c: UInt8) -> UInt8? {
            switch c { case 0x30...0x39: c - 0x30; case 0x41...0x46: c - 0x37; case 0x61...0x66: c - 0x57; default: nil }
        }
        while let b = rest.popFirst() {
            guard b == 0x25 else { out.append(b); continue }
            guard let h = rest.popFirst().flatMap(digit), let l = rest.popFirst().flatMap(digit) else { return nil }
            out.append(h << 4 | l)
        }
        return String(validating: out, as: UTF8.self)
    }
}
