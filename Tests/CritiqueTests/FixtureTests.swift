import CritiqueCore
import CritiqueWorkspace
import Foundation
import Testing

/// Fixture files with their expected findings written inline (see Fixtures/README.md).
@Suite("Fixtures")
struct FixtureTests {
    /// `broken-workspaces/` holds workspaces whose critique.json is itself broken, kept apart
    /// because `critique check` rightly refuses to run over them (exit 2).
    static let critiques = Support.fixtureFiles(under: "workspaces", suffix: ".critique.md")
        + Support.fixtureFiles(under: "broken-workspaces", suffix: ".critique.md")
    /// Rules whose fixture needs a workspace of its own.
    static let ownWorkspace = ["config-invalid": "broken-workspaces/config-invalid/critiques/config-invalid.critique.md"]
    static let rubrics = Support.fixtureFiles(suffix: ".rubric.json")

    @Test("A critique fixture's findings are exactly its inline expectations", arguments: critiques)
    func critiqueFixture(_ rel: String) {
        let bytes = Support.bytes(rel)
        #expect(!bytes.isEmpty, "cannot read \(rel)")
        let expected = Support.expectations(in: bytes)
        let (analysis, text) = Support.analyzeFixture(rel)
        let actual = Support.actual(analysis.findings, in: text)
        let diff = Support.diff(expected: expected, actual: actual, findings: analysis.findings, text: text)
        #expect(diff.isEmpty, "\(rel): findings differ from the inline expectations:\n\(diff)")
    }

    @Test("A rubric fixture's findings are exactly its inline `// expect:` comments", arguments: rubrics)
    func rubricFixture(_ rel: String) {
        let bytes = Support.bytes(rel)
        let expected = Support.expectations(in: bytes)
        let text = SourceText(bytes: bytes)
        let file = RubricFile(text: text)
        let actual = Support.actual(file.findings, in: text)
        let diff = Support.diff(expected: expected, actual: actual, findings: file.findings, text: text)
        #expect(diff.isEmpty, "\(rel): rubric findings differ from the inline expectations:\n\(diff)")
        // A rubric fixture without errors is usable; one with errors is not.
        let hasErrors = file.findings.contains { $0.severity == .error }
        #expect((file.usable == nil) == hasErrors)
    }

    @Test("The fixture set is not empty and has clean and defective files")
    func fixtureInventory() {
        #expect(Self.critiques.count >= 60, "found only \(Self.critiques.count) critique fixtures")
        #expect(Self.rubrics.count >= 15)
        let clean = Self.critiques.filter { Support.expectations(in: Support.bytes($0)).isEmpty }
        #expect(clean.count >= 10, "clean fixtures: \(clean)")
        #expect(clean.count < Self.critiques.count - 40)
    }

    // MARK: coverage of the rule catalogue

    static var documentRules: [RuleInfo] { RuleCatalog.all.filter { $0.area != .rubric } }
    static var rubricRules: [RuleInfo] { RuleCatalog.all.filter { $0.area == .rubric } }

    /// The command line makes a message's text when it prints it; an editor's check makes it
    /// with the finding and keeps it. Both must read the same, finding for finding.
    @Test("Messages made when printed equal messages made with the finding", arguments: critiques)
    func messagesMadeEitherWay(_ rel: String) {
        let source = SourceText(bytes: Support.bytes(rel))
        let ws = Workspace()
        let editor = ws.analyze(path: Support.path(rel), source: source, fixes: true).0.findings
        let cli = ws.analyze(path: Support.path(rel), source: source, fixes: false).0.findings
        #expect(editor.map(\.rule) == cli.map(\.rule))
        #expect(editor.map(\.message) == cli.map(\.message))
        #expect(cli.map(\.message) == cli.map(\.text.description))
    }

    @Test("Every document rule has its own fixture in workspaces/rules, expecting it")
    func everyDocumentRuleHasAFixture() {
        var expectedSomewhere: Set<String> = []
        for f in Self.critiques { for e in Support.expectations(in: Support.bytes(f)) { expectedSomewhere.insert(e.rule) } }
        for r in Self.documentRules {
            let rel = Self.ownWorkspace[r.id.rawValue] ?? "workspaces/rules/critiques/\(r.id.rawValue).critique.md"
            let own = Support.expectations(in: Support.bytes(rel)).map(\.rule)
            #expect(own.contains(r.id.rawValue), "add \(rel) with a line ending in `<!-- expect: \(r.id.rawValue) -->`")
            #expect(expectedSomewhere.contains(r.id.rawValue))
        }
        // And no fixture expects a rule that does not exist.
        let known = Set(RuleCatalog.all.map(\.id.rawValue))
        #expect(expectedSomewhere.subtracting(known).isEmpty, "unknown rule ids in expectations: \(expectedSomewhere.subtracting(known).sorted())")
    }

