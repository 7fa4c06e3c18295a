import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

@Suite("LSP position conversion")
struct LSPPositionTests {
    static let encodings: [PositionEncoding] = [.utf8, .utf16, .utf32]

    static let samples: [String] = [
        "",
        "plain ascii",
        "a\nb\n",
        "😀",
        "x😀y\n😀😀\n",
        "👩‍👩‍👧‍👦 family and 🏳️‍🌈 flag",
        "🇫🇷🇯🇵 flags side by side",
        "日本語のテキスト\n中文\n한국어",
        "e\u{301}\u{302} combining; a\u{20DD}",
        "crlf\r\nline\r\n\r\nend",
        "lone\rcr\rlines\r",
        "mixed\r\n\n\r\r\nbreaks",
        "\ttabs\t\there\t",
        "## Accuracy 😀\r\nScore: 5 #tag 日本\rnext 🇫🇷 é\n\n",
        "\u{FEFF}bom then text",
        "\u{10FFFF}\u{E000}\u{FFFD}",
        "trailing emoji 👍🏽",
    ]

    static func randomSample(seed: UInt64) -> String {
        var rng = LSPRandom(seed: seed)
        let atoms = ["a", "Z", " ", "\t", "\n", "\r\n", "\r", "é", "e\u{301}", "日", "本", "😀", "👩‍👩‍👧", "🇫🇷", "\u{200D}", "\u{FE0F}", "ß", "#"]
        return (0..<Int.random(in: 0...60, using: &rng)).map { _ in atoms.randomElement(using: &rng)! }.joined()
    }

    static let all: [String] = samples + (1...40).map { randomSample(seed: UInt64($0)) }

    /// Scalar boundaries, except between a CR and its LF (no LSP position names that spot).
    static func boundaries(_ ind: LSPIndependent) -> [Int] {
        var out: [Int] = []
        for (i, s) in ind.scalars.enumerated() {
            if s.scalar == "\n" && i > 0 && ind.scalars[i - 1].scalar == "\r" { continue }
            out.append(s.offset)
        }
        out.append(ind.byteCount)
        return out
    }

    @Test(arguments: all)
    func everyScalarBoundaryRoundTripsAndMatchesAnIndependentComputation(text: String) {
        let st = SourceText(text)
        for e in Self.encodings {
            let ind = LSPIndependent(text, encoding: e.rawValue)
            #expect(st.lineCount == ind.lineStarts.count)
            for o in Self.boundaries(ind) {
                let p = e.position(o, in: st)
                let expected = ind.position(o)
                #expect(LSPPos(p.line, p.character) == expected, "\(e) offset \(o) in \(String(reflecting: text))")
                #expect(e.offset(p, in: st) == o, "\(e) round trip of \(o) in \(String(reflecting: text))")
                #expect(e.offset(Position(line: expected.line, character: expected.character), in: st) == ind.offset(expected))
            }
        }
    }

    @Test(arguments: all)
    func theServerPublishesPositionsTheIndependentModelAgreesWith(text: String) {
        // A tag after the sample text on the same line: its diagnostic's start must be where the model says.
        let prefix = "## Accuracy\nScore: 5\n\n"
        let line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "#", with: " ")
        let doc = prefix + line + " #zz-unknown-tag\n"
        let tagOffset = prefix.utf8.count + line.utf8.count + 1
        for e in ["utf-8", "utf-16", "utf-32"] {
            let c = LSPTestClient()
            c.initialize(encodings: [e])
            c.open(uri: LSPLooseURI, text: doc)
            let d = c.diagnostics(LSPLooseURI).first { $0["code"] == "tag-unknown" && $0["message"].string?.contains("zz-unknown-tag") == true }
            let ind = LSPIndependent(doc, encoding: e)
            #expect(LSPPos(d?["range"]["start"] ?? nil) == ind.position(tagOffset), "\(e)")
            #expect(LSPPos(d?["range"]["end"] ?? nil) == ind.position(tagOffset + "#zz-unknown-tag".utf8.count), "\(e)")
        }
    }

    /// The server converts a check's findings in order, searching each line from the last
    /// one's: from every possible hint (before, on or after the right line), the position is
    /// the independent computation's.
    @Test(arguments: all)
    func searchingFromAHintFindsTheSamePosition(text: String) {
        let st = SourceText(text)
        for e in Self.encodings {
            let ind = LSPIndependent(text, encoding: e.rawValue)
            for o in Self.boundaries(ind) {
                for hint in -1...(st.lineCount + 1) {
                    let p = e.position(o, in: st, near: hint)
                    #expect(LSPPos(p.line, p.character) == ind.position(o), "\(e) offset \(o) from line \(hint) in \(String(reflecting: text))")
                }
            }
        }
    }

    @Test func offsetInsideASurrogatePairLandsOnABoundary() {
        let st = SourceText("a😀b\n")
        // UTF-16: "a" is 1 unit, 😀 is 2; character 2 is between its surrogates.
        let o = PositionEncoding.utf16.offset(Position(line: 0, character: 2), in: st)
        #expect(o == 1 || o == 5)   // before or after the emoji, never inside
        #expect(PositionEncoding.utf16.offset(Position(line: 0, character: 3), in: st) == 5)
        // UTF-8 columns inside a multi-byte scalar move back to its start.
        for ch in 2...4 { #expect(PositionEncoding.utf8.offset(Position(line: 0, character: ch), in: st) == 1) }
        // Offsets inside a scalar map to the scalar's position.
        for o in 2...4 {
            #expect(PositionEncoding.utf16.position(o, in: st) == Position(line: 0, character: 1))
            #expect(PositionEncoding.utf32.position(o, in: st) == Position(line: 0, character: 1))
        }
    }

    @Test(arguments: encodings)
    func positionsBeyondTheLineOrTextClamp(e: PositionEncoding) {
        let text = "ab😀\r\nsecond\nlast"
        let st = SourceText(text)
        #expect(e.offset(Position(line: 0, character: 99), in: st) == 6)       // end of line 0, before the CR LF
        #expect(e.offset(Position(line: 1, character: 1000), in: st) == 14)    // before the LF
        #expect(e.offset(Position(line: 2, character: 1000), in: st) == text.utf8.count)
        #expect(e.offset(Position(line: 3, character: 0), in: st) == text.utf8.count)
        #expect(e.offset(Position(line: 99, character: 5), in: st) == text.utf8.count)
        #expect(e.offset(Position(line: -1, character: 5), in: st) == 0)
        #expect(e.offset(Position(line: 1, character: -4), in: st) == 8)
        // Offsets beyond the text clamp to its end; negative ones to the start.
        #expect(e.position(10_000, in: st) == e.position(text.utf8.count, in: st))
        #expect(e.position(-5, in: st) == Position(line: 0, character: 0))
        // Between CR and LF: still line 0.
        #expect(e.position(7, in: st).line == 0)
        let r = e.textRange(LSPRange(start: Position(line: 1, character: 3), end: Position(line: 0, character: 1)), in: st)
        #expect(r.start == 1 && r.end == 11)
    }

    @Test(arguments: encodings)
    func rangesRoundTrip(e: PositionEncoding) {
        let text = "x 😀 y\r\n日本 🇫🇷\rz"
        let st = SourceText(text)
        let ind = LSPIndependent(text, encoding: e.rawValue)
        let b = Self.boundaries(ind)
        for i in b { for j in b where j >= i {
            let r = e.range(TextRange(i, j), in: st)
            #expect(e.textRange(r, in: st) == TextRange(i, j))
        } }
    }
}
