/// The result of checking one critique document. A class: the server, features and exports
/// pass it around, and a struct this size costs a retain per field at every copy.
public final class Analysis: Sendable {
    public let document: CritiqueDocument
    public let rubric: RubricResolution
    public let responses: ResponsesResolution
    /// Findings after suppressions, sorted by position.
    public let findings: [Finding]
    /// The sections matched to the rubric's criteria, as the rules saw them (nil without a
    /// rubric): features and exports read it instead of matching again.
    let context: CheckContext?

    /// Whether this analysis kept the previous one's findings for the rules a prose-line edit
    /// cannot change (the keystroke path) instead of running every rule.
    public let incremental: Bool
    /// What the check was given and what its rules found before suppressions: what the next
    /// check reuses after a prose edit.
    let inputs: CheckInputs
    let raw: [Finding]
    /// Where each of `DocumentRules.withRubric`'s rules put its findings in `raw`, in order
    /// (empty without a rubric).
    let ruleSpans: [Range<Int>]

    init(document: CritiqueDocument, rubric: RubricResolution, responses: ResponsesResolution, findings: [Finding],
         context: CheckContext?, incremental: Bool, inputs: CheckInputs, raw: [Finding], ruleSpans: [Range<Int>]) {
        self.document = document; self.rubric = rubric; self.responses = responses; self.findings = findings
        self.context = context; self.incremental = incremental; self.inputs = inputs; self.raw = raw; self.ruleSpans = ruleSpans
    }

    /// The matched sections, from the check or made now for an analysis that has none.
    var checkContext: CheckContext? {
        if let context { return context }
        guard let r = rubric.rubric else { return nil }
        return CheckContext(base: BaseContext(document: document, rubricResolution: rubric, responsesResolution: responses), rubric: r)
    }
}

/// Checks critique documents. Pure: the caller resolves the rubric and responses the front
/// matter names (that is I/O), the analyzer does the rest. Staged like a compiler: syntax,
/// then the rubric link, then structure and content; a stage that cannot proceed stops there.
public enum Analyzer {
    public static func references(in doc: CritiqueDocument) -> DocumentReferences {
        var refs = DocumentReferences()
        guard let fm = doc.frontMatter else { return refs }
        if let r = fm.entry("rubric"), !r.value.isEmpty { refs.rubric = (r.value, r.valueRange) }
        if let r = fm.entry("responses"), !r.value.isEmpty { refs.response = ("responses", r.value, r.valueRange) }
        else if let r = fm.entry("response"), !r.value.isEmpty { refs.response = ("response", r.value, r.valueRange) }
        return refs
    }

    /// `parsed`: the tree of `text` when the caller has it already (the server keeps it up to
    /// date across edits with `DocumentParser.reparse`); `previous` and `changedLine` as below.
    public static func analyze(
        _ text: SourceText,
        parsed: CritiqueDocument? = nil,
        severities: RuleSeverities = RuleSeverities(),
        configProblems: [String] = [],
        fixes: Bool = true,
        previous: Analysis? = nil,
        changedLine: Int? = nil,
        resolve: (DocumentReferences) -> (RubricResolution, ResponsesResolution)
    ) -> Analysis {
        let doc = parsed ?? DocumentParser.parse(text)
        let (rubric, responses) = resolve(references(in: doc))
        return analyze(doc, rubric: rubric, responses: responses, severities: severities, configProblems: configProblems, fixes: fixes,
                       previous: previous, changedLine: changedLine)
    }

