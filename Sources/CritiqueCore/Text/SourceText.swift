/// A half-open range of UTF-8 byte offsets into a text. The core speaks only in these;
/// conversion to lines and client encodings happens at the edges.
public struct TextRange: Hashable, Sendable, Codable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = max(start, end) }
    public static func empty(at offset: Int) -> TextRange { TextRange(offset, offset) }
    public var length: Int { end - start }
    public func contains(_ offset: Int) -> Bool { offset >= start && offset <= end }
}

/// A replacement of `range` (UTF-8 offsets) by `newText`.
public struct TextEdit: Hashable, Sendable {
    public var range: TextRange
    public var newText: String
    public init(range: TextRange, newText: String) { self.range = range; self.newText = newText }
}

/// Text held as UTF-8 bytes with an index of line starts. Lines end at LF, CRLF or a lone CR.
public struct SourceText: Sendable {
    /// Valid UTF-8 always: invalid input is repaired when the text is made.
    public let bytes: [UInt8]
    /// Offset of the first byte of each line; always starts with 0.
    public let lineStarts: [Int]
    /// Scalars (and scalars outside the BMP) that start before every `countBlock`-th byte, so
    /// columns are counted from the nearest block rather than from the line start: thousands of
    /// findings on one long line then cost a bounded scan each, not a scan of the line. Empty
    /// for ASCII text, where a column is a difference of offsets.
    let scalarIndex: [ScalarCounts]

    /// The text as a String, made when asked: the check reads bytes, and keeping a String
    /// beside them doubled a document's memory and had every keystroke validate the whole
    /// text again.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public init(_ string: String) { self.init(validBytes: Array(string.utf8)) }

    /// `bytes` must be valid UTF-8; `scan` is `SourceText.scan(bytes)` when the caller has it.
    private init(validBytes bytes: [UInt8], scan: Scan? = nil) {
        let scan = scan ?? SourceText.scan(bytes)
        self.bytes = bytes
        self.lineStarts = scan.lineStarts
        self.scalarIndex = scan.ascii ? [] : SourceText.computeScalarIndex(bytes)
        self.containsNUL = scan.nul
    }

