// libFuzzer target for critique documents: parse, analyze against two rubrics, then every
// editor feature at offsets derived from the input, and every fix applied and re-checked.
// Not a SwiftPM target: Tests/Fuzz/run.sh compiles it together with Sources/CritiqueCore
// (one module, so internal API is visible) using `swiftc -sanitize=fuzzer,address`.
// Tests/CritiqueTests/FuzzRegressionTests.swift runs the same pipeline over Fixtures/fuzz/.

let fuzzResponses = ResponseSet([
    "A": "Here is a short answer with a table.\n| a | b |\n|---|---|\n| 1 | 2 |\nIt follows the 200-word limit — “quoted” text, naïve café.",
    "B": "Here is a detailed essay on the topic. A 2019 Harvard study proved that immersion is exactly 3.7 times faster than any app.",
])

func fuzzRange(_ r: TextRange, _ n: Int, _ what: @autoclosure () -> String) {
    if r.start < 0 || r.end < r.start || r.end > n { fatalError("\(what()) range \(r.start)..<\(r.end) outside 0...\(n)") }
}

func fuzzAnalyze(_ doc: CritiqueDocument, _ rubric: RubricFile) -> Analysis {
    Analyzer.analyze(doc, rubric: .resolved(rubric.rubric!, origin: .embeddedDefault, file: nil),
                     responses: .texts(fuzzResponses))
}

func fuzzCheckDocument(_ bytes: [UInt8]) {
    let text = SourceText(bytes: bytes)
    let n = text.bytes.count
    let doc = DocumentParser.parse(text)

    // Lossless: the lines tile the text.
    var joined: [UInt8] = []
    joined.reserveCapacity(n)
    var at = 0
    for line in doc.lines {
        if line.range.start != at { fatalError("line starts at \(line.range.start), expected \(at)") }
        fuzzRange(line.range, n, "line")
        fuzzRange(line.content, n, "line content")
        joined += text.bytes[line.range.start..<line.range.end]
        at = line.range.end
    }
    if joined != text.bytes { fatalError("lines are not lossless: \(joined.count) of \(n) bytes") }
    for p in doc.problems { fuzzRange(p.range, n, "parse problem") }

    var analyses: [Analysis] = []
    for rubric in [EmbeddedRubrics.starterRubric, EmbeddedRubrics.defaultRubric] {
        let a = fuzzAnalyze(doc, rubric)
        for f in a.findings {
            fuzzRange(f.range, n, "finding \(f.rule)")
            for fix in f.fixes { for e in fix.edits { fuzzRange(e.range, n, "fix edit of \(f.rule)") } }
            for r in f.related { if case .document(let dr) = r.place { fuzzRange(dr, n, "related info of \(f.rule)") } }
        }
        analyses.append(a)
    }
    // No responses and no rubric: the stages that stop early.
    _ = Analyzer.analyze(doc, rubric: .notFound(reference: "x", detail: "", candidates: []), responses: .none)

    // A few offsets: both ends, the middle and two picked by the input.
    var offsets = [0, n, n / 2]
    if bytes.count >= 4 {
        offsets.append((Int(bytes[0]) << 8 | Int(bytes[1])) % (n + 1))
        offsets.append((Int(bytes[bytes.count - 1]) << 8 | Int(bytes[bytes.count - 2])) % (n + 1))
    }
    var applied = 0
    for a in analyses {
        for s in Outline.symbols(a) { fuzzRange(s.range, n, "symbol"); fuzzRange(s.selectionRange, n, "symbol selection") }
        for f in Outline.folds(a) where f.startLine < 0 || f.endLine < f.startLine || f.endLine >= text.lineCount {
            fatalError("fold \(f.startLine)...\(f.endLine) outside \(text.lineCount) lines")
        }
        for h in Outline.inlayHints(a) where h.offset < 0 || h.offset > n { fatalError("inlay hint at \(h.offset) outside 0...\(n)") }
        for t in Outline.semanticTokens(a) { fuzzRange(t.range, n, "semantic token") }
        for o in offsets {
            for item in Completion.items(a, offset: o, rubricIDs: ["chat-pairwise", "critique-default"]) {
                fuzzRange(item.range, n, "completion item")
            }
            if let h = Hover.at(a, offset: o) { fuzzRange(h.range, n, "hover") }
            let lo = min(o, offsets[offsets.count - 1]), hi = max(o, offsets[offsets.count - 1])
            for action in CodeActions.actions(a, range: TextRange(lo, hi)) where applied < 8 {
                for e in action.edits { fuzzRange(e.range, n, "code action edit") }
                applied += 1
                let fixed = text.string.applying(action.edits)
                let doc2 = DocumentParser.parse(SourceText(fixed))
                _ = fuzzAnalyze(doc2, EmbeddedRubrics.starterRubric)
            }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzCheckDocument(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
