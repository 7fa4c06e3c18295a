// critique-bench: prints throughput, latency, start-up and memory figures, each next to a
// floor measured in the same run. Run: swift build -c release && .build/release/critique-bench
import CritiqueCore
import CritiqueLSP
import CritiqueWorkspace
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func fmt(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted(); return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
}

func say(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
let args = CommandLine.arguments
let docCount = args.firstIndex(of: "--docs").flatMap { Int(args[$0 + 1]) } ?? 10_000
/// `--only check|latency|startup|memory|burst|scaling|report|instructions` runs one part (for profiling).
let only = args.firstIndex(of: "--only").map { args[$0 + 1] }
func wanted(_ part: String) -> Bool { only == nil || only == part }
/// Absolute, as some parts run the binary from another working directory.
let binDir: String = {
    let dir = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
    return dir.hasPrefix("/") ? dir : FileManager.default.currentDirectoryPath + "/" + dir
}()
let critiqueBin = binDir + "/critique"

// MARK: corpus

/// A deterministic ~3 KB pairwise critique; `i` varies scores, tags and quotes.
func document(_ i: Int, paragraphs: Int = 5) -> String {
    let s = [5, 4, 3, 2][i % 4], t = [4, 2, 5, 3][(i / 4) % 4]
    var d = "---\nrubric: chat-pairwise@2\ntask: T-\(i)\nannotator: w-\(i % 97)\nresponses: ../tasks/T-0042.json\n---\n\n"
    let filler = "The response keeps to the requested length and uses the table format that was asked for, although one comparison row is thinner than the others and the closing sentence repeats the introduction without adding anything new. "
    d += "## Instruction following\nA: \(s)\nB: \(t)\(i % 7 == 0 ? " #missed-contraint" : "")\n\n"
    for _ in 0..<paragraphs { d += filler + "\n\n" }
    d += "> B: \"Here is a detailed essay on the topic\"\n\n"
    d += "## Truthfulness\nA: 5\nB: \(i % 5 == 0 ? "3 #hallucination" : "2")\n\n"
    for _ in 0..<paragraphs { d += "B invents a study and a precise figure that no source supports; A makes no claim that could not be checked against the prompt. " + filler + "\n\n" }
    d += "> B: \"A 2019 Harvard study proved that immersion is exactly 3.7 times faster than any app\"\n\n"
    d += "## Style\nA: \(i % 3 == 0 ? "4.25" : "4")\nB: 3\n\nBoth read clearly and neither is padded.\n\n## Preference\n\(s >= t ? "A > B" : "B > A")\n\nA follows the brief and makes no factual errors.\n"
    return d
}

func makeWorkspace(_ n: Int, name: String = "critique-bench") -> String {
    // valgrind cannot spawn processes: `CRITIQUE_BENCH_WORKSPACE` names one made beforehand.
    if let given = ProcessInfo.processInfo.environment["CRITIQUE_BENCH_WORKSPACE"] { return given }
    let dir = NSTemporaryDirectory() + "\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: critiqueBin)
    p.arguments = ["init", dir]
    p.standardOutput = FileHandle.nullDevice
    try! p.run(); p.waitUntilExit()
    try? FileManager.default.removeItem(atPath: dir + "/critiques/T-0042.critique.md")
    for i in 0..<n {
        FileManager.default.createFile(atPath: dir + "/critiques/doc\(i).critique.md", contents: Data(document(i).utf8))
    }
    return dir
}

// MARK: 1. critique check throughput vs a plain read(2) of the same files

func readAll(_ files: [String]) -> Int {
    var total = 0
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    for f in files {
        let fd = open(f, O_RDONLY)
        while true { let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }; if n <= 0 { break }; total += n }
        close(fd)
    }
    return total
}

func runCheck(_ dir: String) -> (Double, Int32) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: critiqueBin)
    p.arguments = ["check", dir, "--format", "json", "--no-summary"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    let t0 = now()
    try! p.run(); p.waitUntilExit()
    return (now() - t0, p.terminationStatus)
}

