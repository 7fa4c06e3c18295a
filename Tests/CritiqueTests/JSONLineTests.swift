@testable import CritiqueCore
import Foundation
import Testing

/// `JSONLine`, the writer every export line goes through: its string escaping passes over
/// eight bytes at a time, so each character that needs an escape is tried at every offset
/// around those eight-byte steps, and every line must read back as the same values.
@Suite("JSONLine: compact JSON for the exports")
struct JSONLineTests {
    /// What must be escaped, and text that must pass as it is (multi-byte UTF-8 has bytes
    /// ≥ 0x80, which the word test must not take for control characters).
    static let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "中", "🌿", "\u{7F}"]

    /// A reference escaper, one character at a time.
    static func reference(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    @Test("each special character at every offset of strings up to 24 bytes", arguments: specials)
    func escapesAtEveryOffset(_ special: String) throws {
        for length in 0...24 {
            for at in 0...length {
                let s = String(repeating: "a", count: at) + special + String(repeating: "b", count: length - at)
                var w = JSONLine()
                w.string(s)
                let written = String(decoding: w.bytes, as: UTF8.self)
                #expect(written == Self.reference(s), "\(s.debugDescription)")
                let back = try JSONSerialization.jsonObject(with: Data(w.bytes), options: [.fragmentsAllowed]) as? String
                #expect(back == s)
            }
        }
    }

    @Test("objects and arrays get their commas; numbers are written as formatScore writes them")
    func structure() throws {
        var w = JSONLine()
        w.object { w in
            w.field("a", 1 as Int?)
            w.field("b", -12.0 as Double?)
            w.field("c", 0.25 as Double?)
            w.field("d", Double.nan as Double?)
            w.field("e", nil as String?)
            w.field("f", true)
            w.key("g"); w.array { w in w.number(Int.min as Int?); w.object { _ in }; w.array { _ in }; w.string("x") }
            w.key("h"); w.object { w in w.field("i", 1e20 as Double?) }
        }
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text == #"{"a":1,"b":-12,"c":0.25,"d":null,"e":null,"f":true,"g":[-9223372036854775808,{},[],"x"],"h":{"i":"# + formatScore(1e20) + "}}")
        #expect(try JSONSerialization.jsonObject(with: Data(w.bytes)) is [String: Any])
    }
}
