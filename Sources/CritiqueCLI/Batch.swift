import CritiqueCore
import CritiqueWorkspace
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// What `check`, `export` and `report` share: the files a list of paths names (folders walked
/// for `*.critique.md`, include/exclude globs, shards), the configuration errors that stop a
/// run, and a map over the documents on all cores that keeps input order.
enum Batch {
    enum Input: Sendable { case file(path: String, shown: String), stdin }

    final class Counter: @unchecked Sendable { var value = 0 }

    static func collect(_ paths: [String], ws: Workspace, shard: (k: Int, n: Int)?) -> (inputs: [Input], ioErrors: [String], notes: [String]) {
        var inputs: [Input] = []
        var ioErrors: [String] = []
        var notes: [String] = []
        for p in paths.isEmpty ? ["."] : paths {
            if p == "-" { inputs.append(.stdin); continue }
            if FileIO.isDirectory(p) {
                let root = FileIO.normalize(p)
                let loaded = ws.config(for: root)
                let cfg = loaded?.file
                let walk = FileIO.walk(root, maxFiles: 5_000_000)
                ioErrors += walk.problems
                var includeUsed = Set<String>()
                let include = (cfg?.include ?? []).map(Glob.Pattern.init), exclude = (cfg?.exclude ?? []).map(Glob.Pattern.init)
                let files = walk.files.filter { f in
                    guard f.hasSuffix(".critique.md") else { return false }
                    if let shard, shardOf(FileIO.relative(f, to: root), count: shard.n) != shard.k - 1 { return false }
                    let rel = FileIO.relative(f, to: loaded?.root ?? root)
                    if !include.isEmpty {
                        guard let hit = include.first(where: { $0.matches(rel) }) else { return false }
                        includeUsed.insert(hit.text)
                    }
                    if exclude.contains(where: { $0.matches(rel) }) { return false }
                    return true
                }
                if let loaded {
                    for pattern in loaded.file.include where !includeUsed.contains(pattern) {
                        notes.append("the include pattern '\(pattern)' in \(loaded.path) matches no *.critique.md file under \(p)")
                    }
                }
                for f in files {
                    // The walk's paths start with `root` and a slash: cut on the bytes.
                    let below = Substring(f.utf8.dropFirst(root.utf8.count + 1))
                    let shown = p == "." ? String(below) : (p.hasSuffix("/") ? p : p + "/") + below
                    inputs.append(.file(path: f, shown: shown))
                }
            } else if FileIO.exists(p) {
                inputs.append(.file(path: FileIO.normalize(p), shown: p))
            } else {
                ioErrors.append("\(p): no such file or folder")
            }
        }
        return (inputs, ioErrors, notes)
    }

    /// A workspace, with `--config FILE` forced on every document when given.
    static func workspace(config: String?) throws -> Workspace {
        let ws = Workspace()
        if let c = config {
            guard let text = FileIO.readText(c) else { throw CLI.UsageError(message: "cannot read the configuration file '\(c)'.") }
            ws.forceConfig(path: FileIO.normalize(c), text: text)
        }
        return ws
    }

    /// Prints the inputs' configuration errors; true when there are any (the run stops:
    /// working with a half-read configuration would mislead).
    static func stopsOnConfigErrors(_ inputs: [Input], ws: Workspace) -> Bool {
        let errors = configErrors(inputs, ws: ws)
        guard !errors.isEmpty else { return false }
        Out.err(errors.map { "critique: configuration error: \(Inert.line($0))\n" }.joined() + "critique: fix critique.json and run again.\n")
        return true
    }

    /// `-o FILE` that exists is replaced only with `--force`.
    static func refuseExisting(_ output: String?, force: Bool) throws {
        if let out = output, FileIO.exists(out), !force {
            throw CLI.UsageError(message: "\(out) already exists; pass --force to replace it (atomically).")
        }
    }

    /// `path:line:col: message [rule]` of the first finding at or above `level`.
    static func firstFailing(_ findings: [Finding], in text: SourceText, shown: String, level: Severity) -> String? {
        findings.first { $0.severity >= level }.map { f in
            let (l, c) = text.humanPosition(f.range.start)
            return "\(shown):\(l):\(c): \(f.message) [\(f.rule)]"
        }
    }

    /// Each configuration problem of the inputs' critique.json files, placed (`path:line:col: …`).
    static func configErrors(_ inputs: [Input], ws: Workspace) -> [String] {
        var errors: [String] = []
        var seen: Set<String> = []
        for input in inputs {
            guard case .file(let path, _) = input, let cfg = ws.config(for: FileIO.parent(path)), seen.insert(cfg.path).inserted else { continue }
            for p in cfg.file.problems {
                let (l, c) = cfg.text.humanPosition(p.range.start)
                errors.append("\(cfg.path):\(l):\(c): \(p.message)")
            }
        }
        return errors
    }

    /// The shard (0-based) of a path relative to the walked folder: FNV-1a, stable across
    /// machines and runs, so N jobs that each take one shard cover the batch exactly once.
    static func shardOf(_ relativePath: String, count: Int) -> Int {
        Int(fnv1a(relativePath) % UInt64(count))
    }

    /// Reads each input and applies `body` (text, absolute path, path as shown), on all cores
    /// for large batches; results keep input order, and unreadable inputs add to `errors`.
    static func map<T: Sendable>(_ inputs: [Input], ws: Workspace, progress: Bool, errors: inout [String],
                                 _ body: @escaping @Sendable (SourceText, String, String) -> T) -> [T?] {
        let n = inputs.count
        var results = [T?](repeating: nil, count: n)
        var errs = [String?](repeating: nil, count: n)
        let lock = Lock()
        let done = Counter()
        let one: @Sendable (Int) -> (T?, String?) = { i in
            switch inputs[i] {
            case .stdin:
                switch CheckCommand.readAllStdin() {
                case .success(let bytes): return (body(SourceText(bytes: bytes), FileIO.currentDirectory + "/stdin.critique.md", "-"), nil)
                case .failure(let e): return (nil, "-: \(e.message)")
                }
            case .file(let path, let shown):
                switch FileIO.read(path) {
                case .success(let bytes): return (body(SourceText(bytes: bytes), path, shown), nil)
                case .failure(let e): return (nil, "\(shown): cannot read: \(e.message)")
                }
            }
        }
        if n < 64 {
            for i in 0..<n { (results[i], errs[i]) = one(i) }
        } else {
            let chunk = 32
            let chunks = (n + chunk - 1) / chunk
            results.withUnsafeMutableBufferPointer { res in
                errs.withUnsafeMutableBufferPointer { er in
                    nonisolated(unsafe) let res = res, er = er
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        for i in (c * chunk)..<min(n, (c + 1) * chunk) { (res[i], er[i]) = one(i) }
                        if progress {
                            lock.lock(); done.value += min(chunk, n - c * chunk); let d = done.value; lock.unlock()
                            Out.err("\r\u{1B}[2K\(d)/\(n) documents")
                        }
                    }
                }
            }
            if progress { Out.err("\r\u{1B}[2K") }
        }
        errors += errs.compactMap { $0 }
        return results
    }
}