/// `critique check --jsonl` over a file of records, from `dir` (so the rubric is found).
func runStream(_ dir: String, input: String) -> Double {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: critiqueBin)
    p.arguments = ["check", "--jsonl"]
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    p.standardInput = FileHandle(forReadingAtPath: input)
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    let t0 = now()
    try! p.run(); p.waitUntilExit()
    return now() - t0
}

/// `critique export` of a folder to stdout (discarded); failing critiques included so every
/// document is exported, as a full re-export of a batch would.
func runExport(_ dir: String, format: String) -> Double {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: critiqueBin)
    p.arguments = ["export", dir, "--to", format, "--include-failing"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    let t0 = now()
    try! p.run(); p.waitUntilExit()
    return now() - t0
}

say("critique-bench — \(ProcessInfo.processInfo.activeProcessorCount) cores; figures are medians of repeated runs unless said otherwise\n")
/// The workspace on disk; `--only scaling` works in memory and needs none.
let ws = only == "scaling" || only == "report" || only == "instructions" ? "" : makeWorkspace(wanted("check") ? docCount : 1000)
if wanted("check") {
let files = FileIO.walk(ws + "/critiques", maxFiles: docCount + 10).files
let bytes = readAll(files)
// The same documents as a stream: one JSON record a line (the text and the task inline).
let records = ws + "/records.jsonl"
var jsonl = ""
for f in files {
    let text = String(decoding: FileIO.readBytes(f) ?? [], as: UTF8.self)
    jsonl += "{\"id\": \(OrderedJSON.quote(f)), \"text\": \(OrderedJSON.quote(text))}\n"
}
FileManager.default.createFile(atPath: records, contents: Data(jsonl.utf8))
// Rounds, each running every command once, so a neighbour's load on a shared machine falls
// on all of them alike; the medians are compared.
var floors: [Double] = [], checks: [Double] = [], streams: [Double] = []
var exports: [String: [Double]] = [:]
let exportFormats = ["records", "trl"]
for _ in 0..<5 {
    let t0 = now(); _ = readAll(files); floors.append(now() - t0)
    checks.append(runCheck(ws).0)
    streams.append(runStream(ws + "/critiques", input: records))
    for format in exportFormats { exports[format, default: []].append(runExport(ws, format: format)) }
}
let floor = percentile(floors, 0.5), check = percentile(checks, 0.5)
let mb = Double(bytes) / 1e6
say("1. critique check on \(files.count) documents (\(fmt(mb)) MB, avg \(bytes / max(1, files.count)) B), whole process incl. start-up and JSON output; 5 interleaved rounds")
say("   floor: plain read(2) of the same files      \(fmt(Double(files.count) / floor, 0)) docs/s  \(fmt(mb / floor, 1)) MB/s  (\(fmt(floor * 1000, 1)) ms)")
say("   critique check --format json                \(fmt(Double(files.count) / check, 0)) docs/s  \(fmt(mb / check, 1)) MB/s  (\(fmt(check * 1000, 1)) ms)")
say("   ratio check / floor: \(fmt(check / floor, 1))×   (target ≤ 3×)")
let stream = percentile(streams, 0.5)
say("   critique check --jsonl (same documents)     \(fmt(Double(files.count) / stream, 0)) docs/s  (\(fmt(stream * 1000, 1)) ms)   ratio to check \(fmt(stream / check, 2))×  (target ≤ 1.3×)")
for format in exportFormats {
    let e = percentile(exports[format]!, 0.5)
    say("   critique export --to \(format)\(String(repeating: " ", count: 8 - format.count))              \(fmt(Double(files.count) / e, 0)) docs/s  (\(fmt(e * 1000, 1)) ms)   ratio to check \(fmt(e / check, 2))×  (target ≤ 1.3×)")
}
say("")
}

// MARK: 2. didChange → diagnostics latency, in process

