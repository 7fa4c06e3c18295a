// The fuzz pipelines: what each libFuzzer target (Tests/Fuzz/) runs on an input, returning the
// invariants it broke. The harnesses trap on a non-empty result; FuzzRegressionTests replays
// Fixtures/fuzz/ through the same functions. Tests/Fuzz/run.sh compiles this file together with
// the sources as one module, so the imports are conditional.
#if canImport(CritiqueCore)
import CritiqueCore
import CritiqueLSP
#endif

/// Each pipeline collects invariant violations instead of trapping.
enum FuzzPipelines {
    static let responses = ResponseSet([
        "A": "Here is a short answer with a table.\n| a | b |\n|---|---|\n| 1 | 2 |\nIt follows the 200-word limit — “quoted” text, naïve café.",
        "B": "Here is a detailed essay on the topic. A 2019 Harvard study proved that immersion is exactly 3.7 times faster than any app.",
    ])

    static func analyze(_ doc: CritiqueDocument, _ rubric: RubricFile, previous: Analysis? = nil, changedLine: Int? = nil) -> Analysis {
        Analyzer.analyze(doc, rubric: .resolved(rubric.rubric!, origin: .embeddedDefault, file: rubric),
                         responses: .texts(responses), previous: previous, changedLine: changedLine)
    }

    /// A finding as text, every field, so two lists compare in one step and a difference reads.
    static func describe(_ f: Finding) -> String {
        let related = f.related.map { r -> String in
            switch r.place {
            case .document(let d): "doc \(d.start)..\(d.end) \(r.message)"
            case .rubric(let d): "rubric \(d.start)..\(d.end) \(r.message)"
            }
        }
        let fixes = f.fixes.map { x in "\(x.title) \(x.isPreferred) " + x.edits.map { "\($0.range.start)..\($0.range.end)=\($0.newText.debugDescription)" }.joined(separator: ";") }
        return "\(f.rule) \(f.severity) \(f.range.start)..\(f.range.end) \(f.message.debugDescription) \(f.unnecessary) [\(related.joined(separator: ", "))] [\(fixes.joined(separator: ", "))]"
    }

    /// Text an edit inserts in `edits`: typing, and what changes a line's kind.
    static let snippets = ["a", " ", "#tag ", "#", "`", "> ", "A: 3", "- [x] ", "<!-- c -->", "<!--", "é", "中", "🌿", "\n", "\r\n", "\r", "## ", "A > B", ""]

    /// Edits taken from the input's bytes, each checked three ways against reading afresh: the
    /// patched text (`SourceText.replacing`), the re-parsed tree (`DocumentParser.reparse`) and
    /// the incremental check (`Analyzer.analyze(…, previous:, changedLine:)`).
    static func edits(_ bytes: [UInt8], _ doc: CritiqueDocument, _ analysis: Analysis) -> [String] {
        var bad: [String] = []
        let text = doc.text, n = text.bytes.count
        guard bytes.count >= 8 else { return bad }
        for k in 0..<3 {
            let b0 = Int(bytes[(k * 3) % bytes.count]), b1 = Int(bytes[(k * 3 + 1) % bytes.count]), b2 = Int(bytes[(k * 3 + 2) % bytes.count])
            var a = (b0 << 8 | b1) % (n + 1)
            while a < n && text.bytes[a] & 0xC0 == 0x80 { a += 1 }
            var e = min(n, a + b2 % 4)
            while e < n && text.bytes[e] & 0xC0 == 0x80 { e += 1 }
            let r = TextRange(a, e), insert = Array(snippets[b2 % snippets.count].utf8)
            var raw = text.bytes
            raw.replaceSubrange(a..<e, with: insert)
            let next = text.replacing(r, with: insert), fresh = SourceText(bytes: raw)
            if next.bytes != fresh.bytes || next.string != fresh.string || next.lineStarts != fresh.lineStarts || next.containsNUL != fresh.containsNUL
                || next.scalarCount(from: 0, to: next.bytes.count) != fresh.scalarCount(from: 0, to: fresh.bytes.count) {
                bad.append("SourceText.replacing(\(a)..<\(e)) differs from reading the bytes afresh")
                continue
            }
            guard let tree = DocumentParser.reparse(doc, replacing: r, in: next) else { continue }
            let whole = DocumentParser.parse(next)
            if tree.dump() != whole.dump() { bad.append("reparse of \(a)..<\(e) differs from a whole parse"); continue }
            let kept = analyze(tree, EmbeddedRubrics.starterRubric, previous: analysis, changedLine: text.line(of: a))
            let full = analyze(whole, EmbeddedRubrics.starterRubric)
            if kept.findings.map(describe) != full.findings.map(describe) {
                bad.append("incremental check after \(a)..<\(e) differs from a full one\(kept.incremental ? "" : " (not incremental)")")
            }
        }
        return bad
    }

