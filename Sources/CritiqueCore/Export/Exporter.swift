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
    /// JSONL lines, each without its line break.
    case lines([[UInt8]])
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
        if format == .records { return .lines([record(r)]) }
        guard !r.responses.isEmpty else { return .skipped("no response texts (the critique names no task file)") }
        guard let prompt = r.prompt ?? r.messages.map({ $0.map(\.content).joined(separator: "\n") }) else { return .skipped("the task has no prompt") }
        let conversation = r.messages ?? [ChatMessage(role: "user", content: prompt)]
        func line(_ body: (inout JSONLine) -> Void) -> [UInt8] {
            var w = JSONLine()
            w.object(body)
            return w.bytes
        }

        if format == .kto && r.mode == .single {
            guard let threshold = settings.ktoThreshold, r.totalsOutOf > 0, let total = r.totals.first?.value else { return .skipped("no scale scores to judge by") }
            return .lines([kto(prompt, r.responses[0].text, total / r.totalsOutOf >= threshold)])
        }
        switch format {
        case .trl, .trlConversational, .openaiPreference, .kto:
            guard !r.preferences.isEmpty else { return .skipped("no preference") }
            var lines: [[UInt8]] = []
            for p in r.preferences {
                guard !p.isTie else { continue }
                guard let chosen = r.response(p.preferred), let rejected = r.response(p.other) else {
                    return .skipped("the preference names a response the task file does not hold")
                }
                switch format {
                case .trl:
                    lines.append(line { w in
                        w.field("prompt", prompt); w.field("chosen", chosen); w.field("rejected", rejected)
                        if r.totalsOutOf > 0, let a = r.total(p.preferred), let b = r.total(p.other) { w.field("margin", a - b) }
                    })
                case .trlConversational:
                    lines.append(line { w in
                        w.key("prompt"); messages(conversation, &w)
                        w.key("chosen"); assistant(chosen, &w)
                        w.key("rejected"); assistant(rejected, &w)
                    })
                case .openaiPreference:
                    lines.append(line { w in
                        w.key("input"); w.object { w in w.key("messages"); messages(conversation, &w) }
                        w.key("preferred_output"); assistant(chosen, &w)
                        w.key("non_preferred_output"); assistant(rejected, &w)
                    })
                default:
                    lines.append(kto(prompt, chosen, true))
                    lines.append(kto(prompt, rejected, false))
                }
            }
            return lines.isEmpty ? .skipped("a tie is not a preference pair") : .lines(lines)
        case .helpsteer:
            return .lines(labelled(r).map { label, text in
                line { w in
                    w.field("prompt", prompt); w.field("response", text)
                    for (attribute, criterion) in settings.helpsteer {
                        let c = r.criteria.first { $0.id.lowercased() == criterion.lowercased() }
                        w.field(attribute, c.flatMap { likert($0, label) })
                    }
                }
            })
        case .ultrafeedback:
            let aspects = settings.ultrafeedback.isEmpty ? r.criteria.filter { $0.kind == .scale }.map { ($0.id, $0.id) } : settings.ultrafeedback
            return .lines([line { w in
                w.field("instruction", prompt)
                w.key("completions")
                w.array { w in
                    for (label, text) in labelled(r) {
                        w.object { w in
                            w.field("model", r.value(of: "model") ?? label); w.field("response", text)
                            w.key("annotations")
                            w.object { w in
                                for (aspect, criterion) in aspects {
                                    guard let c = r.criteria.first(where: { $0.id.lowercased() == criterion.lowercased() }),
                                          let s = c.scores.first(where: { $0.label == label }) else { continue }
                                    w.key(aspect)
                                    w.object { w in w.field("Rating", s.value.map(formatScore) ?? "N/A"); w.field("Rationale", c.rationale) }
                                }
                            }
                        }
                    }
                }
            }])
        case .records:
            return .lines([record(r)])
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

    static func kto(_ prompt: String, _ completion: String, _ label: Bool) -> [UInt8] {
        var w = JSONLine()
        w.object { w in w.field("prompt", prompt); w.field("completion", completion); w.field("label", label) }
        return w.bytes
    }

    static func messages(_ ms: [ChatMessage], _ w: inout JSONLine) {
        w.array { w in for m in ms { w.object { w in w.field("role", m.role); w.field("content", m.content) } } }
    }

    static func assistant(_ s: String, _ w: inout JSONLine) { messages([ChatMessage(role: "assistant", content: s)], &w) }

    /// The lossless record (schema: `EditorConfigs/critique-record.schema.json`), as one line.
    public static func record(_ r: CritiqueRecord) -> [UInt8] {
        var w = JSONLine(capacity: r.bytes.count + r.responses.reduce(1024) { $0 + $1.text.utf8.count })
        func preference(_ p: CritiqueRecord.Preference, _ w: inout JSONLine) {
            w.object { w in w.field("preferred", p.preferred); w.field("other", p.other); w.field("tie", p.isTie); w.field("strength", p.strength) }
        }
        w.object { w in
            w.field("path", r.path); w.field("hash", "sha256:" + r.hash)
            w.key("rubric"); w.object { w in w.field("id", r.rubricID); w.field("version", r.rubricVersion); w.field("mode", r.mode.rawValue) }
            w.field("task", r.task); w.field("annotator", r.annotator)
            w.key("metadata"); w.object { w in for (k, v) in r.metadata { w.field(k, v) } }
            w.key("criteria")
            w.array { w in
                for c in r.criteria {
                    w.object { w in
                        w.field("id", c.id); w.field("title", c.title); w.field("kind", c.kind.rawValue); w.field("weight", c.weight)
                        w.key("scores"); w.object { w in for s in c.scores { w.field(s.label, s.value) } }
                        w.key("items")
                        w.array { w in
                            for i in c.items { w.object { w in w.field("id", i.id); w.field("text", i.text); w.field("checked", i.checked); w.field("points", i.points) } }
                        }
                        w.key("tags"); w.array { w in for t in c.tags { w.object { w in w.field("id", t.id); w.field("response", t.label) } } }
                        w.key("quotes")
                        w.array { w in
                            for q in c.quotes { w.object { w in w.field("response", q.label); w.field("text", q.text); w.field("start", q.start); w.field("end", q.end) } }
                        }
                        w.field("rationale", c.rationale); w.field("words", c.words); w.field("line", c.line)
                    }
                }
            }
            w.key("preference")
            if let p = r.preferences.first { preference(p, &w) } else { w.null() }
            w.key("preferences"); w.array { w in for p in r.preferences { preference(p, &w) } }
            w.key("totals"); w.object { w in for (l, v) in r.totals { w.field(l, v) } }
            w.field("totalsOutOf", r.totalsOutOf)
            w.field("prompt", r.prompt)
            w.key("messages")
            if let m = r.messages { messages(m, &w) } else { w.null() }
            w.key("responses"); w.object { w in for (l, t) in r.responses { w.field(l, t) } }
        }
        return w.bytes
    }
}
