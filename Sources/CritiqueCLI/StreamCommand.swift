import CritiqueCore
import CritiqueWorkspace
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `critique check --jsonl`: one JSON record a line on stdin,
/// `{"id": …, "text": "<critique>", "task": {"prompt": …, "responses": {…}}?, "rubric": "…"?}`,
/// one result a line on stdout, in input order: `{"id": <as given>, "diagnostics": [...]}` with
/// the diagnostics of `--format json`. A line that is not such a record gets one `input-invalid`
/// diagnostic naming its line number, and the stream goes on. Lines are read with read(2) in
/// batches checked on all cores, so memory stays bounded by the batch, whatever the input's
/// length; a line over the file size limit is skipped as it streams by, never held.
enum StreamCommand {
    static let batchLines = 512
    static let batchBytes = 32 << 20

    static func run(ws: Workspace, failOn: Severity?) -> Int32 {
        let path = FileIO.currentDirectory + "/stdin.critique.md"
        var reader = LineReader(fd: 0, limit: FileIO.maxFileSize)
        var failing = false
        var lineNumber = 0
        while true {
            var batch: [(line: Int, bytes: [UInt8]?)] = []
            var bytes = 0
            while batch.count < batchLines && bytes < batchBytes, let next = reader.next() {
                lineNumber += 1
                if case .line(let b) = next, b.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }  // blank lines are not records
                switch next {
                case .line(let b): batch.append((lineNumber, b)); bytes += b.count
                case .tooLong: batch.append((lineNumber, nil))
                }
            }
            if batch.isEmpty { break }
            let items = batch
            var results = [(String, Bool)](repeating: ("", false), count: items.count)
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: items.count) { i in
                    out[i] = record(items[i].bytes, line: items[i].line, ws: ws, path: path, failOn: failOn)
                }
            }
            var text = ""
            for (line, fails) in results { text += line + "\n"; failing = failing || fails }
            Out.write(text)
        }
        if let e = reader.error { Out.err("critique: cannot read standard input: \(e)\n"); return 2 }
        return failing ? 1 : 0
    }

    /// One output line for one input line, and whether it has a finding that fails the run.
    static func record(_ bytes: [UInt8]?, line: Int, ws: Workspace, path: String, failOn: Severity?) -> (String, Bool) {
        guard let bytes else { return (invalid(id: nil, line: line, "the line is over the \(FileIO.maxFileSize >> 20) MiB limit; it was skipped"), true) }
        let source = SourceText(bytes: bytes)
        guard String(validating: bytes, as: UTF8.self) != nil else { return (invalid(id: nil, line: line, "the line is not valid UTF-8"), true) }
        let (root, problems) = JSONReader.parse(source)
        guard let root, problems.isEmpty else {
            return (invalid(id: nil, line: line, "not JSON: \(problems.first?.message ?? "empty")"), true)
        }
        let id = root["id"]
        guard root.isObject else { return (invalid(id: nil, line: line, "a record must be a JSON object, not \(root.typeName)"), true) }
        guard let text = root["text"]?.string else {
            return (invalid(id: id, line: line, "the record has no \"text\" string (the critique document)"), true)
        }
        var rubric: String?
        if let r = root["rubric"] {
            guard let s = r.string else { return (invalid(id: id, line: line, "\"rubric\" must be a string (an id, id@major or path)"), true) }
            rubric = s
        }
        var responses: ResponsesResolution?
        if let task = root["task"] {
            switch TaskFile.read(root: task) {
            case .success(let t): responses = .texts(ResponseSet(t))
            case .failure(let why): return (invalid(id: id, line: line, "\"task\": \(why.message)"), true)
            }
        }
        let (analysis, ctx) = ws.analyze(path: path, source: SourceText(text), rubric: rubric, responses: responses, fixes: false)
        let file = CheckedFile(path: "-", text: analysis.document.text, findings: analysis.findings, failOn: failOn ?? ctx.config?.file.failOn ?? .error)
        let diagnostics = file.located.map {
            Formats.diagnosticJSON(rule: $0.finding.rule.rawValue, severity: $0.finding.severity, message: $0.finding.message,
                                   line: $0.line, column: $0.column, endLine: $0.endLine, endColumn: $0.endColumn)
        }
        return ("{\"id\": \(compact(id)), \"diagnostics\": [" + diagnostics.joined(separator: ", ") + "]}", file.failing)
    }

    static func invalid(id: JSONNode?, line: Int, _ message: String) -> String {
        "{\"id\": \(compact(id)), \"diagnostics\": [" + Formats.diagnosticJSON(rule: "input-invalid", severity: .error, message: "line \(line): \(message)",
                                                                            line: line, column: 1, endLine: line, endColumn: 1) + "]}"
    }

    /// A JSON value written back compactly (the record's `id`, as given); null when absent.
    static func compact(_ node: JSONNode?) -> String {
        guard let node else { return "null" }
        switch node.value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return Inert.json(OrderedJSON.quote(s))
        case .number(let d):
            guard d.isFinite else { return "null" }
            return d == d.rounded() && abs(d) < 9e15 ? String(Int64(d)) : "\(d)"
        case .array(let a): return "[" + a.map { compact($0) }.joined(separator: ",") + "]"
        case .object(let m): return "{" + m.map { Inert.json(OrderedJSON.quote($0.key)) + ":" + compact($0.value) }.joined(separator: ",") + "}"
        }
    }
}

/// Lines from a file descriptor with read(2), each at most `limit` bytes: a longer line is
/// reported as `.tooLong` and its bytes are dropped as they arrive.
struct LineReader {
    enum Item { case line([UInt8]), tooLong }
    let fd: Int32
    let limit: Int
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0, end = 0
    private var eof = false
    private(set) var error: String?

    init(fd: Int32, limit: Int) { self.fd = fd; self.limit = limit }

    mutating func next() -> Item? {
        var line: [UInt8] = []
        var overflow = false
        while true {
            if start == end {
                if eof { return line.isEmpty && !overflow ? nil : finish(line, overflow) }
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 { if errno == EINTR { continue }; error = String(cString: strerror(errno)); eof = true; continue }
                if n == 0 { eof = true; continue }
                start = 0; end = n
            }
            if let nl = buffer[start..<end].firstIndex(of: 0x0A) {
                if !overflow { line += buffer[start..<nl] }
                start = nl + 1
                return finish(line, overflow || line.count > limit)
            }
            if !overflow { line += buffer[start..<end] }
            if line.count > limit { overflow = true; line = [] }
            start = end
        }
    }

    private func finish(_ line: [UInt8], _ overflow: Bool) -> Item {
        if overflow { return .tooLong }
        var l = line
        if l.last == 0x0D { l.removeLast() }
        return .line(l)
    }
}
