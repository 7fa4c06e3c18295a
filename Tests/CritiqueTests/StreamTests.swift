import CritiqueCore
import Foundation
import Testing

/// `critique check --jsonl` (records in, results out in input order) and `--shard K/N`.
@Suite("Command line: stream and shards", .serialized)
struct StreamTests {
    static let critique = "---\nrubric: chat-pairwise\ntask: T\nannotator: w\n---\n\n## Truthfulness\nA: 5\nB: 2 #halucination\n\nB invents a study from Oslo that nobody can find anywhere at all.\n\n> B: \"a study from Oslo\"\n"

    static func workspace() throws -> String {
        let dir = try Support.tempDir("critique-stream")
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        return dir
    }

    static func record(_ id: String, _ text: String = critique, task: Bool = true, responseB: String = "There is a study from Oslo.") -> String {
        let t = try! JSONEncoder().encode(text)
        let taskJSON = task ? #", "task": {"prompt": "Why?", "responses": {"A": "Fine.", "B": "\#(responseB)"}}"# : ""
        return #"{"id": \#(id), "text": \#(String(decoding: t, as: UTF8.self))\#(taskJSON)}"#
    }

    @Test("Results come out one a line, in input order, with ids as given; bad lines get input-invalid and the stream goes on")
    func records() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = [Self.record("7"), "not json at all", "[1, 2]", #"{"id": "x"}"#, "", Self.record(#""b-2""#), Self.record(#"{"k": [1, "z"]}"#),
                     Self.record("9", responseB: "Nothing about any city.")].joined(separator: "\n")
        let r = try Support.run(["check", "--jsonl"], stdin: Data(input.utf8), cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 7, "\(r.stdout)")
        let parsed = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(parsed.count == 7, "every line is one JSON object")
        func rules(_ i: Int) -> [String] { (parsed[i]["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } }
        #expect(parsed[0]["id"] as? Int == 7 && rules(0).contains("tag-unknown") && !rules(0).contains("quote-not-found"), "\(lines[0])")
        #expect(rules(1) == ["input-invalid"] && rules(2) == ["input-invalid"] && rules(3) == ["input-invalid"])
        #expect((parsed[1]["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int == 2)
        #expect((parsed[3]["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int == 4 && parsed[3]["id"] as? String == "x")
        #expect(parsed[4]["id"] as? String == "b-2" && rules(4) == rules(0), "the same record gives the same findings")
        #expect(!rules(4).contains("quote-not-found") && !rules(4).contains("responses-not-found"), "the quote is found in the inline task")
        #expect(lines[5].hasPrefix(#"{"id": {"k":[1,"z"]}"#), "\(lines[5])")
        #expect(rules(6).contains("quote-not-found"), "the inline task is what the quote is checked against: \(lines[6])")
    }

    @Test("Two thousand records keep their order across the parallel batches")
    func order() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = (0..<2_000).map { i in i % 3 == 0 ? Self.record("\(i)", task: false) : Self.record("\(i)") }.joined(separator: "\n") + "\n"
        let r = try Support.run(["check", "--jsonl"], stdin: Data(input.utf8), cwd: dir, timeout: 120)
        let ids = r.stdout.split(separator: "\n").compactMap { line -> Int? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? Int
        }
        #expect(ids == Array(0..<2_000))
    }

    @Test("A line over the size limit is reported and skipped, not held; the next line is checked")
    func hugeLine() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var input = Data(#"{"id": 1, "text": ""#.utf8)
        input.append(Data(repeating: UInt8(ascii: "a"), count: (64 << 20) + 100))
        input.append(Data("\"}\n".utf8))
        input.append(Data((Self.record("2") + "\n").utf8))
        let r = try Support.run(["check", "--jsonl"], stdin: input, cwd: dir, timeout: 120)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("input-invalid") == true && lines.first?.contains("over the 64 MiB limit") == true)
        #expect(lines.last?.hasPrefix(#"{"id": 2,"#) == true)
    }

