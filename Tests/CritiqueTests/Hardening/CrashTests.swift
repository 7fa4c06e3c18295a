@testable import CritiqueCore
import Foundation
import Testing

/// Inputs that once trapped (SIGILL): each is now a finding, and nothing downstream sees the
/// bad value. The binary is run so that a trap fails one test, not the whole run.
@Suite("Hardening: crashes", .serialized)
struct CrashTests {
    static let critique = """
    ---
    rubric: dup
    task: T-1
    annotator: w-1
    ---

    ## Clarity
    A: 4
    B: 3

    A is clearer than B throughout, and B repeats itself twice in the middle.

    ## Preference
    A > B

    A is clearer.

    """

    /// A workspace with one rubric and one critique; returns the folder.
    static func workspace(rubric: String, critique: String = critique) throws -> String {
        let dir = try Support.tempDir()
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/dup.rubric.json", rubric)
        try Support.write(dir + "/critiques/one.critique.md", critique)
        return dir
    }

    static func rubric(responses: String = #"["A", "B"]"#, clarity: String = "") -> String {
        """
        { id: "dup", version: "1.0.0", mode: "pairwise", responses: \(responses),
          criteria: [ { id: "clarity", title: "Clarity", kind: "scale", scale: { min: 1, max: 5 }\(clarity) } ] }
        """
    }

    @Test("Duplicate response labels are a rubric finding; check and rubric check do not trap")
    func duplicateLabels() throws {
        let file = RubricFile(text: SourceText(Self.rubric(responses: #"["A", "A", "B"]"#)))
        #expect(file.findings.map(\.rule) == ["rubric-duplicate-id"])
        #expect(file.rubric?.responses == ["A", "B"])
        let dir = try Self.workspace(rubric: Self.rubric(responses: #"["A", "A"]"#))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rc = try Support.run(["rubric", "check", dir + "/rubrics/dup.rubric.json"])
        #expect(rc.status == 1 && rc.stdout.contains("rubric-duplicate-id"), "\(rc.stdout)\(rc.stderr)")
        let r = try Support.run(["check", "--format", "json", dir])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("rubric-invalid"))
        // With the rubric rule turned off the rubric is used: still no trap.
        try Support.write(dir + "/critique.json", #"{ rubrics: ["rubrics"], rules: { "rubric-duplicate-id": "off" } }"#)
        let off = try Support.run(["check", "--format", "json", dir])
        #expect(off.status == 0 || off.status == 1, "status \(off.status): \(off.stderr)")
    }

    @Test("Numeric extremes in a rubric are findings, never a trap", arguments: [
        "minWords: 1e19", "minWords: -1e19", "minWords: Infinity", "minWords: NaN", "minWords: \"1e400\"",
        "minWords: 9223372036854775807", "minWords: 1e308",
    ])
    func numericExtremes(_ field: String) throws {
        let text = Self.rubric(clarity: ", justification: { \(field) }")
        let file = RubricFile(text: SourceText(text))
        #expect(file.findings.contains { $0.rule == "rubric-invalid-value" }, "\(file.findings.map(\.message))")
        let dir = try Self.workspace(rubric: text)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Support.run(["check", "--format", "json", dir])
        #expect(r.status == 1, "status \(r.status): \(r.stderr)")
    }

    @Test("Every numeric rubric field takes extremes without trapping (decoder fuzz)")
    func numericFieldFuzz() {
        let values = ["1e19", "-1e19", "1e308", "-1e308", "Infinity", "-Infinity", "NaN", "0", "-0", "5e-324",
                      "9223372036854775807", "-9223372036854775808", "18446744073709551616", "0x7fffffffffffffff",
                      "\"1e400\"", "\"nan\"", "\"-inf\""]
        let templates = [
            "justification: { minWords: V }", "evidence: { minQuotes: V }", "evidence: { minQuotes: 1, when: \"scoreAtMost:V\" }",
            "scale: { min: V, max: 5 }", "scale: { min: 1, max: V }", "scale: { min: 1, max: 5, step: V }",
            "scale: { min: 1, max: 5, anchors: { \"V\": \"x\" } }", "weight: V",
        ]
        let doc = DocumentParser.parse(SourceText(Self.critique.replacingOccurrences(of: "A: 4", with: "A: 1e308")))
        for t in templates {
            for v in values {
                let file = RubricFile(text: SourceText(Self.rubric(clarity: ", " + t.replacingOccurrences(of: "V", with: v))))
                guard let r = file.rubric else { continue }
                // Everything that reads the numbers: the analysis, completion and hover.
                let a = Analyzer.analyze(doc, rubric: .resolved(r, origin: .embeddedDefault, file: file), responses: .none)
                _ = a.findings.map(\.message)
                _ = Outline.inlayHints(a)
                for offset in stride(from: 0, to: doc.text.bytes.count, by: 7) {
                    _ = Completion.items(a, offset: offset)
                    _ = Hover.at(a, offset: offset)
                    _ = CodeActions.actions(a, range: TextRange(offset, offset))
                }
            }
        }
    }
}
