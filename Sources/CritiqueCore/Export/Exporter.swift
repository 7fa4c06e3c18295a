/// Training formats, one JSONL line a record (or a pair, or a response). Field names are the
/// target formats' own:
/// - `trl`: TRL's preference dataset, `{"prompt", "chosen", "rejected"}`, with `margin` (the
///   difference of weighted totals) when the rubric has scales;
/// - `trl-conversational`: the same with `{role, content}` lists;
/// - `kto`: TRL's unpaired format, `{"prompt", "completion", "label"}`;
/// - `openai-preference`: OpenAI's DPO fine-tuning rows, `{"input": {"messages"},
///   "preferred_output", "non_preferred_output"}`;
/// - `helpsteer`: HelpSteer2 rows, `{"prompt", "response", <attribute>: 0–4}`;
/// - `ultrafeedback`: `{"instruction", "completions": [{"model", "response", "annotations":
///   {<aspect>: {"Rating", "Rationale"}}}]}`;
/// - `records`: lossless (see `EditorConfigs/critique-record.schema.json`).
public enum ExportFormat: String, Sendable, CaseIterable {
    case trl, trlConversational = "trl-conversational", kto, openaiPreference = "openai-preference", helpsteer, ultrafeedback, records

    /// Formats made of preference pairs.
    public var isPairwise: Bool { self == .trl || self == .trlConversational || self == .openaiPreference }
}

/// The `export` object of critique.json.
public struct ExportSettings: Sendable {
    /// `kto` from single-mode critiques: a response is desirable when its weighted total, as a
    /// share of what it is out of (0–1), is at least this.
    public var ktoThreshold: Double?
    /// HelpSteer attribute → criterion id (`{"helpfulness": "instruction-following"}`).
    public var helpsteer: [(attribute: String, criterion: String)] = []
    /// UltraFeedback aspect → criterion id; without it, every criterion is an aspect by its id.
    public var ultrafeedback: [(aspect: String, criterion: String)] = []
    public init() {}
}

public enum ExportOutcome: Sendable {
    case lines([String])
    /// Not exportable in this format; the reason is counted.
    case skipped(String)
}

public enum Exporter {
    /// Why `format` cannot express critiques under a rubric of `mode`, nil when it can.
    public static func unsupported(_ format: ExportFormat, mode: Rubric.Mode, settings: ExportSettings) -> String? {
        if format.isPairwise && mode == .single {
            return "\(format.rawValue) needs preference pairs, and this rubric scores single responses; use kto (with export.ktoThreshold in critique.json), helpsteer, ultrafeedback or records"
        }
        if format == .kto && mode == .single && settings.ktoThreshold == nil {
            return "kto from single-response critiques needs a threshold: set \"export\": {\"ktoThreshold\": 0.6} in critique.json (a share of the weighted total, 0–1)"
        }
        if format == .helpsteer && settings.helpsteer.isEmpty {
            return "helpsteer needs a map from its attributes to criteria: set \"export\": {\"helpsteer\": {\"helpfulness\": \"<criterion id>\", …}} in critique.json"
        }
        return nil
    }

    public static func export(_ r: CritiqueRecord, as format: ExportFormat, settings: ExportSettings) -> ExportOutcome {
        if format == .records { return .lines([record(r).compact()]) }
        guard !r.responses.isEmpty else { return .skipped("no response texts (the critique names no task file)") }
        guard let prompt = r.prompt ?? r.messages.map({ $0.map(\.content).joined(separator: "\n") }) else { return .skipped("the task has no prompt") }
        let conversation: OrderedJSON = .array((r.messages ?? [ChatMessage(role: "user", content: prompt)]).map(message))
        func assistant(_ s: String) -> OrderedJSON { .array([message(ChatMessage(role: "assistant", content: s))]) }

        if format == .kto && r.mode == .single {
            guard let threshold = settings.ktoThreshold, r.totalsOutOf > 0, let total = r.totals.first?.value else { return .skipped("no scale scores to judge by") }
            return .lines([kto(prompt, r.responses[0].text, total / r.totalsOutOf >= threshold)])
        }
        switch format {
        case .trl, .trlConversational, .openaiPreference, .kto:
            guard !r.preferences.isEmpty else { return .skipped("no preference") }
            var lines: [String] = []
            for p in r.preferences {
                guard !p.isTie else { continue }
                guard let chosen = r.response(p.preferred), let rejected = r.response(p.other) else {
                    return .skipped("the preference names a response the task file does not hold")
                }
                switch format {
                case .trl:
                    var f: [(String, OrderedJSON)] = [("prompt", .string(prompt)), ("chosen", .string(chosen)), ("rejected", .string(rejected))]
                    if r.totalsOutOf > 0, let a = r.total(p.preferred), let b = r.total(p.other) { f.append(("margin", .number(a - b))) }
                    lines.append(OrderedJSON.object(f).compact())
                case .trlConversational:
                    lines.append(OrderedJSON.object([("prompt", conversation), ("chosen", assistant(chosen)), ("rejected", assistant(rejected))]).compact())
                case .openaiPreference:
                    lines.append(OrderedJSON.object([("input", .object([("messages", conversation)])),
                                                     ("preferred_output", assistant(chosen)), ("non_preferred_output", assistant(rejected))]).compact())
                default:
                    lines.append(kto(prompt, chosen, true))
                    lines.append(kto(prompt, rejected, false))
                }
            }
            return lines.isEmpty ? .skipped("a tie is not a preference pair") : .lines(lines)
        case .helpsteer:
            return .lines(labelled(r).map { label, text in
                var f: [(String, OrderedJSON)] = [("prompt", .string(prompt)), ("response", .string(text))]
                for (attribute, criterion) in settings.helpsteer {
                    let c = r.criteria.first { $0.id.lowercased() == criterion.lowercased() }
                    f.append((attribute, c.flatMap { likert($0, label) }.map { .number($0) } ?? .null))
                }
                return OrderedJSON.object(f).compact()
            })
        case .ultrafeedback:
            let aspects = settings.ultrafeedback.isEmpty ? r.criteria.filter { $0.kind == .scale }.map { ($0.id, $0.id) } : settings.ultrafeedback
            let completions: [OrderedJSON] = labelled(r).map { label, text in
                let annotations: [(String, OrderedJSON)] = aspects.compactMap { aspect, criterion in
                    guard let c = r.criteria.first(where: { $0.id.lowercased() == criterion.lowercased() }),
                          let s = c.scores.first(where: { $0.label == label }) else { return nil }
                    return (aspect, .object([("Rating", .string(s.value.map(formatScore) ?? "N/A")), ("Rationale", .string(c.rationale))]))
                }
                return .object([("model", .string(r.value(of: "model") ?? label)), ("response", .string(text)), ("annotations", .object(annotations))])
            }
            return .lines([OrderedJSON.object([("instruction", .string(prompt)), ("completions", .array(completions))]).compact()])
        case .records:
            return .lines([record(r).compact()])
        }
    }

