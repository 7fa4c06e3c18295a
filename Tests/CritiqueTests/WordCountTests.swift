@testable import CritiqueCore
import Testing

/// `countASCIIWords` runs a table made from `WordCounter.step`; it must count exactly what the
/// rules say byte by byte, at every start, across tags, hyphens, apostrophes and the bytes that
/// stop it; the table is walked eight steps a turn, the word starts summed with the entries.
/// (Eight bytes at a time as a bit-parallel chunk was tried and was slower without a hardware
/// popcount: 10.8 instructions a byte against the table's 7.9. So was a chunk path that needs
/// no popcount, summing the word starts with one multiply, for chunks without `#`, `-`, `'` or
/// non-ASCII bytes: 9.5 instructions a byte against the table's 7.7. The table eight steps a
/// turn: 5.4.)
@Suite("Word counting")
struct WordCountTests {
    /// The machine one byte at a time, straight from `step`: nil once a byte is not ASCII.
    static func reference(_ b: [UInt8], _ r: TextRange) -> Int? {
        var state = WordCounter.outside, count = 0
        for k in r.start..<r.end {
            let (next, starts) = WordCounter.step(state, b[k])
            if starts { count += 1 }
            state = next
        }
        return state == WordCounter.notASCII ? nil : count
    }

    static let alphabets: [(String, [String])] = [
        ("prose", ["a", "Z", "q", "7", " ", " ", "\n", ".", ",", "word", "The ", "0"]),
        ("marks", ["a", "b", " ", "-", "'", "#", "/", "_", "x-y", "it's", "#tag", "9"]),
        ("edges", ["@", "[", "`", "{", "/", ":", "A", "z", "0", "9", " ", "\t"]),
        ("unicode", ["a", " ", "é", "评", "🙂", "b", "-", "#"]),
    ]

    @Test("The table counts what the byte rules count", arguments: alphabets.map(\.0))
    func agreesWithTheByteMachine(_ name: String) {
        let pieces = Self.alphabets.first { $0.0 == name }!.1
        var rng = ReparseTests.Random(seed: "words " + name)
        for _ in 0..<400 {
            var s = ""
            for _ in 0..<rng.below(60) { s += pieces[rng.below(pieces.count)] }
            let b = Array(s.utf8)
            let start = rng.below(b.count + 1)
            let r = TextRange(start, start + rng.below(b.count - start + 1))
            #expect(countASCIIWords(b, r) == Self.reference(b, r), "\(s.debugDescription) \(r)")
        }
    }

    @Test("A long ASCII paragraph, at every start offset")
    func everyAlignment() {
        let b = Array("It's a well-known fact: #tags/and_more don't count, but 42 words-and-hyphens do. THE END of it".utf8)
        for start in 0..<16 {
            let r = TextRange(start, b.count)
            #expect(countASCIIWords(b, r) == Self.reference(b, r))
        }
    }
}

/// A score's value is read off the bytes when it is a plain decimal; it must be the very
/// Double the standard library reads, bit for bit, and leave everything else to it.
@Suite("Score numbers")
struct ScoreNumberTests {
    @Test("Plain decimals read as Double(String) reads them")
    func decimalsAgreeWithTheStandardLibrary() {
        var rng = SeededRandom(seed: 0xDEC1)
        var read = 0
        for _ in 0..<20_000 {
            var s = rng.next() % 4 == 0 ? "-" : ""
            for _ in 0..<(1 + Int(rng.next() % 9)) { s += String(rng.next() % 10) }
            if rng.next() % 2 == 0 { s += "."; for _ in 0..<(1 + Int(rng.next() % 9)) { s += String(rng.next() % 10) } }
            let parser = Parser(text: SourceText(s))
            let fast = parser.decimal(TextRange(0, s.utf8.count))
            let digits = s.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.count
            if digits <= 15 { #expect(fast != nil, "\(s)") }
            if let fast { read += 1; #expect(fast.bitPattern == Double(s)!.bitPattern, "\(s)") }
        }
        #expect(read > 10_000)
        for s in ["4.", ".5", "+4", "1e3", "0x10", "inf", "nan", "4/5", "", "-", "1.2.3", "١"] {
            #expect(Parser(text: SourceText(s)).decimal(TextRange(0, s.utf8.count)) == nil, "\(s)")
        }
    }
}
