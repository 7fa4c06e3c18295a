import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// `critique task import FILE… --rubric RUBRIC --into DIR [--annotators a,b] [--overlap N]
/// [--from SHAPE]`: task files and skeleton critiques from a platform's export. Writes
/// atomically and never over another file: a file that is already there with the same
/// content is unchanged, a critique that differs was edited since (kept), and a task file
/// that differs is a conflict.
enum TaskCommand {
    static func run(_ args: [String]) throws -> Int32 {
        guard let sub = args.first else { Out.write(Help.task); return 2 }
        switch sub {
        case "import": return try importTasks(Array(args.dropFirst()))
        case "--help", "-h", "help": Out.write(Help.task); return 0
        default: throw CLI.UsageError(message: "unknown task command '\(sub)'; use `critique task import FILE… --rubric RUBRIC --into DIR`.")
        }
    }

    struct Options {
        var inputs: [String] = []
        var rubric: String?
        var into: String?
        var annotators: [String] = []
        var overlap: Int?
        var shape: TaskShape?
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var a = Arguments(args, command: "task")
        while let arg = a.next() {
            switch arg {
            case "--rubric", "-r": o.rubric = try a.value(arg)
            case "--into", "-o": o.into = try a.value(arg)
            case "--annotators":
                o.annotators = try a.value(arg).split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
                if Set(o.annotators).count != o.annotators.count { throw CLI.UsageError(message: "--annotators names someone twice.") }
            case "--overlap":
                let v = try a.value(arg)
                guard let n = Int(v), n >= 1 else { throw CLI.UsageError(message: "--overlap takes a whole number from 1, not '\(v)'.") }
                o.overlap = n
            case "--from": o.shape = try a.choice(arg, TaskShape.self)
            case "--help", "-h": throw CheckCommand.HelpRequested()
            default: o.inputs.append(try a.operand(arg))
            }
        }
        guard !o.inputs.isEmpty else { throw CLI.UsageError(message: "name the file(s) to import: `critique task import FILE… --rubric RUBRIC --into DIR`.") }
        guard o.rubric != nil else { throw CLI.UsageError(message: "say which rubric the critiques use with --rubric (an id, id@major or a path).") }
        guard o.into != nil else { throw CLI.UsageError(message: "say where to write with --into DIR.") }
        if let n = o.overlap {
            guard !o.annotators.isEmpty else { throw CLI.UsageError(message: "--overlap assigns tasks to annotators; name them with --annotators a,b,c.") }
            guard n <= o.annotators.count else { throw CLI.UsageError(message: "--overlap \(n) needs at least \(n) annotators; --annotators names \(o.annotators.count).") }
        }
        return o
    }

