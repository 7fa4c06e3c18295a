/// A phrase searched for ASCII case-insensitively, Boyer–Moore–Horspool style on the window's
/// last two bytes: a pair of bytes that ends nowhere in the phrase moves the window by its
/// whole length. (On its last byte alone, English prose moved it by four or five bytes, since
/// a phrase of common words holds most common letters.) A rubric builds one per banned phrase
/// when it is read, not every check.
public struct PhrasePattern: Sendable {
    /// The phrase as the rubric writes it (for messages).
    public let phrase: String
    /// Its lowercased UTF-8.
    let bytes: [UInt8]
    /// For a window ending in bytes `x`, `y`: how far it may move (low seven bits) and whether
    /// it may be the phrase (high bit), at `key(x, y)` (16 KB a phrase of two bytes or more;
    /// empty for one byte, which is searched byte by byte).
    let shift: [UInt8]

    public init(_ phrase: String) {
        self.phrase = phrase
        let p = Array(phrase.lowercased().utf8)
        bytes = p
        let n = p.count
        guard n >= 2 else { shift = []; return }
        // Shifts are capped at 127 (the high bit marks a window that may end the phrase, see
        // below), and pairs that share a key keep the shortest move: a shorter move is always
        // safe.
        func capped(_ v: Int) -> UInt8 { UInt8(min(v, 127)) }
        var t = [UInt8](repeating: capped(n), count: 1 << 14)
        func atMost(_ i: Int, _ v: Int) { t[i] = min(t[i], capped(v)) }
        func cases(_ c: UInt8) -> [UInt8] { c >= 0x61 && c <= 0x7A ? [c, c - 32] : [c] }
        // A window whose last byte is the phrase's first: the phrase may start there.
        for y in cases(p[0]) { for x in 0..<128 { atMost(PhrasePattern.key(UInt8(x), y), n - 1) } }
        // A pair that ends at `k` in the phrase (not at its end): line the two up.
        for k in 1..<(n - 1) {
            for x in cases(p[k - 1]) { for y in cases(p[k]) { atMost(PhrasePattern.key(x, y), n - 1 - k) } }
        }
        // A window ending in the phrase's last two bytes is compared whole first: flagged in
        // the entry's high bit, so the search asks one load a window, not two compares.
        for x in cases(p[n - 2]) { for y in cases(p[n - 1]) { t[PhrasePattern.key(x, y)] |= 0x80 } }
        shift = t
    }

    /// The table's entry for a window ending in `x`, `y`: their low seven bits (a byte and the
    /// same byte with its high bit set share an entry, so their moves are the shorter of the
    /// two; letters have an entry for each case).
    @inline(__always) static func key(_ x: UInt8, _ y: UInt8) -> Int { Int(x & 0x7F) << 7 | Int(y & 0x7F) }

    public var isEmpty: Bool { bytes.isEmpty }
    public var length: Int { bytes.count }

    /// Start offsets of the phrase in `b[r]`, not overlapping.
    public func occurrences(in b: [UInt8], _ r: TextRange) -> [Int] {
        b.withUnsafeBufferPointer { occurrences(in: $0, r) }
    }

    /// The same over bytes in place (a caller searching many lines makes the buffer once).
    func occurrences(in buf: UnsafeBufferPointer<UInt8>, _ r: TextRange) -> [Int] {
        let n = bytes.count
        guard n > 0, r.start >= 0, r.end <= buf.count, r.end - r.start >= n else { return [] }
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { pat in
            if n == 1 {
                for i in r.start..<r.end where PhrasePattern.asciiLower(buf[i]) == pat[0] { out.append(i) }
                return
            }
            shift.withUnsafeBufferPointer { shift in
                var i = r.start
                while i + n <= r.end {
                    let e = shift[PhrasePattern.key(buf[i + n - 2], buf[i + n - 1])]
                    if e & 0x80 != 0 {
                        // Possibly the phrase (keys fold the high bit, so every byte is compared).
                        var j = n - 1
                        while j >= 0 && PhrasePattern.asciiLower(buf[i + j]) == pat[j] { j -= 1 }
                        if j < 0 { out.append(i); i += n; continue }
                    }
                    i += Int(e & 0x7F)
                }
            }
        }
        return out
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
