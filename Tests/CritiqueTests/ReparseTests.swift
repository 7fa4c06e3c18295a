import CritiqueCore
import Foundation
import Testing

/// `DocumentParser.reparse` (the keystroke path's re-read of one edited prose line) against a
/// whole parse of the same text, node for node, over long runs of random edits: typing, deleting
/// and pasting, with line breaks, CRLF, tags, quotes, scores, comments, emoji and CJK, aimed
/// mostly at prose lines so the patch path is taken often and its refusals are exercised too.
@Suite("Incremental re-parse")
struct ReparseTests {
    static let documents = ParserSnapshotTests.documents

    /// Text an edit inserts: plain typing, and everything that can change a line's kind.
    static let snippets = ["a", "e", "word ", " ", "  ", "\t", ",", ".", "#tag", "#", " #hallucination ", "`", "`code` ",
                           "> ", "A: 3", "B: 2 #x", "- [x] ", "<!-- c -->", "<!--", "-->", "é", "中文", "🌿", "👍🏽",
                           "\n", "\r\n", "\r", "## ", "### Sub", "A > B", "B >> A", "tie", "---", "```", "—", "B", "A B",
                           "\"quoted\"", "<!-- critique-disable banned-phrase: why -->", ""]

    /// A deterministic generator (SplitMix64), so a failure replays.
    struct Random {
        var state: UInt64
        init(state: UInt64) { self.state = state }
        /// Seeded from a name (FNV-1a), so each fixture gets its own edits, the same every run.
        init(seed name: String) {
            var h: UInt64 = 14_695_981_039_346_656_037
            for b in name.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
            state = h
        }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

        /// An edit as an editor makes one: at scalar boundaries (an editor never splits a
        /// character), `proseTenths` in ten inside a prose line's content, else anywhere;
        /// typing, deleting or replacing with one of `snippets`.
        mutating func edit(of bytes: [UInt8], lines: Lines, proseTenths: Int) -> (range: TextRange, insert: String) {
            func boundary(_ x: Int) -> Int { var x = min(max(0, x), bytes.count); while x < bytes.count && bytes[x] & 0xC0 == 0x80 { x += 1 }; return x }
            let prose = lines.filter { $0.kind == .prose }
            let r: TextRange
            if !prose.isEmpty && below(10) < proseTenths {
                let l = prose[below(prose.count)].content
                let a = boundary(l.start + below(l.length + 1))
                r = TextRange(a, below(3) == 0 ? max(a, boundary(min(l.end, a + below(6)))) : a)
            } else {
                let a = boundary(below(bytes.count + 1))
                r = TextRange(a, boundary(min(bytes.count, a + below(3) * below(8))))
            }
            return (r, below(4) == 0 ? "" : ReparseTests.snippets[below(ReparseTests.snippets.count)])
        }
    }

    /// Applies `count` random edits to `bytes`, keeping a tree up to date with `reparse` where
    /// it applies and comparing it with a whole parse after every edit. Returns how many edits
    /// the patch path took.
    static func run(_ start: [UInt8], edits count: Int, seed: Random, name: String) -> (patched: Int, total: Int) {
        var rng = seed
        var bytes = start
        var tree = DocumentParser.parse(SourceText(bytes: bytes))
        bytes = tree.text.bytes   // invalid UTF-8 replaced once, as the server's text is
        var patched = 0
        for step in 0..<count {
            let text = tree.text
            let (r, insert) = rng.edit(of: bytes, lines: tree.lines, proseTenths: 8)
            bytes.replaceSubrange(r.start..<r.end, with: Array(insert.utf8))
            // The patched text (the server's) against the text read afresh.
            let next = text.replacing(r, with: Array(insert.utf8)), fresh = SourceText(bytes: bytes)
            let probes = [0, r.start, r.end, bytes.count / 2, bytes.count]
            guard next.bytes == fresh.bytes, next.string == fresh.string, next.lineStarts == fresh.lineStarts, next.containsNUL == fresh.containsNUL,
                  probes.allSatisfy({ next.scalarCount(from: 0, to: $0) == fresh.scalarCount(from: 0, to: $0)
                                      && next.supplementaryCount(from: 0, to: $0) == fresh.supplementaryCount(from: 0, to: $0) }) else {
                Issue.record("\(name) step \(step): replacing \(r.start)..<\(r.end) with \(insert.debugDescription): SourceText.replacing differs from reading the bytes afresh")
                return (patched, step + 1)
            }
            let whole = DocumentParser.parse(next)
            if let fast = DocumentParser.reparse(tree, replacing: r, in: next) {
                patched += 1
                let a = fast.dump(), b = whole.dump()
                if a != b {
                    let x = a.split(separator: "\n"), y = b.split(separator: "\n")
                    let first = zip(x, y).first { $0 != $1 }
                    Issue.record("\(name) step \(step): replacing \(r.start)..<\(r.end) (in \(text.bytes.count) bytes) with \(insert.debugDescription): the patched tree differs\n  patched: \(first.map { String($0.0) } ?? "(length)")\n  whole:   \(first.map { String($0.1) } ?? "(length)")")
                    return (patched, step + 1)
                }
                tree = fast
            } else {
                tree = whole
            }
        }
        return (patched, count)
    }

