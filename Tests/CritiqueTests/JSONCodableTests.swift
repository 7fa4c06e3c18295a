@testable import CritiqueCore
import Foundation
import Testing

/// Codable over the core's JSON reader and writer (what the server and the CLI use instead of
/// Foundation's), cross-checked against Foundation's JSONEncoder and JSONDecoder both ways.
@Suite("JSONTreeDecoder and JSONTreeEncoder")
struct JSONCodableTests {
    enum Kind: String, Codable, Equatable { case scale, checklist }
    struct Inner: Codable, Equatable { var line: Int; var character: Int }
    struct Sample: Codable, Equatable {
        var id: Int64
        var name: String
        var ratio: Double
        var flag: Bool
        var kind: Kind
        var tags: [String]
        var nested: [Inner]
        var optional: String?
        var map: [String: Int]
        var unsigned: UInt8
    }

    static let samples: [Sample] = [
        Sample(id: 9_007_199_254_740_993, name: "quote \" backslash \\ line\nbreak\ttab \u{1} 🌿 中文 é", ratio: 0.1, flag: true,
               kind: .checklist, tags: [], nested: [Inner(line: 0, character: 3), Inner(line: 12, character: 0)], optional: nil,
               map: ["A": 1, "b": -2], unsigned: 255),
        Sample(id: -1, name: "", ratio: -2.5e-7, flag: false, kind: .scale, tags: ["x", "y/z"], nested: [], optional: "set",
               map: [:], unsigned: 0),
        Sample(id: Int64.max, name: "\u{7F}\u{2028}", ratio: 1e300, flag: true, kind: .scale, tags: [""], nested: [Inner(line: Int.max, character: Int.min)],
               optional: "", map: ["": 0], unsigned: 7),
    ]

    @Test("our encoder's output reads back the same through Foundation's decoder, and ours", arguments: samples)
    func encodeThenDecode(_ sample: Sample) throws {
        for pretty in [false, true] {
            let bytes = try JSONTreeEncoder(pretty: pretty, sortedKeys: pretty).encode(sample)
            #expect(try JSONDecoder().decode(Sample.self, from: Data(bytes)) == sample)
            #expect(try JSONTreeDecoder().decode(Sample.self, from: bytes) == sample)
        }
    }

    @Test("Foundation's encoder's output reads back the same through our decoder", arguments: samples)
    func foundationThenOurs(_ sample: Sample) throws {
        let bytes = Array(try JSONEncoder().encode(sample))
        #expect(try JSONTreeDecoder().decode(Sample.self, from: bytes) == sample)
    }

    @Test("a nil optional is left out; keys keep the order the type encodes them in")
    func layout() throws {
        let bytes = try JSONTreeEncoder().encode(Inner(line: 1, character: 2))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"line":1,"character":2}"#)
        let s = String(decoding: try JSONTreeEncoder().encode(Self.samples[0]), as: UTF8.self)
        #expect(!s.contains("optional"))
        let sorted = String(decoding: try JSONTreeEncoder(pretty: true, sortedKeys: true).encode(Inner(line: 1, character: 2)), as: UTF8.self)
        #expect(sorted == "{\n  \"character\": 2,\n  \"line\": 1\n}")
    }

    /// What the server tells a client about bad params depends on which error this is.
    @Test("bad input is a DecodingError of the right kind or a syntax error, never a crash",
          arguments: [
            (#"{"line": 1}"#, "keyNotFound"),
            (#"{"line": "1", "character": 2}"#, "typeMismatch"),
            (#"{"line": null, "character": 2}"#, "valueNotFound"),
            (#"{"line": 1.5, "character": 2}"#, "dataCorrupted"),
            (#"{"line": 99999999999999999999999, "character": 2}"#, "dataCorrupted"),
            (#"{"line": 1e400, "character": 2}"#, "dataCorrupted"),
            (#"[1, 2]"#, "typeMismatch"),
            (#"{"line": 1, "character": 2"#, "syntax"),
            (#"{"line": 1, "character": 2} x"#, "syntax"),
            ("", "syntax"),
            (String(repeating: "[", count: 300) + String(repeating: "]", count: 300), "syntax"),
          ])
    func errors(_ input: String, _ kind: String) {
        do {
            _ = try JSONTreeDecoder().decode(Inner.self, from: Array(input.utf8))
            Issue.record("decoded \(input)")
        } catch let e as DecodingError {
            switch e {
            case .keyNotFound: #expect(kind == "keyNotFound")
            case .typeMismatch: #expect(kind == "typeMismatch")
            case .valueNotFound: #expect(kind == "valueNotFound")
            case .dataCorrupted: #expect(kind == "dataCorrupted")
            @unknown default: Issue.record("\(e)")
            }
        } catch {
            #expect(kind == "syntax" && error is JSONTreeDecoder.SyntaxError, "\(error)")
        }
    }

    @Test("a large object decodes as a dictionary as a small one does; a key twice in one object is an error")
    func largeObjects() throws {
        for count in [3, 50_000] {
            let members = (0..<count).map { #""k\#($0)": \#($0)"# }
            let d = try JSONTreeDecoder().decode([String: Int].self, from: Array(("{" + members.joined(separator: ",") + "}").utf8))
            #expect(d.count == count && d["k0"] == 0 && d["k\(count - 1)"] == count - 1)
            // Readers disagree on which of two equal keys counts, so neither is taken.
            let twice = Array(("{" + (members + [#""k0": -1"#]).joined(separator: ",") + "}").utf8)
            #expect(throws: JSONTreeDecoder.SyntaxError.self) { try JSONTreeDecoder().decode([String: Int].self, from: twice) }
        }
    }

    @Test("an integer past 2^53 keeps every digit; invalid UTF-8 in a string is repaired, not fatal")
    func exactness() throws {
        struct ID: Codable { var id: Int }
        #expect(try JSONTreeDecoder().decode(ID.self, from: Array(#"{"id": 9007199254740993}"#.utf8)).id == 9_007_199_254_740_993)
        struct Text: Codable { var text: String }
        let bytes: [UInt8] = Array(#"{"text": "a"#.utf8) + [0xFF, 0xC3] + Array(#"b"}"#.utf8)
        let t = try JSONTreeDecoder().decode(Text.self, from: bytes)
        #expect(t.text.hasPrefix("a") && t.text.hasSuffix("b"))
    }
}
