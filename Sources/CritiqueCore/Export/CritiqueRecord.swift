/// Everything a checked critique says, as data: the lossless `records` export, the source of
/// every training format, and what `critique report` aggregates. Built from an `Analysis`, so
/// the export says exactly what the check read.
public struct CritiqueRecord: Sendable {
    public struct Score: Sendable, Equatable {
        public var label: String
        /// The number given; nil for `n/a`.
        public var value: Double?
    }
    public struct Item: Sendable, Equatable {
        public var id: String?
        public var text: String
        public var checked: Bool
        /// The rubric item's points; nil when the line matches no rubric item.
        public var points: Double?
    }
    public struct Tag: Sendable, Equatable {
        public var id: String
        /// The response the tag is on, when it is on a score line (`B: 2 #hallucination`).
        public var label: String?
    }
    public struct Evidence: Sendable, Equatable {
        /// The response the quote names (`> B: "…"`), or where it was found.
        public var label: String?
        public var text: String
        /// Unicode scalar offsets of the quote in that response's text (a Python `str`
        /// index); nil when the quote is not found there.
        public var start: Int?
        public var end: Int?
    }
    public struct CriterionEntry: Sendable {
        public var id: String
        public var title: String
        public var kind: Criterion.Kind
        public var weight: Double
        public var scale: Scale?
        public var scores: [Score] = []
        public var items: [Item] = []
        public var tags: [Tag] = []
        public var quotes: [Evidence] = []
        /// The section's prose (quotes, score lines and tags' lines kept as written), trimmed.
        public var rationale: String
        public var words: Int
        /// 1-based line of the section's heading.
        public var line: Int
    }
    public struct Preference: Sendable, Equatable {
        public var preferred: String
        public var other: String
        /// 0 for a tie, else 1 (`>`), 2 (`>>`) or 3 (`>>>`).
        public var strength: Int
        public var isTie: Bool { strength == 0 }
        public var line: Int
    }

    public var path: String
    public var rubricID: String
    public var rubricVersion: String?
    public var mode: Rubric.Mode
    public var labels: [String]
    /// Front-matter entries as written, in order.
    public var metadata: [(key: String, value: String)]
    public var criteria: [CriterionEntry]
    public var preferences: [Preference]
    /// Weighted totals per label, and the weight they are out of.
    public var totals: [(label: String, value: Double)]
    public var totalsOutOf: Double
    public var prompt: String?
    public var messages: [ChatMessage]?
    /// Response texts by label, in label order (empty when the document names no task file).
    public var responses: [(label: String, text: String)]
    /// The document's bytes (shared with its `SourceText`, not copied).
    public var bytes: [UInt8]
    /// SHA-256 of the document's bytes, computed when asked for (only `records` writes it).
    public var hash: String { SHA256.hex(bytes) }

    public var task: String? { value(of: "task") }
    public var annotator: String? { value(of: "annotator") }
    public func value(of key: String) -> String? {
        metadata.first { equalsIgnoringASCIICase($0.key, key) }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
    }
    public var rubricReference: String { rubricID + (rubricVersion.map { "@" + $0 } ?? "") }
    public func total(_ label: String) -> Double? { totals.first { $0.label == label }?.value }
    public func response(_ label: String) -> String? { responses.first { equalsIgnoringASCIICase($0.label, label) }?.text }
    /// The first preference line (a document normally has one).
    public var preference: Preference? { preferences.first }