    /// `configProblems`: the workspace configuration's problems, already placed ("critique.json
    /// line 3:5: …"); each becomes a `config-invalid` finding. `fixes: false` skips building
    /// quick fixes (the command line never shows them).
    ///
    /// `previous`: the analysis of the text before edits that all fell inside line
    /// `changedLine`, a prose line that is still prose (the server knows this from
    /// `DocumentParser.reparse`). When the rubric, responses and settings are the same and the
    /// line's tags read the same, the rules that a prose edit cannot change keep their
    /// findings, moved with the text; the others run again. `AnalysisReuseTests` holds the
    /// result to a full check over random edits.
    public static func analyze(_ doc: CritiqueDocument, rubric: RubricResolution, responses: ResponsesResolution,
                               severities: RuleSeverities = RuleSeverities(), configProblems: [String] = [], fixes: Bool = true,
                               previous: Analysis? = nil, changedLine: Int? = nil) -> Analysis {
        let inputs = CheckInputs(severities: severities, configProblems: configProblems, fixes: fixes)
        let rules = DocumentRules.withRubric
        var reuse: Reuse?
        if let previous, let changedLine, previous.inputs == inputs, previous.ruleSpans.count == rules.count,
           previous.rubric.isSame(as: rubric), previous.responses.isSame(as: responses),
           let edit = ProseLineEdit(old: previous.document, new: doc, line: changedLine) {
            reuse = Reuse(edit: edit, previous: previous)
        }
        // A kept finding at a place the edit makes ambiguous: check everything afresh.
        func full() -> Analysis {
            analyze(doc, rubric: rubric, responses: responses, severities: severities, configProblems: configProblems, fixes: fixes)
        }
        var sink = FindingSink(severities: severities, fixes: fixes)
        let base = BaseContext(document: doc, rubricResolution: rubric, responsesResolution: responses, configProblems: configProblems)
        for rule in DocumentRules.always { rule.check(base, &sink) }
        var context: CheckContext?
        var spans: [Range<Int>] = []
        if let r = rubric.rubric {
            let ctx = CheckContext(base: base, rubric: r, reusing: reuse?.previous.context)
            spans.reserveCapacity(rules.count)
            for k in rules.indices {
                let start = sink.findings.count
                defer { spans.append(start..<sink.findings.count) }
                guard let reuse else { rules[k].check(ctx, &sink); continue }
                let old = reuse.previous.raw[reuse.previous.ruleSpans[k]]
                if let partRule = DocumentRules.partRules[k] {
                    // Findings before and after the edited part are kept; the part is checked again.
                    let part = reuse.edit.part
                    guard let before = reuse.edit.moved(old.filter { $0.range.start < part.range.start }),
                          let after = reuse.edit.moved(old.filter { $0.range.start >= part.range.end }) else { return full() }
                    sink.append(before)
                    partRule.check(ctx, parts: part.index..<(part.index + 1), &sink)
                    sink.append(after)
                } else if rules[k].keepsFindingsAcrossProseEdits {
                    guard let kept = reuse.edit.moved(old) else { return full() }
                    sink.append(kept)
                } else {
                    rules[k].check(ctx, &sink)
                }
            }
            context = ctx
        }
        let findings = Suppressions.apply(doc, sink.findings, severities: severities)
        return Analysis(document: doc, rubric: rubric, responses: responses,
                        findings: findings.sorted { ($0.range.start, $0.rule) < ($1.range.start, $1.rule) }, context: context,
                        incremental: reuse != nil, inputs: inputs, raw: sink.findings, ruleSpans: spans)
    }
}

/// What a check after a prose-line edit takes from the one before. A class: the rule loop
/// binds it once a rule, and a tuple or struct of these was copied field by field each time.
private final class Reuse {
    let edit: ProseLineEdit
    let previous: Analysis
    init(edit: ProseLineEdit, previous: Analysis) { self.edit = edit; self.previous = previous }
}

/// What every document rule sees.
struct BaseContext: Sendable {
    let document: CritiqueDocument
    let rubricResolution: RubricResolution
    let responsesResolution: ResponsesResolution
    var configProblems: [String] = []

    var text: SourceText { document.text }

    /// Where document-level findings go: the `rubric:` value, else the front matter's opening
    /// line, else the first line.
    var anchor: TextRange {
        if let r = document.frontMatter?.entry("rubric") { return r.valueRange.length > 0 ? r.valueRange : r.keyRange }
        if let fm = document.frontMatter { return fm.openRange }
        return text.lineCount > 0 ? text.lineContentRange(0) : TextRange(0, 0)
    }
}

/// Rules that need a resolved rubric see the rubric and the sections matched to its criteria.
struct CheckContext: Sendable {
    let base: BaseContext
    let rubric: Rubric
    /// Each `##` section (by its index in `document.sections`, in order) with the criterion
    /// it names (nil for unknown and reserved headings) and, for a second section of the same
    /// criterion, the first one's index. Indexes, not copies: copying a `Section` retains
    /// every array it holds.
    let matched: [Match]
    struct Match: Sendable {
        let index: Int
        let criterion: Criterion?
        let duplicateOf: Int?
    }
    /// By criterion number (`Criterion.number`): the index of the criterion's first section,
    /// or -1.
    let firstSection: [Int]
    /// Whether some section names `c` (a criterion of this check's rubric).
    func hasSection(_ c: Criterion) -> Bool { c.number >= 0 && c.number < firstSection.count && firstSection[c.number] >= 0 }
    /// Score labels used in this mode: the response labels, or `Score` in single mode.
    let labels: [String]

