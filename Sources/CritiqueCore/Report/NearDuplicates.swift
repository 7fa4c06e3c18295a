/// Copy-paste detection across a batch of texts (critiques, rationales): MinHash signatures with
/// locality-sensitive hashing (banding) find candidate pairs in about linear time, and each candidate is
/// confirmed by the exact Jaccard similarity of the two shingle sets.
///
/// Shingles are word 5-grams (lowercased words, split on anything that is not a letter or digit)
/// together with character 5-grams (Unicode scalars of the lowercased text with whitespace runs
/// collapsed to one space). A text with fewer than 5 words or characters has its whole word
/// sequence or text as one shingle, so short texts still compare; an empty text has no shingles
/// and matches nothing. Words are hashed with FNV-1a 64, grams are combined with the SplitMix64
/// finaliser, never with Swift's per-process seeded `Hasher`, so results are the same in every run.
public enum NearDuplicates {
    /// Texts that are copies of one another. `members` are indices into the input, ascending;
    /// `similarity` is the lowest exact Jaccard similarity among the confirmed pairs that joined
    /// the cluster (the pairs that first connected its members), so every member is linked to the
    /// others by pairs at least this similar.
    public struct Cluster: Sendable, Equatable {
        public var members: [Int]
        public var similarity: Double
    }

    /// 128 MinHash values in 32 bands of 4 rows: a pair at Jaccard s becomes a candidate with
    /// probability 1 - (1 - s⁴)³², which is 99.98% at s = 0.7, 97% at 0.6, 87% at 0.5 and 23% at
    /// 0.3 (candidates below the threshold are then rejected by the exact check).
    static let bands = 32
    static let rows = 4
    static let shingleSize = 5