    /// The record of an analysis; nil when the document has no usable rubric.
    public init?(_ analysis: Analysis, path: String) {
        guard let rubric = analysis.rubric.rubric, let ctx = analysis.checkContext else { return nil }
        let doc = analysis.document
        let text = doc.text
        self.path = path
        rubricID = rubric.id
        rubricVersion = rubric.version
        mode = rubric.mode
        labels = ctx.labels
        metadata = doc.frontMatter?.entries.map { ($0.key, $0.value) } ?? []
        bytes = text.bytes
        var set: ResponseSet?
        if case .texts(let s) = analysis.responses { set = s }
        prompt = set?.promptText
        messages = set?.messages
        responses = set.map { s in s.labels.map { ($0, s.texts[$0]!) } } ?? []

        func evidence(_ q: Quote) -> Evidence {
            var e = Evidence(label: q.label, text: q.text)
            guard let set else { return e }
            let needle = NormalizedText.folded(q.text)
            for l in set.candidates(for: q.label) ?? [] {
                guard let n = set.normalized[l], let r = n.find(needle) else { continue }
                e.label = q.label ?? (set.texts.count > 1 ? l : nil)
                e.start = CritiqueRecord.scalarOffset(n.original, r.start)
                e.end = CritiqueRecord.scalarOffset(n.original, r.end)
                break
            }
            return e
        }

        criteria = ctx.criteriaWithSections.map { c, s in
            var entry = CriterionEntry(id: c.id, title: c.displayTitle, kind: c.kind, weight: c.weight, scale: c.scale,
                                       rationale: CritiqueRecord.joined(s.prose, in: text),
                                       words: s.words, line: text.line(of: s.headingRange.start) + 1)
            if c.kind != .text {
                for (li, l) in ctx.labels.enumerated() {
                    guard let sl = ctx.score(s, label: li) else { continue }
                    switch sl.value {
                    case .number(let v): entry.scores.append(Score(label: l, value: v))
                    case .notApplicable: entry.scores.append(Score(label: l, value: nil))
                    case .invalid: break
                    }
                }
            }
            entry.items = s.items.map { line in
                let item = c.item(matching: line.text)
                return Item(id: item?.id, text: item?.text ?? line.text, checked: line.checked, points: item?.points)
            }
            entry.tags = s.tags.map { Tag(id: rubric.tag(named: $0.name)?.path ?? $0.name, label: $0.scoreLabel) }
            entry.quotes = s.quotes.map(evidence)
            return entry
        }
        preferences = doc.sections.filter(\.isPreference).flatMap(\.preferences).map { p in
            let strength: Int
            switch p.relation { case .tie: strength = 0; case .better(let n): strength = n }
            return Preference(preferred: p.preferred, other: p.right, strength: strength, line: text.line(of: p.range.start) + 1)
        }
        let (t, outOf) = ctx.weighted()
        totals = ctx.labels.map { ($0, t[$0] ?? 0) }
        totalsOutOf = outOf
    }

    /// The prose lines of a section joined by line breaks, without surrounding white space
    /// (on bytes: character-level trimming costs more than building the whole record).
    static func joined<Ranges: Collection<TextRange>>(_ ranges: Ranges, in text: SourceText) -> String {
        var out: [UInt8] = []
        for r in ranges {
            if !out.isEmpty { out.append(0x0A) }
            out += text.bytes[r.start..<r.end]
        }
        func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = out.firstIndex(where: { !space($0) }), let last = out.lastIndex(where: { !space($0) }) else { return "" }
        return String(decoding: out[first...last], as: UTF8.self)
    }

    /// The number of scalars that start before `utf8Offset`: the bytes up to it less the
    /// continuation bytes (`10xxxxxx`) among them, counted eight bytes a step. A byte loop here
    /// cost more than writing the record, since a response is walked for every quote.
    static func scalarOffset(_ bytes: [UInt8], _ utf8Offset: Int) -> Int {
        let end = min(max(0, utf8Offset), bytes.count)
        return bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return 0 }
            var continuation = 0, i = 0
            while i + 8 <= end {
                let w = WordScan.load(base + i)
                // Bit 7 set and bit 6 clear: bit 6 shifted onto bit 7 of the same byte.
                continuation += (w & ~(w << 1) & WordScan.highs).nonzeroBitCount
                i += 8
            }
            while i < end { if base[i] & 0xC0 == 0x80 { continuation += 1 }; i += 1 }
            return end - continuation
        }
    }
}
