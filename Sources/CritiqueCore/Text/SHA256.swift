#if canImport(CritiqueSHA)
import CritiqueSHA
#endif

/// SHA-256 (FIPS 180-4), for the document hash in exported records: a reader can tell which
/// exact text a training record came from (`sha256sum` gives the same). Padding and a portable
/// compression are Swift; where the processor has the SHA extensions, whole blocks go to
/// CritiqueSHA (C), about four times faster. Built without that module (the fuzz targets),
/// the Swift path does everything.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public static func hex(_ data: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest(data) { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `hardware: false` takes the Swift path even where the SHA instructions exist (tests
    /// hold the two paths to each other).
    public static func digest(_ data: [UInt8], hardware: Bool = true) -> [UInt8] {
        let i = initialState
        var h = (i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7])
        // Whole blocks straight from the input; only the tail is copied to be padded.
        let whole = data.count / 64 * 64
        var tail = Array(data[whole...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = UInt64(data.count) &* 8
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        if hardware, let d = hardwareDigest(data, whole: whole, tail: tail) { return d }
        var w = [UInt32](repeating: 0, count: 64)
        w.withUnsafeMutableBufferPointer { w in
            k.withUnsafeBufferPointer { k in
                func blocks(_ bytes: UnsafeBufferPointer<UInt8>, _ count: Int) {
                    for chunk in stride(from: 0, to: count, by: 64) {
                        compress(bytes.baseAddress! + chunk, &h, w, k)
                    }
                }
                data.withUnsafeBufferPointer { blocks($0, whole) }
                tail.withUnsafeBufferPointer { blocks($0, tail.count) }
            }
        }
        return bigEndian([h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7])
    }

    /// H0…H7 before the first block.
    static let initialState: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

    static func bigEndian(_ words: [UInt32]) -> [UInt8] {
        words.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - UInt32($0) * 8)) } }
    }

    /// Whether this build and processor have the SHA instructions.
    public static var hasHardware: Bool {
        #if canImport(CritiqueSHA)
        return critique_sha256_accelerated() == 1
        #else
        return false
        #endif
    }

    /// The digest with the SHA instructions, nil where there are none.
    static func hardwareDigest(_ data: [UInt8], whole: Int, tail: [UInt8]) -> [UInt8]? {
        #if canImport(CritiqueSHA)
        guard hasHardware else { return nil }
        var state = initialState
        state.withUnsafeMutableBufferPointer { s in
            k.withUnsafeBufferPointer { k in
                data.withUnsafeBufferPointer { if whole > 0 { critique_sha256_blocks(s.baseAddress!, $0.baseAddress!, whole / 64, k.baseAddress!) } }
                tail.withUnsafeBufferPointer { critique_sha256_blocks(s.baseAddress!, $0.baseAddress!, $0.count / 64, k.baseAddress!) }
            }
        }
        return bigEndian(state)
        #else
        return nil
        #endif
    }

    @inline(__always)
    private static func compress(_ p: UnsafePointer<UInt8>, _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>) {
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
        for i in 0..<16 {
            w[i] = UInt32(p[i * 4]) << 24 | UInt32(p[i * 4 + 1]) << 16 | UInt32(p[i * 4 + 2]) << 8 | UInt32(p[i * 4 + 3])
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] &>> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] &>> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        // Eight rounds an iteration with the roles of the variables rotated, so no round
        // shuffles all eight; `ch` and `maj` in their three-operation forms.
        @inline(__always) func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                     _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
            let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
            let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
            d = d &+ t1
            h = t1 &+ t2
        }
        var (a, b, c, d, e, f, g, hh) = h
        for i in stride(from: 0, to: 64, by: 8) {
            round(a, b, c, &d, e, f, g, &hh, k[i] &+ w[i])
            round(hh, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
            round(g, hh, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
            round(f, g, hh, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
            round(e, f, g, &hh, a, b, c, &d, k[i + 4] &+ w[i + 4])
            round(d, e, f, &g, hh, a, b, &c, k[i + 5] &+ w[i + 5])
            round(c, d, e, &f, g, hh, a, &b, k[i + 6] &+ w[i + 6])
            round(b, c, d, &e, f, g, hh, &a, k[i + 7] &+ w[i + 7])
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }
}
