@testable import CritiqueCore
import Testing

/// `PhrasePattern` skips by the window's last two bytes; it must find exactly what a plain
/// left-to-right scan finds (ASCII case folded, matches not overlapping), whatever the text.
@Suite("Banned-phrase search")
struct PhrasePatternTests {
    /// Every non-overlapping match, left to right, one position at a time.
    static func reference(_ phrase: String, _ b: [UInt8], _ r: TextRange) -> [Int] {
        let p = Array(phrase.lowercased().utf8)
        guard !p.isEmpty else { return [] }
        var out: [Int] = [], i = r.start
        while i + p.count <= r.end {
            if (0..<p.count).allSatisfy({ PhrasePattern.asciiLower(b[i + $0]) == p[$0] }) { out.append(i); i += p.count } else { i += 1 }
        }
        return out
    }

    static let phrases = [
        "as an AI language model", "it is important to note", "aa", "aab", "abab", "x", "Note",
        "ab ab ab", "🙂 ok", "é", "is is", "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a "
            + "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a b",
    ]

    @Test("It finds what a plain scan finds", arguments: phrases)
    func agreesWithAPlainScan(_ phrase: String) {
        let pattern = PhrasePattern(phrase)
        // Pieces of the phrase itself, in both cases, so near-misses and overlaps are common.
        let words = phrase.split(separator: " ").map(String.init)
        let pieces = words + words.map { $0.uppercased() } + [" ", "a", "A", "b", "is ", "note", "é", "🙂", "\t", "AS AN AI", phrase, phrase.uppercased()]
        var rng = SeededRandom(seed: 0xBA77ED)
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int(rng.next() % 60) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let b = Array(text.utf8)
            let s = b.isEmpty ? 0 : Int(rng.next() % UInt64(b.count + 1)), e = s + Int(rng.next() % UInt64(b.count - s + 1))
            let r = TextRange(s, e)
            #expect(pattern.occurrences(in: b, r) == Self.reference(phrase, b, r), "\(phrase) in \(text.debugDescription) [\(s), \(e))")
        }
    }
}
