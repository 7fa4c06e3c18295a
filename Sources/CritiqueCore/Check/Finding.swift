public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case error, warning, info, hint

    /// 3 for errors down to 0 for hints: the order, and an index for counts.
    public var rank: Int { switch self { case .error: 3; case .warning: 2; case .info: 1; case .hint: 0 } }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Where a rule's finding belongs, used to group the catalogue.
public enum RuleArea: String, Sendable, CaseIterable {
    case frontMatter = "front matter", rubricLink = "rubric link", structure, scores, tags, prose,
         preference, suppression, workspace, rubric = "rubric files"
}

/// What a rule is: the catalogue entry that `critique explain`, the README table, hover and
/// the SARIF rule list are all generated from (LSP diagnostics carry the id as `code`; no
/// `codeDescription` is sent, since there is no page to link to).
public struct RuleInfo: Sendable {
    public let id: RuleID
    public let severity: Severity
    public let area: RuleArea
    /// One line: what is wrong and what to do.
    public let summary: String
    /// The long form for `critique explain`.
    public let explanation: String
    /// A minimal document (or rubric) that triggers the rule, checked by the tests.
    public let example: String

    public init(id: RuleID, severity: Severity, area: RuleArea, summary: String, explanation: String, example: String) {
        self.id = id; self.severity = severity; self.area = area
        self.summary = summary; self.explanation = explanation; self.example = example
    }
}

/// A place a finding points to besides its own range.
public struct RelatedInfo: Sendable {
    public enum Place: Sendable { case document(TextRange), rubric(TextRange) }
    public var place: Place
    public var message: String
}

/// A fix the user can apply: plain text edits to the document the finding is in.
public struct Fix: Sendable {
    public var title: String
    public var edits: [TextEdit]
    public var isPreferred: Bool
    public init(title: String, edits: [TextEdit], isPreferred: Bool = true) {
        self.title = title; self.edits = edits; self.isPreferred = isPreferred
    }
}

/// One finding: a rule broken at a range of the checked text (UTF-8 offsets). The range and
/// severity are held inline; the rest sits behind one copy-on-write reference (see
/// `CopyOnWrite`), since findings are copied at every step from rule to editor (kept across an
/// edit, suppressed, sorted, turned into diagnostics) and moving one changes only its range.
public struct Finding: Sendable {
    public var range: TextRange
    public var severity: Severity
    private var f: CopyOnWrite<Fields>
    private struct Fields: Sendable {
        var rule: RuleID
        var text: Message
        /// The text, when it was made with the finding (see `FindingSink.add`).
        var made: String?
        var related: [RelatedInfo]
        var fixes: [Fix]
        var unnecessary: Bool
    }

    public var rule: RuleID { _read { yield f.value.rule } _modify { yield &f.value.rule } }
    /// The message as data; `message` is its text. Read-only: the text made with it must match.
    public var text: Message { _read { yield f.value.text } }
    /// The message's text: the one made with the finding (an editor's), or made now.
    public var message: String {
        _read { if let made = f.value.made { yield made } else { yield f.value.text.description } }
    }
    public var related: [RelatedInfo] { _read { yield f.value.related } _modify { yield &f.value.related } }
    public var fixes: [Fix] { _read { yield f.value.fixes } _modify { yield &f.value.fixes } }
    /// The finding marks text that does nothing (a suppression that suppresses nothing).
    public var unnecessary: Bool { _read { yield f.value.unnecessary } _modify { yield &f.value.unnecessary } }

    /// `spelled`: make the message's text now and keep it, for a reader that will print it
    /// again and again (the server publishes every finding after every keystroke).
    public init(rule: RuleID, severity: Severity, message: Message, range: TextRange,
                related: [RelatedInfo] = [], fixes: [Fix] = [], unnecessary: Bool = false, spelled: Bool = false) {
        self.range = range; self.severity = severity
        f = CopyOnWrite(Fields(rule: rule, text: message, made: spelled ? message.description : nil,
                               related: related, fixes: fixes, unnecessary: unnecessary))
    }
}

/// Collects findings for one text, applying the configured severities.
public struct FindingSink {
    public private(set) var findings: [Finding] = []
    let severities: RuleSeverities
    /// Whether fixes are built: an editor asks for them (code actions), the command line never
    /// prints them, so it does not pay for them. An editor's messages are also made at once
    /// (see `add`); the command line makes them when it prints, and `report` and `export` never.
    let wantsFixes: Bool

    public init(severities: RuleSeverities = RuleSeverities(), fixes: Bool = true) { self.severities = severities; self.wantsFixes = fixes }

    public mutating func add(_ rule: RuleInfo, _ range: TextRange, _ message: Message,
                             related: [RelatedInfo] = [], fixes: @autoclosure () -> [Fix] = [], unnecessary: Bool = false,
                             severity: Severity? = nil) {
        guard let sev = severities.severity(of: rule, defaultOverride: severity) else { return }
        // An editor (the only caller that wants fixes) publishes every message and keeps
        // findings across keystrokes: its messages are spelled out once, here.
        findings.append(Finding(rule: rule.id, severity: sev, message: message, range: range,
                                related: related, fixes: wantsFixes ? fixes() : [], unnecessary: unnecessary, spelled: wantsFixes))
    }

    /// Findings a previous check made with these same severities (kept across an edit).
    mutating func append(_ kept: [Finding]) { findings += kept }
}

/// Per-rule severity overrides from configuration; `nil` means the rule is off.
public struct RuleSeverities: Sendable, Equatable {
    public var overrides: [RuleID: Severity?]
    public init(_ overrides: [RuleID: Severity?] = [:]) { self.overrides = overrides }

    public func severity(of rule: RuleInfo, defaultOverride: Severity? = nil) -> Severity? {
        if let o = overrides[rule.id] { return o }
        return defaultOverride ?? rule.severity
    }
}
