import CritiqueCore
#if canImport(Glibc)
import Glibc
#endif

/// The file-system side of checking: finds critique.json, looks up rubrics by id or path,
/// reads response files, and refuses paths that leave the workspace. Shared by the CLI and
/// the language server; thread-safe, with caches that `invalidate` clears.
public final class Workspace: @unchecked Sendable {
    /// Texts that override the disk (documents open in an editor), by absolute path.
    private var overlay: [String: String] = [:]
    private var configs: [String: LoadedConfig?] = [:]   // by directory
    private var indexes: [String: RubricIndex] = [:]     // by root
    private var rubricFiles: [String: RubricFile] = [:]  // by absolute path
    private var responses: [String: LoadedResponses] = [:] // by kind and absolute path
    private var located: [Reference: (String, Bool)] = [:]
    /// Rubric resolutions by reference, folder and root, when the disk is not revalidated
    /// (the CLI): every document of a batch names the same rubric from the same few folders.
    private var resolved: [Reference: (RubricResolution, path: String?, file: RubricFile?)] = [:]
    /// A reference as a document in folder `dir` of workspace `root` writes it: the key of
    /// what it leads to.
    private struct Reference: Hashable { let ref: String?, dir: String, root: String }

    enum LoadedResponses {
        case set(ResponseSet), failed(String)
        func resolution(_ shown: String) -> ResponsesResolution {
            switch self { case .set(let s): return .texts(s); case .failed(let why): return .notFound(path: shown, reason: why) }
        }
    }
    private let lock = Lock()
    private var forced: LoadedConfig?
    /// How rubric and task files looked on disk when they were read.
    private var stamps: [String: FileIO.Stamp?] = [:]
    private var changes = 0
    private var lastResolutions: [String: LastResolution] = [:]

    /// When true (the language server), a cached rubric or task file is compared with the disk
    /// (modification time, size, inode) each time a document uses it, and read again if it
    /// changed: a `git pull` or `sed -i` is seen even by clients that send no
    /// didChangeWatchedFiles. The CLI reads each file once per run and leaves this off.
    public var revalidatesDisk = false

    /// Counts what can change an analysis: changes on disk noticed so far and every
    /// invalidation (an open rubric or configuration edited). The server re-checks its
    /// documents and drops cached analyses when it moves.
    public var diskChanges: Int { lock.lock(); defer { lock.unlock() }; return changes }

    /// Records how `path` looks on disk now; call before reading it.
    private func recordStamp(_ path: String) {
        guard revalidatesDisk else { return }
        let s = FileIO.stamp(path)
        lock.lock(); stamps[path] = .some(s); lock.unlock()
    }

    /// Whether a file read earlier (not open in the editor) has changed on disk since.
    private func changedOnDisk(_ path: String) -> Bool {
        guard revalidatesDisk else { return false }
        lock.lock()
        let overlaid = overlay[path] != nil
        let old = stamps[path]
        lock.unlock()
        guard !overlaid, let old else { return false }
        return FileIO.stamp(path) != old
    }
    private var noteSet: Set<String> = []
    private var noteList: [String] = []

    /// Things the user should be told that are not findings in a document (a configuration
    /// search stopped at a folder owned by someone else), each once, in the order found.
    public var notes: [String] { lock.lock(); defer { lock.unlock() }; return noteList }

    private func note(_ s: String) {
        lock.lock(); if noteSet.insert(s).inserted { noteList.append(s) }; lock.unlock()
    }

    /// Uses one configuration (`--config FILE`) for every document; its folder is the root.
    public func forceConfig(path: String, text: String) {
        let st = SourceText(text)
        lock.lock(); forced = LoadedConfig(path: path, root: FileIO.parent(path), file: ConfigFile.parse(st), text: st); lock.unlock()
    }

    public init() {}

    // MARK: overlay and caches

    public func setOverlay(path: String, text: String?) {
        lock.lock(); defer { lock.unlock() }
        overlay[path] = text
        // Open rubrics, configurations and task files change what documents are checked against.
        if !path.hasSuffix(".critique.md") { invalidateLocked() }
    }

    public func invalidate() { lock.lock(); invalidateLocked(); lock.unlock() }
    private func invalidateLocked() { configs = [:]; indexes = [:]; rubricFiles = [:]; responses = [:]; located = [:]; resolved = [:]; stamps = [:]; lastResolutions = [:]; changes += 1 }

    public func readText(_ path: String) -> String? { try? read(path).get() }