    var document: CritiqueDocument { base.document }
    var text: SourceText { base.document.text }

    /// `previous`: the context of a check of the same text but for one prose line (the
    /// keystroke path), whose headings and score lines are therefore the same: the sections'
    /// criteria, the labels and the weighted totals are taken from it, not worked out again.
    init(base: BaseContext, rubric: Rubric, reusing previous: CheckContext? = nil) {
        self.base = base
        // Criteria are looked up by number: a rubric made in code rather than read gets its
        // numbers here (one read from a file has them).
        let rubric = rubric.criterionCount > 0 || rubric.criteria.isEmpty ? rubric : rubric.indexed()
        self.rubric = rubric
        let sections = base.document.sections
        let previous = previous.flatMap { $0.matched.count == sections.count ? $0 : nil }
        if let previous {
            matched = previous.matched
            firstSection = previous.firstSection
            labels = previous.labels
        } else {
            var matched: [Match] = []
            matched.reserveCapacity(sections.count)
            var first = [Int](repeating: -1, count: rubric.criterionCount)
            for i in sections.indices {
                // `Preference` is always the preference; `Summary` is reserved unless the rubric
                // names a criterion so (the rubric wins).
                guard let c = sections[i].isPreference ? nil : rubric.criterion(named: sections[i].heading) else {
                    matched.append(Match(index: i, criterion: nil, duplicateOf: nil)); continue
                }
                let n = c.number
                if n < 0 || n >= first.count { matched.append(Match(index: i, criterion: c, duplicateOf: nil)) }  // not this rubric's: never
                else if first[n] >= 0 { matched.append(Match(index: i, criterion: c, duplicateOf: first[n])) }
                else { first[n] = i; matched.append(Match(index: i, criterion: c, duplicateOf: nil)) }
            }
            self.matched = matched
            self.firstSection = first
            self.labels = Skeleton.labels(rubric)
        }
        // After a prose edit the score lines are the same ones, in the same places in the
        // document's array: where they are is kept, and read from the new document.
        self.scores = previous.map { ScoreTable(reusing: $0.scores, in: base.document) } ?? ScoreTable(base.document, labels: labels)
        var criteria: [(Criterion, Section)] = []
        criteria.reserveCapacity(matched.count)
        for m in matched {
            guard let c = m.criterion, m.duplicateOf == nil, !c.isGroup else { continue }
            criteria.append((c, sections[m.index]))
        }
        self.criteriaWithSections = criteria
        // Several rules read these: worked out once here.
        self.totals = previous?.totals ?? CheckContext.weighted(criteriaWithSections, labels, scores)
        self.justificationNeeds = CheckContext.justificationNeeds(criteriaWithSections, scores)
    }

    /// Leaf criteria with their (first) section.
    let criteriaWithSections: [(Criterion, Section)]

    /// Criteria whose justification requirement applies to at least one response's score,
    /// with their section: two rules and the outline read it.
    let justificationNeeds: [(Criterion, Section, Requirement)]

    static func justificationNeeds(_ criteria: [(Criterion, Section)], _ scores: ScoreTable) -> [(Criterion, Section, Requirement)] {
        var out: [(Criterion, Section, Requirement)] = []
        out.reserveCapacity(criteria.count)
        for (c, s) in criteria {
            guard let req = c.justification, req.minimum > 0 else { continue }
            let applies: Bool
            if c.kind == .scale {
                applies = (0..<scores.labelCount).contains { req.applies(score: scores.number(s, $0), scale: c.scale) }
            } else {
                applies = req.when == .always
            }
            if applies { out.append((c, s, req)) }
        }
        return out
    }

    /// Where each part's score line for each of `labels` is, found once a check.
    let scores: ScoreTable

    /// The score line for `labels[label]` in a section (`Score` matches case-insensitively).
    func score(_ section: Section, label: Int) -> ScoreLine? { scores.line(section, label) }

    /// The score line for any label in a section (a tag's own score line may carry one that is
    /// not among `labels`).
    func score(_ section: Section, _ label: String) -> ScoreLine? {
        // By index: `first(where:)` copies every line it passes (two strings each).
        let lines = section.scores
        for i in lines.indices where equalsIgnoringASCIICase(lines[i].label, label) { return lines[i] }
        return nil
    }