final class Sink: @unchecked Sendable { var published = 0; var at = 0.0 }
let countingInstructions = ProcessInfo.processInfo.environment["CRITIQUE_BENCH_COUNTING"] != nil
func latency(size: Int, iterations: Int) -> (p50: Double, p90: Double, p99: Double, floor: Double) {
    let sink = Sink()
    // The method name is near the start of the message: looking at the first bytes keeps the
    // sink's own cost (it runs inside the timed region) from growing with the diagnostics.
    // Bytes, not `String.contains`: that is Foundation's, and cost a tenth of a 3 KB keystroke.
    let method = Array("\"method\":\"textDocument/publishDiagnostics\"".utf8)
    let server = Server(send: { body in
        let head = body.prefix(96)
        if head.count >= method.count, (0...(head.count - method.count)).contains(where: { head[$0..<($0 + method.count)].elementsEqual(method) }) { sink.published += 1; sink.at = now() }
    })
    func send(_ json: String) { server.handle(Array(json.utf8)) }
    send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]}},"rootUri":"file://\#(ws)"}}"#)
    send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
    var text = ""
    var k = 0
    while text.utf8.count < size { text += k == 0 ? document(k, paragraphs: 3) : "\n## Summary \(k)\n\n" + document(k, paragraphs: 3).split(separator: "\n", omittingEmptySubsequences: false).dropFirst(7).joined(separator: "\n"); k += 1 }
    let uri = "file://\(ws)/critiques/latency\(size).critique.md"
    let open = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\",\"languageId\":\"markdown\",\"version\":1,\"text\":\(OrderedJSON.quote(text))}}}"
    send(open); server.idle()
    var samples: [Double] = [], floorSamples: [Double] = []
    // A line of prose from the middle on, edited inside its tenth character: where a writer
    // types most. (The middle line itself may be blank, and a character typed into a blank
    // line makes a new paragraph, which is checked whole.)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let line = (lines.count / 2..<lines.count).first { k in
        lines[k].utf8.count > 40 && lines[k].utf8.first.map { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) } == true
    } ?? lines.count / 2
    for v in 0..<iterations {
        // Typed and deleted in turn, so the document stays the size it is reported as (typing
        // only, the line grew by a byte a keystroke: 2,000 of them made the 3 KB document 5 KB,
        // with a 2 KB line that every keystroke re-read).
        let (end, typed) = v % 2 == 0 ? (10, "x") : (11, "")
        let change = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\",\"version\":\(v + 2)},\"contentChanges\":[{\"range\":{\"start\":{\"line\":\(line),\"character\":10},\"end\":{\"line\":\(line),\"character\":\(end)}},\"text\":\"\(typed)\"}]}}"
        let before = sink.published
        let t0 = now()
        send(change); server.idle()
        // Until the diagnostics are handed to the transport (its writer thread sends them
        // from there), not until `idle` returns: what the server frees afterwards, the editor
        // does not wait for.
        samples.append(sink.at - t0)
        precondition(sink.published == before + 1)
        // Floor: the same JSON decoded and the text re-indexed, with no checking (left out
        // under valgrind, where the difference of two runs' totals is the server's count).
        if countingInstructions { continue }
        let t1 = now()
        _ = try? JSONSerialization.jsonObject(with: Data(change.utf8))
        _ = SourceText(text)
        floorSamples.append(now() - t1)
    }
    // p90 beside p99: on a shared machine the slowest percent are edits that an interruption
    // fell on, scattered through the run, and p90 shows the edits' own spread.
    return (percentile(samples, 0.5), percentile(samples, 0.9), percentile(samples, 0.99), floorSamples.isEmpty ? 0 : percentile(floorSamples, 0.5))
}
if wanted("latency") {
say("2. didChange → publishDiagnostics latency (in process; a character typed, then deleted, mid-document)")
/// `--latency-size N [--latency-iterations K]` measures one size only (for profiling).
let latencyIterations = args.firstIndex(of: "--latency-iterations").flatMap { Int(args[$0 + 1]) } ?? 25
let latencySizes = args.firstIndex(of: "--latency-size").flatMap { Int(args[$0 + 1]) }.map { [($0, latencyIterations)] }
// Enough edits that p99 is a percentile, not the one slowest sample.
for (size, it) in latencySizes ?? [(3_000, 2_000), (100_000, 400), (1_000_000, 200)] {
    let r = latency(size: size, iterations: it)
    say("   \(String(format: "%7d", size)) B: p50 \(fmt(r.p50 * 1000, 3)) ms  p90 \(fmt(r.p90 * 1000, 3)) ms  p99 \(fmt(r.p99 * 1000, 3)) ms   floor (decode + re-index) \(fmt(r.floor * 1000, 3)) ms  ratio p50/floor \(fmt(r.p50 / max(r.floor, 1e-9), 1))×")
}
say("   targets: p99 < 0.1 ms at 3 KB, < 1 ms at 100 KB, < 5 ms at 1 MB\n")
}