    /// What one pass over a new text learns: where lines start, and whether it is all ASCII
    /// or holds a NUL byte. Eight bytes a step past text with none of CR, LF, NUL or a byte
    /// above 0x7F (most of every line); these were four passes.
    struct Scan {
        var lineStarts: [Int]
        var ascii: Bool
        var nul: Bool
    }
    static func scan(_ b: [UInt8]) -> Scan {
        var starts = [0]
        starts.reserveCapacity(b.count / 40 + 1)
        var high: UInt64 = 0
        var nul = false
        b.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            let n = p.count
            var i = 0
            while i < n {
                if i + 8 <= n {
                    let w = WordScan.load(base + i)
                    high |= w
                    // Bytes below 0x0E take the slow path: LF, CR and NUL among them. The
                    // lowest byte the test flags is exact, so the bytes before it are skipped.
                    let low = WordScan.lessMask(w, than: 0x0E)
                    if low == 0 { i += 8; continue }
                    i += low.trailingZeroBitCount >> 3
                }
                let c = p[i]
                high |= UInt64(c)
                if c == 10 { starts.append(i + 1) }
                else if c == 13 {
                    if i + 1 < n && p[i + 1] == 10 { i += 1 }
                    starts.append(i + 1)
                } else if c == 0 { nul = true }
                i += 1
            }
        }
        return Scan(lineStarts: starts, ascii: high & 0x8080_8080_8080_8080 == 0, nul: nul)
    }

    /// This text with `range` replaced by `replacement`, for an editor's keystroke: when
    /// neither side of the edit holds a line break (nor splits a CRLF), the line table is the
    /// old one moved along instead of a new scan, and an all-ASCII text stays so without one.
    /// An edit at character boundaries with valid UTF-8 keeps the text valid, so only the
    /// replacement is checked; one that cuts a character in two is repaired as
    /// `init(bytes:)` does.
    public func replacing(_ range: TextRange, with replacement: [UInt8]) -> SourceText {
        let p = min(max(0, range.start), bytes.count), q = min(max(p, range.end), bytes.count)
        var b: [UInt8] = []
        b.reserveCapacity(bytes.count - (q - p) + replacement.count)
        b.append(contentsOf: bytes[..<p])
        b.append(contentsOf: replacement)
        b.append(contentsOf: bytes[q...])
        func continuation(_ i: Int) -> Bool { i < bytes.count && bytes[i] & 0xC0 == 0x80 }
        guard !continuation(p), !continuation(q), String(validating: replacement, as: UTF8.self) != nil else { return SourceText(bytes: b) }
        func breaks(_ x: some Collection<UInt8>) -> Bool { x.contains(10) || x.contains(13) }
        let splitsCRLF = p > 0 && bytes[p - 1] == 13 && q < bytes.count && bytes[q] == 10
        guard !breaks(bytes[p..<q]), !breaks(replacement), !splitsCRLF else { return SourceText(validBytes: b) }
        let delta = replacement.count - (q - p)
        var starts = lineStarts
        if delta != 0 {
            // Starts after the edit point move; none lies inside the replaced bytes.
            var k = starts.count - 1
            while k >= 0 && starts[k] > p { starts[k] += delta; k -= 1 }
        }
        let ascii = scalarIndex.isEmpty && !replacement.contains { $0 >= 0x80 }
        let nul = containsNUL || replacement.contains(0) ? SourceText.containsZero(b) : false
        return SourceText(bytes: b, lineStarts: starts, scalarIndex: ascii ? [] : SourceText.computeScalarIndex(b), containsNUL: nul)
    }

    private init(bytes: [UInt8], lineStarts: [Int], scalarIndex: [ScalarCounts], containsNUL: Bool) {
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.scalarIndex = scalarIndex
        self.containsNUL = containsNUL
    }

    static func containsZero(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return false }
            var i = 0
            while i + 8 <= p.count { if WordScan.has(WordScan.load(base + i), 0) { return true }; i += 8 }
            while i < p.count { if base[i] == 0 { return true }; i += 1 }
            return false
        }
    }

    /// Where the original bytes stopped being valid UTF-8 (an offset into this text), if they did.
    public private(set) var invalidUTF8Offset: Int?
    /// Whether the original bytes held a NUL byte (a sign of a binary file).
    public private(set) var containsNUL = false

    /// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD (never fails), and
    /// remembers where the first invalid byte was.
    public init(bytes: [UInt8]) {
        let scan = SourceText.scan(bytes)
        if scan.ascii || String(validating: bytes, as: UTF8.self) != nil {
            self.init(validBytes: bytes, scan: scan)
        } else {
            self.init(String(decoding: bytes, as: UTF8.self))
            var it = bytes.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            var offset = 0
            loop: while true {
                switch parser.parseScalar(from: &it) {
                case .valid(let s): offset += s.count
                case .emptyInput: break loop
                case .error: invalidUTF8Offset = offset; break loop
                }
            }
        }
    }

    struct ScalarCounts: Sendable {
        var scalars: Int
        var supplementary: Int
    }
    static let countBlock = 512

    /// Whether every byte is below 0x80, eight bytes a step.
    public static func isASCII(_ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { raw -> Bool in
            var acc: UInt64 = 0
            var i = 0
            while i + 8 <= raw.count { acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self); i += 8 }
            while i < raw.count { acc |= UInt64(raw[i]); i += 1 }
            return acc & 0x8080_8080_8080_8080 == 0
        }
    }

    /// `[]` for ASCII; else entry `k` counts the scalars starting in `b[0..<k * countBlock]`.
    static func computeScalarIndex(_ b: [UInt8]) -> [ScalarCounts] {
        if isASCII(b) { return [] }
        var out: [ScalarCounts] = []
        out.reserveCapacity(b.count / countBlock + 1)
        var counts = ScalarCounts(scalars: 0, supplementary: 0)
        b.withUnsafeBufferPointer { p in
            var block = 0
            while block < p.count {
                out.append(counts)
                for i in block..<Swift.min(p.count, block + countBlock) {
                    let c = p[i]
                    if c & 0xC0 != 0x80 { counts.scalars += 1 }
                    if c >= 0xF0 { counts.supplementary += 1 }
                }
                block += countBlock
            }
        }
        if b.count % countBlock == 0 { out.append(counts) }
        return out
    }

    /// Scalars that start in `bytes[0..<offset]` and, of those, the ones outside the BMP.
    func scalarCounts(before offset: Int) -> ScalarCounts {
        let o = min(max(0, offset), bytes.count)
        guard !scalarIndex.isEmpty else { return ScalarCounts(scalars: o, supplementary: 0) }
        var counts = scalarIndex[o / SourceText.countBlock]
        bytes.withUnsafeBufferPointer { p in
            for i in (o / SourceText.countBlock * SourceText.countBlock)..<o {
                if p[i] & 0xC0 != 0x80 { counts.scalars += 1 }
                if p[i] >= 0xF0 { counts.supplementary += 1 }
            }
        }
        return counts
    }

    /// The Unicode scalars that start in `bytes[from..<to]` (offsets clamped), in bounded time.
    public func scalarCount(from: Int, to: Int) -> Int {
        to <= from ? 0 : scalarCounts(before: to).scalars - scalarCounts(before: from).scalars
    }

    /// Of the scalars that start in `bytes[from..<to]`, those outside the BMP (four UTF-8 bytes,
    /// two UTF-16 code units), in bounded time.
    public func supplementaryCount(from: Int, to: Int) -> Int {
        to <= from || scalarIndex.isEmpty ? 0 : scalarCounts(before: to).supplementary - scalarCounts(before: from).supplementary
    }

    public var lineCount: Int { lineStarts.count }

    /// `line(of:)` for an offset at or after line `hint`'s start (offsets visited in order, as
    /// a sorted list of findings is): a search forward from the hint, doubling its step, costs
    /// the log of the distance rather than of the whole table. Any other hint searches it all.
    public func line(of offset: Int, from hint: Int) -> Int {
        let o = min(max(0, offset), bytes.count)
        guard hint >= 0, hint < lineStarts.count, lineStarts[hint] <= o else { return line(of: o) }
        var lo = hint, step = 1
        while lo + step < lineStarts.count && lineStarts[lo + step] <= o { lo += step; step *= 2 }
        var hi = min(lo + step, lineStarts.count) - 1   // the answer is in lo...hi
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// 0-based line containing `offset` (clamped).
    public func line(of offset: Int) -> Int {
        let o = min(max(0, offset), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Range of line `i` without its terminator.
    public func lineContentRange(_ i: Int) -> TextRange {
        let start = lineStarts[i]
        var end = i + 1 < lineStarts.count ? lineStarts[i + 1] : bytes.count
        if end > start && bytes[end - 1] == 10 { end -= 1 }
        if end > start && bytes[end - 1] == 13 { end -= 1 }
        return TextRange(start, end)
    }

    /// Range of line `i` including its terminator.
    public func lineFullRange(_ i: Int) -> TextRange {
        TextRange(lineStarts[i], i + 1 < lineStarts.count ? lineStarts[i + 1] : bytes.count)
    }

    public func slice(_ r: TextRange) -> String {
        let s = min(max(0, r.start), bytes.count), e = min(max(s, r.end), bytes.count)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// 0-based line and UTF-8 column of an offset.
    public func lineColumn(_ offset: Int) -> (line: Int, column: Int) {
        let o = min(max(0, offset), bytes.count)
        let l = line(of: o)
        return (l, o - lineStarts[l])
    }

    /// 1-based line and 1-based column counted in Unicode scalars (what people and compilers show).
    /// An offset inside a scalar is in that scalar's column. Bounded time, however long the line.
    public func humanPosition(_ offset: Int) -> (line: Int, column: Int) {
        let (l, _) = lineColumn(offset)
        return (l + 1, 1 + scalarCount(from: lineStarts[l], to: offset))
    }

    /// Number of bytes in the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
    @inline(__always) public static func scalarLength(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        if lead >= 0xC0 { return 2 }
        return 1
    }

    /// Moves an offset back to the start of the scalar that contains it.
    public func scalarBoundary(_ offset: Int) -> Int {
        var o = min(max(0, offset), bytes.count)
        while o > 0 && o < bytes.count && (bytes[o] & 0xC0) == 0x80 { o -= 1 }
        return o
    }
}

extension String {
    /// Applies edits given in UTF-8 offsets of `self` (non-overlapping, any order).
    public func applying(_ edits: [TextEdit]) -> String {
        var bytes = Array(self.utf8)
        for e in edits.sorted(by: { $0.range.start > $1.range.start }) {
            let s = min(max(0, e.range.start), bytes.count), t = min(max(s, e.range.end), bytes.count)
            bytes.replaceSubrange(s..<t, with: Array(e.newText.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
