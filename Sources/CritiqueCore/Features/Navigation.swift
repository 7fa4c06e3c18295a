/// Go to definition, find references and rename for the names a critique shares with its
/// rubric: tags and criteria. Pure: positions are UTF-8 offsets in the document, the rubric
/// file or a response text; the server turns them into locations.
public enum Navigation {
    /// A rubric name under the cursor.
    public enum Symbol: Sendable, Equatable, Hashable {
        /// A tag, by its path as the rubric defines it (`accuracy/hallucination`), lowercased.
        case tag(String)
        /// A criterion by id (lowercased); `byTitle` when the heading names it by its title.
        case criterion(String, byTitle: Bool)
    }

    /// Where a definition is.
    public enum Target: Sendable, Equatable {
        /// A range of the rubric file.
        case rubric(TextRange)
        /// The file a front-matter value names, as written (relative to the document).
        case file(String)
        /// A span of one response's text (`""` in single mode).
        case response(label: String, range: TextRange)
    }

    // MARK: what is under the cursor

    /// The tag or criterion at `offset`, with the range to rename (the name without `#`, or the
    /// heading's name).
    public static func symbol(_ a: Analysis, at offset: Int) -> (symbol: Symbol, range: TextRange)? {
        guard let rubric = a.rubric.rubric else { return nil }
        for s in a.document.sections {
            for t in s.tags where t.range.start <= offset && offset <= t.range.end {
                guard let def = rubric.tag(named: t.name) else { return nil }
                return (.tag(def.path.lowercased()), TextRange(t.range.start + 1, t.range.end))
            }
            if s.lineIndex >= 0, s.headingRange.start <= offset, offset <= s.headingRange.end, let c = rubric.criterion(named: s.heading) {
                return (.criterion(c.id.lowercased(), byTitle: !namesByID(s.heading, c)), nameRange(s, c))
            }
        }
        return nil
    }

    /// The heading's part that names the criterion (a remark after ` (` or ` — ` is kept out).
    static func nameRange(_ s: Section, _ c: Criterion) -> TextRange {
        let full = s.headingRange
        for separator in Rubric.remarkSeparators {
            if let r = s.heading.firstOccurrence(of: separator) {
                let head = String(s.heading[..<r.lowerBound])
                if normalizeName(head) == normalizeName(c.id) || normalizeName(head) == normalizeName(c.title ?? "\u{0}") {
                    return TextRange(full.start, full.start + head.utf8.count)
                }
            }
        }
        return full
    }

    static func namesByID(_ heading: String, _ c: Criterion) -> Bool {
        let h = normalizeName(heading)
        if h == normalizeName(c.id) { return true }
        if let t = c.title, h == normalizeName(t) { return false }
        // A heading with a remark: compare the part before it.
        for separator in Rubric.remarkSeparators {
            if let r = heading.firstOccurrence(of: separator), normalizeName(String(heading[..<r.lowerBound])) == normalizeName(c.id) { return true }
        }
        return c.title == nil
    }

    // MARK: definition

    public static func definition(_ a: Analysis, at offset: Int) -> Target? {
        if let fm = a.document.frontMatter, let e = fm.entries.first(where: { $0.valueRange.start <= offset && offset <= $0.valueRange.end }) {
            switch e.key.lowercased() {
            case "responses", "response": return e.value.isEmpty ? nil : .file(e.value)
            case "rubric":
                // A rubric named by id goes to its id in the rubric file; one named by path to the file.
                if let r = a.rubric.rubric, case .resolved(_, .byID, _) = a.rubric { return .rubric(r.idRange) }
                return e.value.isEmpty ? nil : .file(e.value)
            default: return nil
            }
        }
        if let target = quoteTarget(a, at: offset) { return target }
        guard let (symbol, _) = symbol(a, at: offset), let rubric = a.rubric.rubric else { return nil }
        switch symbol {
        case .tag(let path):
            return rubric.tags.first { $0.path.lowercased() == path }.map { .rubric($0.range) }
        case .criterion(let id, _):
            return rubric.allCriteria.first { $0.id.lowercased() == id }.map { .rubric($0.range) }
        }
    }

    /// An evidence quote: the span of the response it quotes (exact, else the closest).
    static func quoteTarget(_ a: Analysis, at offset: Int) -> Target? {
        guard case .texts(let set) = a.responses else { return nil }
        for s in [a.document.preamble] + a.document.sections {
            for q in s.quotes where q.lineRange.start <= offset && offset <= q.lineRange.end {
                let labels = set.candidates(for: q.label) ?? set.labels
                let needle = NormalizedText(q.text)
                var best: (label: String, range: TextRange, score: Double)?
                for l in labels {
                    guard let hay = set.normalized[l] else { continue }
                    if let r = hay.find(needle.compact) { return .response(label: l, range: r) }
                    if let w = hay.closestWindow(to: needle), w.score > (best?.score ?? 0) { best = (l, TextRange(w.start, w.end), w.score) }
                }
                return best.map { .response(label: $0.label, range: $0.range) }
            }
        }
        return nil
    }

    // MARK: occurrences

