/// Edit distance between two strings, by Unicode scalars, giving up (returning `limit + 1`)
/// once the distance must exceed `limit`. Only the diagonal band `|i - j| <= limit` of the
/// table is computed (cells outside it are already over the limit), so the work is
/// O(length × limit), not O(length²).
public func editDistance(_ a: String, _ b: String, limit: Int = .max) -> Int {
    // ASCII (nearly every id and tag): the bytes are the scalars, read in place.
    var a = a, b = b
    let ascii: Int? = a.withUTF8 { x in
        b.withUTF8 { y in
            x.contains(where: { $0 >= 0x80 }) || y.contains(where: { $0 >= 0x80 }) ? nil : bandedDistance(x, y, limit: limit)
        }
    }
    if let ascii { return ascii }
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    return x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in bandedDistance(x, y, limit: limit) } }
}

/// `editDistance` over two sequences of scalars (or of ASCII bytes), its two rows on the stack.
private func bandedDistance<T: Equatable>(_ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>, limit: Int) -> Int {
    // Past the limit the answer is `limit + 1`, as documented (an empty side once gave the
    // other's length whatever the limit).
    if abs(x.count - y.count) > limit { return limit == .max ? limit : limit + 1 }
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    // The distance never exceeds the longer length, so a larger limit changes nothing.
    let bound = Swift.min(limit, Swift.max(x.count, y.count))
    let over = bound + 1
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (y.count + 1)) { rows in
        var prev = UnsafeMutableBufferPointer(rebasing: rows[0...y.count])
        var cur = UnsafeMutableBufferPointer(rebasing: rows[(y.count + 1)...])
        for j in 0...y.count { prev[j] = j; cur[j] = over }
        for i in 1...x.count {
            let lo = i > bound ? i - bound : 1
            let hi = bound >= y.count - i ? y.count : i + bound
            // Left of the band: over the limit (or the first column).
            cur[lo - 1] = lo == 1 ? i : over
            var rowMin = cur[lo - 1]
            for j in lo...hi {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                rowMin = Swift.min(rowMin, cur[j])
            }
            // Right of the band: over the limit, for the next row to read.
            if hi < y.count { cur[hi + 1] = over }
            if rowMin > bound { return limit + 1 }
            swap(&prev, &cur)
        }
        return prev[y.count] <= bound ? prev[y.count] : limit + 1
    }
}

/// Most edits `nearest` allows, however long the name: a did-you-mean for a name that needs more
/// is no longer a typo fix, and the bound keeps the edit distance linear in the name's length.
let nearestMaxEdits = 32

/// The candidate closest to `name` (case-insensitive), if it is close enough to be a likely typo.
public func nearest(_ name: String, in candidates: [String]) -> String? {
    let n = name.lowercased()
    guard !n.isEmpty else { return nil }
    let limit = Swift.min(nearestMaxEdits, Swift.max(2, n.count / 3))
    var best: (String, Int)?
    for c in candidates {
        let l = c.lowercased()
        var d = editDistance(n, l, limit: limit)
        if d > limit && (l.hasPrefix(n) || n.hasPrefix(l)) && Swift.min(n.count, l.count) >= 3 { d = limit }
        if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
    }
    return best?.0
}

/// Lowercased, white space collapsed, trimmed: how names and checklist texts are compared.
public func normalizeName(_ s: String) -> String {
    // Fast path: ASCII, which nearly every id and heading is, read from the string's buffer
    // (the `utf8` view's iterator cost sixty instructions a byte) and written straight into
    // the new string. It is never longer than the input.
    var s = s
    let ascii: String? = s.withUTF8 { b in
        guard !b.contains(where: { $0 >= 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: b.count) { out in
            var n = 0
            var pending = false
            for c in b {
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) { pending = n > 0; continue }
                if pending { out[n] = 0x20; n += 1; pending = false }
                out[n] = c >= 0x41 && c <= 0x5A ? c + 32 : c
                n += 1
            }
            return n
        }
    }
    if let ascii { return ascii }
    var out = ""
    out.reserveCapacity(s.utf8.count)
    var pendingSpace = false
    for ch in s.unicodeScalars {
        if ch.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
        if pendingSpace { out.append(" "); pendingSpace = false }
        out.unicodeScalars.append(contentsOf: String(ch).lowercased().unicodeScalars)
    }
    return out
}

extension StringProtocol {
    /// The first occurrence of `needle`, compared by Unicode scalars (a plain search: the
    /// standard library's `firstRange(of:)` lives in the regex module, 1.2 MB of binary).
    public func firstOccurrence(of needle: String) -> Range<Index>? {
        let n = Array(needle.unicodeScalars)
        guard let first = n.first else { return startIndex..<startIndex }
        var i = unicodeScalars.startIndex
        while i != unicodeScalars.endIndex {
            if unicodeScalars[i] == first {
                var j = i, k = 0
                while k < n.count && j != unicodeScalars.endIndex && unicodeScalars[j] == n[k] { j = unicodeScalars.index(after: j); k += 1 }
                if k == n.count { return i..<j }
            }
            i = unicodeScalars.index(after: i)
        }
        return nil
    }

    /// Every occurrence of `target` replaced with `replacement` (see `firstOccurrence`).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var out = ""
        var rest = self[...]
        while let r = rest.firstOccurrence(of: target) {
            out += rest[..<r.lowerBound]; out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