    static func document(_ bytes: [UInt8]) -> [String] {
        var bad: [String] = []
        let text = SourceText(bytes: bytes)
        let n = text.bytes.count
        func check(_ r: TextRange, _ what: String) {
            if r.start < 0 || r.end < r.start || r.end > n { bad.append("\(what) range \(r.start)..<\(r.end) outside 0...\(n)") }
        }
        let doc = DocumentParser.parse(text)
        var joined: [UInt8] = []
        var at = 0
        for line in doc.lines {
            if line.range.start != at { bad.append("line starts at \(line.range.start), expected \(at)") }
            check(line.range, "line"); check(line.content, "line content")
            guard line.range.start >= 0, line.range.end <= n else { continue }
            joined += text.bytes[line.range.start..<line.range.end]
            at = line.range.end
        }
        if joined != text.bytes { bad.append("lines are not lossless: \(joined.count) of \(n) bytes") }
        for p in doc.problems { check(p.range, "parse problem") }

        var analyses: [Analysis] = []
        for rubric in [EmbeddedRubrics.starterRubric, EmbeddedRubrics.defaultRubric] {
            let a = analyze(doc, rubric)
            for f in a.findings {
                check(f.range, "finding \(f.rule)")
                for fix in f.fixes { for e in fix.edits { check(e.range, "fix edit of \(f.rule)") } }
                for r in f.related { if case .document(let dr) = r.place { check(dr, "related info of \(f.rule)") } }
            }
            analyses.append(a)
        }
        _ = Analyzer.analyze(doc, rubric: .notFound(reference: "x", detail: "", candidates: []), responses: .none)
        bad += edits(bytes, doc, analyses[0])

        var offsets = [0, n, n / 2]
        if bytes.count >= 4 {
            offsets.append((Int(bytes[0]) << 8 | Int(bytes[1])) % (n + 1))
            offsets.append((Int(bytes[bytes.count - 1]) << 8 | Int(bytes[bytes.count - 2])) % (n + 1))
        }
        var applied = 0
        for a in analyses {
            for s in Outline.symbols(a) { check(s.range, "symbol"); check(s.selectionRange, "symbol selection") }
            for f in Outline.folds(a) where f.startLine < 0 || f.endLine < f.startLine || f.endLine >= text.lineCount {
                bad.append("fold \(f.startLine)...\(f.endLine) outside \(text.lineCount) lines")
            }
            for h in Outline.inlayHints(a) where h.offset < 0 || h.offset > n { bad.append("inlay hint at \(h.offset) outside 0...\(n)") }
            for t in Outline.semanticTokens(a) { check(t.range, "semantic token") }
            for o in offsets {
                for item in Completion.items(a, offset: o, rubricIDs: ["chat-pairwise", "critique-default"]) { check(item.range, "completion item") }
                if let h = Hover.at(a, offset: o) { check(h.range, "hover") }
                let lo = min(o, offsets[offsets.count - 1]), hi = max(o, offsets[offsets.count - 1])
                for action in CodeActions.actions(a, range: TextRange(lo, hi)) where applied < 8 {
                    for e in action.edits { check(e.range, "code action edit") }
                    applied += 1
                    let fixed = text.string.applying(action.edits)
                    _ = analyze(DocumentParser.parse(SourceText(fixed)), EmbeddedRubrics.starterRubric)
                }
            }
        }
        return bad
    }

    static func rubric(_ bytes: [UInt8]) -> [String] {
        var bad: [String] = []
        let text = SourceText(bytes: bytes)
        let n = text.bytes.count
        func check(_ r: TextRange, _ what: String) {
            if r.start < 0 || r.end < r.start || r.end > n { bad.append("\(what) range \(r.start)..<\(r.end) outside 0...\(n)") }
        }
        let (node, problems) = JSONReader.parse(text)
        for p in problems { check(p.range, "JSON problem") }
        if let node { check(node.range, "JSON root") }
        let file = RubricFile(text: text)
        for f in file.findings {
            check(f.range, "rubric finding \(f.rule)")
            for fix in f.fixes { for e in fix.edits { check(e.range, "rubric fix edit") } }
        }
        for p in ConfigFile.parse(text).problems { check(p.range, "critique.json problem") }
        _ = TaskFile.responses(text)
        let index = bytes.isEmpty ? 0 : Int(bytes[bytes.count - 1] % 4)
        for source in RubricImport.Source.allCases {
            for i in Set([0, index]) {
                guard case .success(let out) = RubricImport.convert(text.string, from: source, index: i) else { continue }
                let converted = SourceText(out)
                if let p = JSONReader.parse(converted).1.first { bad.append("\(source) import wrote invalid JSON: \(p.message)") }
                _ = RubricFile(text: converted)
            }
        }
        return bad
    }

