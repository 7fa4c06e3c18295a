/// What `critique task import` writes, decided purely: a task file per task and a skeleton
/// critique per task and annotator, with `--overlap` assignments balanced and deterministic.
/// The shell writes the files (atomically, never over another file).
///
/// Layout under the `--into` folder:
/// - `tasks/<task>.json`: `{"id", "prompt" | "messages", "responses": {"A": …}, "models"?, "source"}`
/// - `critiques/<annotator>/<task>.critique.md` (or `critiques/<task>.critique.md` with no annotators)
public struct ImportPlan: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to the `--into` folder.
        public var path: String
        public var content: String
        public var isCritique: Bool
    }
    public var files: [File] = []
    public var problems: [TaskImportProblem] = []
    /// Notes that are not errors (responses beyond the rubric's labels left out).
    public var notes: [TaskImportProblem] = []
    /// How many tasks and critiques the plan holds.
    public var taskCount = 0
    /// Documents per annotator, in the order given.
    public var load: [(annotator: String, documents: Int)] = []

    /// How the skeletons name their rubric: by id (`id@major`) or by a path relative to the
    /// `--into` folder (made relative to each critique's folder).
    public enum RubricReference: Sendable { case id(String), path(String) }

    public init(tasks: [ImportedTask], rubric: Rubric, reference: RubricReference,
                annotators: [String], overlap: Int) {
        let labels = rubric.mode == .pairwise ? rubric.responses : ["A"]
        var seen: [String: String] = [:]
        var accepted: [(task: ImportedTask, fileID: String)] = []
        for t in tasks {
            let fileID = ImportPlan.fileName(t.id)
            if let first = seen[fileID] {
                problems.append(TaskImportProblem(line: t.line, message: "task id '\(t.id)' is used again (first at \(first)); this task was skipped", source: t.source))
                continue
            }
            var t = t
            if t.responses.count > labels.count, t.shape == .ultrafeedback {
                notes.append(TaskImportProblem(line: t.line, message: "\(t.responses.count) completions; the first \(labels.count) were taken for \(rubric.id)", source: t.source))
                t.responses = Array(t.responses.prefix(labels.count))
            }
            guard t.responses.count == labels.count else {
                let want = rubric.mode == .pairwise ? "compares \(labels.count) responses (\(labels.joined(separator: ", ")))" : "scores one response"
                problems.append(TaskImportProblem(line: t.line, message: "the rubric \(rubric.id) \(want); task '\(t.id)' has \(t.responses.count); it was skipped", source: t.source))
                continue
            }
            seen[fileID] = "\(t.source):\(t.line)"
            accepted.append((t, fileID))
        }
        taskCount = accepted.count
        let assignment = ImportPlan.assign(tasks: accepted.count, annotators: annotators.count, overlap: overlap)
        var counts = [Int](repeating: 0, count: annotators.count)
        for (i, (t, fileID)) in accepted.enumerated() {
            files.append(File(path: "tasks/\(fileID).json", content: ImportPlan.taskJSON(t, labels: labels), isCritique: false))
            let who: [String?] = annotators.isEmpty ? [nil] : assignment[i].map { annotators[$0] }
            for a in who {
                let folder = a.map { "critiques/\(ImportPlan.fileName($0))" } ?? "critiques"
                let up = String(repeating: "../", count: folder.split(separator: "/").count)
                let ref: String
                switch reference {
                case .id(let s): ref = s
                case .path(let p): ref = up + p
                }
                let entries: [(key: String, value: String)] = [("task", ImportPlan.oneLine(t.id)), ("annotator", ImportPlan.oneLine(a ?? "")),
                                                                ("responses", "\(up)tasks/\(fileID).json")]
                files.append(File(path: "\(folder)/\(fileID).critique.md",
                                  content: Skeleton.document(rubric: rubric, rubricReference: ref, entries: entries), isCritique: true))
            }
            if !annotators.isEmpty { for k in assignment[i] { counts[k] += 1 } }
        }
        load = zip(annotators, counts).map { ($0, $1) }
    }

    public static let workspaceConfig = "{\n  \"rubrics\": [\"rubrics\"]\n}\n"

    /// Makes the folder a workspace of its own: a `critique.json` whose rubric folder holds a
    /// copy of the rubric, so the batch checks the same way wherever it is moved.
    public mutating func addWorkspace(rubricID: String, rubricText: String) {
        files.insert(File(path: "critique.json", content: ImportPlan.workspaceConfig, isCritique: false), at: 0)
        files.insert(File(path: "rubrics/\(ImportPlan.fileName(rubricID)).rubric.json", content: rubricText, isCritique: false), at: 1)
    }

    /// Each task goes to the `n` annotators with the least work so far, each next one chosen
    /// among them as the one that has shared the fewest tasks with those already chosen (then
    /// by order). Loads never differ by more than one, pairs spread evenly (every two
    /// annotators share tasks early, so agreement can be measured between all of them), and
    /// the same input always gives the same assignment.
    public static func assign(tasks: Int, annotators k: Int, overlap n: Int) -> [[Int]] {
        guard k > 0 else { return Array(repeating: [], count: tasks) }
        let n = max(1, min(n, k))
        var load = [Int](repeating: 0, count: k)
        var shared = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var out: [[Int]] = []
        out.reserveCapacity(tasks)
        for _ in 0..<tasks {
            var chosen: [Int] = []
            for _ in 0..<n {
                var best = -1, bestKey = (Int.max, Int.max)
                for a in 0..<k where !chosen.contains(a) {
                    let key = (load[a], chosen.reduce(0) { $0 + shared[$1][a] })
                    if key < bestKey { best = a; bestKey = key }
                }
                chosen.append(best)
            }
            for a in chosen {
                load[a] += 1
                for b in chosen where b != a { shared[a][b] += 1 }
            }
            out.append(chosen.sorted())
        }
        return out
    }

    /// A task or annotator id as a file name: letters, digits, `-`, `_` and `.` kept, anything
    /// else `-`; never empty, never starting with a dot, at most 100 bytes.
    public static func fileName(_ id: String) -> String {
        var out = ""
        for u in id.unicodeScalars {
            let ok = (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "-" || u == "_" || u == "."
            out.unicodeScalars.append(ok ? u : "-")
            if out.utf8.count >= 100 { break }
        }
        while out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? "_" : out
    }

    /// A value for a front-matter line: control characters (line breaks) become spaces.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0 }))
    }

    static func taskJSON(_ t: ImportedTask, labels: [String]) -> String {
        var fields: [(String, OrderedJSON)] = [("id", .string(t.id))]
        if let m = t.messages {
            fields.append(("messages", .array(m.map { .object([("role", .string($0.role)), ("content", .string($0.content))]) })))
        } else {
            fields.append(("prompt", .string(t.prompt ?? "")))
        }
        // Responses keep the input's labels when they are the rubric's; otherwise they take the
        // rubric's labels in order.
        let given = t.responses.compactMap(\.label)
        let keep = given.count == labels.count && Set(given.map { $0.uppercased() }) == Set(labels.map { $0.uppercased() })
        let labelled: [(String, ImportedTask.Response)] = keep
            ? labels.compactMap { l in t.responses.first { $0.label?.uppercased() == l.uppercased() }.map { (l, $0) } }
            : Array(zip(labels, t.responses))
        fields.append(("responses", .object(labelled.map { ($0.0, .string($0.1.text)) })))
        if labelled.contains(where: { $0.1.model != nil }) {
            fields.append(("models", .object(labelled.compactMap { l, r in r.model.map { (l, .string($0)) } })))
        }
        fields.append(("source", .object([("file", .string(String(t.source.split(separator: "/").last ?? ""))), ("line", .number(Double(t.line))), ("shape", .string(t.shape.rawValue))])))
        return OrderedJSON.object(fields).render() + "\n"
    }
}
