/// Reading tasks in the shapes annotation platforms export: plain JSON or JSONL, Label Studio,
/// Chatbot Arena, Anthropic HH-RLHF (and other chosen/rejected pairs), UltraFeedback; a prompt
/// may be chat messages anywhere. Pure: text in, tasks and problems out. Never fails: a line
/// or element that cannot be read is a problem naming its line, and the rest goes on.
public enum TaskShape: String, Sendable, CaseIterable {
    case plain, labelStudio = "label-studio", chatbotArena = "chatbot-arena", hhRLHF = "hh-rlhf", ultrafeedback
}

public struct ImportedTask: Sendable {
    public struct Response: Sendable, Equatable {
        /// The label the input gives (`{"A": …}`), nil for a list.
        public var label: String?
        public var text: String
        public var model: String?
    }
    /// The task id as given (`id`, `task_id`, `question_id`), else derived from the content.
    public var id: String
    public var prompt: String?
    public var messages: [ChatMessage]?
    public var responses: [Response]
    /// 1-based line of the task in its file.
    public var line: Int
    public var shape: TaskShape
    /// The file the task came from, as named on the command line (set by the caller).
    public var source = ""
}

public struct TaskImportProblem: Error, Sendable, Equatable {
    public var line: Int
    public var message: String
    /// The file, as named on the command line (set by the caller).
    public var source = ""
    public init(line: Int, message: String, source: String = "") { self.line = line; self.message = message; self.source = source }
}

public enum TaskImport {
    /// The longest line (or whole file) read; a longer one is a problem, not a read.
    public static let maxRecordBytes = 64 << 20

