import CritiqueCore
import Foundation
import Testing

@Suite("Rule catalogue")
struct RuleCatalogTests {
    @Test("Every rule has an id, a summary and an explanation; ids are unique and kebab-case")
    func entries() {
        let all = RuleCatalog.all
        #expect(all.count >= 40)
        #expect(Set(all.map(\.id)).count == all.count, "duplicate ids")
        for r in all {
            #expect(!r.id.rawValue.isEmpty)
            #expect(r.id.rawValue.allSatisfy { $0.isLowercase || $0 == "-" }, "\(r.id.rawValue) is not kebab-case")
            #expect(!r.summary.isEmpty && !r.summary.contains("\n"), "\(r.id.rawValue): the summary is one line")
            #expect(r.explanation.count > 60, "\(r.id.rawValue): the explanation is too short")
            #expect(RuleCatalog.rule(r.id.rawValue)?.id == r.id)
            #expect(RuleCatalog.rule(r.id.rawValue.uppercased())?.id == r.id)
        }
        #expect(RuleCatalog.rule("no-such-rule") == nil)
        // Each id maps to the rule that declares it, and the catalogue keeps an area's rules together.
        for id in RuleID.allCases { #expect(id.info.id == id, "\(id) maps to the rule of \(id.info.id)") }
        var seen: [RuleArea] = []
        for r in all where seen.last != r.area {
            #expect(!seen.contains(r.area), "\(r.id): the rules of \(r.area.rawValue) are not together")
            seen.append(r.area)
        }
    }

    @Test("The contract rule ids of the design exist with their default severities")
    func contractIDs() {
        let expected: [String: Severity] = [
            "frontmatter-missing": .error, "frontmatter-unknown-key": .warning, "metadata-missing": .error,
            "rubric-not-found": .error, "rubric-invalid": .error, "rubric-version-mismatch": .error,
            "criterion-unknown": .error, "criterion-duplicate": .error, "criterion-missing": .error,
            "checklist-item-unknown": .error, "checklist-item-missing": .error,
            "score-missing": .error, "score-invalid": .error, "score-out-of-range": .error, "score-off-step": .error, "na-not-allowed": .error,
            "tag-unknown": .error, "tag-not-allowed": .warning, "tag-caps-score": .warning,
            "justification-missing": .error, "justification-too-short": .warning, "evidence-missing": .error,
            "quote-not-found": .warning, "banned-phrase": .warning,
            "preference-missing": .error, "preference-invalid": .error, "preference-inconsistent": .warning,
            "suppression-unused": .warning, "suppression-no-reason": .warning,
        ]
        for (id, sev) in expected {
            #expect(RuleCatalog.rule(id)?.severity == sev, "\(id)")
        }
        for id in ["rubric-syntax", "rubric-duplicate-id", "rubric-invalid-scale", "rubric-anchor-outside-scale", "rubric-unknown-tag", "rubric-no-positive-points", "rubric-unknown-field"] {
            #expect(RuleCatalog.rule(id)?.area == .rubric, "\(id)")
        }
    }

    @Test("The README's rule table is RuleCatalog.markdownTable() verbatim, between the markers")
    func readmeTable() throws {
        let url = Support.packageRoot.appendingPathComponent("README.md")
        let readme = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let begin = "<!-- rules:begin -->", end = "<!-- rules:end -->"
        guard let b = readme.range(of: begin), let e = readme.range(of: end, range: b.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no `\(begin)` … `\(end)` block; paste the output of `critique explain --markdown` between those markers.")
            return
        }
        let between = readme[b.upperBound..<e.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        let table = RuleCatalog.markdownTable().trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(between == table, "The README rule table is out of date; replace it with the output of `critique explain --markdown`.")
    }

    @Test("The markdown table has one row a rule, with pipes escaped")
    func markdownTable() {
        let rows = RuleCatalog.markdownTable().split(separator: "\n")
        #expect(rows.count == RuleCatalog.all.count + 2)
        for (r, row) in zip(RuleCatalog.all, rows.dropFirst(2)) {
            #expect(row.hasPrefix("| `\(r.id)` | \(r.severity.rawValue) |"))
            // Four columns: an unescaped pipe count of 5.
            let unescaped = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(unescaped == 5, "\(row)")
        }
    }

    // MARK: examples

    static let taskResponses = ["A": "Sunlight is scattered by the air, and blue light is scattered most.",
                                "B": "The sky is blue because it reflects the ocean, and nothing else."]

    /// Resolves the references that rule examples use, the way the workspace would.
    static func resolve(_ refs: DocumentReferences) -> (RubricResolution, ResponsesResolution) {
        let rubric: RubricResolution
        switch refs.rubric?.value {
        case nil:
            rubric = .resolved(EmbeddedRubrics.defaultRubric.rubric!, origin: .embeddedDefault, file: nil)
        case "chat-pairwise", "chat-pairwise@2":
            rubric = .resolved(EmbeddedRubrics.starterRubric.rubric!, origin: .byID(path: "x"), file: nil)
        case let v? where v.hasPrefix("chat-pairwise@"):
            rubric = .versionMismatch(reference: v, wanted: Int(v.split(separator: "@")[1]) ?? 0, found: ["2.1.0"])
        case let v? where v.hasPrefix(".."):
            rubric = .outsideWorkspace(reference: v, path: "/etc/passwd")
        case let v? where v.hasSuffix(".json"):
            rubric = .invalid(reference: v, path: v, firstProblem: "line 1:1: broken", count: 1)
        case let v?:
            rubric = .notFound(reference: v, detail: "searched rubrics", candidates: ["chat-pairwise"])
        }
        let responses: ResponsesResolution
        switch refs.response?.value {
        case nil: responses = .none
        case "tasks/T-1.json": responses = .texts(ResponseSet(taskResponses))
        case let v?: responses = .notFound(path: v, reason: "no such file")
        }
        return (rubric, responses)
    }

    static var documentRulesWithExamples: [String] {
        RuleCatalog.all.filter { $0.area != .rubric && !$0.example.isEmpty }.map(\.id.rawValue)
    }
    static var rubricRulesWithExamples: [String] {
        RuleCatalog.all.filter { $0.area == .rubric && !$0.example.isEmpty }.map(\.id.rawValue)
    }

    @Test("Each document rule's example triggers that rule", arguments: documentRulesWithExamples)
    func documentExample(_ id: String) {
        let r = RuleCatalog.rule(id)!
        let a = Analyzer.analyze(SourceText(r.example), resolve: Self.resolve)
        #expect(a.findings.contains { $0.rule.rawValue == id }, "the example of \(id) yields \(a.findings.map(\.rule))")
    }

    @Test("Each rubric-file rule's example triggers that rule", arguments: rubricRulesWithExamples)
    func rubricExample(_ id: String) {
        let r = RuleCatalog.rule(id)!
        let f = RubricFile(text: SourceText(r.example))
        #expect(f.findings.contains { $0.rule.rawValue == id }, "the example of \(id) yields \(f.findings.map(\.rule))")
    }

    @Test("Only encoding-invalid and config-invalid may go without an example (invalid bytes; a broken critique.json beside the document)")
    func examplesPresent() {
        let missing = RuleCatalog.all.filter { $0.example.isEmpty }.map(\.id)
        #expect(missing.allSatisfy { $0 == "encoding-invalid" || $0 == "config-invalid" }, "\(missing)")
    }

    @Test("Configured severities apply, and `off` removes a rule's findings")
    func severities() {
        let example = RuleCatalog.rule("tag-unknown")!.example
        let warn = Analyzer.analyze(SourceText(example), severities: RuleSeverities(["tag-unknown": .warning]), resolve: Self.resolve)
        #expect(warn.findings.first { $0.rule == "tag-unknown" }?.severity == .warning)
        let off = Analyzer.analyze(SourceText(example), severities: RuleSeverities(["tag-unknown": Severity?.none]), resolve: Self.resolve)
        #expect(!off.findings.contains { $0.rule == "tag-unknown" })
    }
}