    /// Every place in the document that names `symbol`: tag names (without `#`) and headings.
    public static func occurrences(of symbol: Symbol, in a: Analysis) -> [TextRange] {
        guard let rubric = a.rubric.rubric else { return [] }
        var out: [TextRange] = []
        for s in a.document.sections {
            switch symbol {
            case .tag(let path):
                for t in s.tags where rubric.tag(named: t.name)?.path.lowercased() == path {
                    out.append(TextRange(t.range.start + 1, t.range.end))
                }
            case .criterion(let id, let byTitle):
                guard s.lineIndex >= 0, let c = rubric.criterion(named: s.heading), c.id.lowercased() == id else { continue }
                if namesByID(s.heading, c) != byTitle || c.title == nil { out.append(nameRange(s, c)) }
            }
        }
        return out
    }

    /// Places in the rubric file that name `symbol`: the tag's or criterion's own id (or title),
    /// and for tags every `tags` list entry and `parent` that refers to it. Ranges are of the
    /// JSON string values, quotes included.
    public static func rubricOccurrences(of symbol: Symbol, in file: RubricFile) -> [TextRange] {
        guard let root = file.json else { return [] }
        var out: [TextRange] = []
        switch symbol {
        case .tag(let path):
            let id = path.split(separator: "/").last.map(String.init) ?? path
            func matches(_ n: JSONNode?) -> Bool { n?.string.map { $0.lowercased() == id || $0.lowercased() == path } ?? false }
            for t in root["tags"]?.elements ?? [] {
                if matches(t) { out.append(t.range) }
                if matches(t["id"]) { out.append(t["id"]!.range) }
            }
            func criteria(_ list: [JSONNode]) {
                for c in list {
                    for e in c["tags"]?.elements ?? [] where matches(e) { out.append(e.range) }
                    criteria(c["criteria"]?.elements ?? [])
                }
            }
            criteria(root["criteria"]?.elements ?? [])
            for t in root["tags"]?.elements ?? [] where matches(t["parent"]) { out.append(t["parent"]!.range) }
        case .criterion(let id, let byTitle):
            func criteria(_ list: [JSONNode]) {
                for c in list {
                    if c["id"]?.string?.lowercased() == id {
                        if let node = byTitle ? c["title"] : c["id"], node.string != nil { out.append(node.range) }
                    }
                    criteria(c["criteria"]?.elements ?? [])
                }
            }
            criteria(root["criteria"]?.elements ?? [])
        }
        return out
    }

    /// Whether `name` can replace a tag or criterion id: letters, digits, `-`, `_`, and `/`
    /// between tag path parts.
    public static func isValidName(_ name: String, for symbol: Symbol) -> Bool {
        if case .criterion(_, byTitle: true) = symbol {
            return !name.isEmpty && !name.contains("\n") && !name.contains("\r") && name.trimmingWhitespace == name
        }
        guard let first = name.utf8.first, first != 0x2F, name.utf8.last != 0x2F else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || (c == 0x2F && { if case .tag = symbol { return true }; return false }())
        }
    }
}


extension Navigation {
    /// Where a span of a response's text is in its task file: the JSON string holding the
    /// response, with escapes (`\n`, `\"`, `\u00e9`) walked so that decoded offsets become
    /// file offsets. Nil when the task file does not hold that response as a string.
    public static func taskFileRange(_ task: SourceText, label: String, decoded: TextRange) -> TextRange? {
        let (root, _) = JSONReader.parse(task)
        guard let responses = root?["responses"] else { return nil }
        var node: JSONNode?
        if responses.isObject { node = responses.members.first { $0.key == label }?.value }
        else if responses.isArray {
            for (i, e) in responses.elements.enumerated() where i < 26 {
                let l = e["label"]?.string ?? String(UnicodeScalar(UInt8(65 + i)))
                if l == label { node = e.string != nil ? e : e["text"] }
            }
        }
        guard let node, node.string != nil else { return nil }
        let b = task.bytes
        var raw = node.range.start + 1          // after the opening quote
        let end = max(raw, node.range.end - 1)  // before the closing quote
        var decodedAt = 0
        var start: Int?
        while raw <= end {
            if start == nil && decodedAt >= decoded.start { start = raw }
            if decodedAt >= decoded.end || raw == end { break }
            if b[raw] == 0x5C, raw + 1 < end {
                // One escape: \uXXXX (one or two of them for a surrogate pair) or \x.
                if b[raw + 1] == 0x75, raw + 5 < end {
                    let hex = String(decoding: b[(raw + 2)..<(raw + 6)], as: UTF8.self)
                    let v = UInt32(hex, radix: 16) ?? 0xFFFD
                    if v >= 0xD800 && v < 0xDC00, raw + 11 < end, b[raw + 6] == 0x5C, b[raw + 7] == 0x75 { raw += 12; decodedAt += 4 }
                    else { raw += 6; decodedAt += Unicode.Scalar(v).map { String($0).utf8.count } ?? 3 }
                } else { raw += 2; decodedAt += 1 }
            } else {
                let n = SourceText.scalarLength(b[raw])
                raw += n; decodedAt += n
            }
        }
        guard let s = start else { return nil }
        return TextRange(s, min(raw, end))
    }
}
