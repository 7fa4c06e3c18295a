/// A phrase searched for ASCII case-insensitively, with its Boyer–Moore–Horspool shift table:
/// most positions are skipped by up to the phrase's length. A rubric builds one per banned
/// phrase when it is read, not every check.
public struct PhrasePattern: Sendable {
    /// The phrase as the rubric writes it (for messages).
    public let phrase: String
    /// Its lowercased UTF-8.
    let bytes: [UInt8]
    let shift: [Int]

    public init(_ phrase: String) {
        self.phrase = phrase
        let p = Array(phrase.lowercased().utf8)
        bytes = p
        var t = [Int](repeating: max(1, p.count), count: 256)
        for k in 0..<max(0, p.count - 1) {
            let c = p[k]
            t[Int(c)] = p.count - 1 - k
            if c >= 0x61 && c <= 0x7A { t[Int(c - 32)] = p.count - 1 - k }
        }
        shift = t
    }

    public var isEmpty: Bool { bytes.isEmpty }
    public var length: Int { bytes.count }

    /// Start offsets of the phrase in `b[r]`, not overlapping.
    public func occurrences(in b: [UInt8], _ r: TextRange) -> [Int] {
        let n = bytes.count
        guard n > 0, r.start >= 0, r.end <= b.count, r.end - r.start >= n else { return [] }
        var out: [Int] = []
        b.withUnsafeBufferPointer { buf in
            bytes.withUnsafeBufferPointer { pat in
                shift.withUnsafeBufferPointer { shift in
                    var i = r.start
                    while i + n <= r.end {
                        let last = buf[i + n - 1]
                        if PhrasePattern.asciiLower(last) == pat[n - 1] {
                            var j = n - 2
                            while j >= 0 && PhrasePattern.asciiLower(buf[i + j]) == pat[j] { j -= 1 }
                            if j < 0 { out.append(i); i += n; continue }
                        }
                        i += shift[Int(last)]
                    }
                }
            }
        }
        return out
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
