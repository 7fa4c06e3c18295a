// libFuzzer target for the JSON5 reader and everything that reads JSON: rubric files,
// critique.json, task files and the public-format importers.
// Not a SwiftPM target: Tests/Fuzz/run.sh compiles it together with Sources/CritiqueCore
// using `swiftc -sanitize=fuzzer,address`.
// Tests/CritiqueTests/FuzzRegressionTests.swift runs the same pipeline over Fixtures/fuzz/.

func fuzzRubricRange(_ r: TextRange, _ n: Int, _ what: @autoclosure () -> String) {
    if r.start < 0 || r.end < r.start || r.end > n { fatalError("\(what()) range \(r.start)..<\(r.end) outside 0...\(n)") }
}

func fuzzCheckRubric(_ bytes: [UInt8]) {
    let text = SourceText(bytes: bytes)
    let n = text.bytes.count
    let (node, problems) = JSONReader.parse(text)
    for p in problems { fuzzRubricRange(p.range, n, "JSON problem") }
    if let node { fuzzRubricRange(node.range, n, "JSON root") }

    let file = RubricFile(text: text)
    for f in file.findings {
        fuzzRubricRange(f.range, n, "rubric finding \(f.rule)")
        for fix in f.fixes { for e in fix.edits { fuzzRubricRange(e.range, n, "rubric fix edit") } }
    }
    for p in ConfigFile.parse(text).problems { fuzzRubricRange(p.range, n, "critique.json problem") }
    _ = TaskFile.responses(text)

    let index = bytes.isEmpty ? 0 : Int(bytes[bytes.count - 1] % 4)
    for source in RubricImport.Source.allCases {
        for i in Set([0, index]) {
            guard case .success(let out) = RubricImport.convert(text.string, from: source, index: i) else { continue }
            // What an importer writes is a rubric file: it must at least be valid JSON.
            let converted = SourceText(out)
            let (_, outProblems) = JSONReader.parse(converted)
            if let p = outProblems.first { fatalError("\(source) import wrote invalid JSON: \(p.message)") }
            _ = RubricFile(text: converted)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzCheckRubric(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
