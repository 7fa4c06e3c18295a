import CritiqueCore
import CritiqueWorkspace
import Foundation
import Testing

/// `critique task import` (every platform shape), `critique export` (every format, against the
/// formats' documented field names) and the round trip between them.
@Suite("Pipeline: task import and export", .serialized)
struct PipelineTests {
    static let shapes = Support.fixtureFiles(under: "pipeline/shapes", suffix: "")

    /// Each task object in a shape fixture carries `_expect`: what the importer must read.
    @Test("Every platform shape is read as its fixture expects", arguments: shapes)
    func shape(_ rel: String) throws {
        let (tasks, problems) = TaskImport.read(SourceText(bytes: Support.bytes(rel)))
        #expect(problems.isEmpty, "\(problems)")
        let text = String(decoding: Support.bytes(rel), as: UTF8.self)
        let objects: [Any] = rel.hasSuffix(".jsonl")
            ? try text.split(whereSeparator: \.isNewline).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) }
            : try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [Any]
        let expected = objects.map { ($0 as! [String: Any])["_expect"] as! [String: Any] }
        #expect(tasks.count == expected.count && !expected.isEmpty)
        for (t, e) in zip(tasks, expected) {
            if let id = e["id"] as? String { #expect(t.id == id) }
            if e["derivedID"] as? Bool == true { #expect(t.id.hasPrefix("T-") && t.id.count == 14, "\(t.id)") }
            let prompt = t.prompt ?? t.messages!.map(\.content).joined(separator: "\n")
            #expect(prompt == e["prompt"] as? String, "\(rel) line \(t.line)")
            if let roles = e["roles"] as? [String] { #expect(t.messages?.map(\.role) == roles) }
            let want = e["responses"] as! [String]
            let got = t.responses.map(\.text)
            if e["unordered"] as? Bool == true { #expect(got.sorted() == want.sorted()) } else { #expect(got == want) }
            if let models = e["models"] as? [Any] { #expect(t.responses.map(\.model) == models.map { $0 as? String }) }
            if let labels = e["labels"] as? [String] { #expect(t.responses.map(\.label) == labels) }
        }
    }

    @Test("The records' document hash is SHA-256 (FIPS 180-4 test vectors, block boundaries)", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func sha256(_ input: String, _ digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
        #expect(SHA256.digest(Array(input.utf8), hardware: false) == SHA256.digest(Array(input.utf8)))
    }

    /// The SHA instructions (C) and the Swift compression agree on every length around the
    /// block and padding boundaries, and on a large input.
    @Test("SHA-256: the processor's SHA instructions and the Swift path agree")
    func sha256Paths() {
        var rng = SplitMix64(seed: 7)
        for length in Array(0...300) + [4_095, 4_096, 4_097, 1 << 20] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(SHA256.digest(bytes) == SHA256.digest(bytes, hardware: false), "length \(length)")
        }
        if !SHA256.hasHardware { print("note: no SHA instructions here; only the Swift path ran") }
    }

    @Test("HH-RLHF pairs show the chosen response first about half the time, decided by content")
    func noPositionBias() {
        let lines = (0..<200).map { i in
            #"{"chosen": "\n\nHuman: Q\#(i)?\n\nAssistant: good answer \#(i)", "rejected": "\n\nHuman: Q\#(i)?\n\nAssistant: bad answer \#(i)"}"#
        }
        let (tasks, problems) = TaskImport.read(SourceText(lines.joined(separator: "\n")))
        #expect(problems.isEmpty && tasks.count == 200)
        let chosenFirst = tasks.filter { $0.responses[0].text.hasPrefix("good") }.count
        #expect(chosenFirst > 70 && chosenFirst < 130, "\(chosenFirst) of 200")
        let again = TaskImport.read(SourceText(lines.joined(separator: "\n"))).tasks
        #expect(again.map { $0.responses.map(\.text) } == tasks.map { $0.responses.map(\.text) }, "deterministic")
    }

    @Test("Bad lines are problems naming their line, and the rest is read")
    func badInput() {
        let text = [
            #"{"id": "ok-1", "prompt": "P", "responses": ["a", "b"]}"#,
            "not json",
            "[1, 2]",
            #"{"id": "e", "prompt": "", "responses": ["a", "b"]}"#,
            #"{"id": "r", "prompt": "P", "responses": ["a", "  "]}"#,
            #"{"id": "x", "prompt": "P"}"#,
            #"{"id": "ok-2", "messages": [{"role": "user", "content": "Q"}], "responses": {"A": "a", "B": "b"}}"#,
        ].joined(separator: "\n")
        let (tasks, problems) = TaskImport.read(SourceText(text))
        #expect(tasks.map(\.id) == ["ok-1", "ok-2"])
        #expect(problems.map(\.line) == [2, 3, 4, 5, 6], "\(problems)")
        #expect(problems[0].message.hasPrefix("not JSON") && problems[2].message.contains("prompt is empty") && problems[3].message.contains("response 2 is empty"))
        let invalid = TaskImport.read(SourceText(bytes: Array(#"{"id": "a", "prompt": "P", "responses": ["#.utf8) + [0xFF] + Array(#"", "b"]}"#.utf8)))
        #expect(invalid.tasks.isEmpty && invalid.problems.first?.message.contains("UTF-8") == true)
        #expect(TaskImport.read(SourceText("  \n")).problems.first?.message.contains("empty") == true)
    }

    @Test("Overlap assignment is balanced, deterministic, and pairs every two annotators")
    func assignment() {
        for (tasks, k, n) in [(3, 3, 2), (10, 4, 2), (2000, 5, 3), (7, 3, 3), (5, 2, 1)] {
            let a = ImportPlan.assign(tasks: tasks, annotators: k, overlap: n)
            #expect(a.allSatisfy { Set($0).count == n }, "no task goes to one annotator twice")
            var load = [Int](repeating: 0, count: k)
            for t in a { for x in t { load[x] += 1 } }
            #expect(load.max()! - load.min()! <= 1, "\(load)")
            if n >= 2 && tasks >= k {
                var pairs = Set<[Int]>()
                for t in a { for x in t { for y in t where x < y { pairs.insert([x, y]) } } }
                #expect(pairs.count == k * (k - 1) / 2, "\(tasks) tasks, \(k) annotators, overlap \(n): \(pairs.count) pairs")
            }
            #expect(a == ImportPlan.assign(tasks: tasks, annotators: k, overlap: n))
        }
    }

    /// The issue's acceptance run: a three-task Label Studio file with --overlap 2, skeletons
    /// filled by a fixture, `critique check`, then `critique export --to trl`.
    @Test("Round trip: import, fill, check, export; records match the analysis")
    func roundTrip() throws {
        let dir = try Support.tempDir("critique-pipeline")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/ls.json", bytes: Support.bytes("pipeline/label-studio.json"))
        let args = ["task", "import", "ls.json", "--rubric", "chat-pairwise", "--into", "batch", "--annotators", "ana,ben,cy", "--overlap", "2"]
        let first = try Support.run(args, cwd: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("11 files written") && first.stderr.contains("ana 2, ben 2, cy 2"), "\(first.stderr)")
        let skeletons = try Support.run(["check", "batch", "--format", "json"], cwd: dir)
        #expect(skeletons.status == 1, "unfilled skeletons fail the check")
        for rule in ["score-missing", "preference-missing"] { #expect(skeletons.stdout.contains("\"\(rule)\""), "\(rule)") }
        let again = try Support.run(args, cwd: dir)
        #expect(again.status == 0 && again.stderr.contains("0 files written, 11 unchanged"), "\(again.stderr)")

        // The annotators fill their skeletons.
        for annotator in ["ana", "ben", "cy"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: Support.path("pipeline/filled/\(annotator)")) {
                let target = "\(dir)/batch/critiques/\(annotator)/\(file)"
                #expect(FileManager.default.fileExists(atPath: target), "the fixture fills a skeleton the import wrote: \(annotator)/\(file)")
                try Support.write(target, bytes: Support.bytes("pipeline/filled/\(annotator)/\(file)"))
            }
        }
        let checked = try Support.run(["check", "batch"], cwd: dir)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        let kept = try Support.run(args, cwd: dir)
        #expect(kept.stderr.contains("6 critiques kept"), "a filled critique is never overwritten: \(kept.stderr)")

        let trl = try Support.run(["export", "batch", "--to", "trl"], cwd: dir)
        #expect(trl.status == 0, "\(trl.stderr)")
        let rows = try jsonLines(trl.stdout)
        #expect(rows.count == 5 && trl.stderr.contains("skipped 1: a tie is not a preference pair"), "\(trl.stderr)")
        #expect(rows.allSatisfy { Set($0.keys) == ["prompt", "chosen", "rejected", "margin"] })
        let colours = rows.filter { ($0["prompt"] as? String) == "Name three primary colours." }
        #expect(colours.count == 2 && colours.allSatisfy { $0["chosen"] as? String == "Red, yellow and blue are the traditional primary colours." && $0["rejected"] as? String == "Green is a colour. 🌿 Also 中文." })

        // Records say what the analysis read: every score, tag and quote, with offsets that
        // index the response text as Python would.
        let records = try jsonLines(try Support.run(["export", "batch", "--to", "records"], cwd: dir).stdout)
        #expect(records.count == 6)
        let ws = Workspace()
        for r in records {
            let path = dir + "/" + (r["path"] as! String)
            let source = SourceText(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            let analysis = ws.analyze(path: path, source: source).0
            let criteria = r["criteria"] as! [[String: Any]]
            let sections = analysis.document.sections.filter { !$0.isPreference }
            #expect(criteria.count == sections.count)
            for (c, s) in zip(criteria, sections) {
                let scores = c["scores"] as! [String: Double]
                #expect(scores.count == s.scores.count && s.scores.allSatisfy { line in
                    if case .number(let v) = line.value { return scores[line.label] == v }; return false
                })
                #expect((c["tags"] as! [[String: Any]]).map { $0["id"] as! String } == s.tags.map(\.name))
                let quotes = c["quotes"] as! [[String: Any]]
                #expect(quotes.map { $0["text"] as! String } == s.quotes.map(\.text))
                let responses = r["responses"] as! [String: String]
                for q in quotes {
                    let text = Array(responses[q["response"] as! String]!.unicodeScalars)
                    let (start, end) = (q["start"] as! Int, q["end"] as! Int)
                    #expect(String(String.UnicodeScalarView(text[start..<end])) == q["text"] as! String)
                }
            }
            #expect((r["hash"] as! String).count == 7 + 64)
        }
    }

    @Test("Each format writes its documented fields", arguments: ExportFormat.allCases)
    func formatFields(_ format: ExportFormat) throws {
        let dir = try Self.filledBatch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/batch/critique.json", #"{ rubrics: ["rubrics"], export: { helpsteer: { helpfulness: "instruction-following", correctness: "truthfulness", coherence: "style" } } }"#)
        let r = try Support.run(["export", "batch", "--to", format.rawValue], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try jsonLines(r.stdout)
        #expect(!rows.isEmpty)
        func messages(_ v: Any?) -> Bool { (v as? [[String: String]])?.allSatisfy { $0["role"] != nil && $0["content"] != nil } == true }
        for row in rows {
            switch format {
            case .trl: #expect(row["prompt"] is String && row["chosen"] is String && row["rejected"] is String && row["margin"] is Double)
            case .trlConversational: #expect(messages(row["prompt"]) && messages(row["chosen"]) && messages(row["rejected"]))
            case .kto: #expect(row["prompt"] is String && row["completion"] is String && (row["label"] as? Bool) != nil && Set(row.keys).count == 3)
            case .openaiPreference:
                #expect(messages((row["input"] as? [String: Any])?["messages"]) && messages(row["preferred_output"]) && messages(row["non_preferred_output"]))
            case .helpsteer:
                #expect(row["prompt"] is String && row["response"] is String)
                #expect((row["helpfulness"] as? Int).map { (0...4).contains($0) } == true && row["coherence"] is NSNull, "style is optional and unscored: \(row)")
            case .ultrafeedback:
                let completions = row["completions"] as! [[String: Any]]
                #expect(row["instruction"] is String && completions.count == 2)
                for c in completions {
                    let a = c["annotations"] as! [String: [String: String]]
                    #expect(c["model"] is String && c["response"] is String && a["truthfulness"]?["Rating"] != nil && a["truthfulness"]?["Rationale"] != nil)
                }
            case .records: #expect(row["criteria"] is [Any] && row["annotator"] is String && row["rubric"] is [String: Any])
            }
        }
        if format == .kto { #expect(rows.filter { $0["label"] as? Bool == true }.count == rows.count / 2) }
    }

    @Test("A format that cannot express the batch is exit 2 with the reason; an existing output needs --force")
    func refusals() throws {
        let dir = try Self.filledBatch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let helpsteer = try Support.run(["export", "batch", "--to", "helpsteer"], cwd: dir)
        #expect(helpsteer.status == 2 && helpsteer.stderr.contains("export\": {\"helpsteer\"") && helpsteer.stdout.isEmpty)
        try Support.write(dir + "/single/a.critique.md", "---\ntask: t\n---\n\n## Accuracy\nScore: 5\n\n## Helpfulness\nScore: 5\n\n## Clarity\nScore: 5\n")
        let single = try Support.run(["export", "single", "--to", "trl"], cwd: dir)
        #expect(single.status == 2 && single.stderr.contains("needs preference pairs"), "\(single.stderr)")
        try Support.write(dir + "/out.jsonl", "keep me\n")
        let exists = try Support.run(["export", "batch", "--to", "trl", "-o", "out.jsonl"], cwd: dir)
        #expect(exists.status == 2 && exists.stderr.contains("--force"))
        #expect(try String(contentsOfFile: dir + "/out.jsonl", encoding: .utf8) == "keep me\n")
        let forced = try Support.run(["export", "batch", "--to", "trl", "-o", "out.jsonl", "--force"], cwd: dir)
        let written = try jsonLines(String(contentsOfFile: dir + "/out.jsonl", encoding: .utf8))
        #expect(forced.status == 0 && written.count == 5)
        // A failing critique is skipped and named with its first error, unless --include-failing.
        try Support.write(dir + "/batch/critiques/ana/101.critique.md", "---\nrubric: chat-pairwise@2\ntask: 101\nannotator: ana\nresponses: ../../tasks/101.json\n---\n\n## Preference\nA > B\n")
        let failing = try Support.run(["export", "batch", "--to", "trl"], cwd: dir)
        #expect(failing.stderr.contains("skipped batch/critiques/ana/101.critique.md: fails the check:") && failing.stderr.contains("[criterion-missing]"), "\(failing.stderr)")
        #expect(try jsonLines(failing.stdout).count == 4)
        let included = try Support.run(["export", "batch", "--to", "trl", "--include-failing"], cwd: dir)
        #expect(try jsonLines(included.stdout).count == 5)
    }

    @Test("Import refuses pairs for a single rubric, three responses for a pairwise one, duplicate ids; a changed task file is not overwritten")
    func importProblems() throws {
        let dir = try Support.tempDir("critique-import")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/t.jsonl", [
            #"{"id": "a", "prompt": "P", "responses": ["x", "y", "z"]}"#,
            #"{"id": "b", "prompt": "P", "responses": ["x", "y"]}"#,
            #"{"id": "b", "prompt": "Q", "responses": ["x", "y"]}"#,
            "{broken",
        ].joined(separator: "\n"))
        let r = try Support.run(["task", "import", "t.jsonl", "--rubric", "chat-pairwise", "--into", "out"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("t.jsonl:1: the rubric chat-pairwise compares 2 responses (A, B); task 'a' has 3"), "\(r.stderr)")
        #expect(r.stderr.contains("t.jsonl:3: task id 'b' is used again (first at t.jsonl:2)") && r.stderr.contains("t.jsonl:4: not JSON"))
        #expect(FileManager.default.fileExists(atPath: dir + "/out/tasks/b.json") && FileManager.default.fileExists(atPath: dir + "/out/critiques/b.critique.md"))
        let single = try Support.run(["task", "import", "t.jsonl", "--rubric", "critique-default", "--into", "single"], cwd: dir)
        #expect(single.stderr.contains("scores one response; task 'b' has 2"), "\(single.stderr)")
        try Support.write(dir + "/out/tasks/b.json", "{}")
        let conflict = try Support.run(["task", "import", "t.jsonl", "--rubric", "chat-pairwise", "--into", "out"], cwd: dir)
        #expect(conflict.stderr.contains("out/tasks/b.json already exists with other content"), "\(conflict.stderr)")
        #expect(try String(contentsOfFile: dir + "/out/tasks/b.json", encoding: .utf8) == "{}")
        let usage = try Support.run(["task", "import", "t.jsonl", "--rubric", "chat-pairwise", "--into", "o2", "--annotators", "a", "--overlap", "2"], cwd: dir)
        #expect(usage.status == 2 && usage.stderr.contains("--overlap 2 needs at least 2 annotators"))
    }

    @Test("Task ids and annotator names cannot write outside the --into folder")
    func noEscape() throws {
        let dir = try Support.tempDir("critique-escape")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/t.jsonl", #"{"id": "../../../escaped", "prompt": "P\n---\nrubric: x", "responses": ["a", "b"]}"# + "\n" + #"{"id": "/etc/passwd", "prompt": "P", "responses": ["a", "b"]}"#)
        let r = try Support.run(["task", "import", "t.jsonl", "--rubric", "chat-pairwise", "--into", "in/side", "--annotators", "../../evil,ok"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let all = FileManager.default.subpaths(atPath: dir) ?? []
        #expect(all.allSatisfy { $0.hasPrefix("in") || $0 == "t.jsonl" }, "\(all)")
        let written = FileManager.default.subpaths(atPath: dir + "/in/side") ?? []
        #expect(written.contains("tasks/_.-..-..-escaped.json") && written.contains("tasks/-etc-passwd.json"), "\(written)")
        let skeleton = try String(contentsOfFile: dir + "/in/side/critiques/_.-..-evil/_.-..-..-escaped.critique.md", encoding: .utf8)
        #expect(skeleton.contains("annotator: ../../evil\n") && skeleton.contains("task: ../../../escaped\n"), "\(skeleton)")
        // A line break in an id cannot add front-matter lines.
        try Support.write(dir + "/n.jsonl", #"{"id": "a\nrubric: evil\n---", "prompt": "P", "responses": ["a", "b"]}"#)
        let n = try Support.run(["task", "import", "n.jsonl", "--rubric", "chat-pairwise", "--into", "nl"], cwd: dir)
        let files = FileManager.default.subpaths(atPath: dir + "/nl/critiques") ?? []
        let text = try String(contentsOfFile: dir + "/nl/critiques/" + (files.first ?? ""), encoding: .utf8)
        #expect(n.status == 0 && text.components(separatedBy: "\nrubric: ").count == 2 && text.contains("task: a rubric: evil ---\n"), "\(text)")
    }

    @Test("A 100 MB JSONL line is refused by name and the lines around it are imported")
    func hugeLine() throws {
        let dir = try Support.tempDir("critique-huge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var data = Data(#"{"id": "one", "prompt": "P", "responses": ["x", "y"]}"#.utf8 + [10])
        data.append(Data(#"{"id": "big", "prompt": ""#.utf8))
        data.append(Data(repeating: 0x61, count: 100 << 20))
        data.append(Data(#"", "responses": ["x", "y"]}"#.utf8 + [10]))
        data.append(Data(#"{"id": "three", "prompt": "P", "responses": ["x", "y"]}"#.utf8 + [10]))
        try data.write(to: URL(fileURLWithPath: dir + "/t.jsonl"))
        let r = try Support.run(["task", "import", "t.jsonl", "--rubric", "chat-pairwise", "--into", "out"], cwd: dir, timeout: 120)
        #expect(r.status == 1 && r.stderr.contains("t.jsonl:2: the line is over the 64 MiB limit for one task"), "\(r.stderr)")
        #expect(r.stderr.contains("imported 2 tasks"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/tasks/three.json"))
    }

    /// A batch made by the import with the fill fixture written over the skeletons.
    static func filledBatch() throws -> String {
        let dir = try Support.tempDir("critique-export")
        try Support.write(dir + "/ls.json", bytes: Support.bytes("pipeline/label-studio.json"))
        let r = try Support.run(["task", "import", "ls.json", "--rubric", "chat-pairwise", "--into", "batch", "--annotators", "ana,ben,cy", "--overlap", "2"], cwd: dir)
        precondition(r.status == 0, r.stderr)
        for annotator in ["ana", "ben", "cy"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: Support.path("pipeline/filled/\(annotator)")) {
                try Support.write("\(dir)/batch/critiques/\(annotator)/\(file)", bytes: Support.bytes("pipeline/filled/\(annotator)/\(file)"))
            }
        }
        return dir
    }

    func jsonLines(_ s: String) throws -> [[String: Any]] {
        try s.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }
}
