import CritiqueCore
import CritiqueWorkspace
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

enum CheckCommand {
    struct Options {
        var paths: [String] = []
        var format: OutputFormat = .text
        var config: String?
        var failOn: Severity?
        var summary = true
        var color: Bool?
        var jsonl = false
        /// `--shard K/N`: the folder-walk files whose path hash falls in shard K (1-based).
        var shard: (k: Int, n: Int)?
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value(_ flag: String) throws -> String {
            i += 1
            guard i < args.count else { throw CLI.UsageError(message: "\(flag) needs a value. See `critique help check`.") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                let flag = String(a[..<eq]), v = String(a[a.index(after: eq)...])
                try apply(flag, v, &o)
            } else {
                switch a {
                case "--format", "-f", "--config", "-c", "--fail-on", "--shard": try apply(a, try value(a), &o)
                case "--jsonl": o.jsonl = true
                case "--no-summary": o.summary = false
                case "--color": o.color = true
                case "--no-color": o.color = false
                case "--help", "-h": throw HelpRequested()
                case "-": o.paths.append(a)
                default:
                    if a.hasPrefix("-") { throw CLI.UsageError(message: "unknown option '\(a)'. See `critique help check`.") }
                    o.paths.append(a)
                }
            }
            i += 1
        }
        return o
    }

    struct HelpRequested: Error {}

    static func apply(_ flag: String, _ v: String, _ o: inout Options) throws {
        switch flag {
        case "--format", "-f":
            guard let f = OutputFormat(rawValue: v) else { throw CLI.UsageError(message: "unknown format '\(v)'; use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).") }
            o.format = f
        case "--config", "-c": o.config = v
        case "--shard":
            let parts = v.split(separator: "/").map { Int($0) }
            guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, k >= 1, k <= n else {
                throw CLI.UsageError(message: "--shard takes K/N with 1 ≤ K ≤ N, such as 2/4; not '\(v)'.")
            }
            o.shard = (k, n)
        case "--fail-on":
            guard let s = Severity(rawValue: v) else { throw CLI.UsageError(message: "--fail-on takes error, warning, info or hint, not '\(v)'.") }
            o.failOn = s
        default: throw CLI.UsageError(message: "unknown option '\(flag)'. See `critique help check`.")
        }
    }

    static func run(_ args: [String]) throws -> Int32 {
        let o: Options
        do { o = try parse(args) } catch is HelpRequested { Out.write(Help.check); return 0 }
        let start = DispatchTime.now()
        let ws = try Batch.workspace(config: o.config)
        if o.jsonl {
            guard o.paths.isEmpty else { throw CLI.UsageError(message: "--jsonl reads records from stdin; name no paths.") }
            return StreamCommand.run(ws: ws, failOn: o.failOn)
        }
        var (inputs, ioErrors, notes) = Batch.collect(o.paths, ws: ws, shard: o.shard)
        if Batch.stopsOnConfigErrors(inputs, ws: ws) { return 2 }
        let results = checkAll(inputs, ws: ws, progress: o.summary && Out.stderrIsTTY && inputs.count > 200, errors: &ioErrors)
        var files = results.compactMap { $0 }
        if let f = o.failOn { for i in files.indices { files[i].failOn = f } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let summary = RunSummary(files, seconds: seconds)
        let style = Style(on: o.format == .text && (o.color ?? (Out.stdoutIsTTY && Out.colorAllowed)))
        Out.write(bytes: Formats.render(files, format: o.format, style: style, summary: summary, toolVersion: CLI.version))
        for e in ioErrors { Out.err("critique: \(Inert.line(e))\n") }
        if o.summary && (o.format == .text || Out.stderrIsTTY) {
            Out.err(summary.line + "\n")
        }
        for n in notes + ws.notes { Out.err("critique: warning: \(Inert.line(n))\n") }
        if !ioErrors.isEmpty { return 2 }
        if inputs.isEmpty {
            // Checking nothing is not a pass: a CI job whose paths or globs are wrong must fail.
            Out.err("critique: no *.critique.md files found, so nothing was checked. Check the paths and the include globs, or run `critique init DIR` to start a workspace.\n")
            return 2
        }
        return files.contains(where: \.failing) ? 1 : 0
    }

    /// Checks every input, on all cores for large batches; results keep input order.
    static func checkAll(_ inputs: [Batch.Input], ws: Workspace, progress: Bool, errors: inout [String]) -> [CheckedFile?] {
        Batch.map(inputs, ws: ws, progress: progress, errors: &errors) { text, path, shown in checkText(text, path: path, shown: shown, ws: ws) }
    }

    static func checkText(_ text: SourceText, path: String, shown: String, ws: Workspace) -> CheckedFile {
        let (analysis, ctx) = ws.analyze(path: path, source: text, fixes: false)
        return CheckedFile(path: shown, text: text, findings: analysis.findings, failOn: ctx.config?.file.failOn ?? .error)
    }

    /// All of standard input, or an error: never a silently cut-off tail.
    static func readAllStdin() -> Result<[UInt8], FileIOError> {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(FileIOError(message: "cannot read standard input: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { return .success(out) }
            out.append(contentsOf: buf[0..<n])
            if out.count > FileIO.maxFileSize {
                return .failure(FileIOError(message: "standard input is over the \(FileIO.maxFileSize >> 20) MiB limit; nothing of it was checked"))
            }
        }
    }
}