    static func importTasks(_ args: [String]) throws -> Int32 {
        let o: Options
        do { o = try parse(args) } catch is CheckCommand.HelpRequested { Out.write(Help.task); return 0 }
        let into = FileIO.normalize(o.into!)
        if FileIO.exists(into) && !FileIO.isDirectory(into) { throw CLI.UsageError(message: "--into \(o.into!) is a file; name a folder.") }

        // Read every input; problems name the file and line, and the rest goes on.
        var tasks: [ImportedTask] = []
        var problems: [TaskImportProblem] = []
        for input in o.inputs {
            let (t, p) = try read(input, shape: o.shape)
            tasks += t.map { var t = $0; t.source = input; return t }
            problems += p.map { var p = $0; p.source = input; return p }
        }

        let ws = Workspace()
        let critiqueDir = into + "/critiques" + (o.annotators.first.map { "/" + ImportPlan.fileName($0) } ?? "")
        let (rubric, rubricText, reference, bootstrap) = try resolveRubric(o.rubric!, critiqueDir: critiqueDir, into: into, ws: ws)
        var plan = ImportPlan(tasks: tasks, rubric: rubric, reference: reference, annotators: o.annotators, overlap: o.overlap ?? 1)
        problems += plan.problems
        if bootstrap && plan.taskCount > 0 { plan.addWorkspace(rubricID: rubric.id, rubricText: rubricText) }

        var created = 0, unchanged = 0, kept = 0
        var conflicts: [String] = []
        for f in plan.files {
            let path = into + "/" + f.path
            if FileIO.exists(path) {
                if let existing = FileIO.readBytes(path), existing == Array(f.content.utf8) { unchanged += 1 }
                else if f.isCritique { kept += 1 }
                else { conflicts.append(f.path) }
                continue
            }
            do { try FileIO.writeAtomically(path, Array(f.content.utf8)); created += 1 }
            catch { throw CLI.UsageError(message: "\(error)") }
        }
        for p in problems { Out.err("critique: \(Inert.line(p.source)):\(p.line): \(Inert.line(p.message))\n") }
        for n in plan.notes { Out.err("critique: note: \(Inert.line(n.source)):\(n.line): \(Inert.line(n.message))\n") }
        for c in conflicts { Out.err("critique: \(Inert.line(o.into!))/\(Inert.line(c)) already exists with other content; it was not overwritten (import into a new folder, or remove it)\n") }
        let critiques = plan.files.filter(\.isCritique).count
        var line = "imported \(plan.taskCount) task\(plan.taskCount == 1 ? "" : "s") and \(critiques) critique skeleton\(critiques == 1 ? "" : "s") into \(o.into!) (\(rubric.id)\(rubric.version.map { "@" + $0 } ?? "")): \(created) file\(created == 1 ? "" : "s") written, \(unchanged) unchanged"
        if kept > 0 { line += ", \(kept) critique\(kept == 1 ? "" : "s") kept (edited since the last import)" }
        if !problems.isEmpty { line += "; \(problems.count) task\(problems.count == 1 ? "" : "s") skipped" }
        Out.err(Inert.line(line) + "\n")
        if !plan.load.isEmpty {
            Out.err("  assigned: " + plan.load.map { "\(Inert.line($0.annotator)) \($0.documents)" }.joined(separator: ", ") + (o.overlap.map { " (overlap \($0))" } ?? "") + "\n")
        }
        return problems.isEmpty && conflicts.isEmpty ? 0 : 1
    }

    /// The tasks in one input. A `.jsonl` or `.ndjson` file is read a line at a time, so its
    /// size is unbounded and only a line over the limit is refused; anything else is read
    /// whole (up to FileIO's limit) and its shape detected.
    static func read(_ input: String, shape: TaskShape?) throws -> ([ImportedTask], [TaskImportProblem]) {
        if input.hasSuffix(".jsonl") || input.hasSuffix(".ndjson") {
            let fd: Int32
            switch FileIO.openRegular(input) {
            case .success(let f): fd = f
            case .failure(let e): throw CLI.UsageError(message: "cannot read '\(input)': \(e.message).")
            }
            defer { close(fd) }
            var reader = LineReader(fd: fd, limit: TaskImport.maxRecordBytes)
            var tasks: [ImportedTask] = [], problems: [TaskImportProblem] = []
            var line = 0
            while let next = reader.next() {
                line += 1
                switch next {
                case .tooLong:
                    problems.append(TaskImportProblem(line: line, message: "the line is over the \(TaskImport.maxRecordBytes >> 20) MiB limit for one task; it was skipped"))
                case .line(let b):
                    if b.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    switch TaskImport.record(b, line: line, shape: shape) {
                    case .success(let t): tasks.append(t)
                    case .failure(let p): problems.append(p)
                    }
                }
            }
            if let e = reader.error { throw CLI.UsageError(message: "cannot read '\(input)': \(e).") }
            return (tasks, problems)
        }
        switch input == "-" ? CheckCommand.readAllStdin() : FileIO.read(input) {
        case .success(let b): return TaskImport.read(SourceText(bytes: b), shape: shape)
        case .failure(let e): throw CLI.UsageError(message: "cannot read '\(input)': \(e.message).")
        }
    }

