/// `critique.json`: the workspace configuration, read from JSON5 text. Pure; finding and
/// reading the file is the workspace layer's job.
public struct ConfigFile: Sendable {
    /// Folders or globs (relative to the config) where rubrics are found by id. **Contract.**
    public var rubrics: [String] = []
    /// Globs of documents `critique check DIR` takes and skips.
    public var include: [String] = []
    public var exclude: [String] = []
    /// Per-rule severity: "error", "warning", "info", "hint" or "off".
    public var severities = RuleSeverities()
    /// The lowest severity that makes `critique check` exit 1.
    public var failOn: Severity = .error
    /// The rubric for documents that name none (a path relative to the config, or an id).
    public var defaultRubric: String?
    /// Settings for `critique export` (the `export` object).
    public var export = ExportSettings()
    /// Settings for `critique report` (the `report` object).
    public var report = BatchReport.Settings()
    public var problems: [JSONProblem] = []

    public init() {}

    public static func parse(_ text: SourceText) -> ConfigFile {
        var c = ConfigFile()
        let (root, syntax) = JSONReader.parse(text)
        c.problems = syntax
        guard let root, syntax.isEmpty else { return c }
        guard root.isObject else { c.problems.append(JSONProblem(message: "critique.json must hold an object.", range: root.range)); return c }
        func strings(_ key: String) -> [String] {
            guard let n = root[key] else { return [] }
            if let s = n.string { return [s] }
            guard n.isArray else { c.problems.append(JSONProblem(message: "'\(key)' must be a list of strings.", range: n.range)); return [] }
            return n.elements.compactMap { e in
                if let s = e.string { return s }
                c.problems.append(JSONProblem(message: "Each entry of '\(key)' must be a string.", range: e.range)); return nil
            }
        }
        c.rubrics = strings("rubrics")
        c.include = strings("include")
        c.exclude = strings("exclude")
        if let d = root["defaultRubric"] {
            if let s = d.string { c.defaultRubric = s } else { c.problems.append(JSONProblem(message: "'defaultRubric' must be a string.", range: d.range)) }
        }
        if let f = root["failOn"] {
            if let s = f.string, let sev = Severity(rawValue: s) { c.failOn = sev }
            else { c.problems.append(JSONProblem(message: "'failOn' must be \"error\", \"warning\", \"info\" or \"hint\".", range: f.range)) }
        }
        if let rules = root["rules"] {
            if rules.isObject {
                for m in rules.members {
                    guard let id = RuleID(rawValue: m.key.lowercased()) else {
                        let guess = nearest(m.key, in: RuleID.allCases.map(\.rawValue))
                        c.problems.append(JSONProblem(message: "Unknown rule '\(m.key)'." + (guess.map { " Did you mean '\($0)'?" } ?? ""), range: m.keyRange))
                        continue
                    }
                    switch m.value.string {
                    case "off": c.severities.overrides[id] = .some(nil)
                    case let s? where Severity(rawValue: s) != nil: c.severities.overrides[id] = Severity(rawValue: s)!
                    default: c.problems.append(JSONProblem(message: "The severity of '\(m.key)' must be \"error\", \"warning\", \"info\", \"hint\" or \"off\".", range: m.value.range))
                    }
                }
            } else { c.problems.append(JSONProblem(message: "'rules' must be an object of rule ids and severities.", range: rules.range)) }
        }
        if let e = root["export"] { c.export = exportSettings(e, &c.problems) }
        if let r = root["report"] { c.report = reportSettings(r, &c.problems) }
        let known = ["$schema", "rubrics", "include", "exclude", "rules", "failOn", "defaultRubric", "export", "report"]
        for m in root.members where !known.contains(m.key) {
            c.problems.append(JSONProblem(message: "Unknown key '\(m.key)'." + (nearest(m.key, in: known).map { " Did you mean '\($0)'?" } ?? ""), range: m.keyRange))
        }
        return c
    }
}

