import CritiqueLSP
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `critique lsp` over real pipes. Reads stdout on its own thread and frames it with
/// the project's Framer; every wait has a deadline, and `stop()` kills the process.
final class LSPProcess: @unchecked Sendable {
    static func binaryPath(file: String = #filePath) -> String {
        var url = URL(fileURLWithPath: file)
        for _ in 0..<4 { url.deleteLastPathComponent() }   // LSP, CritiqueTests, Tests, then the file itself
        return url.appendingPathComponent(".build/debug/critique").path
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let cond = NSCondition()
    private var received: [LSPJSON] = []
    private var eof = false

    init() throws {
        signal(SIGPIPE, SIG_IGN)   // a write to a dead server must fail, not kill the test run
        process.executableURL = URL(fileURLWithPath: LSPProcess.binaryPath())
        process.arguments = ["lsp"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        let reader = Thread { [self] in
            var framer = Framer()
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                let events = framer.feed(Array(data))
                cond.lock()
                for case .message(let m) in events { received.append(LSPJSON.parse(m) ?? .string("<unparseable>")) }
                cond.broadcast()
                cond.unlock()
            }
            cond.lock(); eof = true; cond.broadcast(); cond.unlock()
        }
        reader.start()
    }

    func write(_ bytes: [UInt8]) { try? input.fileHandleForWriting.write(contentsOf: Data(bytes)) }
    func send(_ message: LSPJSON) { write(Framer.frame(message.bytes)) }
    func closeInput() { try? input.fileHandleForWriting.close() }

    var messages: [LSPJSON] { cond.lock(); defer { cond.unlock() }; return received }

    /// The first message received that matches, waiting up to `timeout` seconds.
    func wait(timeout: TimeInterval = 10, _ match: (LSPJSON) -> Bool) -> LSPJSON? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        cond.lock(); defer { cond.unlock() }
        while true {
            if let m = received.first(where: match) { return m }
            if eof || !cond.wait(until: deadline) { return received.first(where: match) }
        }
    }

    func response(_ id: LSPJSON, timeout: TimeInterval = 10) -> LSPJSON? {
        wait(timeout: timeout) { $0["id"] == id && !$0.has("method") }
    }

    /// The exit status, or nil if the process is still running after `timeout` seconds.
    func waitForExit(timeout: TimeInterval = 5) -> Int32? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func stop() {
        closeInput()
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func initialize(id: LSPJSON = 1, root: String? = nil) -> LSPJSON {
        var params: [String: LSPJSON] = ["processId": nil, "capabilities": ["general": ["positionEncodings": ["utf-16"]]]]
        if let root { params["rootUri"] = .string(LSPURI(root)) }
        return ["jsonrpc": "2.0", "id": id, "method": "initialize", "params": .object(params)]
    }
    static func notification(_ method: String, _ params: LSPJSON = [:]) -> LSPJSON {
        ["jsonrpc": "2.0", "method": .string(method), "params": params]
    }
}

@Suite("LSP binary over pipes", .serialized)
struct LSPBinaryTests {
    func start() throws -> LSPProcess {
        try #require(FileManager.default.isExecutableFile(atPath: LSPProcess.binaryPath()), "build first: swift build")
        return try LSPProcess()
    }

    @Test func fullSessionExitsWithZero() throws {
        let ws = LSPWorkspace()
        defer { ws.remove() }
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize(root: ws.root))
        let r = p.response(1)
        #expect(r?["result"]["capabilities"]["positionEncoding"] == "utf-16")
        p.send(LSPProcess.notification("initialized"))
        let uri = ws.uri("demo.critique.md")
        p.send(LSPProcess.notification("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": 1,
                                                                               "text": .string(LSPFixture("demo.critique.md"))]]))
        let pub = p.wait { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]["uri"].string == uri }
        let codes = pub?["params"]["diagnostics"].array.compactMap { $0["code"].string } ?? []
        #expect(codes.contains("tag-unknown"))
        #expect(codes.contains("score-off-step"))
        #expect(pub?["params"]["version"] == 1)
        p.send(["jsonrpc": "2.0", "id": "bye", "method": "shutdown"])
        let s = p.response("bye")
        #expect(s?.has("result") == true && s?["result"].isNull == true)
        p.send(LSPProcess.notification("exit"))
        #expect(p.waitForExit() == 0)
    }

    @Test func exitWithoutShutdownIsOne() throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        #expect(p.response(1) != nil)
        p.send(LSPProcess.notification("exit"))
        #expect(p.waitForExit() == 1)
    }

    @Test func closedStdinEndsTheProcessWithOne() throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        #expect(p.response(1) != nil)
        p.closeInput()
        #expect(p.waitForExit() == 1)
    }

    @Test func closedStdinBeforeAnythingEndsTheProcess() throws {
        let p = try start()
        defer { p.stop() }
        p.closeInput()
        #expect(p.waitForExit() == 1)
    }

    @Test func closedStdinAfterShutdownEndsCleanly() throws {
        let p = try start()
        defer { p.stop() }
        p.send(LSPProcess.initialize())
        p.send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        #expect(p.response(2) != nil)
        p.closeInput()
        #expect(p.waitForExit() == 0)
    }

    @Test func requestSplitAcrossSeveralWrites() throws {
        let p = try start()
        defer { p.stop() }
        let framed = Framer.frame(LSPProcess.initialize(id: 77).bytes)
        let cuts = [0, 3, 10, 17, 40, framed.count - 1, framed.count]
        for i in 0..<(cuts.count - 1) {
            p.write(Array(framed[cuts[i]..<cuts[i + 1]]))
            usleep(30_000)
        }
        #expect(p.response(77)?["result"]["capabilities"]["positionEncoding"] == "utf-16")
        // Several messages in one write are all answered, in order.
        var batch: [UInt8] = []
        for id in 100..<105 {
            let m: LSPJSON = ["jsonrpc": "2.0", "id": .int(id), "method": .string("nope/\(id)")]
            batch += Framer.frame(m.bytes)
        }
        p.write(batch)
        #expect(p.response(104) != nil)
        let ids = p.messages.compactMap { $0["id"].int }.filter { $0 >= 100 }
        #expect(ids == [100, 101, 102, 103, 104])
        #expect(p.messages.filter { ($0["id"].int ?? 0) >= 100 }.allSatisfy { $0["error"]["code"] == -32601 })
    }

    @Test func garbageAndABadHeaderThenAValidMessage() throws {
        let p = try start()
        defer { p.stop() }
        p.write(Array("this is not a header\r\n\r\n".utf8))
        p.write(Array("Content-Length: banana\r\n\r\n".utf8))
        p.write(Array("Content-Length: 5\r\n\r\n{oops".utf8))        // framed, but not JSON
        p.send(LSPProcess.initialize(id: 5))
        #expect(p.response(5)?["result"]["capabilities"].has("positionEncoding") == true)
        let parseError = p.wait { $0["error"]["code"] == -32700 }
        #expect(parseError?["id"].isNull == true)
        // The transport's problems are reported to the client as log messages.
        #expect(p.messages.filter { $0["method"] == "window/logMessage" }.count >= 2)
        p.send(["jsonrpc": "2.0", "id": 6, "method": "shutdown"])
        #expect(p.response(6) != nil)
        p.send(LSPProcess.notification("exit"))
        #expect(p.waitForExit() == 0)
    }
}
