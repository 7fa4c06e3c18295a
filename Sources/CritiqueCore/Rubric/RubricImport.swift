/// Converts public rubric formats into critique rubrics (JSON text). Pure: text in, text out.
public enum RubricImport {
    public enum Source: String, CaseIterable, Sendable { case healthbench, prometheus, paperbench }

    public struct Failure: Error, Sendable { public var message: String }

    /// `index` picks the record for formats that hold many (a HealthBench JSONL line, a
    /// Prometheus instance).
    public static func convert(_ text: String, from source: Source, index: Int = 0) -> Result<String, Failure> {
        switch source {
        case .healthbench: return healthbench(text, index: index)
        case .prometheus: return prometheus(text, index: index)
        case .paperbench: return paperbench(text)
        }
    }

    static func parse(_ text: String) -> Result<JSONNode, Failure> {
        let (node, problems) = JSONReader.parse(SourceText(text))
        if let p = problems.first { return .failure(Failure(message: "not valid JSON: \(p.message)")) }
        guard let node else { return .failure(Failure(message: "empty input")) }
        return .success(node)
    }

    static func slug(_ s: String, max: Int = 40) -> String {
        var out = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
            if out.count >= max { break }
        }
        return out.trimmingCharacters(in: "-")
    }

    static func shorten(_ s: String, _ n: Int) -> String {
        let one = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return one.count > n ? String(one.prefix(n - 1)) + "…" : one
    }

    /// One HealthBench row (a JSONL line): its rubric items become one checklist with ± points.
    static func healthbench(_ text: String, index: Int) -> Result<String, Failure> {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard index >= 0 && index < lines.count else { return .failure(Failure(message: "the file has \(lines.count) rows; --index \(index) is out of range")) }
        let row: JSONNode
        switch parse(String(lines[index])) { case .success(let n): row = n; case .failure(let f): return .failure(f) }
        guard let items = row["rubrics"]?.elements, !items.isEmpty else { return .failure(Failure(message: "row \(index) has no \"rubrics\" list")) }
        let pid = row["prompt_id"]?.string ?? "row-\(index)"
        let prompt = row["prompt"]?.elements.last(where: { $0["role"]?.string == "user" })?["content"]?.string ?? ""
        var seen: Set<String> = []
        let converted: [OrderedJSON] = items.enumerated().compactMap { i, it in
            guard let t = it["criterion"]?.string else { return nil }
            let key = normalizeName(t)
            guard seen.insert(key).inserted else { return nil }
            var kv: [(String, OrderedJSON)] = [("id", .string("item-\(i + 1)")), ("text", .string(t)), ("points", .number(it["points"]?.number ?? 0))]
            let tags = it["tags"]?.elements.compactMap(\.string) ?? []
            if !tags.isEmpty { kv.append(("tags", .array(tags.map(OrderedJSON.string)))) }
            return .object(kv)
        }
        let rubric: OrderedJSON = .object([
            ("id", .string("healthbench-\(pid.prefix(8))")),
            ("version", .string("1.0.0")),
            ("title", .string("HealthBench: " + shorten(prompt, 60))),
            ("description", .string("Physician-written checklist for one HealthBench conversation. Items with negative points describe harmful behaviour: ticking one means the response does it.")),
            ("mode", .string("single")),
            ("metadata", .object([("required", .array([.string("task"), .string("annotator")]))])),
            ("criteria", .array([
                .object([("id", .string("rubric")), ("title", .string("Rubric items")), ("kind", .string("checklist")),
                         ("description", .string("Tick every item the response meets.")), ("items", .array(converted))]),
                .object([("id", .string("summary-judgement")), ("title", .string("Overall")), ("kind", .string("text")),
                         ("description", .string("What a physician would change in this response.")),
                         ("justification", .object([("minWords", .number(15)), ("when", .string("always"))]))]),
            ])),
            ("source", .string("HealthBench (openai/simple-evals), prompt \(pid)")),
            ("license", .string("MIT")),
        ])
        return .success(rubric.render() + "\n")
    }

    /// One Prometheus / BiGGen-Bench instance: the 1–5 score rubric becomes an anchored scale,
    /// the atomic checklist a checklist.
    /// Not optimised: Swift 6.3's CopyPropagation pass crashes on this function (SIL ownership
    /// verifier) since `JSONValue` is no longer `indirect`. It runs once per imported rubric.
    @_optimize(none)
    static func prometheus(_ text: String, index: Int) -> Result<String, Failure> {
        let root: JSONNode
        switch parse(text) { case .success(let n): root = n; case .failure(let f): return .failure(f) }
        let instances = root.isArray ? root.elements : [root]
        guard index >= 0 && index < instances.count else { return .failure(Failure(message: "the file has \(instances.count) instances; --index \(index) is out of range")) }
        let inst = instances[index]
        guard let sr = inst["score_rubric"], sr.isObject else { return .failure(Failure(message: "instance \(index) has no \"score_rubric\"")) }
        var anchors: [(String, OrderedJSON)] = []
        for k in 1...5 { if let d = sr["score\(k)_description"]?.string { anchors.append(("\(k)", .string(d))) } }
        let task = inst["task"]?.string ?? "task"
        var criteria: [OrderedJSON] = [
            .object([("id", .string("score")), ("title", .string("Score")), ("kind", .string("scale")),
                     ("description", .string(sr["criteria"]?.string ?? "")),
                     ("scale", .object([("min", .number(1)), ("max", .number(5)), ("step", .number(1)), ("anchors", .object(anchors))])),
                     ("justification", .object([("minWords", .number(20)), ("when", .string("always"))])),
                     ("evidence", .object([("minQuotes", .number(1)), ("when", .string("scoreAtMost:3"))]))]),
        ]
        // Some instances repeat a question; keep the first of each.
        var seenQuestions: Set<String> = []
        let checklist = (inst["atomic_checklist"]?.elements.compactMap(\.string) ?? []).filter { seenQuestions.insert(normalizeName($0)).inserted }
        if !checklist.isEmpty {
            criteria.append(.object([("id", .string("checklist")), ("title", .string("Checklist")), ("kind", .string("checklist")), ("required", .bool(false)),
                                     ("items", .array(checklist.enumerated().map { .object([("id", .string("q\($0.offset + 1)")), ("text", .string($0.element)), ("points", .number(1))]) }))]))
        }
        let rubric: OrderedJSON = .object([
            ("id", .string("prometheus-\(slug(task))-\(inst["instance_idx"]?.number.map { formatScore($0) } ?? String(index))")),
            ("version", .string("1.0.0")),
            ("title", .string("Prometheus \(inst["capability"]?.string ?? "") / \(task)")),
            ("mode", .string("single")),
            ("criteria", .array(criteria)),
            ("source", .string("Prometheus BiGGen-Bench (prometheus-eval/prometheus-eval)")),
            ("license", .string("Apache-2.0")),
        ])
        return .success(rubric.render() + "\n")
    }

    /// A PaperBench rubric tree: each top-level task becomes a checklist of its leaf
    /// requirements, weighted by their weights.
    static func paperbench(_ text: String) -> Result<String, Failure> {
        let root: JSONNode
        switch parse(text) { case .success(let n): root = n; case .failure(let f): return .failure(f) }
        guard let tops = root["sub_tasks"]?.elements, !tops.isEmpty else { return .failure(Failure(message: "no \"sub_tasks\" at the top of the tree")) }
        func leaves(_ n: JSONNode, _ w: Double) -> [(JSONNode, Double)] {
            let kids = n["sub_tasks"]?.elements ?? []
            let weight = w * (n["weight"]?.number ?? 1)
            if kids.isEmpty { return [(n, weight)] }
            let total = kids.map { $0["weight"]?.number ?? 1 }.reduce(0, +)
            return kids.flatMap { leaves($0, total > 0 ? weight / total : 0) }
        }
        let topTotal = tops.map { $0["weight"]?.number ?? 1 }.reduce(0, +)
        var usedIDs: Set<String> = []
        let criteria: [OrderedJSON] = tops.enumerated().map { i, t in
            let title = shorten(t["requirements"]?.string ?? "Task \(i + 1)", 70)
            var seen: Set<String> = []
            var itemIDs: Set<String> = []
            let items: [OrderedJSON] = leaves(t, 1).compactMap { leaf, w in
                let req = leaf["requirements"]?.string ?? ""
                guard !req.isEmpty, seen.insert(normalizeName(req)).inserted else { return nil }
                // Leaf ids repeat in some PaperBench trees; items need distinct ids.
                let base = leaf["id"]?.string ?? ""
                var id = base
                var n = 2
                while !id.isEmpty && !itemIDs.insert(id.lowercased()).inserted { id = "\(base)-\(n)"; n += 1 }
                return .object([("id", .string(id)), ("text", .string(req)), ("points", .number((w * 100).rounded() / 100))])
            }
            var id = slug(title, max: 32)
            if id.isEmpty || usedIDs.contains(id) { id = "task-\(i + 1)" }
            usedIDs.insert(id)
            return .object([("id", .string(id)), ("title", .string(title)), ("kind", .string("checklist")),
                             ("weight", .number(((t["weight"]?.number ?? 1) / max(topTotal, 1e-9) * 100).rounded() / 100)),
                             ("items", .array(items))])
        }
        let rubric: OrderedJSON = .object([
            ("id", .string("paperbench-" + slug(root["id"]?.string ?? "paper", max: 12))),
            ("version", .string("1.0.0")),
            ("title", .string("PaperBench: " + shorten(root["requirements"]?.string ?? "replication", 60))),
            ("mode", .string("single")),
            ("criteria", .array(criteria)),
            ("source", .string("PaperBench (openai/preparedness)")),
            ("license", .string("MIT")),
        ])
        return .success(rubric.render() + "\n")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