    /// Each scored label with its response text (single mode: `Score` and the one response).
    static func labelled(_ r: CritiqueRecord) -> [(label: String, text: String)] {
        if r.mode == .single { return r.responses.first.map { [(r.labels[0], $0.text)] } ?? [] }
        return r.labels.compactMap { l in r.response(l).map { (l, $0) } }
    }

    /// A score on the criterion's scale as HelpSteer's 0–4, rounded to a whole number.
    static func likert(_ c: CritiqueRecord.CriterionEntry, _ label: String) -> Double? {
        guard let sc = c.scale, sc.max > sc.min, let v = c.scores.first(where: { $0.label == label })?.value else { return nil }
        return (4 * (min(sc.max, max(sc.min, v)) - sc.min) / (sc.max - sc.min)).rounded()
    }

    static func kto(_ prompt: String, _ completion: String, _ label: Bool) -> String {
        OrderedJSON.object([("prompt", .string(prompt)), ("completion", .string(completion)), ("label", .bool(label))]).compact()
    }

    static func message(_ m: ChatMessage) -> OrderedJSON { .object([("role", .string(m.role)), ("content", .string(m.content))]) }

    /// The lossless record (schema: `EditorConfigs/critique-record.schema.json`).
    public static func record(_ r: CritiqueRecord) -> OrderedJSON {
        func num(_ d: Double?) -> OrderedJSON { d.map { .number($0) } ?? .null }
        func str(_ s: String?) -> OrderedJSON { s.map { .string($0) } ?? .null }
        let criteria: [OrderedJSON] = r.criteria.map { c in
            .object([
                ("id", .string(c.id)), ("title", .string(c.title)), ("kind", .string(c.kind.rawValue)), ("weight", .number(c.weight)),
                ("scores", .object(c.scores.map { ($0.label, num($0.value)) })),
                ("items", .array(c.items.map { .object([("id", str($0.id)), ("text", .string($0.text)), ("checked", .bool($0.checked)), ("points", num($0.points))]) })),
                ("tags", .array(c.tags.map { .object([("id", .string($0.id)), ("response", str($0.label))]) })),
                ("quotes", .array(c.quotes.map { .object([("response", str($0.label)), ("text", .string($0.text)), ("start", num($0.start.map(Double.init))), ("end", num($0.end.map(Double.init)))]) })),
                ("rationale", .string(c.rationale)), ("words", .number(Double(c.words))), ("line", .number(Double(c.line))),
            ])
        }
        let preferences: [OrderedJSON] = r.preferences.map { p in
            .object([("preferred", .string(p.preferred)), ("other", .string(p.other)), ("tie", .bool(p.isTie)), ("strength", .number(Double(p.strength)))])
        }
        return .object([
            ("path", .string(r.path)), ("hash", .string("sha256:" + r.hash)),
            ("rubric", .object([("id", .string(r.rubricID)), ("version", str(r.rubricVersion)), ("mode", .string(r.mode.rawValue))])),
            ("task", str(r.task)), ("annotator", str(r.annotator)),
            ("metadata", .object(r.metadata.map { ($0.key, .string($0.value)) })),
            ("criteria", .array(criteria)),
            ("preference", preferences.first ?? .null), ("preferences", .array(preferences)),
            ("totals", .object(r.totals.map { ($0.label, .number($0.value)) })), ("totalsOutOf", .number(r.totalsOutOf)),
            ("prompt", str(r.prompt)),
            ("messages", r.messages.map { .array($0.map(message)) } ?? .null),
            ("responses", .object(r.responses.map { ($0.label, .string($0.text)) })),
        ])
    }
}
