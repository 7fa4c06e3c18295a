@testable import CritiqueCLI
@testable import CritiqueCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The pages of `critique report`: the HTML page (well-formed XML, accessible structure, no
/// script, nothing loaded, untrusted text escaped) and the Markdown summary, on a report built by
/// hand with two rubric groups, measurable and unmeasurable α, a gold failure, duplicates and
/// hostile names; and the HTML page in headless Chromium (Tests/Scripts/report_browser.py).
@Suite("ReportPages: the HTML and Markdown pages of critique report")
struct ReportPageTests {
    // MARK: the sample

    /// A file name with markup, an ampersand, quotes, a right-to-left override, emoji and CJK.
    static let hostilePath = "critiques/<script>alert(1)</script> & \"q\" 'x' \u{202E}gpj.exe 😀 漢字.critique.md"
    static let hostileAnnotator = "ann<b>x</b> & \"co\" \u{202E}1"
    static let hostileTask = "T-7 <img src=x onerror=alert(1)>"
    static let pipeTitle = "Accuracy | <i>facts</i> `tick` [link](javascript:alert(1)) @octocat"

    static func sample() -> BatchReport {
        typealias R = BatchReport
        let criteria1: [R.CriterionReliability] = [
            .init(rubric: "helpful@1", criterion: "accuracy", title: pipeTitle, level: .interval, alpha: 0.81234, units: 12, ci: (0.7, 0.9)),
            .init(rubric: "helpful@1", criterion: "clarity", title: "Clarity", level: .ordinal, alpha: 0.7, units: 12, ci: (0.52, 0.83)),
            .init(rubric: "helpful@1", criterion: "safety/no-harm", title: "No harm", level: .nominal, alpha: 0.412, units: 9, ci: (-0.12, 0.66)),
            .init(rubric: "helpful@1", criterion: "tone#snark", title: "Snark", level: .nominal, alpha: nil, units: 1, ci: nil),
            .init(rubric: "helpful@1", criterion: "depth", title: "Depth", level: .interval, alpha: -0.25, units: 5, ci: (-0.6, 0.1)),
        ]
        let people: [R.Annotator] = [
            .init(id: "alice", documents: 6, failing: 0, findingsPerDocument: [(.scores, 0.5), (.prose, 0.17), (.tags, 0)], medianWords: 42,
                  quotesFound: 0.95, meanScore: 0.62, batchMeanScore: 0.58, scoreHistogram: [0, 1, 3, 5, 2], batchHistogram: [1, 4, 9, 12, 6],
                  goldAccuracy: 0.8, deltaAlpha: -0.021),
            .init(id: hostileAnnotator, documents: 5, failing: 2, findingsPerDocument: [(.structure, 1.4)], medianWords: 7.5,
                  quotesFound: nil, meanScore: 0.41, batchMeanScore: 0.58, scoreHistogram: [1, 3, 4, 1, 0], batchHistogram: [1, 4, 9, 12, 6],
                  goldAccuracy: 0.35, deltaAlpha: 0.064),
            .init(id: "@carol", documents: 5, failing: 0, findingsPerDocument: [], medianWords: 30,
                  quotesFound: 1, meanScore: nil, batchMeanScore: nil, scoreHistogram: [0, 0, 0, 0, 0], batchHistogram: [0, 0, 0, 0, 0],
                  goldAccuracy: nil, deltaAlpha: nil),
        ]
        let ids = people.map(\.id)
        let matrix = R.AgreementMatrix(annotators: ids, cells: [
            [(nil, 0), (0.41, 17), (0.9, 10)],
            [(0.41, 17), (nil, 0), (nil, 0)],
            [(0.9, 10), (nil, 0), (nil, 0)],
        ])
        let disagreements: [R.Disagreement] = [
            .init(task: hostileTask, criterion: "accuracy", response: "B", spread: 0.75, sides: [
                .init(annotator: "alice", value: "4", path: "critiques/a.critique.md", line: 12),
                .init(annotator: hostileAnnotator, value: "1 | <b>", path: hostilePath, line: 9),
            ]),
            .init(task: "T-2", criterion: "clarity", response: nil, spread: 0.5, sides: [
                .init(annotator: "alice", value: "3", path: "critiques/b.critique.md", line: 20),
                .init(annotator: "@carol", value: "1", path: "critiques/c.critique.md", line: 18),
            ]),
        ]
        let gold: [R.GoldResult] = [
            .init(annotator: "alice", criteria: [.init(criterion: "accuracy", meanAbsoluteDeviation: 0.4, exact: 0.7, n: 10)],
                  preferenceAgreement: 0.9, preferenceN: 10, tasks: 10, failures: []),
            .init(annotator: hostileAnnotator, criteria: [.init(criterion: "accuracy", meanAbsoluteDeviation: 1.6, exact: 0.2, n: 10),
                                                          .init(criterion: "clarity", meanAbsoluteDeviation: nil, exact: nil, n: 0)],
                  preferenceAgreement: 0.5, preferenceN: 8, tasks: 10, failures: ["mean absolute deviation 1.60 > 1.00", "exact 20% < 50%"]),
        ]
        let g1 = R.Group(rubric: "helpful@1", versions: ["1.0.0", "1.2.0"], documents: 16, tasks: 12, annotators: 3, passRate: 0.875,
                         findingsByRule: [("quote-not-found", 5), ("justification-too-short", 9), ("tag-unknown", 1), ("<b>bold</b>-rule", 2)],
                         criteria: criteria1,
                         preference: R.PreferenceReliability(alpha: 0.55, units: 12, ci: (0.31, 0.74), strengthAlpha: nil, firstShown: "A",
                                                             positionBias: 0.625, decided: 16),
                         people: people, matrix: matrix, disagreements: disagreements, gold: gold)
        let g2 = R.Group(rubric: "safety-漢字@2", versions: ["2.0"], documents: 3, tasks: 3, annotators: 1, passRate: 1,
                         findingsByRule: [], criteria: [
                             .init(rubric: "safety-漢字@2", criterion: "risk", title: "Risk 😀", level: .ratio, alpha: nil, units: 0, ci: nil),
                         ],
                         preference: nil,
                         people: [.init(id: "dave", documents: 3, failing: 0, findingsPerDocument: [], medianWords: 25, quotesFound: nil,
                                        meanScore: 0.5, batchMeanScore: 0.5, scoreHistogram: [0, 1, 1, 1, 0], batchHistogram: [0, 1, 1, 1, 0],
                                        goldAccuracy: nil, deltaAlpha: nil)],
                         matrix: R.AgreementMatrix(annotators: ["dave"], cells: [[(nil, 0)]]), disagreements: [], gold: [])
        return BatchReport(
            documents: 21, groups: [g1, g2],
            failing: [(hostilePath, hostilePath + ":3:1: error: unknown tag #<b> [tag-unknown]"), ("critiques/b.critique.md", "critiques/b.critique.md:9:4: quote not found [quote-not-found]")],
            unusable: [("critiques/x.critique.md", "rubric `nope@3` not found [rubric-not-found]")],
            duplicates: [.init(paths: ["critiques/a.critique.md", hostilePath], annotators: ["alice", hostileAnnotator], tasks: ["T-1", hostileTask],
                               similarity: 0.91, kind: "across annotators"),
                         .init(paths: ["critiques/d.critique.md", "critiques/e.critique.md"], annotators: ["alice"], tasks: ["T-3", "T-4"],
                               similarity: 0.74, kind: "one annotator across tasks")],
            lengthOutliers: [.init(path: hostilePath, annotator: hostileAnnotator, words: 3, median: 41, short: true),
                             .init(path: "critiques/f.critique.md", annotator: nil, words: 900, median: 41.5, short: false)],
            unmatchedGold: ["T-99", hostileTask],
            notes: ["helpful@1: versions 1.0.0 and 1.2.0 mixed in one group & compared as one"])
    }

    static let title = "Batch QA <week 12> & \"friends\""

    // MARK: structure, read back with XMLParser

    /// What the HTML page is made of, as an XML parser sees it.
    final class Structure: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var headings: [Int] = []
        var lang: String?
        var ids: [String] = []
        var labelledBy: [String] = []
        var text = ""
        var problems: [String] = []
        var attributes: [(element: String, name: String, value: String)] = []
        var styleText = ""
        var tables = 0, svgs = 0

        private var stack: [String] = []
        private var table: (caption: Bool, ariaLabel: Bool, headers: Int, unscoped: Int)?
        private var svg: (firstChild: String?, title: String)?
        private var inTitle = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
            for (k, v) in attributes { self.attributes.append((name, k, v)) }
            if let id = attributes["id"] { ids.append(id) }
            if name == "html" { lang = attributes["lang"] }
            if name.count == 2, name.hasPrefix("h"), let level = Int(name.dropFirst()) { headings.append(level) }
            if let svg, svg.firstChild == nil { self.svg?.firstChild = name }
            switch name {
            case "table":
                tables += 1
                table = (false, attributes["aria-label"] != nil, 0, 0)
            case "caption": table?.caption = true
            case "th":
                table?.headers += 1
                if attributes["scope"] != "col" && attributes["scope"] != "row" { table?.unscoped += 1 }
            case "svg":
                svgs += 1
                if attributes["role"] != "img" { problems.append("svg without role=img") }
                guard let l = attributes["aria-labelledby"], !l.isEmpty else { problems.append("svg without aria-labelledby"); break }
                labelledBy += l.split(separator: " ").map(String.init)
                svg = (nil, "")
            case "title" where svg != nil: inTitle = true
            default: break
            }
            stack.append(name)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            switch name {
            case "table":
                if let t = table {
                    if !t.caption && !t.ariaLabel { problems.append("table \(tables) without caption or aria-label") }
                    if t.headers == 0 { problems.append("table \(tables) without th") }
                    if t.unscoped > 0 { problems.append("table \(tables): \(t.unscoped) th without scope") }
                }
                table = nil
            case "title" where svg != nil: inTitle = false
            case "svg":
                if let s = svg {
                    if s.firstChild != "title" { problems.append("svg \(svgs): first child is \(s.firstChild ?? "nothing"), not title") }
                    if s.title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("svg \(svgs): empty title") }
                }
                svg = nil
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
            if inTitle { svg?.title += string }
            if stack.last == "style" { styleText += string }
        }
    }

    static func parse(_ html: String) -> (ok: Bool, error: String, structure: Structure) {
        let parser = XMLParser(data: Data(html.utf8))
        let s = Structure()
        parser.delegate = s
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        return (ok, ok ? "" : "\(String(describing: parser.parserError)) at line \(parser.lineNumber), column \(parser.columnNumber)", s)
    }

    @Test("The HTML page is well-formed XML with <!DOCTYPE html>, lang=\"en\", one h1 and no skipped heading level")
    func wellFormed() throws {
        let html = ReportPages.html(Self.sample(), title: Self.title)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\"/>"))
        let (ok, error, s) = Self.parse(html)
        #expect(ok, "not well-formed: \(error)")
        #expect(s.lang == "en")
        #expect(s.headings.first == 1)
        #expect(s.headings.filter { $0 == 1 }.count == 1, "one h1: \(s.headings)")
        for (a, b) in zip(s.headings, s.headings.dropFirst()) {
            #expect(b <= a + 1, "heading level skips from h\(a) to h\(b): \(s.headings)")
        }
        #expect(s.headings.contains(2) && s.headings.contains(3))
        // Only the five entities XML and HTML both know.
        var rest = Substring(html)
        while let amp = rest.firstIndex(of: "&") {
            let tail = rest[amp...]
            #expect(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains { tail.hasPrefix($0) }, "entity at \(tail.prefix(12))")
            rest = rest[rest.index(after: amp)...]
        }
        #expect(Set(s.ids).count == s.ids.count, "ids are unique")
    }

    @Test("Every table has a caption and scoped th; every svg is role=img with a title first and an existing aria-labelledby target")
    func accessibleStructure() throws {
        let (ok, _, s) = Self.parse(ReportPages.html(Self.sample(), title: Self.title))
        #expect(ok)
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(s.tables >= 10, "failing, unusable, findings, criteria, annotators, matrix, disagreements, gold ×2, duplicates, outliers: \(s.tables)")
        #expect(s.svgs >= 5, "findings, α ×2, histograms: \(s.svgs)")
        let ids = Set(s.ids)
        for l in s.labelledBy { #expect(ids.contains(l), "aria-labelledby \(l) names no element") }
        // Every scrollable table box can be reached by keyboard and is named.
        #expect(s.attributes.filter { $0.element == "div" && $0.name == "role" && $0.value == "region" }.count == s.tables)
    }

    @Test("No script, nothing to load: no http(s) URL, no src, no url(, only #fragment links")
    func nothingLoaded() throws {
        let html = ReportPages.html(Self.sample(), title: Self.title)
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("http://") && !lower.contains("https://"))
        #expect(!lower.contains("url(") && !lower.contains("@import"))
        let (ok, _, s) = Self.parse(html)
        #expect(ok)
        for bad in ["script", "img", "link", "iframe", "object", "embed", "image", "use", "foreignObject", "audio", "video", "source", "form", "base"] {
            #expect(s.elements[bad] == nil, "<\(bad)> in the page")
        }
        for a in s.attributes {
            #expect(!["src", "srcset", "xlink:href", "action", "formaction", "background", "poster"].contains(a.name.lowercased()), "\(a.element) \(a.name)=\(a.value)")
            #expect(!a.name.lowercased().hasPrefix("on"), "event handler \(a.element) \(a.name)")
            if a.name == "href" { #expect(a.value.hasPrefix("#"), "link out of the page: \(a.value)") }
            if a.name == "style" { #expect(!a.value.lowercased().contains("url"), "style=\(a.value)") }
        }
        #expect(!s.styleText.isEmpty, "inline CSS")
        #expect(s.styleText.contains("prefers-color-scheme:dark") && s.styleText.contains("@media print"))
        // The policy forbids fetching anything even if something slipped through.
        #expect(html.contains("default-src 'none'"))
    }

    @Test("Text from the report is escaped and made inert: markup shows as text, the RLO is written out, emoji and CJK kept")
    func hostileStrings() throws {
        let html = ReportPages.html(Self.sample(), title: Self.title)
        #expect(!html.contains("<script>alert(1)</script>") && !html.contains("<b>x</b>") && !html.contains("<img src"))
        // (Paths may break after each `/`: a <wbr/> follows it.)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/<wbr/>script&gt; &amp; &quot;q&quot; &#39;x&#39;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.unicodeScalars.contains { !Inert.isInert($0) && $0 != "\n" }, "a control or bidi character reached the page")
        #expect(html.contains("\\u{202E}gpj.exe"))
        #expect(html.contains("😀") && html.contains("漢字"))
        #expect(html.contains("<title>Batch QA &lt;week 12&gt; &amp; &quot;friends&quot;</title>"))
        let (ok, _, s) = Self.parse(html)
        #expect(ok)
        // The parser reads the markup back as text, not as elements.
        #expect(s.text.contains("<script>alert(1)</script>"))
        #expect(s.elements["b"] == nil && s.elements["i"] == nil)
    }

    @Test("Numbers: α to three decimals, intervals, percentages; nil α is \"not measurable\", never nan")
    func numbers() throws {
        let html = ReportPages.html(Self.sample(), title: Self.title)
        let (ok, _, s) = Self.parse(html)
        #expect(ok)
        let text = s.text
        #expect(text.contains("0.812") && !text.contains("0.8123"))
        #expect(text.contains("[0.700, 0.900]"))
        #expect(text.contains("[\u{2212}0.120, 0.660]"), "negative bounds with a minus sign")
        #expect(text.contains("\u{2212}0.250"))
        #expect(text.contains("not measurable"))
        #expect(text.contains("87.5%") || text.contains("88%"))
        #expect(text.contains("62.5%") || text.contains("63%"), "position bias")
        #expect(text.contains("α ≥ 0.8 reliable; 0.667–0.8 tentative; below 0.667 unreliable"))
        #expect(text.contains("Krippendorff 2004"))
        #expect(text.contains("+0.064"), "Δα with its sign")
        #expect(text.contains("⚠ below 0.667"))
        #expect(text.contains("n=17"), "matrix cells write n")
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter })
        #expect(!words.contains("nan") && !words.contains("inf"))
        #expect(ReportNumber.percent(0.999) == "99.9%" && ReportNumber.percent(0.9999) == "99.9%" && ReportNumber.percent(1) == "100%")
        #expect(ReportNumber.percent(0.0001) == "0.1%" && ReportNumber.percent(0) == "0%" && ReportNumber.percent(.nan) == "—")
        #expect(ReportNumber.alpha(.nan) == "not measurable" && ReportNumber.alpha(nil) == "not measurable" && ReportNumber.alpha(1) == "1.000")
        #expect(ReportNumber.signed(0.0001, 3) == "0.000" && ReportNumber.signed(-0.5, 3) == "-0.500" && ReportNumber.signed(0.5, 3) == "+0.500")
        #expect(ReportNumber.decimal(1e300, 3) == "—", "no trap on huge values")
    }

    @Test("The HTML page shows every part of the model")
    func contents() throws {
        let (ok, _, s) = Self.parse(ReportPages.html(Self.sample(), title: Self.title))
        #expect(ok)
        let text = s.text
        for expected in ["21 documents", "helpful@1", "safety-漢字@2", "Versions mixed", "1.0.0", "quote not found", "without a usable rubric",
                         "rubric `nope@3` not found", "T-99", "mixed in one group & compared as one", "quote-not-found", "Criteria reliability",
                         "Position bias", "went to the response shown first", "Annotators", "Agreement between annotators", "Largest disagreements",
                         "critiques/a.critique.md:12", "Gold", "mean absolute deviation 1.60 > 1.00", "✗", "across annotators",
                         "one annotator across tasks", "0.91", "Length outliers", "short", "long", "Risk 😀", "@carol", "batch 58%"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }

    @Test("An empty report renders and parses")
    func empty() throws {
        let r = BatchReport(documents: 0, groups: [], failing: [], unusable: [], duplicates: [], lengthOutliers: [], unmatchedGold: [], notes: [])
        let (ok, error, s) = Self.parse(ReportPages.html(r, title: ""))
        #expect(ok, "\(error)")
        #expect(s.problems.isEmpty)
        #expect(s.text.contains("Critique report"))
        let md = ReportPages.markdown(r, title: "")
        #expect(md.hasPrefix("## Critique report\n"))
    }

    /// `Inert.allInert` reads bytes; `Inert.isInert` says the rule per scalar. Every scalar,
    /// alone and between inert neighbours, gets the same answer from both.
    @Test("Inert's byte check agrees with its scalar rule on every Unicode scalar")
    func inertBytesAgreeWithScalars() {
        var disagreements: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = "a" + String(Character(u)) + "é"
            for controls in [false, true] {
                let want = Inert.isInert(u) || (controls && v < 0x20)
                if Inert.allInert(s, exceptControls: controls) != want, disagreements.count < 10 {
                    disagreements.append("U+\(String(v, radix: 16)) exceptControls \(controls)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
        // Runs of ASCII are read eight bytes at a time: every ASCII byte and a refused
        // multi-byte scalar at every place of a longer run.
        let run = Array("The score is 4 of 5; see line 12.".utf8)
        for v in UInt32(0)..<0x80 {
            for at in 0...20 {
                var bytes = run
                bytes[at] = UInt8(v)
                let s = String(decoding: bytes, as: UTF8.self)
                for controls in [false, true] {
                    let want = Inert.isInert(Unicode.Scalar(v)!) || (controls && v < 0x20)
                    if Inert.allInert(s, exceptControls: controls) != want, disagreements.count < 10 {
                        disagreements.append("U+\(String(v, radix: 16)) at byte \(at) of 34, exceptControls \(controls)")
                    }
                }
            }
        }
        for at in 0...20 {
            let s = String(decoding: run[..<at], as: UTF8.self) + "\u{202E}" + String(decoding: run[at...], as: UTF8.self)
            if Inert.allInert(s, exceptControls: true) { disagreements.append("U+202E after \(at) ASCII bytes") }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    @Test("Inert.html escapes the five characters and neutralises controls and bidi overrides")
    func inertHTML() {
        #expect(Inert.html("a & <b> \"c\" 'd'") == "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39;")
        #expect(Inert.html("x\u{202E}y\u{1B}[31m\nz") == "x\\u{202E}y\\u{1B}[31m\\nz")
        #expect(Inert.html("plain 漢字 😀") == "plain 漢字 😀")
    }

    // MARK: Markdown

    /// Unescaped `|` in a line.
    static func pipes(_ line: Substring) -> Int {
        var n = 0, escaped = false
        for ch in line {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true } else if ch == "|" { n += 1 }
        }
        return n
    }

    /// The text with every code span (a run of backticks up to the next run as long) removed.
    static func withoutCodeSpans(_ s: String) -> String {
        let chars = Array(s)
        var out = "", i = 0
        while i < chars.count {
            guard chars[i] == "`", i == 0 || chars[i - 1] != "\\" else { out.append(chars[i]); i += 1; continue }
            var n = 0
            while i + n < chars.count && chars[i + n] == "`" { n += 1 }
            var j = i + n, close: Int?
            while j < chars.count {
                if chars[j] == "`" {
                    var m = 0
                    while j + m < chars.count && chars[j + m] == "`" { m += 1 }
                    if m == n { close = j + m; break }
                    j += m
                } else { j += 1 }
            }
            guard let close else { out += String(repeating: "`", count: n); i += n; continue }
            out += "CODE"
            i = close
        }
        return out
    }

    @Test("Markdown: headline, tables with one cell a column, | and ` and < escaped, no mention, no raw markup")
    func markdown() throws {
        let md = ReportPages.markdown(Self.sample(), title: Self.title)
        #expect(md.hasPrefix("## Batch QA &lt;week 12&gt; &amp; \"friends\"\n"))
        #expect(md.contains("**21 documents**"))
        #expect(md.contains("| Criterion | Level | α | 95% CI | Units | Flag |"))
        #expect(md.contains("| Annotator | Docs | Failing |"))
        #expect(md.contains("| Task | Criterion | Response | Spread | Sides |"))
        #expect(md.contains("| Similarity | Kind | Documents | Annotators |"))
        #expect(md.contains("**Gold failures**"))
        #expect(md.contains("**Preference:**") && (md.contains("62.5%") || md.contains("63%")))
        #expect(md.contains("not measurable"))
        #expect(md.contains("⚠️ below 0.667"))
        #expect(md.contains("Accuracy \\| &lt;i&gt;facts&lt;/i&gt; \\`tick\\` \\[link\\](javascript:alert(1)) @<!-- -->octocat"), "\(md)")
        // Outside code spans (which GitHub shows literally) the only markup is the page's own.
        var outside = Self.withoutCodeSpans(md)
        for own in ["<details>", "</details>", "<summary>", "</summary>", "<br>", "<sub>", "</sub>", "<!-- -->"] {
            outside = outside.replacingOccurrences(of: own, with: "")
        }
        #expect(!outside.contains("<"), "raw markup: \(outside)")
        let prose = Self.withoutCodeSpans(md)
        #expect(!prose.contains("@carol") && !prose.contains("@octocat"), "a mention outside a code span")
        #expect(!md.unicodeScalars.contains { !Inert.isInert($0) && $0 != "\n" })
        #expect(md.contains("😀") && md.contains("漢字"))
        // Every row of a table has as many cells as its header.
        var header: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { header = nil; continue }
            if let h = header { #expect(Self.pipes(line) == h, "\(line)") } else { header = Self.pipes(line) }
        }
        #expect(md.utf8.count < 65_536)
        try? Support.write(Self.artifactsDir + "/report-sample.md", md)
    }

    @Test("Markdown code spans hold backticks and pipes")
    func markdownCode() {
        let r = BatchReport(documents: 1, groups: [], failing: [("a`b|c``.md", "x")], unusable: [], duplicates: [], lengthOutliers: [], unmatchedGold: [], notes: [])
        let md = ReportPages.markdown(r, title: "t")
        #expect(md.contains("- ```a`b|c``.md``` — `x`"), "\(md)")
    }

    @Test("A huge batch stays within one comment")
    func markdownBudget() {
        var r = Self.sample()
        r.failing = (0..<5000).map { ("critiques/" + String(repeating: "long-name-", count: 10) + "\($0).critique.md", "error \($0)") }
        r.groups = Array(repeating: r.groups[0], count: 60)
        let md = ReportPages.markdown(r, title: "big")
        #expect(md.utf8.count < 65_536)
        #expect(md.contains("left out to fit a comment"))
    }
}

// MARK: - In a real browser

extension ReportPageTests {
    static let seleniumInstalled: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-c", "import selenium"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static var browserInstalled: Bool { EditorClientTests.browserInstalled && seleniumInstalled }

    /// Where the screenshots go: $CRITIQUE_ARTIFACTS, else .build/test-artifacts/report.
    static var artifactsDir: String {
        if let dir = ProcessInfo.processInfo.environment["CRITIQUE_ARTIFACTS"], !dir.isEmpty { return dir }
        return Support.packageRoot.appendingPathComponent(".build/test-artifacts/report").path
    }

    /// Opens an HTML report in headless Chromium (Tests/Scripts/report_browser.py): no console
    /// error, no request but the file, tables and charts present, no horizontal overflow at
    /// 390 px; screenshots to `artifactsDir`. Returns whether it passed and the script's output
    /// (one line of JSON).
    static func browserCheck(htmlPath: String, artifacts: String = artifactsDir) throws -> (ok: Bool, output: String) {
        let script = Support.packageRoot.appendingPathComponent("Tests/Scripts/report_browser.py").path
        let (status, output) = try EditorClientTests.runClient("/usr/bin/python3", [script, htmlPath, artifacts],
                                                               environment: ProcessInfo.processInfo.environment, timeout: 150)
        return (status == 0, output)
    }

    @Test("The HTML page in headless Chromium: no console error, no request, fits 390 px; screenshots",
          .enabled(if: EditorHarness.isCI || browserInstalled, "SKIPPED: install chromium, chromium-driver and python3-selenium (Debian)"),
          .timeLimit(.minutes(3)))
    func browser() throws {
        guard Self.browserInstalled else {
            Issue.record("Chromium missing: .ci/run installs chromium, chromium-driver and python3-selenium (Debian)"); return
        }
        let dir = try Support.tempDir("critique-report-page")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/report.html"
        let html = ReportPages.html(Self.sample(), title: Self.title)
        try Support.write(path, html)
        let (ok, output) = try Self.browserCheck(htmlPath: path)
        // The page itself beside its screenshots, to open by hand.
        try? Support.write(Self.artifactsDir + "/report-sample.html", html)
        #expect(ok, "\(output)")
        #expect(output.contains("\"ok\": true"), "\(output)")
        print(output)
    }
}