    /// A file's text (the editor's copy when it is open), or why it cannot be read.
    public func read(_ path: String) -> Result<String, FileIOError> {
        lock.lock()
        if let t = overlay[path] { lock.unlock(); return .success(t) }
        lock.unlock()
        return FileIO.read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: configuration

    /// A class: every document's check looks its configuration up, and a struct of these
    /// fields was copied out of the cache each time (a retain and release for each string and
    /// array the parsed file holds).
    public final class LoadedConfig: Sendable {
        public let path: String
        public let root: String
        public let file: ConfigFile
        public let text: SourceText
        init(path: String, root: String, file: ConfigFile, text: SourceText) {
            self.path = path; self.root = root; self.file = file; self.text = text
        }
    }

    /// The nearest critique.json at or above `directory`. A loop, not recursion: a path from
    /// a client can be tens of thousands of folders deep.
    public func config(for directory: String) -> LoadedConfig? {
        let start = FileIO.normalize(directory)
        lock.lock()
        if let f = forced { lock.unlock(); return f }
        if let c = configs[start] { lock.unlock(); return c }
        lock.unlock()
        var visited: [String] = [start]
        var dir = start
        // A path longer than PATH_MAX cannot be opened: start from its longest ancestor that can.
        if dir.utf8.count > Int(PATH_MAX), let cut = dir.utf8.prefix(Int(PATH_MAX)).lastIndex(of: 0x2F) {
            dir = cut == dir.utf8.startIndex ? "/" : String(dir[..<cut])
        }
        var found: LoadedConfig?
        while true {
            lock.lock(); let cached = configs[dir]; lock.unlock()
            if let cached { found = cached; break }
            if dir != start { visited.append(dir) }
            if let owner = FileIO.foreignOwner(dir) {
                // As git does with safe.directory: a folder that belongs to someone else (a
                // shared, world-writable parent) could plant a configuration; stop here.
                note("did not look for critique.json in \(dir) or above: the folder belongs to user \(owner), not to you or root")
                break
            }
            let candidate = dir == "/" ? "/critique.json" : dir + "/critique.json"
            switch read(candidate) {
            case .success(let text):
                let st = SourceText(text)
                found = LoadedConfig(path: candidate, root: dir, file: ConfigFile.parse(st), text: st)
            case .failure(let e) where FileIO.existsOrDangles(candidate):
                // There but unreadable (permissions, a FIFO, too large): an error, never "absent".
                var file = ConfigFile.parse(SourceText(""))
                file.problems.append(JSONProblem(message: "critique.json cannot be read: \(e.message).", range: TextRange(0, 0)))
                found = LoadedConfig(path: candidate, root: dir, file: file, text: SourceText(""))
            case .failure:
                let parent = FileIO.parent(dir)
                if parent != dir && !parent.isEmpty { dir = parent; continue }
            }
            break
        }
        lock.lock(); for d in visited { configs[d] = .some(found) }; lock.unlock()
        return found
    }

    /// The workspace root for a document: the folder of its critique.json, else its own folder.
    public func root(forDocument path: String) -> String {
        let dir = FileIO.parent(FileIO.normalize(path))
        return config(for: dir)?.root ?? dir
    }

    // MARK: checking

    /// Checks a document's text as if it were at `path` (absolute; need not exist).
    public func analyze(path: String, text: String) -> (Analysis, DocumentContext) {
        analyze(path: path, source: SourceText(text))
    }

    /// `parsed` is `source`'s tree when the caller has it (the server, after an edit), and
    /// `previous` the analysis before edits confined to prose line `changedLine`
    /// (`Analyzer.analyze` says what it reuses).
    /// `rubric` replaces the document's `rubric:` value and `responses` its `responses:` file
    /// (a stream record carries both inline). `fixes: false` skips building quick fixes.
    public func analyze(path: String, source: SourceText, parsed: CritiqueDocument? = nil, previous: Analysis? = nil, changedLine: Int? = nil,
                        rubric rubricOverride: String? = nil,
                        responses responsesOverride: ResponsesResolution? = nil, fixes: Bool = true) -> (Analysis, DocumentContext) {
        let abs = FileIO.normalize(path)
        let dir = FileIO.parent(abs)
        let cfg = config(for: dir)
        let root = cfg?.root ?? dir
        var ctx = DocumentContext(root: root, config: cfg, rubricPath: nil, rubricFile: nil)
        let severities = cfg?.file.severities ?? RuleSeverities()
        let configProblems = cfg.map { c in
            c.file.problems.map { p -> String in
                let (l, col) = c.text.humanPosition(p.range.start)
                return "\(c.path) line \(l):\(col): \(p.message)"
            }
        } ?? []
        let analysis = Analyzer.analyze(source, parsed: parsed, severities: severities, configProblems: configProblems, fixes: fixes,
                                        previous: previous, changedLine: changedLine) { refs in
            let rubricRef = rubricOverride ?? refs.rubric?.value
            let remembers = self.revalidatesDisk && responsesOverride == nil
            if remembers, let hit = self.lastResolution(abs, rubricRef, refs.response, dir) {
                ctx.rubricPath = hit.rubricPath; ctx.rubricFile = hit.rubricFile
                return (hit.rubric, hit.responses)
            }
            let changes = self.diskChanges
            let rubric = self.resolveRubricOnce(rubricRef, documentDir: dir, root: root, config: cfg, context: &ctx)
            let responses = responsesOverride ?? self.resolveResponses(refs.response, documentDir: dir, root: root)
            if remembers {
                self.remember(abs, LastResolution(rubricRef: rubricRef, responsesRef: refs.response.map { ($0.key, $0.value) }, dir: dir,
                                                  changes: changes, rubric: rubric, rubricPath: ctx.rubricPath, rubricFile: ctx.rubricFile,
                                                  responses: responses, responsesPath: refs.response.map { self.locate($0.value, from: dir, root: root).0 }))
            }
            return (rubric, responses)
        }
        return (analysis, ctx)
    }

    /// The server's last resolution of each document's references. A keystroke resolved them
    /// again (lookups, path arithmetic, a tenth of a 3 KB keystroke); now it is reused while the
    /// references read the same, nothing was invalidated or seen to change since (`changes`),
    /// and the rubric and task files are as they were on disk. Only what was found is kept: a
    /// reference that found nothing is looked up again, so a file created later is seen.
    struct LastResolution {
        var rubricRef: String?
        var responsesRef: (key: String, value: String)?
        var dir: String
        var changes: Int
        var rubric: RubricResolution
        var rubricPath: String?
        var rubricFile: RubricFile?
        var responses: ResponsesResolution
        var responsesPath: String?
    }

    private func remember(_ path: String, _ r: LastResolution) {
        guard case .resolved = r.rubric else { return }
        switch r.responses { case .none, .texts: break; case .notFound, .outsideWorkspace: return }
        lock.lock()
        // Reset rather than grown without end over a long session of opened documents.
        if lastResolutions.count >= 4096 { lastResolutions = [:] }
        lastResolutions[path] = r
        lock.unlock()
    }

    private func lastResolution(_ path: String, _ rubricRef: String?, _ responsesRef: (key: String, value: String, range: TextRange)?, _ dir: String) -> LastResolution? {
        lock.lock()
        let hit = lastResolutions[path], changes = self.changes
        lock.unlock()
        guard let hit, hit.changes == changes, hit.dir == dir, hit.rubricRef == rubricRef,
              hit.responsesRef?.key == responsesRef?.key, hit.responsesRef?.value == responsesRef?.value else { return nil }
        if let p = hit.rubricPath, changedOnDisk(p) { return nil }
        if let p = hit.responsesPath, changedOnDisk(p) { return nil }
        return hit
    }

    public struct DocumentContext: Sendable {
        public var root: String
        public var config: LoadedConfig?
        /// Absolute path of the rubric used, nil for the embedded default.
        public var rubricPath: String?
        public var rubricFile: RubricFile?
    }

    // MARK: rubric lookup

    /// `resolveRubric`, remembered when files are read once per run (the CLI); the server,
    /// which compares files with the disk on each use, resolves every time.
    func resolveRubricOnce(_ ref: String?, documentDir: String, root: String, config: LoadedConfig?, context: inout DocumentContext) -> RubricResolution {
        guard !revalidatesDisk else { return resolveRubric(ref, documentDir: documentDir, root: root, config: config, context: &context) }
        let key = Reference(ref: ref, dir: documentDir, root: root)
        lock.lock()
        let hit = resolved[key]
        lock.unlock()
        if let hit {
            context.rubricPath = hit.path
            context.rubricFile = hit.file
            return hit.0
        }
        let r = resolveRubric(ref, documentDir: documentDir, root: root, config: config, context: &context)
        lock.lock(); resolved[key] = (r, context.rubricPath, context.rubricFile); lock.unlock()
        return r
    }

    func resolveRubric(_ ref: String?, documentDir: String, root: String, config: LoadedConfig?, context: inout DocumentContext) -> RubricResolution {
        guard let ref = ref?.trimmingWhitespace, !ref.isEmpty else {
            if let d = config?.file.defaultRubric {
                let r = resolveRubric(d, documentDir: root, root: root, config: nil, context: &context)
                if case .resolved(let rub, .byPath(let p), let f) = r { return .resolved(rub, origin: .configDefault(path: p), file: f) }
                if case .resolved(let rub, .byID(let p), let f) = r { return .resolved(rub, origin: .configDefault(path: p), file: f) }
                return r
            }
            context.rubricFile = EmbeddedRubrics.defaultRubric
            return .resolved(EmbeddedRubrics.defaultRubric.rubric!, origin: .embeddedDefault, file: EmbeddedRubrics.defaultRubric)
        }
        // On bytes: the server resolves on every keystroke, and Character searches were a
        // tenth of a 3 KB one.
        let u = ref.utf8
        if u.contains(0x2F) || u.elementsEqualSuffix(".json") || u.elementsEqualSuffix(".json5") {
            let (target, inside) = locate(ref, from: documentDir, root: root)
            if !inside { return .outsideWorkspace(reference: ref, path: target) }
            guard let file = rubricFile(at: target) else {
                let why: String
                if case .failure(let e) = read(target), FileIO.existsOrDangles(target) { why = e.message } else { why = "no file at \(FileIO.relative(target, to: root))" }
                return .notFound(reference: ref, detail: why, candidates: [])
            }
            return use(file, path: target, ref: ref, origin: .byPath(path: FileIO.relative(target, to: root)), root: root, context: &context)
        }
        var id = ref
        var major: Int?
        if let at = u.lastIndex(of: 0x40) {
            id = String(ref[..<at])
            let v = ref[ref.index(after: at)...]
            major = Int(v.split(separator: ".").first.map { $0.hasPrefix("v") ? String($0.dropFirst()) : String($0) } ?? "")
        }
        let idx = index(root: root, config: config)
        let matches = idx.entries.filter { equalsIgnoringCase($0.id, id) }
        if matches.isEmpty {
            if equalsIgnoringCase(id, EmbeddedRubrics.defaultID) {
                context.rubricFile = EmbeddedRubrics.defaultRubric
                return .resolved(EmbeddedRubrics.defaultRubric.rubric!, origin: .embeddedDefault, file: EmbeddedRubrics.defaultRubric)
            }
            let detail = config == nil
                ? "there is no critique.json here listing rubric folders; name the rubric by path, or run `critique init`"
                : "searched \(config!.file.rubrics.isEmpty ? "no folders (critique.json lists no `rubrics`)" : config!.file.rubrics.joined(separator: ", "))"
            return .notFound(reference: ref, detail: detail, candidates: idx.entries.map(\.id))
        }
        var chosen = matches
        if let major {
            chosen = matches.filter { $0.major == major }
            if chosen.isEmpty {
                return .versionMismatch(reference: ref, wanted: major, found: matches.map { $0.version ?? "unversioned" })
            }
        }
        let best = chosen.max { a, b in
            let ka: (Int, String) = (a.major ?? -1, a.version ?? ""), kb: (Int, String) = (b.major ?? -1, b.version ?? "")
            return ka < kb
        }!
        guard let file = rubricFile(at: best.path) else { return .notFound(reference: ref, detail: "could not read \(best.path)", candidates: []) }
        return use(file, path: best.path, ref: ref, origin: .byID(path: FileIO.relative(best.path, to: root)), root: root, context: &context)
    }

    private func use(_ file: RubricFile, path: String, ref: String, origin: RubricOrigin, root: String, context: inout DocumentContext) -> RubricResolution {
        context.rubricPath = path
        context.rubricFile = file
        guard let r = file.usable else {
            let errors = file.findings.filter { $0.severity == .error }
            let first = errors.first.map { f -> String in
                let (l, c) = file.text.humanPosition(f.range.start)
                return "line \(l):\(c): \(f.message)"
            } ?? "it could not be read"
            return .invalid(reference: ref, path: FileIO.relative(path, to: root), firstProblem: first, count: max(1, errors.count))
        }
        return .resolved(r, origin: origin, file: file)
    }

    public func rubricFile(at path: String) -> RubricFile? {
        lock.lock()
        let cached = rubricFiles[path]
        lock.unlock()
        if let cached {
            guard changedOnDisk(path) else { return cached }
            // Its id or version may have changed too: the lookup indexes go with it.
            lock.lock(); rubricFiles[path] = nil; indexes = [:]; changes += 1; lock.unlock()
        }
        recordStamp(path)
        guard let text = readText(path) else { return nil }
        let f = RubricFile(text: SourceText(text))
        lock.lock(); rubricFiles[path] = f; lock.unlock()
        return f
    }

    /// Where a path named in a document leads, and whether that stays inside the root
    /// (following symbolic links); cached, since every document in a batch names the same few.
    func locate(_ ref: String, from dir: String, root: String) -> (String, Bool) {
        let key = Reference(ref: ref, dir: dir, root: root)
        lock.lock()
        if let hit = located[key] { lock.unlock(); return hit }
        lock.unlock()
        let target = ref.hasPrefix("/") ? FileIO.normalize(ref) : FileIO.normalize(dir + "/" + ref)
        let result = (target, FileIO.isInside(target, root: root))
        lock.lock(); located[key] = result; lock.unlock()
        return result
    }

    // MARK: rubric index

    struct RubricIndex {
        struct Entry { var id: String; var version: String?; var major: Int?; var path: String }
        var entries: [Entry] = []
    }

    func index(root: String, config: LoadedConfig?) -> RubricIndex {
        lock.lock()
        if let i = indexes[root] { lock.unlock(); return i }
        lock.unlock()
        var idx = RubricIndex()
        for path in rubricPaths(root: root, patterns: config?.file.rubrics ?? []) {
            guard let f = rubricFile(at: path), let r = f.rubric else { continue }
            idx.entries.append(.init(id: r.id, version: r.version, major: r.major, path: path))
        }
        lock.lock(); indexes[root] = idx; lock.unlock()
        return idx
    }

    /// Every `*.rubric.json` named by the config's `rubrics` entries (folders or globs), inside the root.
    public func rubricPaths(root: String, patterns: [String]) -> [String] {
        var out: [String] = []
        for p in patterns {
            if Glob.isPattern(p) {
                let pattern = Glob.Pattern(p)
                out += FileIO.walk(root, maxFiles: 100_000).files.filter { pattern.matches(FileIO.relative($0, to: root)) }
            } else {
                let dir = FileIO.normalize(root + "/" + p)
                guard FileIO.isInside(dir, root: root) else { continue }
                if FileIO.isDirectory(dir) {
                    out += FileIO.walk(dir, maxFiles: 100_000).files.filter { $0.hasSuffix(".rubric.json") || $0.hasSuffix(".rubric.json5") }
                } else if FileIO.exists(dir) { out.append(dir) }
            }
        }
        return Array(Set(out)).sorted().filter { FileIO.isInside($0, root: root) }
    }

    // MARK: responses

    func resolveResponses(_ ref: (key: String, value: String, range: TextRange)?, documentDir: String, root: String) -> ResponsesResolution {
        guard let ref else { return .none }
        let (target, inside) = locate(ref.value, from: documentDir, root: root)
        if !inside { return .outsideWorkspace(path: target) }
        let key = ref.key + ":" + target
        lock.lock()
        let cached = responses[key]
        lock.unlock()
        if let cached {
            guard changedOnDisk(target) else { return cached.resolution(ref.value) }
            lock.lock(); responses[key] = nil; changes += 1; lock.unlock()
        }
        recordStamp(target)
        let loaded: LoadedResponses
        if let text = readText(target) {
            if ref.key == "response" && !target.hasSuffix(".json") { loaded = .set(ResponseSet(["": text])) }
            else {
                switch TaskFile.read(SourceText(text)) {
                case .success(let r): loaded = .set(ResponseSet(r))
                case .failure(let e): loaded = .failed(e.message)
                }
            }
        } else if case .failure(let e) = read(target), FileIO.existsOrDangles(target) {
            loaded = .failed(e.message)
        } else {
            loaded = .failed("no such file")
        }
        lock.lock(); responses[key] = loaded; lock.unlock()
        return loaded.resolution(ref.value)
    }
}

extension Workspace {
    /// Rubric ids a document can name (for completion): the workspace's, plus the embedded default.
    public func rubricIDs(forDocument path: String) -> [String] {
        let dir = FileIO.parent(FileIO.normalize(path))
        let cfg = config(for: dir)
        let ids = index(root: cfg?.root ?? dir, config: cfg).entries.flatMap { e in [e.id] + (e.major.map { ["\(e.id)@\($0)"] } ?? []) }
        return Array(Set(ids)).sorted() + [EmbeddedRubrics.defaultID]
    }
}

extension String.UTF8View {
    /// Whether the bytes end with `suffix`'s, without a Character walk.
    func elementsEqualSuffix(_ suffix: String) -> Bool {
        let t = suffix.utf8
        return count >= t.count && self.suffix(t.count).elementsEqual(t)
    }
}