/// What a task file holds: the response texts by label, and the prompt (a string, or chat
/// messages).
extension ConfigFile {
    static func exportSettings(_ e: JSONNode, _ problems: inout [JSONProblem]) -> ExportSettings {
        var out = ExportSettings()
        guard e.isObject else { problems.append(JSONProblem(message: "'export' must be an object.", range: e.range)); return out }
        func map(_ key: String) -> [(String, String)] {
            guard let m = e[key] else { return [] }
            guard m.isObject else { problems.append(JSONProblem(message: "'export.\(key)' must be an object of names and criterion ids.", range: m.range)); return [] }
            return m.members.compactMap { kv in
                guard let id = kv.value.string else { problems.append(JSONProblem(message: "'export.\(key).\(kv.key)' must be a criterion id.", range: kv.value.range)); return nil }
                return (kv.key, id)
            }
        }
        if let t = e["ktoThreshold"] {
            if let v = t.number, v.isFinite, v >= 0, v <= 1 { out.ktoThreshold = v }
            else { problems.append(JSONProblem(message: "'export.ktoThreshold' must be a number from 0 to 1 (a share of the weighted total).", range: t.range)) }
        }
        out.helpsteer = map("helpsteer").map { (attribute: $0.0, criterion: $0.1) }
        out.ultrafeedback = map("ultrafeedback").map { (aspect: $0.0, criterion: $0.1) }
        for m in e.members where !["ktoThreshold", "helpsteer", "ultrafeedback"].contains(m.key) {
            problems.append(JSONProblem(message: "Unknown key 'export.\(m.key)'; 'export' takes ktoThreshold, helpsteer and ultrafeedback.", range: m.keyRange))
        }
        return out
    }
}

extension ConfigFile {
    /// `report: { levels: {criterion: "ordinal"}, duplicateThreshold: 0.7,
    /// gold: { maxMeanAbsoluteDeviation: 1, minExactAgreement: 0.5, minPreferenceAgreement: 0.7 } }`
    static func reportSettings(_ r: JSONNode, _ problems: inout [JSONProblem]) -> BatchReport.Settings {
        var out = BatchReport.Settings()
        guard r.isObject else { problems.append(JSONProblem(message: "'report' must be an object.", range: r.range)); return out }
        func share(_ n: JSONNode, _ name: String, max: Double = 1) -> Double? {
            if let v = n.number, v.isFinite, v >= 0, v <= max { return v }
            problems.append(JSONProblem(message: "'\(name)' must be a number from 0 to \(formatScore(max)).", range: n.range)); return nil
        }
        for m in r.members {
            switch m.key {
            case "levels":
                guard m.value.isObject else { problems.append(JSONProblem(message: "'report.levels' must map criterion ids to \"nominal\", \"ordinal\", \"interval\" or \"ratio\".", range: m.value.range)); continue }
                for l in m.value.members {
                    if let s = l.value.string, let level = MeasurementLevel(rawValue: s) { out.levels[l.key] = level }
                    else { problems.append(JSONProblem(message: "The level of '\(l.key)' must be \"nominal\", \"ordinal\", \"interval\" or \"ratio\".", range: l.value.range)) }
                }
            case "duplicateThreshold": if let v = share(m.value, "report.duplicateThreshold") { out.duplicateThreshold = v }
            case "gold":
                guard m.value.isObject else { problems.append(JSONProblem(message: "'report.gold' must be an object of thresholds.", range: m.value.range)); continue }
                for g in m.value.members {
                    switch g.key {
                    case "maxMeanAbsoluteDeviation": if let v = share(g.value, "report.gold.maxMeanAbsoluteDeviation", max: 1_000_000) { out.goldMaxDeviation = v }
                    case "minExactAgreement": if let v = share(g.value, "report.gold.minExactAgreement") { out.goldMinExact = v }
                    case "minPreferenceAgreement": if let v = share(g.value, "report.gold.minPreferenceAgreement") { out.goldMinPreference = v }
                    default: problems.append(JSONProblem(message: "Unknown key 'report.gold.\(g.key)'; it takes maxMeanAbsoluteDeviation, minExactAgreement and minPreferenceAgreement.", range: g.keyRange))
                    }
                }
            default: problems.append(JSONProblem(message: "Unknown key 'report.\(m.key)'; 'report' takes levels, duplicateThreshold and gold.", range: m.keyRange))
            }
        }
        return out
    }
}

