@testable import CritiqueCore
import Foundation
import Testing

@Suite("Parsers")
struct ParserTests {
    static let allDocuments = Support.fixtureFiles(suffix: ".critique.md")

    // MARK: lossless

    @Test("Lines cover the text byte for byte, in order", arguments: allDocuments)
    func lossless(_ rel: String) {
        let text = SourceText(bytes: Support.bytes(rel))
        checkLossless(DocumentParser.parse(text), rel)
    }

    func checkLossless(_ doc: CritiqueDocument, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var rebuilt: [UInt8] = []
        var expectedStart = 0
        for l in doc.lines {
            #expect(l.range.start == expectedStart, "\(what): gap or overlap at byte \(expectedStart)", sourceLocation: sourceLocation)
            #expect(l.content.start >= l.range.start && l.content.end <= l.range.end, sourceLocation: sourceLocation)
            rebuilt += doc.text.bytes[l.range.start..<l.range.end]
            expectedStart = l.range.end
        }
        #expect(rebuilt == doc.text.bytes, "\(what): the lines do not reproduce the text", sourceLocation: sourceLocation)
        #expect(doc.lines.count == doc.text.lineCount, sourceLocation: sourceLocation)
    }

    @Test("Lossless on the raw bytes too, for files that are valid UTF-8", arguments: allDocuments)
    func losslessRawBytes(_ rel: String) {
        let raw = Support.bytes(rel)
        let text = SourceText(bytes: raw)
        guard text.invalidUTF8Offset == nil else { return }
        #expect(text.bytes == raw, "\(rel): a valid UTF-8 file must be kept byte for byte (BOM and CR included)")
    }

    // MARK: line endings and BOM