    /// Every numeric score given on a scale criterion that `keep` accepts (given the scale and
    /// the value), with its criterion and line: read from the score table in place, so the
    /// usual case (every score in range and on its step) builds and copies nothing.
    func forEachScaleScore(where keep: (Scale, Double) -> Bool, _ body: (Criterion, Scale, ScoreLine, Double) -> Void) {
        for (c, s) in criteriaWithSections where c.kind == .scale {
            guard let sc = c.scale else { continue }
            for l in 0..<scores.labelCount {
                guard let v = scores.number(s, l), keep(sc, v), let line = scores.line(s, l) else { continue }
                body(c, sc, line, v)
            }
        }
    }

    /// A fix that replaces a score's value.
    func changeScore(_ line: ScoreLine, to v: Double) -> Fix {
        Fix(title: "Change to \(formatScore(v))", edits: [TextEdit(range: line.valueRange, newText: formatScore(v))])
    }

    func numericScore(_ section: Section, label: Int) -> Double? { scores.number(section, label) }

    /// Weighted totals per label over scale criteria that have a number for every label.
    func weightedTotals() -> [String: Double] { totals.totals }

    /// The weighted totals and the weight they are out of (the sum of the counted criteria's
    /// weights): each criterion adds `weight × (score − min) / (max − min)`.
    func weighted() -> (totals: [String: Double], outOf: Double) { totals }
    private let totals: (totals: [String: Double], outOf: Double)

    static func weighted(_ criteria: [(Criterion, Section)], _ labels: [String], _ scores: ScoreTable) -> (totals: [String: Double], outOf: Double) {
        // Summed by position and put in the dictionary once (it was hashed for every score);
        // a label written twice adds to its first place, as the dictionary did.
        let slot = labels.indices.map { i in labels.firstIndex(of: labels[i])! }
        var sums = [Double](repeating: 0, count: labels.count)
        var values = [Double](repeating: 0, count: labels.count)
        var outOf = 0.0
        for (c, s) in criteria where c.kind == .scale {
            guard let sc = c.scale, sc.max > sc.min else { continue }
            var all = true
            for i in labels.indices {
                guard let v = scores.number(s, i) else { all = false; break }
                values[i] = v
            }
            guard all else { continue }
            outOf += c.weight
            for i in labels.indices {
                let clamped = min(sc.max, max(sc.min, values[i]))
                sums[slot[i]] += c.weight * (clamped - sc.min) / (sc.max - sc.min)
            }
        }
        var totals: [String: Double] = [:]
        totals.reserveCapacity(labels.count)
        for i in labels.indices where slot[i] == i { totals[labels[i]] = sums[i] }
        return (totals, outOf)
    }

    /// The related-information entry pointing at a criterion's definition.
    func definition(_ c: Criterion) -> [RelatedInfo] {
        [RelatedInfo(place: .rubric(c.idRange), message: "'\(c.displayTitle)' is defined here")]
    }

    /// The text that begins a new section for `c` (heading, score lines, prompt for prose).
    func skeleton(for c: Criterion) -> String { Skeleton.section(c, labels: labels) }

    /// An edit appending `snippet` as a new block at the end of the document.
    func appendAtEnd(_ snippet: String) -> TextEdit {
        let b = text.bytes
        var end = b.count
        while end > 0 && (b[end - 1] == 10 || b[end - 1] == 13 || b[end - 1] == 32) { end -= 1 }
        let nl = text.lineEnding
        let body = snippet.replacingNewlines(with: nl)
        return TextEdit(range: TextRange(end, b.count), newText: (end == 0 ? "" : nl + nl) + body)
    }
}

/// Where each part's score line for each label is: worked out once a check, so rules that ask
/// for a criterion's score for each response compare no strings.
struct ScoreTable: Sendable {
    let labelCount: Int
    /// `at[part * labelCount + label]`: index into the document's score lines, or -1.
    private let at: [Int]
    private let lines: [ScoreLine]

    /// A part's score for a label is its first line with that label, case ignored.
    init(_ document: CritiqueDocument, labels: [String]) {
        let parts = document.parts
        lines = document.nodes.scores
        labelCount = labels.count
        var at = [Int](repeating: -1, count: parts.count * labels.count)
        for k in parts.indices {
            for i in parts[k].scores {
                for l in labels.indices where at[k * labels.count + l] < 0 && equalsIgnoringASCIICase(lines[i].label, labels[l]) {
                    at[k * labels.count + l] = i
                }
            }
        }
        self.at = at
    }

    /// `previous`'s places over `document`'s score lines (the same lines, moved by an edit).
    init(reusing previous: ScoreTable, in document: CritiqueDocument) {
        labelCount = previous.labelCount
        at = previous.at
        lines = document.nodes.scores
    }

    func line(_ section: Section, _ label: Int) -> ScoreLine? {
        let i = at[section.part * labelCount + label]
        return i < 0 ? nil : lines[i]
    }