    @Test("Every rubric-file rule has Fixtures/rubrics/<rule-id>.rubric.json expecting it")
    func everyRubricRuleHasAFixture() {
        #expect(Self.rubricRules.count >= 10)
        for r in Self.rubricRules {
            let rel = "rubrics/\(r.id.rawValue).rubric.json"
            let own = Support.expectations(in: Support.bytes(rel)).map(\.rule)
            #expect(own.contains(r.id.rawValue), "add \(rel) with a line ending in `// expect: \(r.id.rawValue)`")
        }
    }

    @Test("The expectation reader itself")
    func expectationReader() {
        let doc = """
        B: 2 #x <!-- expect: tag-unknown -->
        <!-- expect-line 7: metadata-missing, frontmatter-invalid -->
        plain line with no marker, mentioning expect: nothing
        { a: 1 } // expect: rubric-syntax
        two <!-- expect: a --> and <!-- expect: b, a -->
        """
        let e = Support.expectations(in: Array(doc.utf8))
        #expect(e == [.init(line: 1, rule: "tag-unknown"), .init(line: 4, rule: "rubric-syntax"),
                      .init(line: 5, rule: "a"), .init(line: 5, rule: "a"), .init(line: 5, rule: "b"),
                      .init(line: 7, rule: "frontmatter-invalid"), .init(line: 7, rule: "metadata-missing")])
        let d = Support.diff(expected: [.init(line: 1, rule: "a"), .init(line: 1, rule: "a")], actual: [.init(line: 1, rule: "a"), .init(line: 2, rule: "b")])
        #expect(d.contains("missing    line 1: a") && d.contains("unexpected line 2: b"))
    }

    // MARK: messages

    /// (fixture, rule, text the message must contain)
    static let messageCases: [(String, String, String)] = [
        ("workspaces/rules/critiques/quote-not-found.critique.md", "quote-not-found", "closest: \"A 2019 study from Oslo proved that the colour changes with the tides.\""),
        ("workspaces/rules/critiques/tag-unknown.critique.md", "tag-unknown", "Did you mean #hallucination?"),
        ("workspaces/rules/critiques/criterion-unknown.critique.md", "criterion-unknown", "Did you mean 'Truthfulness'?"),
        ("workspaces/rules/critiques/frontmatter-unknown-key.critique.md", "frontmatter-unknown-key", "Did you mean 'model'?"),
        ("workspaces/rules/critiques/rubric-not-found.critique.md", "rubric-not-found", "Did you mean 'chat-pairwise'?"),
        ("workspaces/rules/critiques/rubric-version-mismatch.critique.md", "rubric-version-mismatch", "2.1.0"),
        ("workspaces/rules/critiques/rubric-invalid.critique.md", "rubric-invalid", "min 5 above max 1"),
        ("workspaces/rules/critiques/tag-caps-score.critique.md", "tag-caps-score", "caps the score at 2, but B has 4"),
        ("workspaces/rules/critiques/preference-inconsistent.critique.md", "preference-inconsistent", "You prefer B"),
        ("workspaces/rules/critiques/score-off-step.critique.md", "score-off-step", "use 4"),
        ("workspaces/rules/critiques/path-outside-workspace.critique.md", "path-outside-workspace", "outside the workspace; it was not read"),
        ("workspaces/suppressions/critiques/unknown-and-partial.critique.md", "suppression-unused", "Did you mean 'score-off-step'?"),
        ("workspaces/healthbench/critiques/defective.critique.md", "checklist-item-unknown", "Did you mean 'Recognizes leishmania as a parasitic disease endemic in arid and semi-arid areas"),
        ("workspaces/healthbench/critiques/defective.critique.md", "quote-not-found", "closest: \"It is common in arid area such as North Africa,\""),
        ("workspaces/unicode/critiques/cjk-defective.critique.md", "justification-too-short", "has 5 words"),
        ("workspaces/unicode/critiques/emoji-quotes.critique.md", "quote-not-found", "closest: \"東京は日本の首都です。🗼 The Tokyo Tower is 333 m tall\""),
    ]

    @Test("Messages name the fix (did-you-mean, closest quote, numbers)", arguments: messageCases)
    func messages(_ c: (String, String, String)) {
        let (rel, rule, needle) = c
        let (analysis, _) = Support.analyzeFixture(rel)
        let messages = analysis.findings.filter { $0.rule.rawValue == rule }.map(\.message)
        #expect(!messages.isEmpty, "\(rel) has no \(rule) finding")
        #expect(messages.contains { $0.contains(needle) }, "no \(rule) message in \(rel) contains «\(needle)»: \(messages)")
    }

    @Test("The quote-not-found fix replaces the quote with the closest span, which then checks clean")
    func quoteFixApplies() throws {
        let rel = "workspaces/rules/critiques/quote-not-found.critique.md"
        let (analysis, text) = Support.analyzeFixture(rel)
        let f = try #require(analysis.findings.first { $0.rule == "quote-not-found" })
        let fix = try #require(f.fixes.first)
        let fixed = text.string.applying(fix.edits)
        let (again, _) = Workspace().analyze(path: Support.path(rel), text: fixed)
        #expect(!again.findings.contains { $0.rule == "quote-not-found" })
    }

    @Test("Preferred fixes remove their finding", arguments: [
        ("workspaces/rules/critiques/tag-unknown.critique.md", "tag-unknown"),
        ("workspaces/rules/critiques/criterion-unknown.critique.md", "criterion-unknown"),
        ("workspaces/rules/critiques/score-off-step.critique.md", "score-off-step"),
        ("workspaces/rules/critiques/score-out-of-range.critique.md", "score-out-of-range"),
        ("workspaces/rules/critiques/tag-caps-score.critique.md", "tag-caps-score"),
        ("workspaces/rules/critiques/frontmatter-unknown-key.critique.md", "frontmatter-unknown-key"),
        ("workspaces/rules/critiques/checklist-item-missing.critique.md", "checklist-item-missing"),
        ("workspaces/rules/critiques/criterion-missing.critique.md", "criterion-missing"),
        ("workspaces/rules/critiques/preference-missing.critique.md", "preference-missing"),
        ("workspaces/line-endings/critiques/crlf-defective.critique.md", "tag-unknown"),
        ("workspaces/line-endings/critiques/cr-defective.critique.md", "score-off-step"),
    ])
    func fixesApply(_ rel: String, _ rule: String) throws {
        let (analysis, text) = Support.analyzeFixture(rel)
        let f = try #require(analysis.findings.first { $0.rule.rawValue == rule })
        let fix = try #require(f.fixes.first { $0.isPreferred })
        let fixed = text.string.applying(fix.edits)
        let (again, _) = Workspace().analyze(path: Support.path(rel), text: fixed)
        let before = analysis.findings.filter { $0.rule.rawValue == rule }.count
        let after = again.findings.filter { $0.rule.rawValue == rule }.count
        #expect(after < before, "applying '\(fix.title)' left \(after) \(rule) finding(s):\n\(fixed)")
        // A fix keeps the file's line endings.
        if text.string.contains("\r\n") { #expect(!fixed.replacingOccurrences(of: "\r\n", with: "").contains("\n")) }
    }

    @Test("The metadata-missing fix inserts the key into the front matter, keeping CR line endings")
    func metadataFix() throws {
        let rel = "workspaces/line-endings/critiques/cr-defective.critique.md"
        let (analysis, text) = Support.analyzeFixture(rel)
        let f = try #require(analysis.findings.first { $0.rule == "metadata-missing" })
        let fixed = text.string.applying(try #require(f.fixes.first).edits)
        #expect(fixed.contains("responses: ../tasks/T-1.json\rannotator: \r---\r"))
        let (again, _) = Workspace().analyze(path: Support.path(rel), text: fixed)
        // Now the key is there but empty: the finding moves to the key and says so.
        let m = try #require(again.findings.first { $0.rule == "metadata-missing" })
        #expect(m.message.contains("'annotator' is empty"))
        #expect(again.text(m) == "annotator")
    }

    // MARK: rubric resolution edge cases

    @Test("rubric-not-found stops checking: no fallback to another rubric")
    func rubricNotFoundNoFallback() {
        let (analysis, _) = Support.analyzeFixture("workspaces/rules/critiques/rubric-not-found.critique.md")
        #expect(analysis.findings.map(\.rule) == ["rubric-not-found"])
        #expect(analysis.rubric.rubric == nil)
    }

    @Test("id@major picks the matching major version; a missing major is a mismatch")
    func versionLookup() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        let v2 = EmbeddedRubrics.starterText
        let v3 = v2.replacingOccurrences(of: "version: \"2.1.0\"", with: "version: \"3.0.0\"")
            .replacingOccurrences(of: "title: \"Truthfulness\"", with: "title: \"Factuality\"")
        try Support.write(dir + "/rubrics/v2.rubric.json", v2)
        try Support.write(dir + "/rubrics/v3.rubric.json", v3)
        func criteria(_ ref: String) -> [String]? {
            let (a, _) = Workspace().analyze(path: dir + "/x.critique.md", text: "---\nrubric: \(ref)\n---\n")
            return a.rubric.rubric?.leaves.map(\.displayTitle)
        }
        #expect(criteria("chat-pairwise@2")?.contains("Truthfulness") == true)
        #expect(criteria("chat-pairwise@3")?.contains("Factuality") == true)
        #expect(criteria("chat-pairwise")?.contains("Factuality") == true, "no version picks the newest")
        let (a, _) = Workspace().analyze(path: dir + "/x.critique.md", text: "---\nrubric: chat-pairwise@4\n---\n")
        #expect(a.findings.map(\.rule) == ["rubric-version-mismatch"])
        #expect(a.findings.first?.message.contains("2.1.0") == true && a.findings.first?.message.contains("3.0.0") == true)
    }

    @Test("A document with no rubric and no critique.json uses the embedded default")
    func embeddedDefault() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (a, ctx) = Workspace().analyze(path: dir + "/a.critique.md", text: "---\ntask: t\n---\n\n## Accuracy\nScore: 5\n\n## Helpfulness\nScore: 5\n\n## Clarity\nScore: 5\n")
        #expect(a.rubric.rubric?.id == EmbeddedRubrics.defaultID)
        #expect(ctx.config == nil)
        #expect(a.findings.isEmpty, "\(a.findings.map(\.message))")
    }

    @Test("A symbolic link inside the workspace that leads outside is path-outside-workspace, never read")
    func symlinkEscape() throws {
        let outside = try Support.tempDir("critique-outside")
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        try Support.write(outside + "/secret.rubric.json", EmbeddedRubrics.starterText)
        try Support.write(outside + "/secret.txt", "top secret response text")
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        try FileManager.default.createSymbolicLink(atPath: dir + "/linked.rubric.json", withDestinationPath: outside + "/secret.rubric.json")
        try FileManager.default.createSymbolicLink(atPath: dir + "/out", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: dir + "/inside.rubric.json", withDestinationPath: dir + "/rubrics/chat-pairwise.rubric.json")
        let ws = Workspace()
        func rules(_ fm: String) -> [String] {
            ws.analyze(path: dir + "/c/x.critique.md", text: "---\n\(fm)\ntask: T\nannotator: w\n---\n").0.findings.map(\.rule.rawValue)
        }
        #expect(rules("rubric: ../linked.rubric.json") == ["path-outside-workspace"])
        #expect(rules("rubric: ../out/secret.rubric.json") == ["path-outside-workspace"])
        #expect(rules("rubric: ../../\((outside as NSString).lastPathComponent)/secret.rubric.json") == ["path-outside-workspace"])
        #expect(rules("rubric: chat-pairwise\nresponse: ../out/secret.txt").contains("path-outside-workspace"))
        // A link that stays inside is fine.
        #expect(!rules("rubric: ../inside.rubric.json").contains("path-outside-workspace"))
        #expect(!rules("rubric: ../inside.rubric.json").contains("rubric-not-found"))
        // A rubric folder that is a link to the outside is not searched.
        try FileManager.default.createSymbolicLink(atPath: dir + "/rubrics/linked-dir", withDestinationPath: outside)
        let paths = Workspace().rubricPaths(root: dir, patterns: ["rubrics", "**/*.rubric.json"])
        #expect(!paths.contains { !FileIO.isInside($0, root: dir) }, "\(paths)")
        #expect(!paths.contains { $0.contains("secret") }, "\(paths)")
    }

    @Test("Line endings do not change what is found: CRLF, CR and BOM variants agree")
    func lineEndingVariantsAgree() {
        // (mixed-defective is left out: there a CR followed by an empty LF line reads as one CRLF
        // break, so its line numbers legitimately differ; its own inline expectations cover it.)
        let variants = ["crlf-defective", "cr-defective", "bom-crlf-defective"]
        let reference = Support.analyzeFixture("workspaces/line-endings/critiques/crlf-defective.critique.md")
        let refRules = Support.actual(reference.0.findings, in: reference.1)
        for v in variants {
            let (a, t) = Support.analyzeFixture("workspaces/line-endings/critiques/\(v).critique.md")
            #expect(Support.actual(a.findings, in: t) == refRules, "\(v)")
            #expect(a.findings.map(\.message) == reference.0.findings.map(\.message), "\(v)")
        }
    }
}
