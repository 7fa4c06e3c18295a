import CritiqueLSP
import Foundation
import Testing

@Suite("LSP framing")
struct LSPFramerTests {
    static let bodies: [[UInt8]] = [
        Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.utf8),
        Array(#"{"jsonrpc":"2.0","method":"x","params":{"text":"日本 😀 \r\n\r\n Content-Length: 5\r\n\r\n"}}"#.utf8),
        [],
        Array("{}".utf8),
        Array(repeating: UInt8(ascii: "a"), count: 70_000),
    ]

    static var stream: [UInt8] { bodies.flatMap(Framer.frame) }

    static func messages(_ events: [Framer.Event]) -> [[UInt8]] {
        events.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
    }
    static func problems(_ events: [Framer.Event]) -> [String] {
        events.compactMap { if case .problem(let p) = $0 { return p } else { return nil } }
    }

    @Test func wholeStreamAtOnce() {
        var f = Framer()
        let events = f.feed(Self.stream)
        #expect(Self.messages(events) == Self.bodies)
        #expect(Self.problems(events).isEmpty)
        #expect(f.bufferedBytes == 0)
    }

    @Test func byteByByte() {
        var f = Framer()
        var events: [Framer.Event] = []
        for b in Self.stream { events += f.feed([b]) }
        #expect(Self.messages(events) == Self.bodies)
        #expect(Self.problems(events).isEmpty)
    }

    @Test func splitAtEveryBoundaryOfTheSmallMessages() {
        let small = Array(Self.bodies.prefix(4).flatMap(Framer.frame))
        for cut in 0...small.count {
            var f = Framer()
            let events = f.feed(small[..<cut]) + f.feed(small[cut...])
            #expect(Self.messages(events) == Array(Self.bodies.prefix(4)), "cut at \(cut)")
        }
    }

    @Test(arguments: [1, 2, 3, 42, 99])
    func randomChunks(seed: UInt64) {
        var rng = LSPRandom(seed: seed)
        let s = Self.stream
        var f = Framer()
        var events: [Framer.Event] = []
        var i = 0
        while i < s.count {
            let n = Int.random(in: 0...min(5000, s.count - i), using: &rng)
            events += f.feed(s[i..<i + n])
            i += n
        }
        #expect(Self.messages(events) == Self.bodies)
    }

    @Test func headerVariants() {
        var f = Framer()
        let body = Array("{\"a\":1}".utf8)
        var bytes: [UInt8] = []
        bytes += Array("content-length: 7\r\n\r\n".utf8) + body                           // lower case
        bytes += Array("Content-Length:7\r\n\r\n".utf8) + body                            // no space
        bytes += Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 7\r\n\r\n".utf8) + body
        bytes += Array("Content-Length: 7  \r\n\r\n".utf8) + body                         // trailing blanks
        let events = f.feed(bytes)
        #expect(Self.messages(events) == Array(repeating: body, count: 4))
        #expect(Self.problems(events).isEmpty)
    }

    @Test func garbageBeforeAHeaderIsSkipped() {
        var f = Framer()
        let body = Array("{\"ok\":true}".utf8)
        let events = f.feed(Array("garbage garbage".utf8) + Framer.frame(body))
        #expect(Self.messages(events) == [body])
        var g = Framer()
        let events2 = g.feed(Array("xx\r\n\r\n".utf8) + Framer.frame(body))
        #expect(Self.messages(events2) == [body])
        #expect(Self.problems(events2).count == 1)
    }

    @Test func missingContentLengthIsAProblemAndTheNextMessageParses() {
        var f = Framer()
        let body = Array("{\"n\":2}".utf8)
        let events = f.feed(Array("Content-Type: text/plain\r\n\r\n".utf8) + Framer.frame(body))
        #expect(Self.problems(events).count == 1)
        #expect(Self.messages(events) == [body])
    }

    @Test(arguments: ["-5", "abc", "", "12abc", "0x10", "99999999999999999999999999"])
    func invalidContentLength(value: String) {
        var f = Framer()
        let body = Array("{\"n\":3}".utf8)
        let events = f.feed(Array("Content-Length: \(value)\r\n\r\n".utf8) + Framer.frame(body))
        #expect(Self.problems(events).count == 1)
        #expect(Self.messages(events) == [body])
    }

    @Test func overMaxBodyIsSkippedAndTheNextMessageParses() {
        var f = Framer(maxBody: 100)
        let big = Array(repeating: UInt8(ascii: "x"), count: 1000)
        let body = Array("{\"after\":1}".utf8)
        let events = f.feed(Framer.frame(big) + Framer.frame(body))
        #expect(Self.problems(events).count == 1)
        #expect(Self.messages(events) == [body])
        // Exactly maxBody is accepted.
        let exact = Array(repeating: UInt8(ascii: "y"), count: 100)
        #expect(Self.messages(f.feed(Framer.frame(exact))) == [exact])
    }

    @Test func absurdContentLengthIsRefusedWithoutWaitingForIt() {
        var f = Framer(maxBody: 1 << 20)
        let events = f.feed(Array("Content-Length: 9223372036854775807\r\n\r\n".utf8))
        #expect(Self.problems(events).count == 1)
        #expect(f.bufferedBytes == 0)
    }

    @Test func truncatedBodyWaitsForTheRest() {
        var f = Framer()
        let body = Array("{\"jsonrpc\":\"2.0\",\"method\":\"m\"}".utf8)
        let framed = Framer.frame(body)
        let cut = framed.count - 5
        #expect(f.feed(framed[..<cut]).isEmpty)
        #expect(f.feed([]).isEmpty)
        #expect(Self.messages(f.feed(framed[cut...])) == [body])
    }

    @Test func fiftyMegabyteMessageIsRefusedAndTheStreamStaysUsable() {
        var f = Framer(maxBody: 1 << 20)
        let size = 50 << 20
        var events = f.feed(Array("Content-Length: \(size)\r\n\r\n".utf8))
        #expect(Self.problems(events).count == 1)
        // Feed the body in 1 MiB chunks; nothing is buffered for it.
        let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 1 << 20)
        var maxBuffered = 0
        for _ in 0..<50 {
            events += f.feed(chunk)
            maxBuffered = max(maxBuffered, f.bufferedBytes)
        }
        #expect(maxBuffered == 0)
        #expect(Self.messages(events).isEmpty)
        let body = Array("{\"still\":\"alive\"}".utf8)
        #expect(Self.messages(f.feed(Framer.frame(body))) == [body])
    }

    @Test func skippedBodyEndingMidChunkThenNextMessage() {
        var f = Framer(maxBody: 10)
        let body = Array("{\"k\":1}".utf8)
        let stream = Array("Content-Length: 20\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "q"), count: 20) + Framer.frame(body)
        var events: [Framer.Event] = []
        for b in stream { events += f.feed([b]) }
        #expect(Self.problems(events).count == 1)
        #expect(Self.messages(events) == [body])
    }

    @Test func endlessGarbageIsDiscardedInBoundedMemory() {
        var f = Framer()
        var events: [Framer.Event] = []
        let junk = [UInt8](repeating: UInt8(ascii: "j"), count: 10_000)
        for _ in 0..<30 { events += f.feed(junk) }
        #expect(f.bufferedBytes <= 64 * 1024 + junk.count)
        #expect(!Self.problems(events).isEmpty)
        let body = Array("{}".utf8)
        #expect(Self.messages(f.feed(Framer.frame(body))) == [body])
    }
}
