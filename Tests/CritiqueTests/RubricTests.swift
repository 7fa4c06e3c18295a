@testable import CritiqueCore
import Foundation
import Testing

@Suite("Rubrics")
struct RubricTests {
    @Test("The embedded rubrics are valid and have no findings")
    func embedded() throws {
        for file in [EmbeddedRubrics.defaultRubric, EmbeddedRubrics.starterRubric] {
            #expect(file.findings.isEmpty, "\(file.findings.map(\.message))")
            #expect(file.usable != nil)
        }
        let d = try #require(EmbeddedRubrics.defaultRubric.rubric)
        #expect(d.id == EmbeddedRubrics.defaultID && d.mode == .single && d.responses.isEmpty)
        let s = try #require(EmbeddedRubrics.starterRubric.rubric)
        #expect(s.id == EmbeddedRubrics.starterID && s.mode == .pairwise && s.responses == ["A", "B"])
        #expect(s.major == 2)
        #expect(s.leaves.map(\.id) == ["instruction-following", "truthfulness", "style", "safety-checklist"])
        #expect(s.tag(named: "HALLUCINATION")?.capsScoreAt == 2)
        #expect(s.leaves[2].scale?.step == 0.5)
        #expect(s.leaves[3].items.map(\.points) == [8, -10])
    }