// MARK: 3. start-up to the initialize reply, and 4. peak memory with 1,000 open documents

func framed(_ s: String) -> Data { Data("Content-Length: \(s.utf8.count)\r\n\r\n\(s)".utf8) }
/// Reads framed messages from a pipe with read(2), using the server's own framer.
final class MessageReader {
    let fd: Int32
    var framer = Framer()
    var queue: [[UInt8]] = []
    init(_ h: FileHandle) { fd = h.fileDescriptor }
    func next() -> Data? {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while queue.isEmpty {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { return nil }
            for e in framer.feed(buf[0..<n]) { if case .message(let m) = e { queue.append(m) } }
        }
        return Data(queue.removeFirst())
    }
}
extension Data { func ends(with s: Data) -> Bool { count >= s.count && self.suffix(s.count) == s } }

func startServer() -> (Process, FileHandle, MessageReader) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: critiqueBin)
    p.arguments = ["lsp"]
    let i = Pipe(), o = Pipe()
    p.standardInput = i; p.standardOutput = o; p.standardError = FileHandle.nullDevice
    try! p.run()
    return (p, i.fileHandleForWriting, MessageReader(o.fileHandleForReading))
}

if wanted("startup") {
var startups: [Double] = [], trueFloor: [Double] = []
for _ in 0..<15 {
    let t0 = now()
    let (p, w, r) = startServer()
    w.write(framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#))
    _ = r.next()
    startups.append(now() - t0)
    p.terminate(); p.waitUntilExit()
    let t1 = now()
    let f = Process(); f.executableURL = URL(fileURLWithPath: "/bin/echo"); f.arguments = ["x"]
    let fo = Pipe(); f.standardOutput = fo
    try! f.run(); _ = fo.fileHandleForReading.readDataToEndOfFile()
    trueFloor.append(now() - t1)
    f.waitUntilExit()
}
say("3. process start to initialize reply (\(critiqueBin))")
say("   critique lsp: median \(fmt(percentile(startups, 0.5) * 1000, 1)) ms   floor (spawn /bin/echo, read its output): \(fmt(percentile(trueFloor, 0.5) * 1000, 1)) ms   (target < 10 ms with the static build)\n")
}

if wanted("memory") {
    let (p, w, r) = startServer()
    w.write(framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)); _ = r.next()
    w.write(framed(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#))
    func hwm() -> Int { (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0 }
    usleep(100_000)
    let idle = hwm()
    // Write from a background thread while this one drains the replies, so neither pipe fills up.
    let writer = Thread {
        for i in 0..<1000 {
            let uri = "file://\(ws)/critiques/doc\(i).critique.md"
            w.write(framed("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\",\"languageId\":\"markdown\",\"version\":1,\"text\":\(OrderedJSON.quote(document(i)))}}}"))
        }
    }
    writer.start()
    // Every document is checked and published (edits are coalesced, so wait for all 1,000 URIs).
    var published: Set<String> = []
    while published.count < 1000, let m = r.next() {
        let s = String(decoding: m, as: UTF8.self)
        if let u = s.range(of: "\"uri\":\"") {
            let rest = s[u.upperBound...]
            published.insert(String(rest[..<rest.firstIndex(of: "\"")!]))
        }
    }
    let peak = hwm()
    w.write(framed(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)); _ = r.next()
    w.write(framed(#"{"jsonrpc":"2.0","method":"exit"}"#)); p.waitUntilExit()
    say("4. peak resident memory of critique lsp with 1,000 open 3 KB documents")
    say("   idle after initialize: \(fmt(Double(idle) / 1024, 1)) MB (floor)   with 1,000 documents: \(fmt(Double(peak) / 1024, 1)) MB   (target < 50 MB)")
}
// MARK: 5. a burst of 10,000 didChange notifications, then a hover

if wanted("burst") {
    let (p, w, r) = startServer()
    w.write(framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)); _ = r.next()
    w.write(framed(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#))
    let uri = "file://\(ws)/critiques/burst.critique.md"
    let text = document(1)
    w.write(framed("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\",\"languageId\":\"markdown\",\"version\":1,\"text\":\(OrderedJSON.quote(text))}}}"))
    var burst = Data()
    for v in 0..<10_000 {
        // Type a character at the end of line 12, then delete it, alternately.
        let change = v % 2 == 0
            ? "{\"range\":{\"start\":{\"line\":12,\"character\":0},\"end\":{\"line\":12,\"character\":0}},\"text\":\"x\"}"
            : "{\"range\":{\"start\":{\"line\":12,\"character\":0},\"end\":{\"line\":12,\"character\":1}},\"text\":\"\"}"
        burst.append(framed("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\",\"version\":\(v + 2)},\"contentChanges\":[\(change)]}}"))
    }
    let hover = framed("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"\(uri)\"},\"position\":{\"line\":7,\"character\":5}}}")
    let t0 = now()
    let payload = burst
    let writer = Thread { w.write(payload); w.write(hover) }
    writer.start()
    var publishes = 0
    var answered = 0.0
    while let m = r.next() {
        let s = String(decoding: m, as: UTF8.self)
        if s.contains("publishDiagnostics") { publishes += 1 }
        if s.contains("\"id\":9") { answered = now() - t0; break }
    }
    let peak = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    w.write(framed(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)); _ = r.next()
    w.write(framed(#"{"jsonrpc":"2.0","method":"exit"}"#)); p.waitUntilExit()
    say("5. 10,000 didChange notifications in one burst (\(burst.count / 1024) KB), then a hover")
    say("   hover answered \(fmt(answered * 1000, 1)) ms after the burst began; \(publishes) diagnostics publications (edits coalesced); peak memory \(fmt(Double(peak) / 1024, 1)) MB; exit status \(p.terminationStatus)")
}
// MARK: 6. growth with input size: inputs that once took quadratic time or worse, in process

/// Seconds for `body`: the fastest of three runs, or of fewer when one takes over a second.
func timed(_ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
        let t0 = now(); body(); let t = now() - t0
        best = min(best, t)
        if t > 1 { break }
    }
    return best
}

if wanted("scaling") {
    say("6. growth with input size (the core check of inputs built in memory; linear growth is ≈4× time for 4× size)")
    func makeRubric(tags: String = #"{ id: "hallucination" }, { id: "verbose" }"#) -> Rubric {
        RubricFile(text: SourceText(#"{ id: "bench", mode: "single", criteria: [ { id: "quality", title: "Quality", scale: { min: 1, max: 5 } } ], tags: [ \#(tags) ] }"#)).usable!
    }
    let rubric = makeRubric()
    func check(_ doc: String, rubric other: Rubric? = nil, responses: ResponsesResolution = .none) -> Analysis {
        Analyzer.analyze(SourceText(doc), resolve: { _ in (.resolved(other ?? rubric, origin: .embeddedDefault, file: nil), responses) })
    }
    let head = "---\nrubric: bench\n---\n\n## Quality\nScore: 4"
    func row(_ name: String, _ sizes: [Int], _ unit: String, _ run: (Int) -> Double) {
        let times = sizes.map(run)
        let cells = zip(sizes, times).map { "\($0) \(unit) \(fmt($1 * 1000, 1)) ms" }.joined(separator: ", ")
        say("   \(name): \(cells)   ratio \(fmt(times.last! / max(times.first!, 1e-9), 1))× for \(sizes.last! / sizes.first!)× size")
    }
    func unknownTags(_ n: Int) -> String { head + (0..<n).map { " #nosuchtag\($0)" }.joined() + "\n" }

    row("6a. unknown tags on one line, check + CLI positions (humanPosition)", [5_000, 10_000, 20_000], "tags") { n in
        let doc = unknownTags(n)
        return timed {
            let a = check(doc)
            precondition(a.findings.filter { $0.rule == .tagUnknown }.count == n)
            for f in a.findings { _ = a.document.text.humanPosition(f.range.start); _ = a.document.text.humanPosition(f.range.end) }
        }
    }
    row("6b. the same, check + LSP UTF-16 ranges (a keystroke's diagnostics)", [5_000, 10_000, 20_000], "tags") { n in
        let doc = unknownTags(n)
        return timed {
            let a = check(doc)
            for f in a.findings { _ = PositionEncoding.utf16.range(f.range, in: a.document.text) }
        }
    }
    row("6c. critique-disable comments, each used (one block)", [10_000, 20_000, 40_000], "suppressions") { n in
        var doc = head + "\n\n"
        for i in 0..<n { doc += "<!-- critique-disable tag-unknown: kept on purpose -->\nProse with #nosuchtag\(i).\n" }
        return timed {
            let a = check(doc)
            precondition(!a.findings.contains { $0.rule == .tagUnknown || $0.rule == .suppressionUnused })
        }
    }
    row("6d. rubric check (RubricFile) with many criteria", [25_000, 50_000, 100_000], "criteria") { n in
        var json = #"{ id: "big", tags: [ { id: "t" } ], criteria: ["#
        for i in 0..<n { json += #"{ id: "c\#(i)", scale: { min: 1, max: 5, anchors: { "1": "poor", "5": "good" } }, tags: ["t"] }, "# }
        json += #"{ id: "group", criteria: [ { id: "leaf" } ] } ] }"#
        return timed { precondition(RubricFile(text: SourceText(json)).findings.isEmpty) }
    }
    row("6e. did-you-mean: one long tag vs 5 long rubric tags", [8_000, 16_000, 32_000], "chars") { n in
        let stem = String(repeating: "a", count: n - 1)
        let r = makeRubric(tags: (1...5).map { #"{ id: "\#(stem)\#($0)" }"# }.joined(separator: ", "))
        let doc = head + " #" + stem + "z\n"
        return timed { precondition(check(doc, rubric: r).findings.contains { $0.rule == .tagUnknown && $0.message.contains("Did you mean") }) }
    }
    row("6f. quote search: response a×M, quote a×(M/250)+b", [250_000, 500_000, 1_000_000], "B") { m in
        let doc = "---\nrubric: bench\nresponse: r.txt\n---\n\n## Quality\nScore: 4\n\n> \"" + String(repeating: "a", count: m / 250) + "b\"\n"
        // Prepared once outside the timing, as the workspace shares one set across documents.
        let responses = ResponsesResolution.texts(ResponseSet(["": String(repeating: "a", count: m)]))
        return timed { precondition(check(doc, responses: responses).findings.contains { $0.rule == .quoteNotFound }) }
    }
    say("")
}
// MARK: 7. critique report on a batch with overlap, against check on the same batch

/// Words for generated justifications: every document says something different, so the
/// duplicate search works as on a real batch (planted copies aside).
let vocabulary = "accurate answer approach argument assumption bias brief citation claim clarity clear complete concise constraint context correct detail error evidence example explanation fact figure format helpful ignore incomplete instruction invented length list misleading missing number omits outdated precise prompt quote reasoning relevant repeats request response safe section source step structure style summary support table tone unclear useful vague verbose wrong".split(separator: " ").map(String.init)

let rareWords: [String] = {
    let onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gl", "h", "k", "l", "m", "n", "p", "pl", "qu", "r", "s", "st", "t", "tr", "v", "w", "z"]
    let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
    let codas = ["", "n", "r", "st", "nd", "ll", "ck", "m", "ght", "x"]
    var out: [String] = []
    for o in onsets { for v in vowels { for c in codas { out.append(o + v + c) } } }
    return out.enumerated().map { i, w in w + (i % 3 == 0 ? "ing" : i % 3 == 1 ? "ed" : "") }
}()

func reviewDocument(task: Int, annotator: Int, rng: inout SplitMix64) -> String {
    let a = 1 + Int(rng.next() % 5), b = 1 + Int(rng.next() % 5)
    // Half the words from a small common vocabulary, half from thousands of rarer ones, as in
    // real prose (a small vocabulary alone makes every text look alike to character n-grams).
    func word(_ r: UInt64) -> String { r % 2 == 0 ? vocabulary[Int((r >> 1) % UInt64(vocabulary.count))] : rareWords[Int((r >> 1) % UInt64(rareWords.count))] }
    func prose(_ n: Int) -> String { (0..<n).map { _ in word(rng.next()) }.joined(separator: " ") + "." }
    // Every 50th document of annotator 4 pastes one fixed justification: planted copy-paste.
    let paste = annotator == 4 && task % 50 == 0
    let why = paste ? "The response follows the instruction and the answer is accurate, clear and complete in every respect that was asked for." : prose(30)
    return "---\nrubric: chat-pairwise@2\ntask: R-\(task)\nannotator: rater-\(annotator)\n---\n\n## Instruction following\nA: \(a)\nB: \(min(5, max(1, b + annotator % 2)))\n\n\(why)\n\n## Truthfulness\nA: \(min(5, a + 1))\nB: \(b)\n\n\(paste ? why : prose(20))\n\n## Preference\n\(a >= b ? "A > B" : "B > A")\n\n\(prose(12))\n"
}


if wanted("report") {
    let dir = NSTemporaryDirectory() + "critique-bench-report-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    let init_ = Process()
    init_.executableURL = URL(fileURLWithPath: critiqueBin)
    init_.arguments = ["init", dir]
    init_.standardOutput = FileHandle.nullDevice; init_.standardError = FileHandle.nullDevice
    try! init_.run(); init_.waitUntilExit()
    try? FileManager.default.removeItem(atPath: dir + "/critiques")
    var rng = SplitMix64(seed: 42)
    var texts: [String] = []
    for t in 0..<2_000 {
        for a in 0..<5 {
            let d = reviewDocument(task: t, annotator: a, rng: &rng)
            // What the report compares: the justification prose, not the front matter and scores.
            let lines = d.split(separator: "\n").filter { l in !(l.hasPrefix("---") || l.hasPrefix("#") || l.hasPrefix("A") || l.hasPrefix("B") || l.contains(": ") || l.contains(" > ")) }
            texts.append(lines.joined(separator: "\n"))
            let folder = dir + "/batch/rater-\(a)"
            if t == 0 { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            FileManager.default.createFile(atPath: folder + "/R-\(t).critique.md", contents: Data(d.utf8))
        }
    }
    func run(_ args: [String]) -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: critiqueBin)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        let t0 = now(); try! p.run(); p.waitUntilExit(); return now() - t0
    }
    var checks: [Double] = [], reports: [Double] = []
    for _ in 0..<5 {
        checks.append(run(["check", "batch", "--format", "json", "--no-summary"]))
        reports.append(run(["report", "batch", "--format", "json"]))
    }
    let check = percentile(checks, 0.5), report = percentile(reports, 0.5)
    say("7. critique report on 10,000 critiques (2,000 tasks × 5 annotators), whole process")
    say("   critique check --format json (floor)        \(fmt(check * 1000, 1)) ms")
    say("   critique report --format json                \(fmt(report * 1000, 1)) ms   ratio to check \(fmt(report / check, 2))×  (target ≤ 2×)")
    // The duplicate search alone, on the same justifications: sub-quadratic means about 2× per 2×.
    var cells: [String] = []
    for n in [2_500, 5_000, 10_000] {
        let sample = Array(texts.prefix(n))
        let t = timed { _ = NearDuplicates.clusters(sample) }
        cells.append("\(n) docs \(fmt(t * 1000, 1)) ms")
    }
    say("   near-duplicate search (MinHash + LSH): \(cells.joined(separator: ", "))   (quadratic would be 4× per 2×)\n")
    // CRITIQUE_BENCH_KEEP=1 keeps the batch, for profiling `critique report` on it.
    if ProcessInfo.processInfo.environment["CRITIQUE_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(atPath: dir) } else { say("   kept: \(dir)") }
}

// MARK: 8. instructions per document under callgrind (stable on a shared machine)

/// Instructions `critique ARGS` executes in DIR under `valgrind --tool=callgrind`, all threads.
func instructions(_ args: [String], in dir: String, binary: String = critiqueBin, environment: [String: String] = [:]) -> Double? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = environment.map { "\($0.key)=\($0.value)" } + ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary] + args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    let err = Pipe()
    p.standardOutput = FileHandle.nullDevice; p.standardError = err
    guard (try? p.run()) != nil else { return nil }
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    // "==123== Collected : 179512345"
    guard let line = text.split(separator: "\n").first(where: { $0.contains("Collected :") }),
          let n = line.split(separator: " ").last.flatMap({ Double($0) }) else { return nil }
    return n
}

if wanted("instructions") {
    // One document and 201: the difference is the cost of 200 documents without start-up.
    let one = makeWorkspace(1, name: "critique-bench-cg1"), many = makeWorkspace(201, name: "critique-bench-cg201")
    let commands: [(String, [String])] = [
        ("check --format json", ["check", ".", "--format", "json", "--no-summary"]),
        ("export --to records", ["export", ".", "--to", "records", "--include-failing"]),
        ("export --to trl", ["export", ".", "--to", "trl", "--include-failing"]),
    ]
    var perDoc: [Double] = []
    for (_, args) in commands {
        guard let a = instructions(args, in: one), let b = instructions(args, in: many) else { perDoc = []; break }
        perDoc.append((b - a) / 200)
    }
    if perDoc.isEmpty {
        say("8. instructions per document: valgrind not found (apt-get install valgrind)\n")
    } else {
        say("8. instructions per document under valgrind --tool=callgrind (201 documents minus 1, all threads)")
        for (i, (name, _)) in commands.enumerated() {
            let ratio = i == 0 ? "   (target ≤ 0.2 M at 3.3 KB)" : "   ratio to check \(fmt(perDoc[i] / perDoc[0], 2))×"
            say("   critique \(name)\(String(repeating: " ", count: 24 - name.count))\(fmt(perDoc[i] / 1e6, 3)) M instructions\(ratio)")
        }
        say("   (valgrind hides the processor's SHA instructions, so records here hash with the Swift SHA-256;")
        say("    section 1 times the hardware path)")
        // A keystroke in the server: this bench's own latency part under valgrind, twice with
        // different numbers of edits; the difference over the extra edits is one keystroke
        // (didChange decoded, the text patched, re-parse, check, publishDiagnostics written).
        let bench = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0] : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        let env = ["CRITIQUE_BENCH_WORKSPACE": one, "CRITIQUE_BENCH_COUNTING": "1"]
        for (size, few, more) in [(3_000, 10, 40), (100_000, 3, 9), (1_000_000, 2, 6)] {
            func run(_ n: Int) -> Double? { instructions(["--only", "latency", "--latency-size", "\(size)", "--latency-iterations", "\(n)"], in: one, binary: bench, environment: env) }
            guard let a = run(few), let b = run(more) else { continue }
            say("   a keystroke in a \(size / 1000) KB document (didChange to publishDiagnostics)\(String(repeating: " ", count: 6 - "\(size / 1000)".count))\(fmt((b - a) / Double(more - few) / 1e6, 3)) M instructions")
        }
        say("")
    }
    // CRITIQUE_BENCH_KEEP=1 keeps the 201-document workspace, for profiling `critique check` on it.
    if ProcessInfo.processInfo.environment["CRITIQUE_BENCH_KEEP"] == nil {
        try? FileManager.default.removeItem(atPath: one); try? FileManager.default.removeItem(atPath: many)
    } else { say("   kept: \(many)") }
}

if !ws.isEmpty && ProcessInfo.processInfo.environment["CRITIQUE_BENCH_WORKSPACE"] == nil { try? FileManager.default.removeItem(atPath: ws) }