public struct TaskContent: Sendable {
    public var responses: [String: String]
    /// The prompt as one string (chat messages' contents joined by newlines).
    public var prompt: String?
    /// The prompt as chat messages, when the task gives it so.
    public var messages: [ChatMessage]?
}

public struct ChatMessage: Sendable, Equatable {
    public var role: String
    public var content: String
    public init(role: String, content: String) { self.role = role; self.content = content }
}

/// Reads a task file `{"prompt": "…", "responses": {"A": "…", "B": "…"}}`. Pure.
public enum TaskFile {
    public static func responses(_ text: SourceText) -> Result<[String: String], TaskFileError> {
        read(text).map(\.responses)
    }

    /// The responses and the prompt.
    public static func read(_ text: SourceText) -> Result<TaskContent, TaskFileError> {
        let (root, problems) = JSONReader.parse(text)
        if let p = problems.first {
            let (l, c) = text.humanPosition(p.range.start)
            return .failure(TaskFileError(message: "invalid JSON at \(l):\(c): \(p.message)"))
        }
        guard let root else { return .failure(TaskFileError(message: "no \"responses\" object")) }
        return read(root: root)
    }

    /// A task already parsed: a task file's root, or a stream record's inline `task`.
    public static func read(root: JSONNode) -> Result<TaskContent, TaskFileError> {
        guard root.isObject else { return .failure(TaskFileError(message: "a task must be an object with \"responses\", not \(root.typeName)")) }
        guard let resp = root["responses"] else { return .failure(TaskFileError(message: "no \"responses\" object")) }
        var out: [String: String] = [:]
        if resp.isObject {
            for m in resp.members { if let s = m.value.string { out[m.key] = s } }
        } else if resp.isArray {
            // A list is labelled A, B, C… in order.
            for (i, e) in resp.elements.enumerated() where i < 26 {
                if let s = e.string ?? e["text"]?.string { out[e["label"]?.string ?? String(UnicodeScalar(UInt8(65 + i)))] = s }
            }
        }
        guard !out.isEmpty else { return .failure(TaskFileError(message: "\"responses\" holds no response texts")) }
        let p = root["prompt"] ?? root["messages"]
        let messages = p.flatMap { $0.isArray ? chatMessages($0) : nil }
        let prompt = p?.string ?? messages.map { $0.map(\.content).joined(separator: "\n") }
        return .success(TaskContent(responses: out, prompt: prompt, messages: messages))
    }

    /// `[{role, content}]` (a bare string counts as a user turn); nil when it is not such a list.
    public static func chatMessages(_ node: JSONNode) -> [ChatMessage]? {
        guard node.isArray else { return nil }
        var out: [ChatMessage] = []
        for e in node.elements {
            if let s = e.string { out.append(ChatMessage(role: "user", content: s)); continue }
            // `content` as a string, or as OpenAI-style parts (`[{"type": "text", "text": …}]`).
            let parts = e["content"]?.elements.compactMap { $0["text"]?.string ?? $0.string }
            guard e.isObject, let content = e["content"]?.string ?? e["value"]?.string ?? parts.flatMap({ $0.isEmpty ? nil : $0.joined(separator: "\n") }) else { return nil }
            let role = e["role"]?.string ?? e["from"]?.string ?? "user"
            out.append(ChatMessage(role: role == "human" ? "user" : role == "gpt" ? "assistant" : role, content: content))
        }
        return out
    }
}

public struct TaskFileError: Error, Sendable { public var message: String }