    public static func read(_ text: SourceText, shape forced: TaskShape? = nil) -> (tasks: [ImportedTask], problems: [TaskImportProblem]) {
        var tasks: [ImportedTask] = []
        var problems: [TaskImportProblem] = []
        if let bad = text.invalidUTF8Offset {
            problems.append(TaskImportProblem(line: text.humanPosition(bad).line, message: "invalid UTF-8; the file must be UTF-8 text"))
            return ([], problems)
        }
        let b = text.bytes
        guard let first = b.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }) else {
            problems.append(TaskImportProblem(line: 1, message: "the file is empty; it should hold tasks as a JSON array or one JSON object a line"))
            return ([], problems)
        }
        func take(_ node: JSONNode, line: Int) {
            switch task(node, line: line, forced: forced) {
            case .success(let t): tasks.append(t)
            case .failure(let p): problems.append(p)
            }
        }
        if b[first] == 0x5B || !looksLikeJSONL(text, from: first) {
            // One JSON document: an array of tasks, or one task.
            let (root, syntax) = JSONReader.parse(text)
            if let p = syntax.first {
                problems.append(TaskImportProblem(line: text.humanPosition(p.range.start).line, message: "not JSON: \(p.message)"))
                return ([], problems)
            }
            guard let root else { return ([], problems) }
            if root.isArray { for e in root.elements { take(e, line: text.humanPosition(e.range.start).line) } }
            else { take(root, line: text.humanPosition(root.range.start).line) }
            return (tasks, problems)
        }
        // JSONL: one task a line; blank lines are skipped.
        for i in 0..<text.lineCount {
            let r = text.lineContentRange(i)
            if b[r.start..<r.end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if r.length > maxRecordBytes {
                problems.append(TaskImportProblem(line: i + 1, message: "the line is \(r.length >> 20) MiB, over the \(maxRecordBytes >> 20) MiB limit for one task"))
                continue
            }
            switch record(Array(b[r.start..<r.end]), line: i + 1, shape: forced) {
            case .success(let t): tasks.append(t)
            case .failure(let p): problems.append(p)
            }
        }
        return (tasks, problems)
    }

    /// One JSONL line: a task, or why it is not one.
    public static func record(_ bytes: [UInt8], line: Int, shape forced: TaskShape? = nil) -> Result<ImportedTask, TaskImportProblem> {
        let text = SourceText(bytes: bytes)
        if text.invalidUTF8Offset != nil { return .failure(TaskImportProblem(line: line, message: "invalid UTF-8; the file must be UTF-8 text")) }
        let (node, syntax) = JSONReader.parse(text)
        if let p = syntax.first { return .failure(TaskImportProblem(line: line, message: "not JSON: \(p.message)")) }
        guard let node else { return .failure(TaskImportProblem(line: line, message: "not JSON: empty")) }
        return task(node, line: line, forced: forced)
    }

    /// A file starting with `{` is JSONL when its first non-blank line is a whole JSON value.
    static func looksLikeJSONL(_ text: SourceText, from offset: Int) -> Bool {
        let l = text.line(of: offset)
        let r = text.lineContentRange(l)
        let (_, problems) = JSONReader.parse(SourceText(bytes: Array(text.bytes[offset..<r.end])))
        return problems.isEmpty
    }

    /// The shape an object has, judged by its keys.
    public static func shape(of o: JSONNode) -> TaskShape? {
        if o["data"]?.isObject == true { return .labelStudio }
        if o["conversation_a"] != nil && o["conversation_b"] != nil { return .chatbotArena }
        if o["chosen"] != nil && o["rejected"] != nil { return .hhRLHF }
        if o["completions"]?.isArray == true && (o["instruction"] != nil || o["prompt"] != nil) { return .ultrafeedback }
        if o["responses"] != nil || o["response"] != nil { return .plain }
        return nil
    }

    static func task(_ o: JSONNode, line: Int, forced: TaskShape?) -> Result<ImportedTask, TaskImportProblem> {
        func fail(_ m: String) -> Result<ImportedTask, TaskImportProblem> { .failure(TaskImportProblem(line: line, message: m)) }
        guard o.isObject else { return fail("a task must be a JSON object, not \(o.typeName)") }
        guard let shape = forced ?? shape(of: o) else {
            return fail("not a task this importer knows: expected \"responses\", Label Studio \"data\", Chatbot Arena \"conversation_a\"/\"conversation_b\", \"chosen\"/\"rejected\" or UltraFeedback \"completions\"")
        }
        var t = ImportedTask(id: "", prompt: nil, messages: nil, responses: [], line: line, shape: shape)
        switch shape {
        case .plain:
            setPrompt(&t, o["prompt"] ?? o["messages"] ?? o["instruction"] ?? o["question"] ?? o["input"])
            if let r = o["responses"] {
                if r.isObject { t.responses = r.members.compactMap { m in responseText(m.value).map { .init(label: m.key, text: $0, model: m.value["model"]?.string) } } }
                else { t.responses = r.elements.compactMap { e in responseText(e).map { .init(label: e["label"]?.string, text: $0, model: e["model"]?.string) } } }
            } else if let r = o["response"], let s = responseText(r) {
                t.responses = [.init(label: nil, text: s, model: o["model"]?.string)]
            } else { return fail("no \"responses\" (an object of labelled texts or a list)") }
        case .labelStudio:
            guard let data = o["data"], data.isObject else { return fail("a Label Studio task needs a \"data\" object") }
            setPrompt(&t, data["prompt"] ?? data["messages"] ?? data["question"] ?? data["instruction"] ?? data["text"] ?? data["input"])
            for m in data.members where isResponseKey(m.key) {
                if let s = responseText(m.value) { t.responses.append(.init(label: nil, text: s, model: nil)) }
            }
            if t.responses.isEmpty, let r = data["responses"] {
                t.responses = r.elements.compactMap { e in responseText(e).map { .init(label: nil, text: $0, model: nil) } }
            }
        case .chatbotArena:
            guard let a = o["conversation_a"].flatMap(TaskFile.chatMessages), let b = o["conversation_b"].flatMap(TaskFile.chatMessages) else {
                return fail("\"conversation_a\" and \"conversation_b\" must be lists of {role, content}")
            }
            guard let (context, lastA) = splitLastAssistant(a), let (_, lastB) = splitLastAssistant(b) else {
                return fail("each conversation must end with an assistant turn")
            }
            t.messages = context
            t.responses = [.init(label: nil, text: lastA, model: o["model_a"]?.string), .init(label: nil, text: lastB, model: o["model_b"]?.string)]
        case .hhRLHF:
            guard let chosen = o["chosen"], let rejected = o["rejected"] else { return fail("a preference pair needs \"chosen\" and \"rejected\"") }
            let c: (context: [ChatMessage], last: String)?, r: (context: [ChatMessage], last: String)?
            if let cs = chosen.string, let rs = rejected.string {
                if o["prompt"] != nil { c = ([], cs); r = ([], rs) }
                else { c = transcript(cs).flatMap(splitLastAssistant); r = transcript(rs).flatMap(splitLastAssistant) }
            } else {
                c = TaskFile.chatMessages(chosen).flatMap(splitLastAssistant)
                r = TaskFile.chatMessages(rejected).flatMap(splitLastAssistant)
            }
            guard let c, let r else { return fail("\"chosen\" and \"rejected\" must each end with an assistant turn (\"\\n\\nAssistant: …\" or a {role: assistant} message)") }
            if let p = o["prompt"] { setPrompt(&t, p) } else { t.messages = c.context }
            // Which side is shown first is decided by the content, not by which was chosen:
            // always showing the chosen response first would teach annotators a position bias.
            var pair = [ImportedTask.Response(label: nil, text: c.last, model: nil), .init(label: nil, text: r.last, model: nil)]
            if (fnv1a(c.last + "\u{0}" + r.last) >> 32) & 1 == 1 { pair.reverse() }
            t.responses = pair
        case .ultrafeedback:
            setPrompt(&t, o["instruction"] ?? o["prompt"])
            t.responses = (o["completions"]?.elements ?? []).compactMap { e in responseText(e).map { .init(label: nil, text: $0, model: e["model"]?.string) } }
        }
        if t.messages?.isEmpty == true { t.messages = nil }
        let promptEmpty = (t.prompt ?? "").trimmingWhitespace.isEmpty && (t.messages ?? []).allSatisfy { $0.content.trimmingWhitespace.isEmpty }
        if promptEmpty { return fail("the prompt is empty or missing") }
        if t.responses.isEmpty { return fail("no response texts") }
        if let i = t.responses.firstIndex(where: { $0.text.trimmingWhitespace.isEmpty }) { return fail("response \(i + 1) is empty") }
        let given = o["id"] ?? o["task_id"] ?? o["question_id"] ?? o["data"]?["id"]
        if let s = given?.string, !s.isEmpty { t.id = s }
        else if let n = given?.number, n.isFinite, n == n.rounded(), abs(n) < 1e15 { t.id = String(Int(n)) }
        else {
            var key = (t.prompt ?? "") + (t.messages ?? []).map { $0.role + ":" + $0.content }.joined(separator: "\u{0}")
            for r in t.responses { key += "\u{1}" + r.text }
            t.id = "T-" + hex(fnv1a(key), digits: 12)
        }
        return .success(t)
    }

    static func setPrompt(_ t: inout ImportedTask, _ node: JSONNode?) {
        guard let node else { return }
        if let s = node.string { t.prompt = s } else if let m = TaskFile.chatMessages(node) { t.messages = m }
    }

    /// A response given as a string, `{text|response|content}`, or chat messages (the last
    /// assistant turn).
    static func responseText(_ n: JSONNode) -> String? {
        if let s = n.string { return s }
        if let s = n["text"]?.string ?? n["response"]?.string ?? n["content"]?.string ?? n["output"]?.string { return s }
        if let m = TaskFile.chatMessages(n) { return splitLastAssistant(m)?.last }
        return nil
    }

    /// `answer1`, `answer_2`, `response_a`, `completion-b`, `output1`: a Label Studio response field.
    static func isResponseKey(_ key: String) -> Bool {
        let k = key.lowercased()
        for p in ["answer", "response", "completion", "output"] where k.hasPrefix(p) {
            var rest = k.dropFirst(p.count)
            if let f = rest.first, f == "_" || f == "-" { rest = rest.dropFirst() }
            return !rest.isEmpty && (rest.allSatisfy { $0.isASCII && $0.isNumber } || (rest.count == 1 && rest.first!.isASCII && rest.first!.isLetter))
        }
        return false
    }

    static func splitLastAssistant(_ m: [ChatMessage]) -> (context: [ChatMessage], last: String)? {
        guard let i = m.lastIndex(where: { $0.role == "assistant" }), i == m.count - 1 else { return nil }
        return (Array(m[..<i]), m[i].content)
    }

    /// An HH-RLHF transcript, `\n\nHuman: …\n\nAssistant: …`, as chat messages.
    static func transcript(_ s: String) -> [ChatMessage]? {
        var out: [ChatMessage] = []
        var rest = Substring(s)
        let markers = [("\n\nHuman:", "user"), ("\n\nAssistant:", "assistant")]
        func nextMarker(_ t: Substring) -> (Range<Substring.Index>, String)? {
            markers.compactMap { m in t.firstOccurrence(of: m.0).map { ($0, m.1) } }.min { $0.0.lowerBound < $1.0.lowerBound }
        }
        guard var (r, role) = nextMarker(rest) else { return nil }
        rest = rest[r.upperBound...]
        while true {
            if let (nr, nrole) = nextMarker(rest) {
                out.append(ChatMessage(role: role, content: String(rest[..<nr.lowerBound]).trimmingWhitespace))
                rest = rest[nr.upperBound...]; role = nrole; r = nr
            } else {
                out.append(ChatMessage(role: role, content: String(rest).trimmingWhitespace))
                return out
            }
        }
    }
}

/// FNV-1a, 64 bits: stable across runs and machines (Swift's `Hasher` is seeded per process).
public func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h
}

func hex(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    let padded = String(repeating: "0", count: max(0, 16 - s.count)) + s
    return String(padded.suffix(digits))
}
