/// Eight bytes at a time: the word tests behind the fast paths that pass over plain text
/// (line starts, JSON string escapes). Both are exact, never a false "yes" or "no".
enum WordScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether any of the eight bytes of `w` is `byte`.
    @inline(__always)
    static func has(_ w: UInt64, _ byte: UInt8) -> Bool { equalMask(w, byte) != 0 }

    /// The high bit of bytes of `w` that are `byte`: exact for the lowest such byte (in memory
    /// order); a borrow may also flag bytes above it.
    @inline(__always)
    static func equalMask(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let v = w ^ (ones &* UInt64(byte))
        return (v &- ones) & ~v & highs
    }

    /// Whether any of the eight bytes of `w` is less than `bound` (at most 0x80).
    @inline(__always)
    static func hasLess(_ w: UInt64, than bound: UInt8) -> Bool { lessMask(w, than: bound) != 0 }

    /// The high bit of bytes of `w` less than `bound` (at most 0x80): exact for the lowest such
    /// byte (in memory order); a borrow may also flag bytes above it.
    @inline(__always)
    static func lessMask(_ w: UInt64, than bound: UInt8) -> UInt64 { (w &- ones &* UInt64(bound)) & ~w & highs }

    /// The eight bytes at `p`, in memory order whatever the alignment.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 { UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }
}