    @Test("The starter rubric fixture is the embedded starter text")
    func starterFixtureInSync() {
        let onDisk = String(decoding: Support.bytes("workspaces/rules/rubrics/chat-pairwise.rubric.json"), as: UTF8.self)
        #expect(onDisk.trimmingCharacters(in: .whitespacesAndNewlines) == EmbeddedRubrics.starterText.trimmingCharacters(in: .whitespacesAndNewlines),
                "Fixtures/workspaces/*/rubrics/chat-pairwise.rubric.json must be EmbeddedRubrics.starterText; copy it again.")
    }

    @Test("Scale arithmetic: values, steps and snapping")
    func scales() {
        var s = Scale()
        s.min = 1; s.max = 5; s.step = 0.5
        #expect(s.values.count == 9)
        #expect(s.isOnStep(3.5) && !s.isOnStep(3.25))
        #expect(s.snapped(3.3) == 3.5)
        #expect(s.snapped(9) == 5)
        #expect(formatScore(4) == "4" && formatScore(4.5) == "4.5")
    }

    @Test("Requirements: always, belowMax and scoreAtMost")
    func requirements() {
        var sc = Scale(); sc.max = 5
        #expect(Requirement(minimum: 1, when: .always).applies(score: nil, scale: nil))
        #expect(Requirement(minimum: 1, when: .belowMax).applies(score: 4, scale: sc))
        #expect(!Requirement(minimum: 1, when: .belowMax).applies(score: 5, scale: sc))
        #expect(Requirement(minimum: 1, when: .scoreAtMost(2)).applies(score: 2, scale: sc))
        #expect(!Requirement(minimum: 1, when: .scoreAtMost(2)).applies(score: 3, scale: sc))
    }

    @Test("Hierarchical tags match by id and by parent/id path")
    func hierarchicalTags() throws {
        let f = RubricFile(text: SourceText(#"{ id: "t", criteria: [ { id: "a", tags: ["accuracy"] } ], tags: [ { id: "accuracy" }, { id: "hallucination", parent: "accuracy" } ] }"#))
        #expect(f.findings.isEmpty, "\(f.findings.map(\.message))")
        let r = try #require(f.rubric)
        #expect(r.tag(named: "accuracy/hallucination")?.id == "hallucination")
        #expect(r.tag(named: "Hallucination")?.id == "hallucination")
        let c = r.leaves[0]
        #expect(c.allows(tag: r.tag(named: "hallucination")!), "a child of an allowed tag is allowed")
    }

    @Test("A rubric is indexed once: numbers shared only by ids equal but for case; lookups agree with the unindexed rubric")
    func indexedOnce() throws {
        // rubric-duplicate-id turned down to a warning, so the rubric with `Clarity` and
        // `clarity` is usable and the two must count as one criterion, as their ids do.
        let text = #"{ id: "t", criteria: [ { id: "g", criteria: [ { id: "Clarity", tags: ["Style"] }, { id: "depth", kind: "checklist", items: [ { id: "cites", text: "Cites  a Source" } ] } ] }, { id: "clarity" } ], tags: [ { id: "style" } ] }"#
        let f = RubricFile(text: SourceText(text), severities: RuleSeverities(["rubric-duplicate-id": .warning]))
        let r = try #require(f.usable)
        let all = r.allCriteria
        #expect(all.map(\.number) == [0, 1, 2, 1])
        #expect(r.criterionCount == 4)
        // The lookups the index serves: items by text or id (case and white space aside),
        // allowed tags case-insensitively.
        let depth = try #require(all.first { $0.id == "depth" })
        #expect(depth.item(matching: "cites a   source")?.id == "cites")
        #expect(depth.item(matching: "CITES")?.id == "cites")
        #expect(depth.item(matching: "nothing") == nil)
        let clarity = try #require(all.first { $0.id == "Clarity" })
        #expect(clarity.allows(tag: try #require(r.tag(named: "style"))))
        // Two sections naming `Clarity` and `clarity` are one criterion written twice.
        let doc = "---\nrubric: t\n---\n\n## Clarity\nScore: 3\n\nWords.\n\n## clarity\nScore: 4\n\nMore words.\n"
        let a = Analyzer.analyze(DocumentParser.parse(SourceText(doc)), rubric: .resolved(r, origin: .embeddedDefault, file: f), responses: .none)
        #expect(a.findings.contains { $0.rule == .criterionDuplicate }, "\(a.findings.map(\.rule))")
        // A rubric made in code, never indexed, is numbered by the check itself.
        var coded = Rubric(id: "c")
        var only = Criterion(id: "only")
        only.scale = Scale()
        coded.criteria = [only]
        let b = Analyzer.analyze(DocumentParser.parse(SourceText("---\nrubric: c\n---\n")), rubric: .resolved(coded, origin: .embeddedDefault, file: f), responses: .none)
        #expect(b.findings.contains { $0.rule == .criterionMissing }, "\(b.findings.map(\.rule))")
        // Criteria changed after indexing drop the index: the check numbers them afresh, so a
        // criterion added later is found and matched, never looked up with a stale number.
        var changed = r
        var extra = Criterion(id: "extra")
        extra.scale = Scale()
        changed.criteria.append(extra)
        #expect(changed.criterionCount == 0 && changed.criterion(named: "extra")?.id == "extra")
        let withExtra = "---\nrubric: t\n---\n\n## Extra\nScore: 3\n\nWords.\n\n## extra\nScore: 2\n\nMore.\n"
        let c = Analyzer.analyze(DocumentParser.parse(SourceText(withExtra)), rubric: .resolved(changed, origin: .embeddedDefault, file: f), responses: .none)
        #expect(c.findings.contains { $0.rule == .criterionDuplicate } && !c.findings.contains { $0.rule == .criterionUnknown }, "\(c.findings.map(\.rule))")
    }

    // MARK: imports from the public data (Fixtures/data)

    func data(_ rel: String) throws -> String {
        let url = Support.publicData.appendingPathComponent(rel)
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test("HealthBench rows import as a single-mode checklist with ± points and a text criterion", arguments: [0, 3, 6, 9])
    func healthbench(_ index: Int) throws {
        let text = try data("healthbench/healthbench_oss_eval_sample10.jsonl")
        let out = try RubricImport.convert(text, from: .healthbench, index: index).get()
        let file = RubricFile(text: SourceText(out))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message))")
        let r = try #require(file.usable)
        #expect(r.mode == .single)
        #expect(r.metadataRequired == ["task", "annotator"])
        let checklist = try #require(r.leaves.first { $0.kind == .checklist })
        #expect(checklist.items.contains { $0.points > 0 })
        #expect(r.leaves.contains { $0.kind == .text && ($0.justification?.minimum ?? 0) > 0 })
        if index == 0 { #expect(checklist.items.contains { $0.points < 0 }, "row 0 has negative items") }
        // The number of items is the row's number of distinct criteria.
        let row = text.split(separator: "\n")[index]
        let (node, _) = JSONReader.parse(SourceText(String(row)))
        let distinct = Set(node?["rubrics"]?.elements.compactMap { $0["criterion"]?.string.map(normalizeName) } ?? [])
        #expect(checklist.items.count == distinct.count)
    }

    @Test("Prometheus instances import as a 1–5 anchored scale plus a checklist", arguments: [0, 9])
    func prometheus(_ index: Int) throws {
        for name in ["prometheus/biggen_essay_revision.data.json", "prometheus/biggen_safety_honesty.data.json"] {
            let out = try RubricImport.convert(try data(name), from: .prometheus, index: index).get()
            let file = RubricFile(text: SourceText(out))
            #expect(file.findings.isEmpty, "\(name): \(file.findings.map(\.message))")
            let r = try #require(file.usable)
            let score = try #require(r.leaves.first { $0.kind == .scale })
            #expect(score.scale?.min == 1 && score.scale?.max == 5)
            #expect(score.scale?.anchors.map(\.value) == [1, 2, 3, 4, 5])
            #expect(score.justification?.minimum == 20)
        }
    }

    @Test("Every Prometheus instance imports into a usable rubric", arguments: 0..<10)
    func prometheusEveryInstance(_ index: Int) throws {
        for name in ["prometheus/biggen_essay_revision.data.json", "prometheus/biggen_safety_honesty.data.json"] {
            let out = try RubricImport.convert(try data(name), from: .prometheus, index: index).get()
            let file = RubricFile(text: SourceText(out))
            // Instances 2 and 3 of safety_honesty repeat an atomic_checklist question; the
            // importer keeps the first, so every instance imports clean.
            #expect(file.findings.isEmpty, "\(name) #\(index): \(file.findings.map(\.message))")
            #expect(file.usable != nil)
        }
    }

    @Test("A PaperBench tree imports as weighted checklists of its leaf requirements")
    func paperbench() throws {
        let text = try data("paperbench/semantic-self-consistency.rubric.json")
        let out = try RubricImport.convert(text, from: .paperbench).get()
        let file = RubricFile(text: SourceText(out))
        #expect(file.findings.isEmpty, "\(file.findings.map(\.message))")
        let r = try #require(file.usable)
        #expect(r.id.hasPrefix("paperbench-"))
        #expect(r.leaves.count >= 2)
        #expect(r.leaves.allSatisfy { $0.kind == .checklist && !$0.items.isEmpty })
        #expect(r.leaves.allSatisfy { c in c.items.contains { $0.points > 0 } })
        // Leaf weights of each top-level task are normalised; the task weights sum to about 1.
        let total = r.leaves.map(\.weight).reduce(0, +)
        #expect(abs(total - 1) < 0.05, "task weights sum to \(total)")
        // Every leaf requirement of the tree (with text) becomes an item somewhere.
        let (root, _) = JSONReader.parse(SourceText(text))
        func leaves(_ n: JSONNode) -> [String] {
            let kids = n["sub_tasks"]?.elements ?? []
            return kids.isEmpty ? [n["requirements"]?.string ?? ""] : kids.flatMap(leaves)
        }
        let wanted = Set(leaves(root!).filter { !$0.isEmpty }.map(normalizeName))
        let got = Set(r.leaves.flatMap(\.items).map { normalizeName($0.text) })
        #expect(wanted.isSubset(of: got), "\(wanted.subtracting(got).count) requirements lost")
    }

    @Test("An imported rubric checks a real critique: the HealthBench fixture workspace's rubric is the import of row 6")
    func healthbenchFixtureIsTheImport() throws {
        let out = try RubricImport.convert(try data("healthbench/healthbench_oss_eval_sample10.jsonl"), from: .healthbench, index: 6).get()
        let onDisk = String(decoding: Support.bytes("workspaces/healthbench/rubrics/healthbench-leishmaniasis.rubric.json"), as: UTF8.self)
        #expect(out == onDisk, "re-run `critique rubric import --from healthbench … --index 6 -o …` into the fixture")
    }

    @Test("Import failures are reported, not crashes", arguments: [
        (RubricImport.Source.healthbench, "{\"no\": 1}", "no \"rubrics\""),
        (RubricImport.Source.healthbench, "", "out of range"),
        (RubricImport.Source.prometheus, "[{}]", "no \"score_rubric\""),
        (RubricImport.Source.prometheus, "{ broken", "not valid JSON"),
        (RubricImport.Source.paperbench, "{\"id\": \"x\"}", "no \"sub_tasks\""),
    ])
    func importFailures(_ source: RubricImport.Source, _ input: String, _ message: String) {
        switch RubricImport.convert(input, from: source, index: 0) {
        case .success(let s): Issue.record("expected a failure, got \(s.prefix(80))")
        case .failure(let f): #expect(f.message.contains(message), "\(f.message)")
        }
    }
}

/// `RubricFields` is the one table of rubric fields: the decoder reads no key outside it, and
/// the published JSON Schema describes exactly its fields, object by object.
@Suite("Rubric fields: one table")
struct RubricFieldsTests {
    @Test("Every key the decoder reads is in the table")
    func decoder() throws {
        let source = try String(contentsOf: Support.packageRoot.appendingPathComponent("Sources/CritiqueCore/Rubric/RubricDecoder.swift"), encoding: .utf8)
        var read: Set<String> = []
        for pattern in [#"\["([A-Za-z$]+)"\]"#, #"key: "([A-Za-z]+)""#] {
            let regex = try NSRegularExpression(pattern: pattern)
            for m in regex.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                read.insert(String(source[Range(m.range(at: 1), in: source)!]))
            }
        }
        #expect(read.count > 30, "the decoder's keys were found: \(read.sorted())")
        #expect(read.subtracting(RubricFields.all).isEmpty, "read by the decoder but not in RubricFields: \(read.subtracting(RubricFields.all).sorted())")
    }

    @Test("The JSON Schema's properties are the table's, object by object")
    func schema() throws {
        let data = try Data(contentsOf: Support.packageRoot.appendingPathComponent("EditorConfigs/rubric.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let definitions = schema["definitions"] as? [String: [String: Any]] ?? [:]
        func keys(_ object: [String: Any]?) -> Set<String> { Set((object?["properties"] as? [String: Any])?.keys ?? [:].keys) }
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        #expect(keys(schema) == Set(RubricFields.rubric))
        #expect(keys(definitions["criterion"]) == Set(RubricFields.criterion))
        #expect(keys(definitions["checklistItem"]) == Set(RubricFields.checklistItem))
        #expect(keys(definitions["tag"]) == Set(RubricFields.tag))
        for (field, expected) in RubricFields.nested {
            let object = definitions[field] ?? properties[field]
            #expect(keys(object) == Set(expected), "\(field)")
        }
    }
}
