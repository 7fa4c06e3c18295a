@testable import CritiqueCore
import CritiqueWorkspace
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `critique report` on the demo batch (Fixtures/report/demo-batch: 12 tasks, 4 annotators,
/// overlap 3, gold for 6 tasks): the JSON contract, α against the PyPI package, gold, failing
/// critiques, n/a, versions, duplicates.
@Suite("Command line: report", .serialized)
struct ReportTests {
    /// A copy of the demo batch in a temporary folder (tests never write into Fixtures).
    static func demo() throws -> String {
        let dir = try Support.tempDir("critique-report")
        try FileManager.default.copyItem(atPath: Support.path("report/demo-batch"), toPath: dir + "/demo-batch")
        return dir
    }

    static func json(_ dir: String, _ extra: [String] = []) throws -> (Support.Run, [String: Any]) {
        let r = try Support.run(["report", "demo-batch/critiques", "--gold", "demo-batch/gold", "--format", "json"] + extra, cwd: dir)
        let object = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any] ?? [:]
        return (r, object)
    }

    @Test("The JSON has the contract's keys, lists the failing critique and the unmatched gold task, and is the same on every run")
    func contract() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (r, report) = try Self.json(dir)
        #expect(r.status == 0, "\(r.stderr)")
        let criteria = try #require(report["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["criterion"] as? String } == ["instruction-following", "truthfulness", "truthfulness#tags"])
        for c in criteria {
            #expect(c["rubric"] as? String == "chat-pairwise@2" && c["level"] is String && c["units"] is Int && c.keys.contains("alpha"))
            if let ci = c["ci"] as? [Double] { #expect(ci.count == 2 && ci[0] <= ci[1]) }
        }
        #expect(criteria[0]["level"] as? String == "interval" && criteria[2]["level"] as? String == "nominal")
        let preference = try #require(report["preference"] as? [String: Any])
        #expect(preference["alpha"] is Double && preference["units"] as? Int == 12)
        #expect((preference["positionBias"] as? Double ?? 0) > 0.8, "the demo's better answer is always shown first")
        let annotators = try #require(report["annotators"] as? [[String: Any]])
        #expect(annotators.map { $0["id"] as? String } == ["ana", "ben", "cy", "dee"] && annotators.allSatisfy { $0["documents"] as? Int == 9 })
        #expect((report["failing"] as? [[String: Any]])?.map { $0["path"] as? String } == ["demo-batch/critiques/cy/1008.critique.md"])
        #expect((report["gold"] as? [String: Any])?["unmatched"] as? [String] == ["1099"])
        #expect(r.stderr.contains("gold tasks that match no critique in the batch: 1099"))
        let again = try Support.run(["report", "demo-batch/critiques", "--gold", "demo-batch/gold", "--format", "json"], cwd: dir)
        #expect(again.stdout == r.stdout, "the bootstrap has a fixed seed: the report is reproducible")
    }

    @Test("Gold critiques inside the reported folder are references, not annotators of the batch")
    func goldInsideBatch() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Support.run(["report", "demo-batch", "--gold", "demo-batch/gold", "--format", "json"], cwd: dir)
        let report = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any] ?? [:]
        #expect((report["annotators"] as? [[String: Any]])?.map { $0["id"] as? String } == ["ana", "ben", "cy", "dee"], "\(r.stderr)")
        #expect(report["documents"] as? Int == 36)
    }

    @Test("The page the command writes opens in headless Chromium: no console error, no request, tables and charts, screenshots",
          .enabled(if: EditorHarness.isCI || ReportPageTests.browserInstalled, "SKIPPED: install chromium, chromium-driver and python3-selenium"))
    func browser() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Support.run(["report", "demo-batch/critiques", "--gold", "demo-batch/gold", "-o", "report.html"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(XMLParser(data: Data(html.utf8)).parse(), "the page is well-formed")
        for section in ["Krippendorff", "ana", "dee", "1099", "1008.critique.md"] { #expect(html.contains(section), "\(section)") }
        guard ReportPageTests.browserInstalled else {
            Issue.record("Chromium missing: .ci/run installs chromium, chromium-driver and python3-selenium (Debian)"); return
        }
        // Screenshots of the demo batch's page, beside the page itself, where CI keeps test output.
        let artifacts = ReportPageTests.artifactsDir + "/demo-batch"
        let (ok, output) = try ReportPageTests.browserCheck(htmlPath: dir + "/report.html", artifacts: artifacts)
        try? Support.write(artifacts + "/report.html", html)
        #expect(ok, "\(output)")
        let markdown = try Support.run(["report", "demo-batch/critiques", "--format", "markdown"], cwd: dir)
        #expect(markdown.status == 0 && markdown.stdout.contains("| ") && markdown.stdout.contains("instruction-following"))
    }

    @Test("n/a is missing, not zero: the task where every truthfulness score is n/a is not a unit")
    func notApplicable() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let criteria = try #require(try Self.json(dir).1["criteria"] as? [[String: Any]])
        #expect(criteria[0]["units"] as? Int == 12 && criteria[1]["units"] as? Int == 11)
    }

    @Test("Gold: per-annotator deviations against critique.json thresholds; --fail-on-gold exits 1 naming who is below")
    func gold() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (r, report) = try Self.json(dir, ["--fail-on-gold"])
        #expect(r.status == 1 && r.stderr.contains("below the gold thresholds: cy, dee"), "\(r.stderr)")
        let gold = try #require((report["groups"] as? [[String: Any]])?.first?["gold"] as? [[String: Any]])
        let ana = try #require(gold.first { $0["annotator"] as? String == "ana" })
        #expect((ana["failures"] as? [String])?.isEmpty == true && ana["preferenceAgreement"] as? Double == 1)
        #expect(((ana["criteria"] as? [[String: Any]]) ?? []).allSatisfy { $0["meanAbsoluteDeviation"] as? Double == 0 })
        let dee = try #require(gold.first { $0["annotator"] as? String == "dee" })
        #expect((dee["failures"] as? [String])?.first?.contains("exact agreement") == true)
        let people = try #require(report["annotators"] as? [[String: Any]])
        #expect(people.first { $0["id"] as? String == "ana" }?["goldAccuracy"] as? Double == 1)
    }

    @Test("Copy-paste: the justification dee pastes into five tasks is one cluster of one annotator")
    func duplicates() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clusters = try #require(try Self.json(dir).1["duplicates"] as? [[String: Any]])
        let dee = clusters.first { ($0["annotators"] as? [String]) == ["dee"] }
        #expect(dee?["paths"] as? [String] == ["1003", "1004", "1006", "1010", "1012"].map { "demo-batch/critiques/dee/\($0).critique.md" })
        #expect(dee?["similarity"] as? Double == 1 && dee?["kind"] as? String == "one annotator across tasks")
    }

    @Test("A failing critique's scores are left out of α unless --include-failing")
    func failing() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let without = try #require(try Self.json(dir).1["criteria"] as? [[String: Any]])
        let with = try #require(try Self.json(dir, ["--include-failing"]).1["criteria"] as? [[String: Any]])
        #expect(without[0]["alpha"] as? Double != with[0]["alpha"] as? Double)
    }

    /// The report's α must equal the PyPI package's on the same ratings, rebuilt here from the
    /// lossless export: units are (task, response), coders the annotators.
    @Test("α in the report equals the krippendorff package on the batch's ratings",
          .enabled(if: EditorHarness.isCI || ReportMathTests.krippendorffPython != nil,
                   "SKIPPED: set CRITIQUE_KRIPPENDORFF_PYTHON to a python with krippendorff and numpy"))
    func alphaAgainstPackage() throws {
        guard let python = ReportMathTests.krippendorffPython else {
            Issue.record("the krippendorff package is missing: .ci/run installs it and sets CRITIQUE_KRIPPENDORFF_PYTHON"); return
        }
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = try Self.json(dir).1
        let records = try Support.run(["export", "demo-batch/critiques", "--to", "records"], cwd: dir).stdout
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.count == 35, "the failing critique is not exported")
        let annotators = ["ana", "ben", "cy", "dee"]
        var cases: [String] = [], ours: [Double?] = []
        for criterion in ["instruction-following", "truthfulness"] {
            var units: [String: [Double?]] = [:]
            for r in records {
                let scores = ((r["criteria"] as! [[String: Any]]).first { $0["id"] as? String == criterion })?["scores"] as? [String: Any] ?? [:]
                for (label, value) in scores {
                    units["\(r["task"]!)/\(label)", default: Array(repeating: nil, count: 4)][annotators.firstIndex(of: r["annotator"] as! String)!] = value as? Double
                }
            }
            let keys = units.keys.sorted()
            let data = "[" + annotators.indices.map { c in "[" + keys.map { units[$0]![c].map { "\($0)" } ?? "null" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            cases.append(#"{"data": \#(data), "level": "interval"}"#)
            ours.append(((report["criteria"] as! [[String: Any]]).first { $0["criterion"] as? String == criterion })?["alpha"] as? Double)
        }
        try Support.write(dir + "/in.json", "[" + cases.joined(separator: ",") + "]")
        let script = EditorHarness.packageRoot.appendingPathComponent("Tests/Scripts/alpha_crosscheck.py").path
        let (status, output) = try EditorClientTests.runClient(python, [script, dir + "/in.json"], environment: ProcessInfo.processInfo.environment, timeout: 100)
        try #require(status == 0, "\(output.suffix(1000))")
        let line = output.split(separator: "\n").last { $0.hasPrefix("[") } ?? ""
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Double])
        #expect(theirs.count == 2)
        for (t, o) in zip(theirs, ours) { #expect(abs(t - (o ?? .nan)) < 1e-6, "package \(t), report \(String(describing: o))") }
    }

    @Test("One annotator, or no shared task: α is not measurable (null), never a division by zero")
    func notMeasurable() throws {
        let dir = try Self.demo()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Support.run(["report", "demo-batch/critiques/ana", "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any] ?? [:]
        let criteria = report["criteria"] as? [[String: Any]] ?? []
        #expect(!criteria.isEmpty && criteria.allSatisfy { $0["alpha"] is NSNull && $0["ci"] is NSNull && $0["units"] as? Int == 0 })
        #expect((report["preference"] as? [String: Any])?["alpha"] is NSNull)
    }

    @Test("An empty folder is an error that says so")
    func empty() throws {
        let dir = try Support.tempDir("critique-report-empty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/nothing", withIntermediateDirectories: true)
        let r = try Support.run(["report", "nothing"], cwd: dir)
        #expect(r.status == 2 && r.stderr.contains("no *.critique.md files found"))
    }

    @Test("Single-response rubrics: checklist items are nominal units (task, item), scales take the level critique.json gives, no preference")
    func checklistAndLevels() throws {
        let rubric = RubricFile(text: SourceText(#"""
        { id: "clinic", version: "1.0.0", mode: "single",
          criteria: [
            { id: "quality", title: "Quality", kind: "scale", scale: { min: 1, max: 5 } },
            { id: "safety", title: "Safety", kind: "checklist", items: [ { id: "refer", text: "Refers to a clinician", points: 5 }, { id: "dose", text: "Guesses a dose", points: -5 } ] },
            { id: "notes", title: "Notes", kind: "text", required: false },
          ] }
        """#)).usable!
        // (task, annotator) → (quality, refer ticked, dose ticked)
        let ratings: [(String, String, Double, Bool, Bool)] = [
            ("t1", "a", 4, true, false), ("t1", "b", 4, true, false), ("t1", "c", 3, true, true),
            ("t2", "a", 2, false, false), ("t2", "b", 1, false, false),
            ("t3", "a", 5, true, false), ("t3", "c", 5, false, false),
            ("t4", "b", 3, true, true),
        ]
        let docs = ratings.map { task, who, q, refer, dose -> BatchReport.Document in
            let text = "---\ntask: \(task)\nannotator: \(who)\n---\n\n## Quality\nScore: \(formatScore(q))\n\n## Safety\n- [\(refer ? "x" : " ")] Refers to a clinician\n- [\(dose ? "x" : " ")] Guesses a dose\n"
            let analysis = Analyzer.analyze(SourceText(text), resolve: { _ in (.resolved(rubric, origin: .embeddedDefault, file: nil), .none) })
            return BatchReport.Document(path: "\(who)/\(task).critique.md", record: CritiqueRecord(analysis, path: "\(who)/\(task)"), failing: false, findings: [], firstError: nil)
        }
        var settings = BatchReport.Settings()
        settings.levels = ["quality": .ordinal]
        let report = BatchReport.build(docs, settings: settings)
        let rows = Dictionary(uniqueKeysWithValues: report.groups[0].criteria.map { ($0.criterion, $0) })
        #expect(rows.keys.sorted() == ["quality", "safety"], "a text criterion has no α")
        // The same units built by hand: coders a, b, c.
        let quality: [[Double?]] = [[4, 4, 3], [2, 1, nil], [5, nil, 5], [nil, 3, nil]]
        let safety: [[Double?]] = [[1, 1, 1], [0, 0, 1], [0, 0, nil], [0, 0, nil], [1, nil, 0], [0, nil, 0], [nil, 1, nil], [nil, 1, nil]]
        #expect(rows["quality"]?.level == .ordinal && rows["quality"]?.alpha == Krippendorff.alpha(quality, level: .ordinal))
        #expect(rows["safety"]?.level == .nominal && rows["safety"]?.alpha == Krippendorff.alpha(safety, level: .nominal))
        #expect(rows["quality"]?.units == 3 && rows["safety"]?.units == 3, "t4 has one rating: it drops out")
        #expect(report.groups[0].preference == nil)
        // Leave-one-out: the mean α of the two criteria without one annotator's ratings, against
        // the mean with all of them.
        func mean(_ alphas: [Double?]) -> Double? {
            let xs = alphas.compactMap { $0 }
            return xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
        }
        func without(_ units: [[Double?]], _ coder: Int) -> [[Double?]] { units.map { u in var u = u; u[coder] = nil; return u } }
        let all = try #require(mean([Krippendorff.alpha(quality, level: .ordinal), Krippendorff.alpha(safety, level: .nominal)]))
        #expect(report.groups[0].people.map(\.id) == ["a", "b", "c"])
        for (coder, person) in report.groups[0].people.enumerated() {
            let expected = mean([Krippendorff.alpha(without(quality, coder), level: .ordinal), Krippendorff.alpha(without(safety, coder), level: .nominal)]).map { $0 - all }
            #expect(person.deltaAlpha.map { abs($0 - (expected ?? .nan)) < 1e-12 } ?? (expected == nil), "\(person.id): \(String(describing: person.deltaAlpha)) against \(String(describing: expected))")
        }
        #expect(report.groups[0].people.contains { $0.deltaAlpha != nil }, "some annotator's absence is measurable")
        // Agreement on the scale scores both gave (the checklist is not a scale), and the units
        // furthest apart: t1 (4, 4, 3) and t2 (2, 1) by a quarter of the scale, task order after that.
        let cells = report.groups[0].matrix.cells
        #expect(cells[0][1].n == 2 && cells[0][1].agreement == 0.5 && cells[0][2].n == 2 && cells[0][2].agreement == 0.5)
        #expect(cells[1][2].n == 1 && cells[1][2].agreement == 0 && cells[2][1].n == 1 && cells[0][0].agreement == nil)
        let disagreements = report.groups[0].disagreements
        #expect(disagreements.map(\.task) == ["t1", "t2"] && disagreements.allSatisfy { $0.spread == 0.25 && $0.criterion == "quality" && $0.response == nil })
        #expect(disagreements.first?.sides.map { "\($0.annotator)=\($0.value)" } == ["a=4", "b=4", "c=3"])
    }

    @Test("Rubric versions: majors are separate groups, minors of one major are reported together with a note")
    func versions() throws {
        func rubric(_ version: String) -> Rubric {
            RubricFile(text: SourceText(EmbeddedRubrics.starterText.replacingOccurrences(of: "version: \"2.1.0\"", with: "version: \"\(version)\""))).usable!
        }
        let text = "---\nrubric: chat-pairwise\ntask: T\nannotator: a\n---\n\n## Instruction following\nA: 4\nB: 2\n\nA keeps to the brief, B drifts off into other topics entirely.\n\n> B: \"x\"\n\n## Truthfulness\nA: 5\nB: 5\n\n## Preference\nA > B\n"
        let docs = ["2.1.0", "2.2.0", "3.0.0"].enumerated().map { i, v -> BatchReport.Document in
            let analysis = Analyzer.analyze(SourceText(text.replacingOccurrences(of: "annotator: a", with: "annotator: a\(i)")), resolve: { _ in (.resolved(rubric(v), origin: .embeddedDefault, file: nil), .none) })
            return BatchReport.Document(path: "d\(i).critique.md", record: CritiqueRecord(analysis, path: "d\(i)"), failing: false, findings: [], firstError: nil)
        }
        let report = BatchReport.build(docs)
        #expect(report.groups.map(\.rubric) == ["chat-pairwise@2", "chat-pairwise@3"])
        #expect(report.groups[0].versions == ["2.1.0", "2.2.0"] && report.notes.count == 1 && report.notes[0].contains("2.1.0, 2.2.0"))
    }

    /// Quote offsets in records are counted in scalars eight bytes a step; every prefix of
    /// texts with accents, CJK, emoji and flags gives the scalar count a plain walk gives.
    @Test("A record's quote offsets: scalars before every byte offset, as a plain count gives")
    func scalarOffsetsMatchAPlainCount() {
        let texts = ["", "plain ascii text, long enough for several words of eight", "é😀 x", "日本語のテキストと中文",
                     "👩‍👩‍👧‍👦 and 🇫🇷🇯🇵 flags, ß, e\u{301}", String(repeating: "aé漢😀", count: 40)]
        for t in texts {
            let b = Array(t.utf8)
            for o in -1...(b.count + 1) {
                let plain = b[0..<min(max(0, o), b.count)].filter { $0 & 0xC0 != 0x80 }.count
                #expect(CritiqueRecord.scalarOffset(b, o) == plain, "\(String(reflecting: t)) at \(o)")
            }
        }
    }
}
