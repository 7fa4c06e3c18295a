/// Splits a byte stream into LSP messages (`Content-Length: N\r\n\r\n` + N bytes).
/// A pure state machine: feed it bytes as they arrive, take out events.
public struct Framer {
    public enum Event: Equatable {
        case message([UInt8])
        /// Something was wrong and skipped; the stream stays in sync.
        case problem(String)
    }

    /// Bodies larger than this are skipped with a problem event, not buffered.
    public let maxBody: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingLength: Int?
    private var skipping = 0

    public init(maxBody: Int = 32 << 20) { self.maxBody = maxBody }

    public var bufferedBytes: Int { buffer.count - start }

    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Event] {
        var events: [Event] = []
        var input = bytes[...]
        if skipping > 0 {
            let n = min(skipping, input.count)
            skipping -= n
            input = input.dropFirst(n)
        }
        buffer.append(contentsOf: input)
        while true {
            if skipping > 0 {
                let n = min(skipping, buffer.count - start)
                skipping -= n; start += n
                if skipping > 0 { break }
            }
            if let len = pendingLength {
                guard buffer.count - start >= len else { break }
                events.append(.message(Array(buffer[start..<start + len])))
                start += len
                pendingLength = nil
                continue
            }
            guard let headerEnd = headerEnd(from: start) else {
                // Guard against a stream of garbage with no header end.
                if buffer.count - start > 64 * 1024 {
                    events.append(.problem("Discarded \(buffer.count - start) bytes with no message header."))
                    start = buffer.count
                }
                break
            }
            let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
            start = headerEnd + 4
            var length: Int?
            var sawLength = false
            for line in header.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
                // Garbage before a header ends up in front of the name: take the tail.
                if name.hasSuffix("content-length") {
                    sawLength = true
                    length = Int(line[line.index(after: colon)...].trimmingCharacters(in: " \t"))
                }
            }
            guard sawLength else { events.append(.problem("A message header has no Content-Length; skipped it.")); continue }
            guard let len = length, len >= 0 else { events.append(.problem("Invalid Content-Length in a message header; skipped it.")); continue }
            if len > maxBody {
                events.append(.problem("A message of \(len) bytes exceeds the \(maxBody >> 20) MiB limit; skipped it."))
                skipping = len
                continue
            }
            pendingLength = len
        }
        // Compact.
        if start > 0 && (start == buffer.count || start > 1 << 16) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        return events
    }

    /// Where the blank line (`\r\n\r\n`) that ends the header starts.
    private func headerEnd(from: Int) -> Int? {
        guard buffer.count - from >= 4 else { return nil }
        var i = from
        let last = buffer.count - 4
        while i <= last {
            if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
