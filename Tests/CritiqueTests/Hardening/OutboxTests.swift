@testable import CritiqueLSP
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The outgoing queue stays bounded when the client stops reading.
@Suite("Hardening: outbox", .serialized)
struct OutboxTests {
    @Test("Diagnostics for a document replace the ones still waiting; other messages keep their order")
    func replacesStaleDiagnostics() throws {
        let box = Outbox()
        box.push(Array("d1".utf8), replacing: "file:///a")
        box.push(Array("r1".utf8))
        box.push(Array("d2".utf8), replacing: "file:///a")
        box.push(Array("e1".utf8), replacing: "file:///b")
        #expect(box.pending == 6)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let wfd = fds[1]
        let writer = Thread { box.run(fd: wfd) }
        writer.start()
        box.flush()
        box.close()
        var buf = [UInt8](repeating: 0, count: 64)
        let n = read(fds[0], &buf, 64)
        #expect(String(decoding: buf[0..<max(0, n)], as: UTF8.self) == "d2r1e1")
        close(fds[0]); close(fds[1])
    }

    @Test("Past the limit, push waits for the writer (back-pressure), and a broken output never blocks")
    func backPressure() throws {
        let box = Outbox(limit: 100)
        box.push([UInt8](repeating: 1, count: 80))
        final class Flag: @unchecked Sendable { var done = false }
        let flag = Flag()
        let t = Thread { box.push([UInt8](repeating: 2, count: 80)); flag.done = true }
        t.start()
        usleep(200_000)
        #expect(!flag.done, "the second push waits while the first is unwritten")
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])  // nobody will ever read: writes fail with EPIPE
        signal(SIGPIPE, SIG_IGN)
        let wfd = fds[1]
        let writer = Thread { box.run(fd: wfd) }
        writer.start()
        for _ in 0..<50 where !flag.done { usleep(20_000) }
        #expect(flag.done, "a broken output releases the waiting push")
        box.push([UInt8](repeating: 3, count: 500))  // dropped, does not block
        #expect(box.pending == 0)
        close(fds[1])
    }

    @Test("A client that never reads stdout: the server's memory stays bounded")
    func clientStopsReading() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Support.binary), "build first: swift build")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Support.binary)
        p.arguments = ["lsp"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output   // never read
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        // Non-blocking writes: once the server applies back-pressure (stops reading), a
        // blocking write would wait forever; a short one just ends the sending.
        let wfd = input.fileHandleForWriting.fileDescriptor
        _ = fcntl(wfd, F_SETFL, fcntl(wfd, F_GETFL) | O_NONBLOCK)
        var pushedBack = false
        func send(_ json: String) {
            let bytes = Framer.frame(Array(json.utf8))
            var off = 0
            var stalls = 0
            while off < bytes.count && !pushedBack {
                let n = bytes.withUnsafeBytes { write(wfd, $0.baseAddress! + off, $0.count - off) }
                if n > 0 { off += n; stalls = 0; continue }
                stalls += 1
                if stalls > 200 { pushedBack = true } else { usleep(5_000) }
            }
        }
        send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        // One document with 3,000 tags; then thousands of small requests whose answers are
        // large (semantic tokens for every tag), sent faster than anyone reads them.
        let body = (0..<3000).map { " #unknown-tag-\($0)" }.joined()
        let text = "---\\ntask: T\\n---\\n\\n## Style\\nScore: 3\\n\\n\(body)\\n"
        send(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.critique.md","languageId":"markdown","version":1,"text":"\#(text)"}}}"#)
        for id in 2...4000 where !pushedBack {
            send(#"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/semanticTokens/full","params":{"textDocument":{"uri":"file:///w/a.critique.md"}}}"#)
        }
        // Wait until the server stops working (its CPU time stops growing), keeping the peak.
        func field(_ file: String, _ key: String) -> Int {
            let text = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/\(file)", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").first { $0.hasPrefix(key) }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        }
        func cpu() -> Int {
            let stat = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/stat", encoding: .utf8)) ?? ""
            let f = stat.split(separator: ")").last?.split(separator: " ") ?? []
            return f.count > 12 ? (Int(f[11]) ?? 0) + (Int(f[12]) ?? 0) : 0
        }
        var peakKB = 0, last = -1, still = 0
        for _ in 0..<120 where still < 3 {
            usleep(500_000)
            peakKB = max(peakKB, field("status", "VmRSS"))
            let now = cpu()
            still = now == last ? still + 1 : 0
            last = now
        }
        // 16 MiB may wait in the outbox; without the bound this run peaked at 155 MB.
        #expect(peakKB > 0 && peakKB < 100_000, "peak resident memory \(peakKB / 1024) MB with thousands of unread answers (pushed back: \(pushedBack))")
    }
}