    static let endings: [(String, String)] = [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")]

    @Test("Front matter, headings, scores and preferences read the same with LF, CRLF and CR", arguments: endings)
    func lineEndings(_ name: String, _ nl: String) {
        let lines = ["---", "rubric: chat-pairwise", "task: T-1 # a YAML comment", "---", "", "## Truthfulness", "A: 4", "B: 2 #hallucination", "", "> B: \"quoted\"", "", "## Preference", "A >> B", ""]
        let doc = DocumentParser.parse(lines.joined(separator: nl))
        #expect(doc.frontMatter?.closed == true, "\(name)")
        #expect(doc.frontMatter?.entry("rubric")?.value == "chat-pairwise")
        #expect(doc.frontMatter?.entry("task")?.value == "T-1")
        #expect(doc.sections.map(\.heading) == ["Truthfulness", "Preference"])
        #expect(doc.sections[0].scores.map(\.label) == ["A", "B"])
        #expect(doc.sections[0].scores.map(\.value) == [.number(4), .number(2)])
        #expect(doc.sections[0].tags.map(\.name) == ["hallucination"])
        #expect(doc.sections[0].quotes.map(\.text) == ["quoted"])
        #expect(doc.sections[1].preferences.first?.relation == .better(strength: 2))
        #expect(doc.text.lineEnding == nl)
        #expect(doc.problems.isEmpty)
        checkLossless(doc, name)
        // No value or heading keeps a CR.
        for e in doc.frontMatter!.entries { #expect(!e.value.contains("\r")) }
        for s in doc.sections { #expect(!s.heading.contains("\r")) }
    }

    @Test("A BOM is not part of the first line: front matter and a first-line heading are both recognised")
    func byteOrderMark() {
        let withFM = DocumentParser.parse("\u{FEFF}---\nrubric: x\n---\n## A\nScore: 4\n")
        #expect(withFM.frontMatter?.entry("rubric")?.value == "x")
        #expect(withFM.sections.map(\.heading) == ["A"])
        let heading = DocumentParser.parse("\u{FEFF}## Accuracy\r\nScore: 4\r\n")
        #expect(heading.frontMatter == nil)
        #expect(heading.sections.map(\.heading) == ["Accuracy"])
        #expect(heading.sections.first?.headingRange.start == 6, "3 bytes of BOM + `## `")
        #expect(heading.sections.first?.scores.first?.value == .number(4))
        checkLossless(heading, "BOM")
    }

    @Test("Line starts: LF, CRLF, lone CR, and a CR at the very end")
    func lineStarts() {
        #expect(SourceText("a\nb\r\nc\rd").lineStarts == [0, 2, 5, 7])
        #expect(SourceText("a\r").lineStarts == [0, 2])
        #expect(SourceText("").lineStarts == [0])
        #expect(SourceText("\r\n\r\n").lineCount == 3)
        let t = SourceText("x\r\ny")
        #expect(t.lineContentRange(0) == TextRange(0, 1))
        #expect(t.lineFullRange(0) == TextRange(0, 3))
    }

    /// Labels and metadata keys compare ignoring ASCII case only: `a` and `A` match, `é` and `É`
    /// do not, nor do `@` and `` ` `` (0x40 and 0x60 differ by 0x20 but are not letters).
    @Test("ASCII-case comparison agrees with comparing ASCII-lowercased bytes")
    func asciiCaseComparison() {
        func reference(_ a: String, _ b: String) -> Bool {
            func low(_ s: String) -> [UInt8] { s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
            return low(a) == low(b)
        }
        let pieces = ["a", "A", "z", "Z", "@", "`", "[", "{", "é", "É", "1", "-", "日", "😀", " "]
        var rng = SeededRandom(seed: 0xCA5E)
        var pairs: [(String, String)] = [("", ""), ("A", "a"), ("@", "`"), ("é", "É"), ("Score", "score"), ("a", "ab")]
        for _ in 0..<3_000 {
            let n = Int(rng.next() % 6)
            let a = (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            // Half the time a case-flipped copy, so that equal pairs are common.
            let b = rng.next() % 2 == 0 ? String(a.map { c in c.isASCII ? (c.isUppercase ? Character(c.lowercased()) : Character(c.uppercased())) : c })
                                        : (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            pairs.append((a, b))
        }
        for (a, b) in pairs { #expect(equalsIgnoringASCIICase(a, b) == reference(a, b), "\(a.debugDescription) vs \(b.debugDescription)") }
    }

    /// The scan reads eight bytes at a time and jumps to the first byte below 0x0E in a chunk;
    /// it must find what a byte-by-byte reading finds, wherever line breaks and NULs fall.
    @Test("The line scan agrees with a byte-by-byte reading")
    func lineScanAgreesWithBytes() {
        let pieces: [[UInt8]] = [[10], [13], [13, 10], [0], [0x0D, 0x0D], [9], [0x0E], [0x0C], [0x20], Array("abc".utf8), Array("é".utf8),
                                 Array("评".utf8), Array("a long run of plain text".utf8), [0x7F], [0x80 | 0x0A]]
        var rng = SeededRandom(seed: 0x5CA9)
        for _ in 0..<2_000 {
            var b: [UInt8] = []
            for _ in 0..<Int(rng.next() % 30) { b += pieces[Int(rng.next() % UInt64(pieces.count))] }
            var starts = [0], nul = false, high: UInt8 = 0
            var i = 0
            while i < b.count {
                let c = b[i]
                high |= c
                if c == 10 { starts.append(i + 1) } else if c == 13 {
                    if i + 1 < b.count && b[i + 1] == 10 { i += 1 }
                    starts.append(i + 1)
                } else if c == 0 { nul = true }
                i += 1
            }
            let scan = SourceText.scan(b)
            #expect(scan.lineStarts == starts && scan.nul == nul && scan.ascii == (high < 0x80), "\(b)")
        }
    }

    // MARK: positions with emoji and CJK

    @Test("Tag, score and quote ranges are UTF-8 offsets, after emoji and CJK")
    func utf8Positions() {
        let head = "---\nrubric: r\n---\n"
        let prose = "🚀 東京 café #hallucination and #outdated"
        let text = head + "## 准确性 ✅\nScore: 3 #verbose\n" + prose + "\n> “東京は🗼”\n"
        let doc = DocumentParser.parse(text)
        let s = doc.sections[0]
        #expect(s.heading == "准确性 ✅")
        #expect(s.headingRange.start == head.utf8.count + 3)
        #expect(s.headingRange.length == "准确性 ✅".utf8.count)
        let proseStart = head.utf8.count + "## 准确性 ✅\nScore: 3 #verbose\n".utf8.count
        let hall = s.tags.first { $0.name == "hallucination" }!
        #expect(hall.range.start == proseStart + "🚀 東京 café ".utf8.count)
        #expect(hall.range.length == "#hallucination".utf8.count)
        #expect(doc.text.slice(hall.range) == "#hallucination")
        let outdated = s.tags.first { $0.name == "outdated" }!
        #expect(doc.text.slice(outdated.range) == "#outdated")
        // Human columns count Unicode scalars: 🚀(1) space(1) 東京(2) space café(4) space -> column 11.
        #expect(doc.text.humanPosition(hall.range.start) == (line: 6, column: 11))
        let score = s.scores[0]
        #expect(doc.text.slice(score.valueRange) == "3")
        #expect(s.tags.first { $0.name == "verbose" }?.scoreLabel == "Score")
        #expect(s.quotes.first?.text == "東京は🗼")
        #expect(doc.text.slice(s.quotes[0].textRange) == "東京は🗼")
    }

    @Test("Words: letters and digits, one a CJK character; tags and quotes are not counted")
    func wordCounts() {
        func words(_ prose: String) -> Int {
            DocumentParser.parse("## S\n\(prose)\n").sections[0].words
        }
        #expect(words("回答正确") == 4)
        #expect(words("hello 世界") == 3)
        #expect(words("日本語のテキスト") == 8)
        #expect(words("don't stop-words, 3.5 times") == 5)
        #expect(words("one #tag-here two") == 2)
        #expect(words("🚀🚀 🎉") == 0)
        #expect(DocumentParser.parse("## S\n> \"many quoted words here\"\nx\n").sections[0].words == 1)
    }

    @Test("A trailing HTML comment is ignored on headings, scores, prose, quotes, checklist and preference lines")
    func trailingComments() {
        let doc = DocumentParser.parse("""
        ## Truthfulness <!-- note -->
        A: 4 <!-- note -->
        B: 2 #hallucination <!-- expect: tag-caps-score -->
        Prose here <!-- hidden words -->
        > B: "quoted" <!-- c -->
        - [x] Advises seeing a clinician <!-- c -->

        ## Preference <!-- c -->
        A > B <!-- c -->
        """)
        let s = doc.sections[0]
        #expect(s.heading == "Truthfulness")
        #expect(s.scores.map(\.value) == [.number(4), .number(2)])
        #expect(s.words == 2)
        #expect(s.quotes.map(\.text) == ["quoted"])
        #expect(s.items.map(\.text) == ["Advises seeing a clinician"])
        #expect(doc.sections[1].heading == "Preference")
        #expect(doc.sections[1].preferences.count == 1)
    }

    @Test("Typographic quotes, labels, mirrored preferences and suppressions")
    func elements() {
        let doc = DocumentParser.parse("""
        <!-- critique-disable-file banned-phrase, tag-unknown: house style -->
        ## T
        > B: “curly quotes”
        > "no label"
        > plain block quote

        <!-- critique-disable score-off-step -->
        A: 3.5
        B: n/a

        ## Preference
        B <<< A
        """)
        let q = doc.sections[0].quotes
        #expect(q.map(\.label) == ["B", nil, nil])
        #expect(q.map(\.text) == ["curly quotes", "no label", "plain block quote"])
        #expect(doc.sections[0].scores.map(\.value) == [.number(3.5), .notApplicable])
        let p = doc.sections[1].preferences.first
        #expect(p?.preferred == "A")
        #expect(p?.relation == .better(strength: 3))
        #expect(doc.suppressions.count == 2)
        #expect(doc.suppressions[0].wholeFile)
        #expect(doc.suppressions[0].rules.map(\.id) == ["banned-phrase", "tag-unknown"])
        #expect(doc.suppressions[0].reason == "house style")
        #expect(doc.suppressions[1].reason == nil)
        // The block scope: the two score lines, up to the blank line.
        let scope = doc.suppressions[1].scope
        #expect(doc.text.slice(scope) == "A: 3.5\nB: n/a\n")
    }

    @Test("Unterminated front matter is a problem, not a crash, and stops at the first heading")
    func unterminatedFrontMatter() {
        let doc = DocumentParser.parse("---\nrubric: x\n## A\nScore: 4\n")
        #expect(doc.frontMatter?.closed == false)
        #expect(doc.problems.count == 1)
        #expect(doc.sections.map(\.heading) == ["A"])
    }

    // MARK: JSON5 reader

    @Test("JSON5: comments, trailing commas, unquoted keys, single quotes, hex, Infinity, NaN, signs, escapes")
    func json5Features() throws {
        let src = """
        // line comment
        /* block
           comment */ {
          unquoted: 'single \\'quoted\\'',
          "double": "tab\\tnewline\\n\\u00e9\\uD83D\\uDE80",
          hex: 0xFF, negHex: -0x10, inf: Infinity, ninf: -Infinity, nan: NaN,
          plus: +1, lead: .5, trail: 5., exp: 1e3,
          list: [1, 2, 3,],
          $dollar_key: true, nothing: null,
          continued: 'a\\
        b',
        }
        """
        let (node, problems) = JSONReader.parse(SourceText(src))
        #expect(problems.isEmpty, "\(problems)")
        let n = try #require(node)
        #expect(n["unquoted"]?.string == "single 'quoted'")
        #expect(n["double"]?.string == "tab\tnewline\né🚀")
        #expect(n["hex"]?.number == 255)
        #expect(n["negHex"]?.number == -16)
        #expect(n["inf"]?.number == .infinity)
        #expect(n["ninf"]?.number == -.infinity)
        #expect(n["nan"]?.number?.isNaN == true)
        #expect(n["plus"]?.number == 1)
        #expect(n["lead"]?.number == 0.5)
        #expect(n["trail"]?.number == 5)
        #expect(n["exp"]?.number == 1000)
        #expect(n["list"]?.elements.count == 3)
        #expect(n["$dollar_key"]?.bool == true)
        #expect(n["continued"]?.string == "ab")
        // Ranges point at the source.
        let text = SourceText(src)
        let hexMember = try #require(n.members.first { $0.key == "hex" })
        #expect(text.slice(hexMember.keyRange) == "hex")
        #expect(text.slice(hexMember.value.range) == "0xFF")
    }

    static let brokenJSON: [(String, String)] = [
        ("{ a: 1 b: 2 }", "Expected ',' or '}'"),
        ("{ a: 'unterminated }", "Unterminated string"),
        ("{ a: [1, 2 }", "Expected ',' or ']'"),
        ("{ a: tru }", "Unknown word 'tru'"),
        ("{ a: 0x }", "Invalid hexadecimal"),
        ("/* never closed", "Unterminated block comment"),
        ("", "The file is empty"),
        ("{ a: 1 } extra", "Unexpected text after the end"),
        ("{ a: \"\\u12\" }", "Invalid \\u escape"),
        ("{ a: @ }", "Unexpected character"),
        (String(repeating: "[", count: 500), "Nesting is too deep"),
    ]

    @Test("Broken JSON returns problems with positions inside the text", arguments: brokenJSON)
    func brokenJSONProblems(_ src: String, _ message: String) {
        let text = SourceText(src)
        let (_, problems) = JSONReader.parse(text)
        #expect(!problems.isEmpty)
        #expect(problems.contains { $0.message.contains(message) }, "\(problems.map(\.message))")
        for p in problems { #expect(p.range.start >= 0 && p.range.end <= text.bytes.count && p.range.start <= p.range.end) }
    }

    @Test("The reader and the rubric checker survive truncation at every byte of a rubric")
    func truncationAtEveryByte() {
        let bytes = Array(EmbeddedRubrics.starterText.utf8)
        var failures = 0
        for n in 0...bytes.count {
            let text = SourceText(bytes: Array(bytes[0..<n]))
            let (_, problems) = JSONReader.parse(text)
            // The root object closes only at the last byte, so every shorter prefix has a problem.
            if n < bytes.count && problems.isEmpty { failures += 1 }
            for p in problems where p.range.start < 0 || p.range.end > text.bytes.count { failures += 1 }
            let file = RubricFile(text: text)
            for f in file.findings where f.range.start < 0 || f.range.end > text.bytes.count { failures += 1 }
            if n < bytes.count && file.usable != nil { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("The reader, rubric checker, parser and analyzer survive random byte mutations (fixed seed)")
    func randomMutations() {
        var rng = SeededRandom(seed: 0xC0FFEE)
        let rubricBytes = Array(EmbeddedRubrics.starterText.utf8)
        let docBytes = Support.bytes("workspaces/line-endings/critiques/crlf-defective.critique.md")
        #expect(!docBytes.isEmpty)
        let interesting: [UInt8] = Array("{}[]:,'\"\\/*\n\r#>-<=`0x".utf8) + [0, 0xFF, 0xC3, 0xE2, 0x80]
        func mutate(_ input: [UInt8]) -> [UInt8] {
            var b = input
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                guard !b.isEmpty else { b.append(interesting.randomElement(using: &rng)!); continue }
                let i = Int.random(in: 0..<b.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: b.remove(at: i)
                case 2: b.insert(interesting.randomElement(using: &rng)!, at: i)
                case 3: let j = min(b.count, i + Int.random(in: 1...40, using: &rng)); b.insert(contentsOf: b[i..<j], at: i)
                default: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...40, using: &rng)))
                }
            }
            return b
        }
        let rubric = EmbeddedRubrics.starterRubric.rubric!
        var bad = 0
        for _ in 0..<400 {
            let rt = SourceText(bytes: mutate(rubricBytes))
            let (_, problems) = JSONReader.parse(rt)
            let file = RubricFile(text: rt)
            for r in problems.map(\.range) + file.findings.map(\.range) where r.start < 0 || r.end > rt.bytes.count { bad += 1 }

            let dt = SourceText(bytes: mutate(docBytes))
            let doc = DocumentParser.parse(dt)
            if doc.lines.reduce(0, { $0 + $1.range.length }) != dt.bytes.count { bad += 1 }
            let analysis = Analyzer.analyze(doc, rubric: .resolved(rubric, origin: .embeddedDefault, file: nil),
                                            responses: .texts(["A": "some text", "B": "other text"]))
            for f in analysis.findings where f.range.start < 0 || f.range.end > dt.bytes.count { bad += 1 }
            for f in analysis.findings { for fix in f.fixes { _ = dt.string.applying(fix.edits) } }
        }
        #expect(bad == 0)
    }

    @Test("Task files: an object of responses, a list labelled A, B…, and errors that say why")
    func taskFiles() {
        if case .success(let r) = TaskFile.responses(SourceText(#"{"responses": {"A": "x", "B": "y"}}"#)) { #expect(r == ["A": "x", "B": "y"]) } else { Issue.record("object form") }
        if case .success(let r) = TaskFile.responses(SourceText(#"{"responses": ["x", {"text": "y"}]}"#)) { #expect(r == ["A": "x", "B": "y"]) } else { Issue.record("list form") }
        if case .failure(let e) = TaskFile.responses(SourceText(#"{"prompt": "p"}"#)) { #expect(e.message.contains("no \"responses\"")) } else { Issue.record("missing") }
        if case .failure(let e) = TaskFile.responses(SourceText("{ broken")) { #expect(e.message.contains("invalid JSON at 1:")) } else { Issue.record("broken") }
    }

    @Test("critique.json: keys, rule severities, and problems with did-you-mean")
    func configFile() {
        let ok = ConfigFile.parse(SourceText(#"{ rubrics: "rubrics", failOn: "warning", rules: { "banned-phrase": "off", "tag-unknown": "warning" } }"#))
        #expect(ok.problems.isEmpty)
        #expect(ok.rubrics == ["rubrics"])
        #expect(ok.failOn == .warning)
        #expect(ok.severities.severity(of: RuleCatalog.rule("banned-phrase")!) == nil)
        #expect(ok.severities.severity(of: RuleCatalog.rule("tag-unknown")!) == .warning)
        let bad = ConfigFile.parse(SourceText(#"{ rubric: ["x"], rules: { "tag-unknwn": "error", "banned-phrase": "loud" } }"#))
        let messages = bad.problems.map(\.message)
        #expect(messages.contains { $0.contains("Unknown key 'rubric'. Did you mean 'rubrics'?") })
        #expect(messages.contains { $0.contains("Unknown rule 'tag-unknwn'. Did you mean 'tag-unknown'?") })
        #expect(messages.contains { $0.contains("The severity of 'banned-phrase'") })
    }
}

/// `equalsIgnoringCase` decides on ASCII without Unicode's lowercasing; it must still say
/// exactly what `a.lowercased() == b.lowercased()` says, for every pair.
@Suite("Case-insensitive comparison")
struct CaseInsensitiveComparisonTests {
    static let words = ["", "a", "A", "rubric", "RUBRIC", "Rubric", "rubrics", "rubri", "task", "Task-1", "task-1",
                        "\u{212A}elvin", "kelvin", "KELVIN", "İstanbul", "i̇stanbul", "istanbul", "straße", "STRASSE", "strasse",
                        "ΣΟΦΟΣ", "σοφος", "σοφοσ", "评分", "评分A", "评分a", "🙂", "🙂a", "a🙂", "A🙂", "é", "É", "e\u{301}", "E\u{301}"]

    @Test("Agrees with comparing lowercased strings", arguments: words)
    func agreesWithLowercased(_ a: String) {
        for b in Self.words {
            #expect(equalsIgnoringCase(a, b) == (a.lowercased() == b.lowercased()), "\(a) vs \(b)")
        }
    }
}
