import CritiqueCore
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Tests of the built `critique` binary over real pipes.
@Suite("Command line", .serialized)
struct CLITests {
    static let rules = Support.path("workspaces/rules/critiques")
    static let clean = Support.path("workspaces/clean/critiques/pairwise.critique.md")
    static let defective = Support.path("workspaces/line-endings/critiques/crlf-defective.critique.md")

    func run(_ args: [String], stdin: Data? = nil, cwd: String? = nil, timeout: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) throws -> Support.Run {
        try #require(FileManager.default.isExecutableFile(atPath: Support.binary), "build the binary first: swift build", sourceLocation: sourceLocation)
        let r = try Support.run(args, stdin: stdin, cwd: cwd, timeout: timeout)
        #expect(!r.timedOut, "critique \(args.joined(separator: " ")) timed out", sourceLocation: sourceLocation)
        return r
    }

    // MARK: exit codes

    @Test("Exit 0 on a clean file, 1 on findings")
    func exitCodes() throws {
        #expect(try run(["check", Self.clean]).status == 0)
        #expect(try run(["check", Self.defective]).status == 1)
        // Warnings alone do not fail by default, but do with --fail-on warning.
        let warnOnly = Support.path("workspaces/rules/critiques/banned-phrase.critique.md")
        #expect(try run(["check", warnOnly]).status == 0)
        #expect(try run(["check", "--fail-on", "warning", warnOnly]).status == 1)
    }

    @Test("Exit 2 on usage errors, missing paths and a broken critique.json", arguments: [
        ["check", "--format", "nope"],
        ["check", "--frobnicate"],
        ["check", "--format"],
        ["check", "/definitely/not/here.critique.md"],
        ["frobnicate"],
        ["explain", "no-such-rule"],
        ["rubric", "import", "--from", "nowhere", "x"],
        ["init"],
    ])
    func usageErrors(_ args: [String]) throws {
        let r = try run(args)
        #expect(r.status == 2, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("critique: "), "\(r.stderr)")
    }

    @Test("Usage errors say what to do next (did-you-mean)")
    func usageMessages() throws {
        #expect(try run(["chek"]).stderr.contains("Did you mean 'check'?"))
        #expect(try run(["explain", "tag-unknwn"]).stderr.contains("Did you mean 'tag-unknown'?"))
        #expect(try run(["check", "--format", "nope"]).stderr.contains("json"))
    }

