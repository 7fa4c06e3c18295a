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
                    guard RuleCatalog.rule(m.key) != nil else {
                        let guess = nearest(m.key, in: RuleCatalog.all.map(\.id))
                        c.problems.append(JSONProblem(message: "Unknown rule '\(m.key)'." + (guess.map { " Did you mean '\($0)'?" } ?? ""), range: m.keyRange))
                        continue
                    }
                    switch m.value.string {
                    case "off": c.severities.overrides[m.key.lowercased()] = .some(nil)
                    case let s? where Severity(rawValue: s) != nil: c.severities.overrides[m.key.lowercased()] = Severity(rawValue: s)!
                    default: c.problems.append(JSONProblem(message: "The severity of '\(m.key)' must be \"error\", \"warning\", \"info\", \"hint\" or \"off\".", range: m.value.range))
                    }
                }
            } else { c.problems.append(JSONProblem(message: "'rules' must be an object of rule ids and severities.", range: rules.range)) }
        }
        let known = ["$schema", "rubrics", "include", "exclude", "rules", "failOn", "defaultRubric"]
        for m in root.members where !known.contains(m.key) {
            c.problems.append(JSONProblem(message: "Unknown key '\(m.key)'." + (nearest(m.key, in: known).map { " Did you mean '\($0)'?" } ?? ""), range: m.keyRange))
        }
        return c
    }
}

/// Reads a task file `{"prompt": "…", "responses": {"A": "…", "B": "…"}}`. Pure.
public enum TaskFile {
    public static func responses(_ text: SourceText) -> Result<[String: String], TaskFileError> {
        read(text).map(\.responses)
    }

    /// The responses and the prompt (a string, or chat messages whose contents are joined).
    public static func read(_ text: SourceText) -> Result<(responses: [String: String], prompt: String?), TaskFileError> {
        let (root, problems) = JSONReader.parse(text)
        if let p = problems.first {
            let (l, c) = text.humanPosition(p.range.start)
            return .failure(TaskFileError(message: "invalid JSON at \(l):\(c): \(p.message)"))
        }
        guard let root else { return .failure(TaskFileError(message: "no \"responses\" object")) }
        return read(root: root)
    }

    /// A task already parsed: a task file's root, or a stream record's inline `task`.
    public static func read(root: JSONNode) -> Result<(responses: [String: String], prompt: String?), TaskFileError> {
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
        let prompt = p?.string ?? p.map { $0.elements.compactMap { $0["content"]?.string ?? $0.string }.joined(separator: "\n") }
        return .success((out, prompt))
    }
}

public struct TaskFileError: Error, Sendable { public var message: String }
