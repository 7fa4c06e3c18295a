import CritiqueWorkspace
import CritiqueCore
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Runs the server over stdin/stdout: a reader thread feeds the framer with read(2) and
/// queues messages; this thread handles them in order and runs pending checks whenever the
/// queue is empty; one writer thread drains a bounded `Outbox`.
public enum LanguageServer {
    final class Inbox: @unchecked Sendable {
        private var items: [Framer.Event] = []
        private var head = 0
        private var closed = false
        private let cond = Condition()

        func push(_ e: Framer.Event) { cond.lock(); items.append(e); cond.signal(); cond.unlock() }
        func close() { cond.lock(); closed = true; cond.signal(); cond.unlock() }
        var isEmpty: Bool { cond.lock(); defer { cond.unlock() }; return head == items.count }

        /// The next message or transport problem; nil once closed and drained.
        func pop() -> Framer.Event? {
            cond.lock(); defer { cond.unlock() }
            while head == items.count && !closed { cond.wait() }
            guard head < items.count else { return nil }
            let m = items[head]
            items[head] = .problem("")
            head += 1
            if head > 1024 && head * 2 > items.count { items.removeFirst(head); head = 0 }
            return m
        }
    }

    public static func runStdio() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // Keep the real stdout for the protocol; anything printed by accident goes to stderr.
        let out = dup(1)
        dup2(2, 1)
        let outbox = Outbox()
        let server = Server(send: { outbox.push(Framer.frame($0)) },
                            publish: { outbox.push(Framer.frame($0), replacing: $1) })
        startThread { outbox.run(fd: out) }
        let inbox = Inbox()
        startThread {
            var framer = Framer()
            var buf = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
                if n < 0 { if errno == EINTR { continue }; break }
                if n == 0 { break }
                for e in framer.feed(buf[0..<n]) {
                    if case .message(let m) = e, let id = cancelID(m) { server.cancel(id) }
                    inbox.push(e)
                }
            }
            inbox.close()
        }
        while let event = inbox.pop() {
            switch event {
            case .message(let m): server.handle(m)
            case .problem(let p):
                let line = Array("critique lsp: \(p)\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
                server.log(2, p)
            }
            if let code = server.exitCode { outbox.flush(); return code }
            if inbox.isEmpty { server.idle() }
        }
        outbox.flush()
        // stdin closed without exit: a clean end after shutdown, an error otherwise.
        return server.exitCode ?? (server.state == .shutDown ? 0 : 1)
    }

    /// The id of a `$/cancelRequest`, read as soon as it arrives so queued work can be skipped.
    static func cancelID(_ m: [UInt8]) -> RequestID? {
        guard m.count < 4096, contains(m, cancelMethod) else { return nil }
        struct Msg: Decodable { var method: String; var params: CancelParams }
        guard let msg = try? JSONTreeDecoder().decode(Msg.self, from: m), msg.method == "$/cancelRequest" else { return nil }
        return msg.params.id
    }

    /// Without the `$/`: JSON may write the slash escaped (`$\/cancelRequest`); the decoder
    /// then checks the method exactly.
    private static let cancelMethod = Array("cancelRequest".utf8)

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