    @Test("A broken critique.json is a configuration error (exit 2) naming the file and position")
    func brokenConfig() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\" }")
        try Support.write(dir + "/a.critique.md", "---\nrubric: x\n---\n")
        let r = try run(["check", dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("critique.json:1:"), "\(r.stderr)")
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"], rulez: {} }")
        let r2 = try run(["check", dir + "/a.critique.md"])
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("Did you mean 'rules'?"), "\(r2.stderr)")
    }

    // MARK: formats

    struct JSONReport: Decodable {
        struct File: Decodable { var path: String; var diagnostics: [Diagnostic] }
        struct Diagnostic: Decodable { var rule: String; var severity: String; var message: String; var line: Int; var column: Int }
        var files: [File]
    }

    @Test("--format json: files[].path as given, diagnostics with rule, severity, message, line, column")
    func jsonFormat() throws {
        let r = try run(["check", "--format", "json", Self.defective, Self.clean])
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        #expect(report.files.map(\.path) == [Self.defective, Self.clean])
        #expect(report.files[1].diagnostics.isEmpty)
        let d = report.files[0].diagnostics
        // The same (line, rule) pairs as the fixture's inline expectations.
        let expected = Support.expectations(in: Support.bytes("workspaces/line-endings/critiques/crlf-defective.critique.md"))
        #expect(d.map { Support.Expectation(line: $0.line, rule: $0.rule) }.sorted() == expected)
        let tag = try #require(d.first { $0.rule == "tag-unknown" })
        #expect(tag.severity == "error" && tag.line == 10 && tag.column == 6)
        #expect(tag.message.contains("#missed-contraint"))
        #expect(d.allSatisfy { ["error", "warning", "info", "hint"].contains($0.severity) && $0.column >= 1 })
    }

    @Test("--format json reports columns in Unicode scalars after emoji and CJK")
    func jsonColumnsUnicode() throws {
        let path = Support.path("workspaces/unicode/critiques/cjk-defective.critique.md")
        let r = try run(["check", "--format", "json", path])
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        let tag = try #require(report.files.first?.diagnostics.first { $0.rule == "tag-unknown" })
        // "Score: 3 🚀 #halucination": the tag starts at scalar column 12.
        #expect(tag.line == 9 && tag.column == 12)
    }

    @Test("--format sarif: version 2.1.0, results with rule ids, and the rule table in tool.driver.rules")
    func sarifFormat() throws {
        let r = try run(["check", "--format", "sarif", Self.defective])
        #expect(r.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let runs = try #require(root["runs"] as? [[String: Any]])
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "critique")
        let ruleIDs = (driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(ruleIDs == RuleCatalog.all.map(\.id.rawValue))
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        let expected = Support.expectations(in: Support.bytes("workspaces/line-endings/critiques/crlf-defective.critique.md"))
        #expect(results.count == expected.count)
        for res in results {
            let id = try #require(res["ruleId"] as? String)
            let index = try #require(res["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == id)
            #expect(["error", "warning", "note"].contains(res["level"] as? String ?? ""))
            let region = ((res["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
            #expect((region?["startLine"] as? Int ?? 0) >= 1)
        }
        #expect(Set(results.compactMap { $0["ruleId"] as? String }) == Set(expected.map(\.rule)))
    }

    @Test("--format github: one ::error/::warning workflow command a finding")
    func githubFormat() throws {
        let r = try run(["check", "--format", "github", Self.defective])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        let expected = Support.expectations(in: Support.bytes("workspaces/line-endings/critiques/crlf-defective.critique.md"))
        #expect(lines.count == expected.count)
        // The path is a workflow-command property: ':' and ',' are escaped.
        let file = Self.defective.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        #expect(lines.contains { $0.hasPrefix("::error file=\(file),line=10,col=6,") && $0.contains("title=tag-unknown::") })
        #expect(lines.contains { $0.hasPrefix("::warning file=\(file),line=") && $0.contains("title=quote-not-found::") })
        #expect(lines.allSatisfy { $0.hasPrefix("::error file=") || $0.hasPrefix("::warning file=") || $0.hasPrefix("::notice file=") })
    }

    final class JUnitCounter: NSObject, XMLParserDelegate {
        var testcases = 0, failures = 0
        var suiteTests: Int?, suiteFailures: Int?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "testcase": testcases += 1
            case "failure": failures += 1
            case "testsuite": suiteTests = attributes["tests"].flatMap(Int.init); suiteFailures = attributes["failures"].flatMap(Int.init)
            default: break
            }
        }
    }

    @Test("--format junit: well-formed XML, one testcase a document, a failure for each failing one")
    func junitFormat() throws {
        let r = try run(["check", "--format", "junit", Self.rules])
        #expect(r.status == 1)
        let parser = XMLParser(data: r.stdoutData)
        let counter = JUnitCounter()
        parser.delegate = counter
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        let docs = Support.fixtureFiles(under: "workspaces/rules/critiques", suffix: ".critique.md")
        #expect(counter.testcases == docs.count)
        #expect(counter.suiteTests == docs.count)
        // Failing = at least one error-severity finding.
        var failing = 0
        for d in docs {
            let (a, _) = Support.analyzeFixture(d)
            if a.findings.contains(where: { $0.severity == .error }) { failing += 1 }
        }
        #expect(counter.failures == failing)
        #expect(counter.suiteFailures == failing)
        #expect(failing > 10 && failing < docs.count)
    }

    @Test("--format text: path:line:col: severity: message [rule], the source line and a caret")
    func textFormat() throws {
        let r = try run(["check", Self.defective])
        #expect(r.status == 1)
        let lines = r.stdout.components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("\(Self.defective):10:6: error: ") && $0.hasSuffix("[tag-unknown]") })
        #expect(lines[i + 1] == "  B: 2 #missed-contraint <!-- expect: tag-unknown, evidence-missing -->")
        #expect(lines[i + 2] == "       ^~~~~~~~~~~~~~~~~")
        #expect(!r.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set and stdout is a pipe")
        #expect(r.stderr.contains("1 file checked:"), "summary line on stderr: \(r.stderr)")
        // Carets line up under wide characters (CJK and emoji take two columns).
        let u = try run(["check", Support.path("workspaces/unicode/critiques/cjk-defective.critique.md")])
        let ul = u.stdout.components(separatedBy: "\n")
        let j = try #require(ul.firstIndex { $0.hasSuffix("[tag-unknown]") })
        #expect(ul[j + 1].hasPrefix("  Score: 3 🚀 #halucination"))
        #expect(ul[j + 2] == "  " + String(repeating: " ", count: 12) + "^" + String(repeating: "~", count: 12))
    }

    @Test("`-` reads the document from stdin")
    func stdin() throws {
        let doc = RuleCatalog.rule("tag-unknown")!.example
        let r = try run(["check", "--format", "json", "-"], stdin: Data(doc.utf8), cwd: NSTemporaryDirectory())
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        #expect(report.files.map(\.path) == ["-"])
        // No critique.json in the temp dir, so the rubric id cannot be found.
        #expect(report.files[0].diagnostics.map(\.rule) == ["rubric-not-found"])
        // Inside a workspace, stdin resolves like a file in the current folder.
        let inWS = try run(["check", "--format", "json", "-"], stdin: Data(Support.bytes("workspaces/rules/critiques/tag-unknown.critique.md")), cwd: Self.rules)
        let rep2 = try JSONDecoder().decode(JSONReport.self, from: inWS.stdoutData)
        #expect(rep2.files[0].diagnostics.map(\.rule) == ["tag-unknown"])
        let empty = try run(["check", "-"], stdin: Data(), cwd: NSTemporaryDirectory())
        #expect(empty.status == 1, "an empty document has no front matter and no sections")
    }

    // MARK: init

    @Test("init writes a starter workspace whose critique shows the deliberate findings; init refuses to overwrite")
    func initWorkspace() throws {
        let dir = try Support.tempDir() + "/ws"
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let r = try run(["init", dir])
        #expect(r.status == 0, "\(r.stderr)")
        for f in ["critique.json", "rubrics/chat-pairwise.rubric.json", "tasks/T-0042.json", "critiques/T-0042.critique.md"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "\(f)")
        }
        let c = try run(["check", "--format", "json", dir])
        #expect(c.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: c.stdoutData)
        let rules = Set(report.files.flatMap(\.diagnostics).map(\.rule))
        #expect(rules == ["tag-unknown", "tag-caps-score", "quote-not-found", "score-off-step", "preference-inconsistent", "banned-phrase"])
        let before = try String(contentsOfFile: dir + "/critique.json", encoding: .utf8)
        try Support.write(dir + "/critique.json", before + "\n// edited by the user\n")
        let again = try run(["init", dir])
        #expect(again.status == 2)
        #expect(again.stderr.contains("not overwriting"))
        #expect(try String(contentsOfFile: dir + "/critique.json", encoding: .utf8).hasSuffix("// edited by the user\n"))
        let rc = try run(["rubric", "check", dir + "/rubrics/chat-pairwise.rubric.json"])
        #expect(rc.status == 0)
    }

    // MARK: explain, version, help

    @Test("explain RULE prints the long form; explain lists every rule; --markdown prints the table")
    func explain() throws {
        let one = try run(["explain", "tag-caps-score"])
        #expect(one.status == 0)
        let info = RuleCatalog.rule("tag-caps-score")!
        #expect(one.stdout.hasPrefix("tag-caps-score (warning, tags)"))
        #expect(one.stdout.contains(info.summary) && one.stdout.contains(info.explanation))
        #expect(one.stdout.contains("    B: 4 #hallucination"), "the example, indented")
        let all = try run(["explain"])
        #expect(all.stdout.hasPrefix("\(RuleCatalog.all.count) rules."))
        for r in RuleCatalog.all { #expect(all.stdout.contains("  \(r.id) "), "\(r.id)") }
        let md = try run(["explain", "--markdown"])
        #expect(md.stdout == RuleCatalog.markdownTable())
    }

    @Test("--version and help")
    func versionAndHelp() throws {
        let v = try run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("critique ") && v.stdout.split(separator: " ").last?.split(separator: ".").count == 3)
        let h = try run(["help"])
        #expect(h.status == 0 && h.stdout.contains("critique check"))
        let hc = try run(["help", "check"])
        #expect(hc.stdout.contains("--format FORMAT"))
        let none = try run([])
        #expect(none.status == 0 && none.stdout == h.stdout)
    }

    // MARK: rubric commands

    @Test("rubric check: 0 on a good rubric, 1 on a broken one, with positions", arguments: [
        ("workspaces/rules/rubrics/chat-pairwise.rubric.json", Int32(0)),
        ("rubrics/clean-json5.rubric.json", Int32(0)),
        ("rubrics/rubric-duplicate-id.rubric.json", Int32(1)),
        ("rubrics/rubric-syntax.rubric.json", Int32(1)),
        ("workspaces/rules/rubrics/broken.rubric.json", Int32(1)),
    ])
    func rubricCheck(_ rel: String, _ status: Int32) throws {
        let r = try run(["rubric", "check", "--format", "json", Support.path(rel)])
        #expect(r.status == status, "\(r.stdout)\(r.stderr)")
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        let got = report.files[0].diagnostics.map { Support.Expectation(line: $0.line, rule: $0.rule) }.sorted()
        #expect(got == Support.expectations(in: Support.bytes(rel)))
    }

    @Test("rubric check on a missing file is exit 2")
    func rubricCheckMissing() throws {
        #expect(try run(["rubric", "check", "/nope/x.rubric.json"]).status == 2)
        #expect(try run(["rubric", "check"]).status == 2)
    }

    @Test("rubric import from all three sources writes a rubric that checks clean", arguments: [
        ("healthbench", "healthbench/healthbench_oss_eval_sample10.jsonl", "3"),
        ("prometheus", "prometheus/biggen_safety_honesty.data.json", "5"),
        ("paperbench", "paperbench/semantic-self-consistency.rubric.json", "0"),
    ])
    func rubricImport(_ source: String, _ file: String, _ index: String) throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = Support.publicData.appendingPathComponent(file).path
        let out = dir + "/imported.rubric.json"
        let r = try run(["rubric", "import", "--from", source, input, "--index", index, "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("wrote \(out)") && r.stderr.contains("0 rubric findings"))
        let check = try run(["rubric", "check", out])
        #expect(check.status == 0, "\(check.stdout)")
        // Without -o the rubric goes to stdout; -o never overwrites.
        let toStdout = try run(["rubric", "import", "--from", source, input, "--index", index])
        #expect(toStdout.stdout == (try String(contentsOfFile: out, encoding: .utf8)))
        #expect(try run(["rubric", "import", "--from", source, input, "--index", index, "-o", out]).status == 2)
    }

    @Test("rubric import of an out-of-range index is exit 2 with a reason")
    func rubricImportBadIndex() throws {
        let input = Support.publicData.appendingPathComponent("healthbench/healthbench_oss_eval_sample10.jsonl").path
        let r = try run(["rubric", "import", "--from", "healthbench", input, "--index", "99"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("out of range"))
    }

    // MARK: robustness

    @Test("A folder holding a symbolic-link loop is walked without hanging")
    func symlinkLoop() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        try Support.write(dir + "/a/one.critique.md", String(decoding: Support.bytes("workspaces/rules/critiques/tag-unknown.critique.md"), as: UTF8.self))
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/loop", withDestinationPath: dir + "/a")
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/up", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir + "/self", withDestinationPath: "self")
        let r = try run(["check", "--format", "json", dir], timeout: 30)
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        #expect(report.files.count >= 1)
        #expect(report.files.allSatisfy { $0.diagnostics.map(\.rule) == ["tag-unknown"] })
    }

    @Test("A 20 MB document is checked without a crash, in reasonable time")
    func hugeDocument() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        var doc = "---\nrubric: chat-pairwise\ntask: T\nannotator: w\n---\n\n## Instruction following\nA: 4\nB: 3 #halucination\n\nIt is important to note this.\n\n"
        let para = "A keeps to the brief 🚀 and 東京 while B drifts away from it, paragraph after paragraph.\n> B: \"a quote\"\n\n"
        doc.reserveCapacity(21 << 20)
        while doc.utf8.count < 20 << 20 { doc += para }
        doc += "## Preference\nA > B\n"
        try Support.write(dir + "/big.critique.md", doc)
        let start = Date()
        let r = try run(["check", "--format", "json", "--no-summary", dir + "/big.critique.md"], timeout: 300)
        let seconds = Date().timeIntervalSince(start)
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        let rules = Set(report.files[0].diagnostics.map(\.rule))
        #expect(rules.contains("tag-unknown") && rules.contains("banned-phrase") && rules.contains("criterion-missing"))
        #expect(seconds < 240, "took \(seconds) s")
    }

    @Test("A binary file with NUL bytes, named explicitly, gives encoding-invalid, not a crash")
    func binaryFile() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededRandom(seed: 7)
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0]
        for _ in 0..<65536 { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
        try Support.write(dir + "/program.bin", bytes: bytes)
        let r = try run(["check", "--format", "json", dir + "/program.bin"])
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        #expect(report.files[0].diagnostics.contains { $0.rule == "encoding-invalid" })
        // A folder walk does not pick up non-critique files.
        let walk = try run(["check", dir])
        #expect(!walk.stdout.contains("program.bin"))
        // Each output format survives the binary content.
        for f in ["text", "sarif", "github", "junit"] {
            let o = try run(["check", "--format", f, dir + "/program.bin"])
            #expect(o.status == 1, "\(f)")
        }
        let junit = try run(["check", "--format", "junit", dir + "/program.bin"])
        #expect(XMLParser(data: junit.stdoutData).parse(), "junit output with binary input must stay well-formed XML")
    }

    @Test("Checking the whole fixture tree agrees with the in-process fixture results")
    func wholeFixtureTree() throws {
        let r = try run(["check", "--format", "json", "--no-summary", Support.path("workspaces")], timeout: 120)
        #expect(r.status == 1)
        let report = try JSONDecoder().decode(JSONReport.self, from: r.stdoutData)
        let fixtures = Support.fixtureFiles(under: "workspaces", suffix: ".critique.md")
        #expect(report.files.count == fixtures.count)
        for file in report.files {
            let rel = String(file.path.dropFirst(Support.fixtures.path.count + 1))
            let expected = Support.expectations(in: Support.bytes(rel))
            let got = file.diagnostics.map { Support.Expectation(line: $0.line, rule: $0.rule) }.sorted()
            #expect(got == expected, "\(rel)")
        }
    }
}
