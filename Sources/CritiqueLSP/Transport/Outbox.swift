import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// Outgoing messages between the server and the one thread that writes them, bounded.
///
/// A client that stops reading must not make the server grow without limit (it once went
/// from 30 MB to 1.9 GB in a minute). Two things keep it bounded:
/// - diagnostics for a document replace any that are still waiting for the same document
///   (only the newest matter), so a burst of edits queues one message a document;
/// - past `limit` bytes waiting, `push` blocks until the writer drains, which stops the
///   server reading input: back-pressure on the client instead of memory growth.
/// When the output is gone (EPIPE) everything waiting is dropped and nothing blocks again.
final class Outbox: @unchecked Sendable {
    private struct Item { var bytes: [UInt8]; var key: String? }
    private var items: [Item?] = []
    private var head = 0
    private var waiting = 0
    private var byKey: [String: Int] = [:]
    private var broken = false
    private var writing = false
    private let cond = Condition()
    let limit: Int

    init(limit: Int = 16 << 20) { self.limit = limit }

    /// Queues a framed message; `key` names what a later message with the same key replaces.
    func push(_ bytes: [UInt8], replacing key: String? = nil) {
        cond.lock(); defer { cond.unlock() }
        if broken { return }
        if let key, let i = byKey[key], i >= head, let old = items[i] {
            waiting += bytes.count - old.bytes.count
            items[i] = Item(bytes: bytes, key: key)
            cond.broadcast()
            return
        }
        while waiting + bytes.count > limit && waiting > 0 && !broken { cond.wait() }
        if broken { return }
        if let key { byKey[key] = items.count }
        items.append(Item(bytes: bytes, key: key))
        waiting += bytes.count
        cond.broadcast()
    }

    /// The writer's loop: writes until `close` and the queue is empty, or the output breaks.
    func run(fd: Int32) {
        while let bytes = next() {
            var off = 0
            while off < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
                if n < 0 {
                    if errno == EINTR { continue }
                    cond.lock(); broken = true; items.removeAll(); head = 0; byKey.removeAll(); waiting = 0; writing = false; cond.broadcast(); cond.unlock()
                    return
                }
                off += n
            }
            cond.lock(); writing = false; cond.broadcast(); cond.unlock()
        }
    }

    private var closed = false

    private func next() -> [UInt8]? {
        cond.lock(); defer { cond.unlock() }
        while head == items.count && !closed { cond.wait() }
        guard head < items.count, let item = items[head] else { return nil }
        items[head] = nil
        head += 1
        if let key = item.key, byKey[key] == head - 1 { byKey[key] = nil }
        waiting -= item.bytes.count
        writing = true
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            byKey = byKey.mapValues { $0 - head }
            head = 0
        }
        cond.broadcast()
        return item.bytes
    }

    /// Waits until everything queued so far is written (or the output broke).
    func flush() {
        cond.lock(); defer { cond.unlock() }
        while (head < items.count || writing) && !broken { cond.wait() }
    }

    /// No more messages: the writer ends once the queue is empty.
    func close() { cond.lock(); closed = true; cond.broadcast(); cond.unlock() }

    /// Bytes waiting to be written (for tests).
    var pending: Int { cond.lock(); defer { cond.unlock() }; return waiting }
}
