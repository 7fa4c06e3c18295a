@testable import CritiqueCore
import Foundation
import Testing

/// The smaller items found from outside: the rubric wins over reserved headings, sub-headings
/// are prose, imports never write a broken rubric, init explains what to do.
@Suite("Hardening: smaller", .serialized)
struct SmallerTests {
    static func analyze(_ rubricText: String, _ doc: String) -> [String] {
        let file = RubricFile(text: SourceText(rubricText))
        guard let r = file.usable else { return ["rubric: \(file.findings.map(\.message))"] }
        return Analyzer.analyze(DocumentParser.parse(doc), rubric: .resolved(r, origin: .embeddedDefault, file: file), responses: .none)
            .findings.map(\.rule.rawValue)
    }

    @Test("A criterion titled Summary owns the Summary heading (the rubric wins)", arguments: ["Summary", "summary"])
    func summaryCriterion(_ name: String) {
        let rubric = #"{ id: "s", mode: "single", criteria: [ { id: "\#(name)", title: "Summary", kind: "scale", scale: { min: 1, max: 5 } } ] }"#
        let found = Self.analyze(rubric, "---\nrubric: s\n---\n\n## Summary\nScore: 4\n\nA fair summary of the whole response, in enough words to count.\n")
        #expect(found.isEmpty, "\(found)")
        // Without such a criterion, Summary stays reserved: no criterion-unknown.
        let plain = #"{ id: "s", mode: "single", criteria: [ { id: "clarity", kind: "scale", scale: { min: 1, max: 5 } } ] }"#
        let other = Self.analyze(plain, "---\nrubric: s\n---\n\n## Clarity\nScore: 4\n\nClear.\n\n## Summary\n\nFine overall.\n")
        #expect(!other.contains("criterion-unknown"), "\(other)")
    }

    @Test("A ### sub-heading is prose: its words count and its tags are read")
    func subHeadingIsProse() {
        let rubric = #"{ id: "s", mode: "single", criteria: [ { id: "clarity", kind: "scale", scale: { min: 1, max: 5 }, justification: { minWords: 4 } } ], tags: ["vague"] }"#
        let doc = DocumentParser.parse("---\nrubric: s\n---\n\n## Clarity\nScore: 3\n\n### Too vague in places #vague #nosuchtag\n")
        let words = doc.sections.first?.words ?? 0
        #expect(words >= 4, "sub-heading words count: \(words)")
        let found = Self.analyze(rubric, doc.text.string)
        #expect(found == ["tag-unknown"], "\(found)")
    }

    static func paperbenchTree(_ leaves: [(id: String, text: String, weight: String)]) -> String {
        let kids = leaves.map { #"{ "id": "\#($0.id)", "requirements": "\#($0.text)", "weight": \#($0.weight), "sub_tasks": [], "task_category": "Code Development" }"# }
        return #"{ "id": "root", "requirements": "All", "weight": 1, "sub_tasks": [ { "id": "t", "requirements": "Task", "weight": 1, "sub_tasks": [\#(kids.joined(separator: ", "))] } ] }"#
    }

    @Test("rubric import gives repeated PaperBench leaf ids distinct item ids, so the rubric checks clean")
    func importDuplicateLeafIDs() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/in.json", Self.paperbenchTree([("x", "The data is loaded.", "1"), ("x", "The model is trained.", "2")]))
        let r = try Support.run(["rubric", "import", "--from", "paperbench", dir + "/in.json", "-o", dir + "/out.rubric.json"])
        #expect(r.status == 0, "\(r.stderr)")
        let check = try Support.run(["rubric", "check", dir + "/out.rubric.json"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(try String(contentsOfFile: dir + "/out.rubric.json", encoding: .utf8).contains(#""x-2""#))
    }

    @Test("rubric import refuses a rubric it cannot write faithfully (weights JSON cannot hold)")
    func importRefusesBrokenRubrics() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/in.json", Self.paperbenchTree([("a", "The data is loaded.", "1e999"), ("b", "The model is trained.", "1")]))
        let r = try Support.run(["rubric", "import", "--from", "paperbench", dir + "/in.json", "-o", dir + "/out.rubric.json"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("would have an error"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.rubric.json"), "nothing written")
        let toStdout = try Support.run(["rubric", "import", "--from", "paperbench", dir + "/in.json"])
        #expect(toStdout.status == 2 && !toStdout.stdout.contains("inf") && !toStdout.stdout.contains("nan"))
    }

    @Test("init where it cannot write says what happened and what to do, without a raw NSError")
    func initCannotWrite() throws {
        let dir = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/file", "x")
        let r = try Support.run(["init", dir + "/file/ws"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot create the folder") && r.stderr.contains("Choose a folder"), "\(r.stderr)")
        #expect(!r.stderr.contains("Error Domain"), "\(r.stderr)")
    }
}

extension SmallerTests {
    @Test("A duplicate JSON key is an error wherever JSON is read: rubric, critique.json, task file")
    func duplicateKeys() throws {
        let rubric = RubricFile(text: SourceText(#"{ id: "r", criteria: [ { id: "a" } ], criteria: [ { id: "b" } ] }"#))
        #expect(rubric.findings.contains { $0.rule == "rubric-syntax" && $0.message.contains("'criteria' appears twice") }, "\(rubric.findings.map(\.message))")
        #expect(rubric.usable == nil)
        let config = ConfigFile.parse(SourceText(#"{ rubrics: ["a"], rubrics: ["b"] }"#))
        #expect(config.problems.contains { $0.message.contains("'rubrics' appears twice") })
        if case .failure(let e) = TaskFile.read(SourceText(#"{"responses": {"A": "x", "A": "y"}}"#)) { #expect(e.message.contains("'A' appears twice")) }
        else { Issue.record("a task file with a repeated response label must not load") }
    }
}
