// libFuzzer target for the LSP framing state machine (Sources/CritiqueLSP/Transport/Framer.swift).
// Not a SwiftPM target: Tests/Fuzz/run.sh compiles it together with Framer.swift using
// `swiftc -sanitize=fuzzer,address -parse-as-library`.
//
// The input is the byte stream. It is fed once in one piece and once in chunks whose sizes
// come from the input's own bytes; both must yield the same messages, every message body is
// at most maxBody bytes, and the framer never holds more than it was given.

let fuzzMaxBody = 1 << 16

/// Chunk sizes 1...64 taken from the stream itself (byte at the chunk's start), so the fuzzer
/// controls where the splits fall.
func fuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var out: [ArraySlice<UInt8>] = []
    var i = 0
    while i < bytes.count {
        let size = 1 + Int(bytes[i] & 63)
        let end = min(bytes.count, i + size)
        out.append(bytes[i..<end])
        i = end
    }
    return out
}

func fuzzCheckFraming(_ bytes: [UInt8]) {
    var whole = Framer(maxBody: fuzzMaxBody)
    let oneEvents = whole.feed(bytes)
    var chunked = Framer(maxBody: fuzzMaxBody)
    var chunkEvents: [Framer.Event] = []
    var fed = 0
    for c in fuzzChunks(bytes) {
        chunkEvents += chunked.feed(c)
        fed += c.count
        if chunked.bufferedBytes < 0 || chunked.bufferedBytes > fed { fatalError("bufferedBytes \(chunked.bufferedBytes) out of 0...\(fed)") }
    }
    // Feeding nothing changes nothing.
    if !chunked.feed([UInt8]()).isEmpty { fatalError("feeding no bytes produced events") }
    var total = 0
    for e in oneEvents + chunkEvents {
        if case .message(let body) = e {
            if body.count > fuzzMaxBody { fatalError("message body \(body.count) > maxBody") }
            total += body.count
        }
    }
    if total > 2 * bytes.count { fatalError("more message bytes than input bytes") }
    let oneMessages = oneEvents.compactMap { e -> [UInt8]? in if case .message(let b) = e { return b }; return nil }
    let chunkMessages = chunkEvents.compactMap { e -> [UInt8]? in if case .message(let b) = e { return b }; return nil }
    // The 64 KiB garbage guard fires per feed, so it may cut differently depending on the
    // chunking; compare messages only when it did not fire in either run.
    func discarded(_ es: [Framer.Event]) -> Bool {
        es.contains { if case .problem(let m) = $0 { return m.hasPrefix("Discarded") }; return false }
    }
    if !discarded(oneEvents) && !discarded(chunkEvents) {
        if oneMessages != chunkMessages {
            fatalError("one piece gave \(oneMessages.count) messages, chunks gave \(chunkMessages.count)")
        }
        if whole.bufferedBytes != chunked.bufferedBytes {
            fatalError("buffered \(whole.bufferedBytes) vs \(chunked.bufferedBytes)")
        }
    }
    // Re-framing the messages and feeding them back yields exactly those messages.
    var again = Framer(maxBody: fuzzMaxBody)
    var reframed: [UInt8] = []
    for m in oneMessages { reframed += Framer.frame(m) }
    let back = again.feed(reframed)
    if back != oneMessages.map({ Framer.Event.message($0) }) { fatalError("re-framed messages differ") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzCheckFraming(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
