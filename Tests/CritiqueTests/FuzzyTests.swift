@testable import CritiqueCore
import Testing

/// The suggestion helpers read ASCII in place and Unicode by scalars; both paths must give
/// what the plain definitions give.
@Suite("Fuzzy matching")
struct FuzzyTests {
    /// Levenshtein distance by scalars, the whole table.
    static func fullDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var prev = Array(0...y.count)
        for i in 1..<(x.count + 1) {
            var cur = [i] + [Int](repeating: 0, count: y.count)
            for j in 1..<(y.count + 1) {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count]
    }

    static func randomString(_ rng: inout SeededRandom, _ pieces: [String]) -> String {
        (0..<rng.index(below: 12)).map { _ in pieces[rng.index(below: pieces.count)] }.joined()
    }

    @Test("editDistance is the full table's distance within the limit, limit + 1 beyond it",
          arguments: [("ascii", ["a", "b", "c", "-", "A"]), ("unicode", ["a", "é", "日", "😀", "b"])])
    func bandedAgreesWithFullTable(_ name: String, _ pieces: [String]) {
        var rng = SeededRandom(seed: name == "ascii" ? 0xED17 : 0xED18)
        for _ in 0..<2_000 {
            let a = Self.randomString(&rng, pieces), b = Self.randomString(&rng, pieces)
            let full = Self.fullDistance(a, b)
            #expect(editDistance(a, b) == full, "\(a) / \(b)")
            let limit = rng.index(below: 6)
            #expect(editDistance(a, b, limit: limit) == (full <= limit ? full : limit + 1), "\(a) / \(b) limit \(limit)")
        }
    }

    @Test("normalizeName: lowercased, white space collapsed and trimmed, on either path")
    func normalizeNameAgreesWithDefinition() {
        func reference(_ s: String) -> String {
            s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let pieces = ["a", "B", "z", " ", "  ", "\t", "\n", "-", "Ä", "é", "日", "1"]
        var rng = SeededRandom(seed: 0x5A3E)
        for _ in 0..<2_000 {
            let s = Self.randomString(&rng, pieces)
            #expect(normalizeName(s) == reference(s), "\(s.debugDescription)")
        }
    }
}