    /// The rubric, its text, how the skeletons name it, and whether the import must make the
    /// folder a workspace (no critique.json governs it, or the rubric would be outside it).
    static func resolveRubric(_ ref: String, critiqueDir: String, into: String, ws: Workspace)
        throws -> (Rubric, String, ImportPlan.RubricReference, Bool) {
        // A folder this command made a workspace counts as not governed, so that a second
        // import plans (and finds unchanged) the same critique.json and rubric copy.
        let own = FileIO.readText(into + "/critique.json")
        let governed = ws.config(for: nearestExisting(into)) != nil && own != ImportPlan.workspaceConfig
        func probe(_ reference: String) -> (RubricResolution, Workspace.DocumentContext) {
            let (a, ctx) = ws.analyze(path: critiqueDir + "/probe.critique.md", text: "---\nrubric: \(reference)\n---\n")
            return (a.rubric, ctx)
        }
        func usable(_ text: String, _ shown: String) throws -> Rubric {
            let rf = RubricFile(text: SourceText(text))
            let errors = rf.findings.filter { $0.severity == .error }
            guard let r = rf.rubric, errors.isEmpty else {
                let first = errors.first.map { f -> String in let (l, c) = rf.text.humanPosition(f.range.start); return " (\(l):\(c): \(f.message))" } ?? ""
                throw CLI.UsageError(message: "the rubric \(shown) has \(errors.count) error\(errors.count == 1 ? "" : "s")\(first); fix it with `critique rubric check`.")
            }
            return r
        }
        if FileIO.exists(ref) && !FileIO.isDirectory(ref) {
            guard let text = FileIO.readText(ref) else { throw CLI.UsageError(message: "cannot read the rubric '\(ref)'.") }
            let rubric = try usable(text, ref)
            let relative = FileIO.relative(FileIO.normalize(ref), to: into)
            let depth = FileIO.relative(critiqueDir, to: into).split(separator: "/").count
            if governed, case .resolved = probe(String(repeating: "../", count: depth) + relative).0 {
                return (rubric, text, .path(relative), false)
            }
            return (rubric, text, .id(pinned(rubric)), true)
        }
        let (resolution, ctx) = probe(ref)
        if case .resolved(let rubric, let origin, _) = resolution, origin != .embeddedDefault {
            if let path = ctx.rubricPath, let text = FileIO.readText(path) { return (rubric, text, .id(pinned(rubric)), !governed) }
        }
        for (id, text) in [(EmbeddedRubrics.defaultID, EmbeddedRubrics.defaultText), (EmbeddedRubrics.starterID, EmbeddedRubrics.starterText)]
        where ref == id || ref.hasPrefix(id + "@") {
            let rubric = try usable(text, id)
            return (rubric, text, .id(pinned(rubric)), true)
        }
        switch resolution {
        case .notFound(_, let detail, _): throw CLI.UsageError(message: "rubric '\(ref)' not found: \(detail).")
        case .invalid(_, let path, let first, let count): throw CLI.UsageError(message: "the rubric \(path) has \(count) error\(count == 1 ? "" : "s") (\(first)); fix it with `critique rubric check`.")
        case .versionMismatch(_, let wanted, let found): throw CLI.UsageError(message: "no version \(wanted) of rubric '\(ref)'; found \(found.joined(separator: ", ")).")
        case .outsideWorkspace(_, let path): throw CLI.UsageError(message: "the rubric \(path) is outside the workspace.")
        case .resolved: throw CLI.UsageError(message: "rubric '\(ref)' not found: name a file or an id in the workspace's rubric folders.")
        }
    }

    /// `id@major`: a skeleton names the major version it was made for, so a later breaking
    /// version of the rubric is reported instead of silently used.
    static func pinned(_ r: Rubric) -> String { r.id + (r.major.map { "@\($0)" } ?? "") }

    static func nearestExisting(_ path: String) -> String {
        var p = path
        while !FileIO.isDirectory(p) && p != "/" && !p.isEmpty { p = FileIO.parent(p) }
        return p
    }
}