    static func framer(_ bytes: [UInt8]) -> [String] {
        var bad: [String] = []
        let maxBody = 1 << 16
        var whole = Framer(maxBody: maxBody)
        let oneEvents = whole.feed(bytes)
        var chunked = Framer(maxBody: maxBody)
        var chunkEvents: [Framer.Event] = []
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + 1 + Int(bytes[i] & 63))
            chunkEvents += chunked.feed(bytes[i..<end])
            if chunked.bufferedBytes < 0 || chunked.bufferedBytes > end { bad.append("bufferedBytes \(chunked.bufferedBytes) out of 0...\(end)") }
            i = end
        }
        if !chunked.feed([UInt8]()).isEmpty { bad.append("feeding no bytes produced events") }
        func messages(_ es: [Framer.Event]) -> [[UInt8]] { es.compactMap { if case .message(let b) = $0 { return b }; return nil } }
        func discarded(_ es: [Framer.Event]) -> Bool { es.contains { if case .problem(let m) = $0 { return m.hasPrefix("Discarded") }; return false } }
        let one = messages(oneEvents), chunks = messages(chunkEvents)
        for m in one + chunks where m.count > maxBody { bad.append("message body \(m.count) > maxBody") }
        if !discarded(oneEvents) && !discarded(chunkEvents) {
            if one != chunks { bad.append("one piece gave \(one.count) messages, chunks gave \(chunks.count)") }
            if whole.bufferedBytes != chunked.bufferedBytes { bad.append("buffered \(whole.bufferedBytes) vs \(chunked.bufferedBytes)") }
        }
        var again = Framer(maxBody: maxBody)
        if again.feed(one.flatMap { Framer.frame($0) }) != one.map({ Framer.Event.message($0) }) { bad.append("re-framed messages differ") }
        // Each body (or, with none, the input itself) read as the server reads a message.
        for body in one.isEmpty ? [bytes] : one { bad += message(body) }
        return bad
    }

    /// A JSON-RPC message as a loose Codable shape: an id of either kind, a method, and params
    /// of any depth. Whatever decodes must encode and decode back to itself.
    struct LooseMessage: Codable, Equatable {
        enum ID: Codable, Equatable {
            case int(Int), string(String)
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
            }
            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self { case .int(let i): try c.encode(i); case .string(let s): try c.encode(s) }
            }
        }
        indirect enum Value: Codable, Equatable {
            case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if c.decodeNil() { self = .null }
                else if let b = try? c.decode(Bool.self) { self = .bool(b) }
                else if let d = try? c.decode(Double.self) { self = .number(d) }
                else if let s = try? c.decode(String.self) { self = .string(s) }
                else if let a = try? c.decode([Value].self) { self = .array(a) }
                else { self = .object(try c.decode([String: Value].self)) }
            }
            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .null: try c.encodeNil()
                case .bool(let b): try c.encode(b)
                case .number(let d): try c.encode(d)
                case .string(let s): try c.encode(s)
                case .array(let a): try c.encode(a)
                case .object(let o): try c.encode(o)
                }
            }
        }
        var id: ID?
        var method: String?
        var params: Value?
    }

    static func message(_ body: [UInt8]) -> [String] {
        guard let m = try? JSONTreeDecoder().decode(LooseMessage.self, from: body) else { return [] }
        guard let encoded = try? JSONTreeEncoder().encode(m) else { return ["a decoded message did not encode"] }
        guard let back = try? JSONTreeDecoder().decode(LooseMessage.self, from: encoded) else {
            return ["a re-encoded message did not decode: \(String(decoding: encoded.prefix(200), as: UTF8.self))"]
        }
        // NaN never equals itself, and infinities are written as null: compare what survives.
        if back != m && !String(decoding: encoded, as: UTF8.self).contains("null") { return ["a message changed on a round trip"] }
        return []
    }
}