    @Test("Random edits to every fixture: the patched tree equals a whole parse", arguments: documents)
    func fixture(_ rel: String) {
        _ = Self.run(Support.bytes(rel), edits: 60, seed: Random(seed: rel), name: rel)
    }

    @Test("A long run on a document with CRLF, emoji and CJK takes the patch path often")
    func longRun() {
        var doc = "---\r\nrubric: chat-pairwise@2\r\ntask: T-1\r\nannotator: ana\r\n---\r\n\r\nIntro with 🌿 and 中文.\r\n\r\n"
        for k in 0..<12 {
            doc += "## Criterion \(k)\r\nA: \(k % 5 + 1)\r\nB: 2 #hallucination\r\n\r\n"
            doc += "A keeps to the brief; B 编造了 a figure 🧪 that no source supports, see #missed-constraint.\r\n"
            doc += "> B: \"a quoted 中文 span\"\r\n\r\nMore prose — with an em dash, é and 👍🏽 emoji.\r\n\r\n"
        }
        doc += "## Preference\r\nA > B\r\n\r\nA is better.\r\n"
        let (patched, total) = Self.run(Array(doc.utf8), edits: 3_000, seed: Random(state: 42), name: "long run")
        #expect(total == 3_000)
        // Four edits in five aim at prose; most of those keep the line prose.
        #expect(patched > total / 3, "only \(patched) of \(total) edits took the patch path")
    }

    @Test("Edits that change structure are refused, not patched")
    func refusals() throws {
        let text = "## Style\nA: 4\nB: 3\n\nClear and short.\n"
        let tree = DocumentParser.parse(text)
        let line = try #require(tree.lines.first { $0.kind == .prose })
        func edited(_ r: TextRange, _ s: String) -> CritiqueDocument? {
            var b = Array(text.utf8)
            b.replaceSubrange(r.start..<r.end, with: Array(s.utf8))
            return DocumentParser.reparse(tree, replacing: r, in: SourceText(bytes: b))
        }
        let end = TextRange.empty(at: line.content.end)
        #expect(edited(end, " more") != nil)
        #expect(edited(end, "\nnew line") == nil)                           // a line break
        #expect(edited(TextRange(line.content.start, line.content.end), "") == nil) // the line goes blank
        #expect(edited(TextRange.empty(at: line.content.start), "> ") == nil)  // becomes a quote
        #expect(edited(TextRange.empty(at: line.content.start), "## ") == nil) // becomes a heading
        #expect(edited(TextRange.empty(at: 3), "x") == nil)                   // inside the heading
        // A text that is not the old one with that edit applied is parsed whole.
        #expect(DocumentParser.reparse(tree, replacing: end, in: SourceText(text.replacingOccurrences(of: "Style", with: "Stile") + "x")) == nil)
    }

    /// `replacing` checks only the replacement when the edit falls between characters; these
    /// cut a character in two or bring invalid bytes, and must come out as reading the
    /// resulting bytes afresh does (repaired, U+FFFD in place of what is broken).
    @Test("An edit that cuts a character or brings invalid UTF-8 is repaired as reading the bytes afresh", arguments: [
        ("é😀 x", 1, 1, [0x41] as [UInt8]),          // inside é: A between its two bytes
        ("é😀 x", 2, 4, []),                         // deletes half the emoji
        ("é😀 x", 0, 1, [0xC3]),                     // same byte back: still é, but checked
        ("ab\r\ncd", 2, 2, [0xE2, 0x82]),            // a cut-off three-byte sequence
        ("ab", 1, 1, [0x80]),                        // a lone continuation byte
        ("漢字", 3, 3, [0xFF]),                       // a byte never valid in UTF-8
        ("a😀", 5, 5, [0x21]),                        // at the end
    ])
    func repairs(_ start: String, _ p: Int, _ q: Int, _ insert: [UInt8]) {
        let old = SourceText(start)
        var bytes = old.bytes
        bytes.replaceSubrange(p..<q, with: insert)
        let next = old.replacing(TextRange(p, q), with: insert), fresh = SourceText(bytes: bytes)
        #expect(next.bytes == fresh.bytes)
        #expect(next.string == fresh.string)
        #expect(String(validating: next.bytes, as: UTF8.self) != nil)
        #expect(next.lineStarts == fresh.lineStarts)
        #expect(next.scalarCount(from: 0, to: next.bytes.count) == fresh.scalarCount(from: 0, to: fresh.bytes.count))
    }
}