    func number(_ section: Section, _ label: Int) -> Double? {
        let i = at[section.part * labelCount + label]
        if i >= 0, case .number(let v) = lines[i].value { return v }
        return nil
    }
}

/// A rule over documents; one a file under Rules/.
protocol DocumentRule: Sendable {
    static var info: RuleInfo { get }
    /// True when the rule's findings depend on nothing an edit inside a prose line changes
    /// (no prose, no word counts, no bytes beyond the nodes it reports on, no end-of-text
    /// insertion point), so after such an edit they are kept, moved with the text. False by
    /// default: a rule that says nothing runs again.
    static var keepsFindingsAcrossProseEdits: Bool { get }
}
extension DocumentRule {
    static var keepsFindingsAcrossProseEdits: Bool { false }
}

/// A rule whose findings in each part of the document (the preamble, each `##` section) lie in
/// that part and depend on it alone (and on the rubric): after a prose edit it checks the
/// edited part again and keeps its findings elsewhere.
protocol PartRule: RubricBoundRule {
    /// Checks the parts `parts` (0 is the preamble, `k` is `document.sections[k - 1]`), in order.
    static func check(_ ctx: CheckContext, parts: Range<Int>, _ sink: inout FindingSink)
}
extension PartRule {
    static func check(_ ctx: CheckContext, _ sink: inout FindingSink) { check(ctx, parts: 0..<ctx.document.partCount, &sink) }
}

/// What a check was given besides the document and what it links to.
struct CheckInputs: Sendable, Equatable {
    let severities: RuleSeverities
    let configProblems: [String]
    let fixes: Bool
}
protocol BaseRule: DocumentRule {
    static func check(_ ctx: BaseContext, _ sink: inout FindingSink)
}
protocol RubricBoundRule: DocumentRule {
    static func check(_ ctx: CheckContext, _ sink: inout FindingSink)
}

extension SourceText {
    /// The line ending the text mostly uses (its first), LF when it has none.
    public var lineEnding: String {
        guard lineStarts.count > 1 else { return "\n" }
        let e = lineStarts[1]
        if e >= 2 && bytes[e - 2] == 13 && bytes[e - 1] == 10 { return "\r\n" }
        if bytes[e - 1] == 13 { return "\r" }
        return "\n"
    }
}

extension String {
    func replacingNewlines(with nl: String) -> String {
        nl == "\n" ? self : split(separator: "\n", omittingEmptySubsequences: false).joined(separator: nl)
    }
}

/// Case-insensitive comparison of short labels without allocating (non-ASCII bytes compare exactly).
func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
    // Over the bytes in place, as `equalsIgnoringCase`: String's own iterator checks its
    // representation at every byte (this ran 32 times a document in `report`, 225 instructions each).
    guard a.utf8.count == b.utf8.count else { return false }
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            for i in 0..<x.count {
                let p = x[i], q = y[i]
                if p != q && (p | 0x20 != q | 0x20 || !(0x61...0x7A).contains(p | 0x20)) { return false }
            }
            return true
        }
    }
}

/// `a.lowercased() == b.lowercased()`, without allocating when the ASCII comparison decides.
/// One walk: ASCII lowercases byte for byte and never depends on its neighbours, so while
/// both strings are ASCII a difference decides, and only a non-ASCII byte in the part walked
/// needs Unicode's lowercasing (which never maps a character to nothing).
public func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
    // Over the bytes in place: String's iterator checks its representation at every byte.
    var a = a, b = b
    switch a.withUTF8({ x in b.withUTF8 { y in asciiComparison(x, y) } }) {
    case .equal: return true
    case .different: return false
    case .unicode: return a.lowercased() == b.lowercased()
    }
}

/// What the bytes of two strings decide about `equalsIgnoringCase`, walked side by side:
/// `unicode` when a non-ASCII byte comes before a decision.
private enum CaseComparison { case equal, different, unicode }

private func asciiComparison(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> CaseComparison {
    let n = min(x.count, y.count)
    var i = 0
    while i < n {
        let p = x[i], q = y[i]
        if p >= 0x80 || q >= 0x80 { return .unicode }
        if p != q && (p | 0x20 != q | 0x20 || !(0x61...0x7A).contains(p | 0x20)) { return .different }
        i += 1
    }
    // One is the other's prefix: equal, or its next byte decides (an ASCII one is a difference).
    if x.count == y.count { return .equal }
    return (x.count > n ? x[n] : y[n]) < 0x80 ? .different : .unicode
}