    @Test("--shard K/N: the shards of a folder walk cover it exactly once; bad values are usage errors")
    func shards() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for i in 0..<30 { try Support.write(dir + "/critiques/sub\(i % 4)/c\(i).critique.md", Self.critique) }
        var seen: [String] = []
        for k in 1...3 {
            let r = try Support.run(["check", "--format", "json", "--shard", "\(k)/3", dir + "/critiques"])
            let report = try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any]
            let paths = (report?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(!paths.isEmpty, "shard \(k) is not empty")
            seen += paths
        }
        #expect(seen.count == 30 && Set(seen).count == 30)
        for bad in ["0/3", "4/3", "x", "1/0"] { #expect(try Support.run(["check", "--shard", bad, dir]).status == 2) }
        #expect(try Support.run(["check", "--jsonl", dir]).status == 2)
    }
}

extension StreamTests {
    /// The python of a venv with pyspark (.ci/run sets it; Java comes from Debian).
    static var sparkPython: String? {
        guard let p = ProcessInfo.processInfo.environment["CRITIQUE_SPARK_PYTHON"], FileManager.default.isExecutableFile(atPath: p) else { return nil }
        return p
    }

    /// Tests/Scripts/spark_stream.py (the README's PySpark example) runs `critique check --jsonl`
    /// through `RDD.pipe` in local mode over 10,000 generated records; its output must equal a
    /// single-process run, line for line.
    @Test("PySpark RDD.pipe over 10,000 records equals a single-process run, line for line",
          .enabled(if: EditorHarness.isCI || sparkPython != nil, "SKIPPED: set CRITIQUE_SPARK_PYTHON to a python with pyspark (and install openjdk-17-jre-headless)"),
          .timeLimit(.minutes(5)))
    func spark() throws {
        guard let python = Self.sparkPython else {
            Issue.record("pyspark missing: .ci/run installs pyspark (PyPI) and openjdk-17-jre-headless (Debian)"); return
        }
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SeededRandom(seed: 0x5EA4)
        let tags = ["hallucination", "halucination", "outdated", "verbose", "nosuchtag"]
        let records = (0..<10_000).map { i -> String in
            let text = Self.critique.replacingOccurrences(of: "#halucination", with: "#" + tags[Int(rng.next() % 5)])
                .replacingOccurrences(of: "B: 2", with: "B: \(Int(rng.next() % 7))")
            return i % 997 == 0 ? "not a record \(i)" : Self.record("\(i)", text)
        }.joined(separator: "\n") + "\n"
        try Support.write(dir + "/records.jsonl", records)
        let single = try Support.run(["check", "--jsonl"], stdin: Data(records.utf8), cwd: dir, timeout: 120)
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/bin/critique", withDestinationPath: EditorHarness.serverBinary)
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = dir + "/bin:" + (env["PATH"] ?? "/usr/bin:/bin")
        env["HOME"] = dir
        let script = EditorHarness.packageRoot.appendingPathComponent("Tests/Scripts/spark_stream.py").path
        let (status, log) = try EditorClientTests.runClient(python, [script, dir + "/records.jsonl", dir, dir + "/spark.jsonl", EditorHarness.serverBinary], environment: env, timeout: 240)
        #expect(status == 0, "\(log.suffix(2000))")
        let sparkOut = (try? String(contentsOfFile: dir + "/spark.jsonl", encoding: .utf8)) ?? ""
        // An input-invalid line number counts lines of the stream one process saw, which under a
        // partitioned engine is the partition: compare those records without it.
        func normal(_ s: Substring) -> String {
            guard s.contains("\"input-invalid\"") else { return String(s) }
            return s.replacingOccurrences(of: #"line \d+"#, with: "line N", options: .regularExpression)
                .replacingOccurrences(of: #""(line|endLine)": \d+"#, with: "\"$1\": N", options: .regularExpression)
        }
        let a = single.stdout.split(separator: "\n").map(normal), b = sparkOut.split(separator: "\n").map(normal)
        #expect(a.count == 10_000 && b.count == 10_000, "single \(a.count), spark \(b.count)")
        let firstDifference = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "first difference at line \((firstDifference?.offset ?? 0) + 1): \(String(describing: firstDifference?.element))")
        #expect(a.filter { $0.contains("input-invalid") }.count == 11, "the 11 bad lines are reported in both")
    }
}