    /// Connected components (of at least 2 texts, sorted by first member) of the pairs whose exact
    /// Jaccard similarity is at least `threshold`, among the candidate pairs that share a band.
    /// The banding is tuned for thresholds around 0.7; much lower thresholds miss pairs.
    public static func clusters(_ texts: [String], threshold: Double = 0.7, seed: UInt64 = 1) -> [Cluster] {
        guard threshold.isFinite, texts.count >= 2 else { return [] }
        var linker = Linker(texts: texts, threshold: threshold)
        // Band keys of every non-empty text, sorted so that texts sharing a key sit together. The
        // text's index takes the low bits of its key, so one sort of plain integers does it (a
        // few key bits fewer only adds rare candidates, which the exact check then rejects).
        let textBits = max(1, UInt64.bitWidth - (texts.count - 1).leadingZeroBitCount)
        let textMask: UInt64 = (1 << textBits) - 1
        var keyed: [UInt64] = []
        keyed.reserveCapacity(texts.count * bands)
        for (text, string) in texts.enumerated() {
            // The shingles are hashed again for the few texts in a candidate pair, not kept:
            // kept, they were 8 bytes a character of the whole batch.
            let hashes = shingleHashes(string)
            if hashes.isEmpty { continue }
            let signature = MinHash.signature(hashes, size: bands * rows, seed: seed)
            linker.signatures[text] = signature
            for band in 0..<bands {
                var key = mix(UInt64(band) &+ 0x9E37_79B9_7F4A_7C15)
                for row in 0..<rows { key = mix(key ^ signature[band * rows + row]) }
                keyed.append(key & ~textMask | UInt64(text))
            }
        }
        radixSort(&keyed)

        var representatives: [Int] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end] & ~textMask == keyed[start] & ~textMask { end += 1 }
            // One bucket. Each text is checked against one representative of each group already
            // confirmed in this bucket (not against every member), which keeps a bucket of many
            // exact copies linear; texts already in the same component are not checked again.
            representatives.removeAll(keepingCapacity: true)
            for entry in keyed[start..<end] where end - start >= 2 {
                let text = Int(entry & textMask)
                var grouped = false
                for other in representatives where linker.link(other, text) { grouped = true }
                if !grouped { representatives.append(text) }
            }
            start = end
        }
        return linker.clusters()
    }

    /// Confirms candidate pairs and keeps the components they join.
    struct Linker {
        let texts: [String]
        let threshold: Double
        var signatures: [[UInt64]]
        /// Sorted distinct shingle sets, made only for texts that turn up in a candidate pair.
        var sets: [[UInt64]?]
        var components: UnionFind
        /// By component root: the lowest similarity of the pairs that joined it.
        var joinSimilarity: [Double]

        init(texts: [String], threshold: Double) {
            self.texts = texts
            self.threshold = threshold
            signatures = [[UInt64]](repeating: [], count: texts.count)
            sets = [[UInt64]?](repeating: nil, count: texts.count)
            components = UnionFind(count: texts.count)
            joinSimilarity = [Double](repeating: 1, count: texts.count)
        }

        /// Whether `a` and `b` are (now) in one component: already, or because their exact
        /// Jaccard similarity reaches the threshold. Pairs whose signatures agree in far fewer
        /// places than the threshold asks (0.2 below it: about 5 standard deviations of the
        /// 128-value estimate) are rejected without the exact check.
        mutating func link(_ a: Int, _ b: Int) -> Bool {
            let (rootA, rootB) = (components.find(a), components.find(b))
            if rootA == rootB { return true }
            let agreeing = zip(signatures[a], signatures[b]).count(where: { $0 == $1 })
            guard Double(agreeing) >= (threshold - 0.2) * Double(signatures[a].count) else { return false }
            let similarity = jaccard(set(a), set(b))
            guard similarity >= threshold else { return false }
            let root = components.union(rootA, rootB)
            joinSimilarity[root] = min(joinSimilarity[rootA], joinSimilarity[rootB], similarity)
            return true
        }

        mutating func set(_ text: Int) -> [UInt64] {
            if sets[text] == nil { sets[text] = distinctSorted(shingleHashes(texts[text])) }
            return sets[text] ?? []
        }

        /// The components of at least 2 texts, members ascending, sorted by first member.
        mutating func clusters() -> [Cluster] {
            var membersByRoot = [[Int]](repeating: [], count: texts.count)
            for text in texts.indices { membersByRoot[components.find(text)].append(text) }
            return membersByRoot.indices.compactMap { root in
                membersByRoot[root].count >= 2 ? Cluster(members: membersByRoot[root], similarity: joinSimilarity[root]) : nil
            }.sorted { $0.members[0] < $1.members[0] }
        }
    }

    /// The 64-bit hashes of a text's word and character shingles (unsorted, possibly repeated).
    /// ASCII text (nearly every justification) is read byte by byte; anything else goes scalar by
    /// scalar through Unicode's lowercasing and properties. Both give the same set of hashes.
    static func shingleHashes(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { asciiShingleHashes($0) } ?? scalarShingleHashes(text)
    }

    /// What `scalarShingleHashes` gives for ASCII text, in one pass over the bytes with no
    /// lowercased copy: the last five characters and words are kept in rolling windows. nil when
    /// the text is not ASCII.
    static func asciiShingleHashes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt64]? {
        // At most one character gram a byte (a space is only pushed before the next
        // non-space), one word gram a word (at most one every two bytes), and two for a short
        // text: written straight into an array of that size (appending checked its storage at
        // every hash).
        var ascii = true
        let hashes = [UInt64](unsafeUninitializedCapacity: bytes.count + bytes.count / 2 + 3) { out, written in
            var n = 0
            var characters = Window(), words = Window()
            var word = FNV1a(), wordLength = 0, pendingSpace = false
            for byte in bytes {
                guard byte < 0x80 else { ascii = false; break }
                let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
                if lower == 0x20 || lower &- 0x09 < 5 {
                    pendingSpace = characters.count > 0
                } else {
                    if pendingSpace && characters.push(0x20) { out[n] = characters.characterGram; n += 1 }
                    pendingSpace = false
                    if characters.push(UInt64(lower)) { out[n] = characters.characterGram; n += 1 }
                }
                if lower &- 0x30 < 10 || lower &- 0x61 < 26 {
                    word.add(ascii: lower)
                    wordLength += 1
                } else if wordLength > 0 {
                    if words.push(mix(word.value)) { out[n] = words.wordGram; n += 1 }
                    word = FNV1a()
                    wordLength = 0
                }
            }
            if ascii {
                if wordLength > 0 && words.push(mix(word.value)) { out[n] = words.wordGram; n += 1 }
                // Shorter texts: all their words, or all their characters padded with zeros, as one shingle.
                if words.count > 0 && words.count < shingleSize { out[n] = words.wordGram; n += 1 }
                if characters.count > 0 && characters.count < shingleSize { out[n] = characters.characterGram; n += 1 }
            }
            written = ascii ? n : 0
        }
        return ascii ? hashes : nil
    }

    /// The last five characters or word hashes, oldest first; zeros before the first.
    struct Window {
        var v0: UInt64 = 0, v1: UInt64 = 0, v2: UInt64 = 0, v3: UInt64 = 0, v4: UInt64 = 0
        var count = 0

        /// Adds `value`; true when the window is full.
        @inline(__always) mutating func push(_ value: UInt64) -> Bool {
            (v0, v1, v2, v3, v4) = (v1, v2, v3, v4, value)
            count += 1
            return count >= shingleSize
        }

        /// The character gram of the window, or of the text's first `count` characters padded
        /// with zeros when it holds fewer than five.
        var characterGram: UInt64 {
            @inline(__always) get {
                if count >= shingleSize { return mix(mix(v0 | v1 << 21 | v2 << 42) ^ (0x63 << 56 | UInt64(shingleSize) << 48 | v3 | v4 << 21)) }
                return paddedCharacterGram
            }
        }

        private var paddedCharacterGram: UInt64 {
            let c = Array([v0, v1, v2, v3, v4].suffix(count)) + [UInt64](repeating: 0, count: shingleSize - count)
            let tag: UInt64 = 0x63 << 56 | UInt64(count) << 48  // "c"
            return mix(mix(c[0] | c[1] << 21 | c[2] << 42) ^ (tag | c[3] | c[4] << 21))
        }

        /// The word gram of the window, or of all `count` words when it holds fewer than five.
        var wordGram: UInt64 {
            let n = min(count, shingleSize)
            var hash = mix(0x776F_7264 &+ UInt64(n))  // "word"
            if n == shingleSize { return mix(mix(mix(mix(mix(hash ^ v0) ^ v1) ^ v2) ^ v3) ^ v4) }
            for w in [v0, v1, v2, v3, v4].suffix(n) { hash = mix(hash ^ w) }
            return hash
        }
    }

    /// The shingle hashes of any text, scalar by scalar.
    static func scalarShingleHashes(_ text: String) -> [UInt64] {
        var wordHashes: [UInt64] = []
        var word = FNV1a(), wordLength = 0
        var collapsed: [UInt32] = []
        collapsed.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !collapsed.isEmpty
            } else {
                if pendingSpace { collapsed.append(0x20) }
                pendingSpace = false
                collapsed.append(scalar.value)
            }
            if isWordScalar(scalar) {
                word.add(scalar.value)
                wordLength += 1
            } else if wordLength > 0 {
                wordHashes.append(mix(word.value))
                word = FNV1a()
                wordLength = 0
            }
        }
        if wordLength > 0 { wordHashes.append(mix(word.value)) }

        var hashes: [UInt64] = []
        hashes.reserveCapacity(wordHashes.count + collapsed.count)
        // Word n-grams: the word hashes chained in order, from a tag that no character gram has.
        let wordGram = min(shingleSize, wordHashes.count)
        if wordGram > 0 {
            for first in 0...(wordHashes.count - wordGram) {
                var hash = mix(0x776F_7264 &+ UInt64(wordGram))  // "word"
                for w in wordHashes[first..<(first + wordGram)] { hash = mix(hash ^ w) }
                hashes.append(hash)
            }
        }
        // Character n-grams: scalar values fit in 21 bits, so 5 pack into two words exactly (a
        // shorter text is padded with zeros and its length goes in the tag).
        let charGram = min(shingleSize, collapsed.count)
        if charGram > 0 {
            let tag: UInt64 = 0x63 << 56 | UInt64(charGram) << 48  // "c"
            while collapsed.count < shingleSize { collapsed.append(0) }
            for first in 0...(collapsed.count - shingleSize) {
                let low = UInt64(collapsed[first]) | UInt64(collapsed[first + 1]) << 21 | UInt64(collapsed[first + 2]) << 42
                let high = tag | UInt64(collapsed[first + 3]) | UInt64(collapsed[first + 4]) << 21
                hashes.append(mix(mix(low) ^ high))
            }
        }
        return hashes
    }

    /// Sorts 64-bit keys in four passes of 16 bits (least significant first), each a stable
    /// counting sort; a pass whose digit is the same in every key is skipped. The band keys of a
    /// batch (32 a text) sorted so in a tenth of what `sort()`'s comparisons cost.
    static func radixSort(_ keys: inout [UInt64]) {
        let n = keys.count
        guard n > 64 else { keys.sort(); return }
        var counts = [Int](repeating: 0, count: 4 << 16)
        counts.withUnsafeMutableBufferPointer { c in
            for k in keys {
                c[Int(k & 0xFFFF)] += 1
                c[1 << 16 | Int(k >> 16 & 0xFFFF)] += 1
                c[2 << 16 | Int(k >> 32 & 0xFFFF)] += 1
                c[3 << 16 | Int(k >> 48)] += 1
            }
        }
        var other = [UInt64](repeating: 0, count: n)
        for pass in 0..<4 {
            let base = pass << 16, shift = UInt64(pass * 16)
            let skip = counts.withUnsafeBufferPointer { c in c[base + Int(keys[0] >> shift & 0xFFFF)] == n }
            if skip { continue }
            counts.withUnsafeMutableBufferPointer { c in
                var sum = 0
                for d in base..<(base + 1 << 16) { let x = c[d]; c[d] = sum; sum += x }
                keys.withUnsafeBufferPointer { from in
                    other.withUnsafeMutableBufferPointer { to in
                        for k in from {
                            let d = base + Int(k >> shift & 0xFFFF)
                            to[c[d]] = k
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&keys, &other)
        }
    }

    /// `hashes` sorted, without repeats.
    static func distinctSorted(_ hashes: [UInt64]) -> [UInt64] {
        var distinct: [UInt64] = []
        for hash in hashes.sorted() where distinct.last != hash { distinct.append(hash) }
        return distinct
    }

    /// Unicode whitespace, with the ASCII cases answered without a property lookup.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    /// Letters and digits make words; everything else separates them.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// |A ∩ B| / |A ∪ B| of two sorted, distinct arrays (0 when both are empty).
    static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        let union = a.count + b.count - shared
        return union == 0 ? 0 : Double(shared) / Double(union)
    }

    /// The SplitMix64 / MurmurHash3 finaliser: spreads every input bit over the whole output.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension NearDuplicates {
    /// FNV-1a 64 over Unicode scalar values (3 bytes each: Unicode needs 21 bits).
    struct FNV1a {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ scalar: UInt32) {
            add(byte: scalar & 0xFF)
            add(byte: (scalar >> 8) & 0xFF)
            add(byte: scalar >> 16)
        }

        /// `add` of an ASCII scalar: its two zero bytes leave the xor alone, so the three
        /// multiplications are one by the prime cubed.
        mutating func add(ascii: UInt8) {
            value = (value ^ UInt64(ascii)) &* Self.primeCubed
        }

        static let primeCubed: UInt64 = 0x0000_0100_0000_01B3 &* 0x0000_0100_0000_01B3 &* 0x0000_0100_0000_01B3

        private mutating func add(byte: UInt32) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }

    /// MinHash signatures by one-permutation hashing with optimal densification (Shrivastava 2017):
    /// one seeded hash per shingle, its top bits pick one of `size` bins, and each bin keeps its
    /// smallest hash; an empty bin borrows the value of the first non-empty bin on its own fixed,
    /// seeded probe sequence. Two sets agree in a bin with probability equal to their Jaccard
    /// similarity, as with `size` independent hash functions, at the cost of one hash per shingle.
    enum MinHash {
        /// `size` must be a power of two, at most 2⁶³; `hashes` must not be empty.
        static func signature(_ hashes: [UInt64], size: Int, seed: UInt64) -> [UInt64] {
            let shift = UInt64(64 - size.trailingZeroBitCount)
            var bins = [UInt64](repeating: .max, count: size)
            var filled = [Bool](repeating: false, count: size)
            let salt = mix(seed ^ 0x6D69_6E68_6173_6821)
            bins.withUnsafeMutableBufferPointer { bins in
                filled.withUnsafeMutableBufferPointer { filled in
                    for hash in hashes {
                        let h = mix(hash ^ salt)
                        let bin = Int(h >> shift)  // below `size`: the top log2(size) bits
                        bins[bin] = min(bins[bin], h)
                        filled[bin] = true
                    }
                }
            }
            var signature = bins
            for bin in 0..<size where !filled[bin] {
                signature[bin] = bins[donor(of: bin, filled: filled, salt: salt)]
            }
            return signature
        }

        /// The first filled bin on `bin`'s probe sequence (after 4 × size probes, the next filled
        /// bin to the right, so that it always ends).
        static func donor(of bin: Int, filled: [Bool], salt: UInt64) -> Int {
            for attempt in 1...(4 * filled.count) {
                let probe = Int(mix(salt ^ UInt64(bin) << 32 ^ UInt64(attempt)) % UInt64(filled.count))
                if filled[probe] { return probe }
            }
            var probe = (bin + 1) % filled.count
            while !filled[probe] { probe = (probe + 1) % filled.count }
            return probe
        }
    }

    /// Disjoint sets over 0..<count with path halving; the root of a set is its smallest member.
    struct UnionFind {
        var parent: [Int]

        init(count: Int) { parent = Array(0..<count) }

        mutating func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }

        /// Joins the sets of roots `a` and `b`; returns the root of the joined set.
        mutating func union(_ a: Int, _ b: Int) -> Int {
            let (root, child) = (min(a, b), max(a, b))
            parent[child] = root
            return root
        }
    }
}
