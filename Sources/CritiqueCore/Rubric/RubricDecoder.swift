/// Reads a rubric from JSON/JSON5 text. Never fails: returns what it could read and the
/// problems, each at the key or value that caused it. Structural rules (duplicate ids, scale
/// sanity, …) run afterwards over the result: `RubricRules.all` in RubricFile.swift.
struct RubricDecoder {
    var problems: [(RuleInfo, TextRange, String, [RelatedInfo])] = []

    mutating func problem(_ rule: RuleInfo, _ range: TextRange, _ message: String, related: [RelatedInfo] = []) {
        problems.append((rule, range, message, related))
    }

    mutating func string(_ node: JSONNode?, _ what: String) -> String? {
        guard let node else { return nil }
        if let s = node.string { return s }
        if let n = node.number { return formatScore(n) }
        problem(RubricInvalidValue.info, node.range, "\(what) must be a string, not \(node.typeName).")
        return nil
    }

    mutating func number(_ node: JSONNode?, _ what: String) -> Double? {
        guard let node else { return nil }
        if let n = node.number, n.isFinite { return n }
        if let s = node.string, let n = Double(s.trimmingWhitespace), n.isFinite {
            problem(RubricInvalidValue.info, node.range, "\(what) must be a number; remove the quotes around \(s).")
            return n
        }
        problem(RubricInvalidValue.info, node.range, "\(what) must be a finite number, not \(node.typeName).")
        return nil
    }

    mutating func bool(_ node: JSONNode?, _ what: String) -> Bool? {
        guard let node else { return nil }
        if let b = node.bool { return b }
        problem(RubricInvalidValue.info, node.range, "\(what) must be true or false, not \(node.typeName).")
        return nil
    }

    mutating func strings(_ node: JSONNode?, _ what: String) -> [(String, TextRange)]? {
        guard let node else { return nil }
        guard node.isArray else {
            if let s = node.string { problem(RubricInvalidValue.info, node.range, "\(what) must be a list; write [\"\(s)\"]."); return [(s, node.range)] }
            problem(RubricInvalidValue.info, node.range, "\(what) must be a list of strings, not \(node.typeName).")
            return nil
        }
        return node.elements.compactMap { e in string(e, "Each entry of \(what)").map { ($0, e.range) } }
    }

    mutating func object(_ node: JSONNode?, _ what: String) -> JSONNode? {
        guard let node else { return nil }
        if node.isObject { return node }
        problem(RubricInvalidValue.info, node.range, "\(what) must be an object, not \(node.typeName).")
        return nil
    }

    mutating func decode(_ root: JSONNode) -> Rubric? {
        guard root.isObject else {
            problem(RubricInvalidValue.info, root.range, "A rubric must be a JSON object, not \(root.typeName).")
            return nil
        }
        let id = string(root["id"], "The rubric id")
        if root["id"] == nil { problem(RubricMissingField.info, TextRange(root.range.start, root.range.start + 1), "The rubric has no \"id\"; add one, such as id: \"my-rubric\".") }
        var r = Rubric(id: id ?? "")
        r.idRange = root["id"]?.range ?? TextRange(root.range.start, root.range.start + 1)
        r.version = string(root["version"], "version")
        r.title = string(root["title"], "title")
        r.description = string(root["description"], "description")
        if let m = root["mode"] {
            switch string(m, "mode") {
            case "single": r.mode = .single
            case "pairwise": r.mode = .pairwise
            case let other?: problem(RubricInvalidValue.info, m.range, "mode must be \"single\" or \"pairwise\", not \"\(other)\".")
            case nil: break
            }
        }
        if let resp = strings(root["responses"], "responses") {
            // Labels name score lines (`A: 4`) and quotes (`> A: "…"`); a repeated label would
            // make both ambiguous, so it is reported and kept once.
            var seen: [String: TextRange] = [:]
            for (label, range) in resp {
                if let first = seen[label] {
                    problem(RubricDuplicateID.info, range, "Response label '\(label)' is listed twice; give each response its own label.",
                            related: [RelatedInfo(place: .rubric(first), message: "first listed here")])
                } else {
                    seen[label] = range
                    r.responses.append(label)
                }
            }
            if r.mode == .single && root["mode"] == nil && r.responses.count > 1 { r.mode = .pairwise }
        }
        if r.mode == .pairwise && r.responses.count < 2 {
            if root["responses"] != nil { problem(RubricInvalidValue.info, root["responses"]!.range, "A pairwise rubric needs at least two response labels, such as [\"A\", \"B\"].") }
            r.responses = ["A", "B"]
        }
        if r.mode == .single { r.responses = [] }
        if let md = object(root["metadata"], "metadata") {
            r.metadataRequired = strings(md["required"], "metadata.required")?.map { $0.0 } ?? []
            r.metadataOptional = strings(md["optional"], "metadata.optional")?.map { $0.0 } ?? []
        }
        if let cs = root["criteria"] {
            if cs.isArray { r.criteria = cs.elements.compactMap { criterion($0, depth: 0) } }
            else { problem(RubricInvalidValue.info, cs.range, "criteria must be a list of criterion objects, not \(cs.typeName).") }
        } else {
            problem(RubricMissingField.info, TextRange(root.range.start, root.range.start + 1), "The rubric has no \"criteria\"; add a list of criteria.")
        }
        if let ts = root["tags"] {
            if ts.isArray { r.tags = ts.elements.compactMap { tag($0) } }
            else { problem(RubricInvalidValue.info, ts.range, "tags must be a list of tag objects, not \(ts.typeName).") }
        }
        if let p = object(root["preference"], "preference") {
            r.preference.range = p.range
            if let b = bool(p["allowTie"], "preference.allowTie") { r.preference.allowTie = b }
            if let c = p["consistency"], let s = string(c, "preference.consistency") {
                if let v = PreferenceSettings.Consistency(rawValue: s) { r.preference.consistency = v }
                else { problem(RubricInvalidValue.info, c.range, "preference.consistency must be \"off\", \"warn\" or \"error\", not \"\(s)\".") }
            }
            r.preference.tieTolerance = number(p["tieTolerance"], "preference.tieTolerance")
        }
        if let st = object(root["style"], "style") {
            r.bannedPhrases = strings(st["bannedPhrases"], "style.bannedPhrases")?.map { $0.0 }.filter { !$0.trimmingWhitespace.isEmpty } ?? []
        }
        return r
    }

    mutating func criterion(_ node: JSONNode, depth: Int) -> Criterion? {
        guard node.isObject else {
            problem(RubricInvalidValue.info, node.range, "Each criterion must be an object, not \(node.typeName).")
            return nil
        }
        var c = Criterion(id: string(node["id"], "A criterion id") ?? "")
        c.range = node.range
        c.idRange = node["id"]?.range ?? TextRange(node.range.start, node.range.start + 1)
        if node["id"] == nil { problem(RubricMissingField.info, c.idRange, "This criterion has no \"id\"; add one.") }
        c.title = string(node["title"], "title")
        c.description = string(node["description"], "description")
        if let k = node["kind"], let s = string(k, "kind") {
            if let kind = Criterion.Kind(rawValue: s) { c.kind = kind }
            else { problem(RubricInvalidValue.info, k.range, "kind must be \"scale\", \"checklist\" or \"text\", not \"\(s)\".") }
        } else if node["items"] != nil && node["scale"] == nil {
            c.kind = .checklist
        }
        if let w = node["weight"] { c.weight = number(w, "weight") ?? 1 }
        c.tier = string(node["tier"], "tier")
        if let b = bool(node["required"], "required") { c.required = b }
        if let b = bool(node["naAllowed"], "naAllowed") { c.naAllowed = b }
        if let s = object(node["scale"], "scale") {
            var sc = Scale()
            sc.range = s.range
            sc.min = number(s["min"], "scale.min") ?? 1
            sc.max = number(s["max"], "scale.max") ?? 5
            sc.step = number(s["step"], "scale.step") ?? 1
            if let a = object(s["anchors"], "scale.anchors") {
                for m in a.members {
                    guard let v = Double(m.key.trimmingWhitespace), v.isFinite else {
                        problem(RubricInvalidValue.info, m.keyRange, "Anchor keys must be scores, such as \"1\" or \"5\"; \"\(m.key)\" is not a number.")
                        continue
                    }
                    if let t = string(m.value, "An anchor") { sc.anchors.append((v, t)) }
                }
                sc.anchors.sort { $0.value < $1.value }
            }
            c.scale = sc
        } else if c.kind == .scale && node["criteria"] == nil {
            c.scale = Scale()
        }
        c.justification = requirement(node["justification"], key: "minWords", what: "justification")
        c.evidence = requirement(node["evidence"], key: "minQuotes", what: "evidence")
        c.allowedTags = strings(node["tags"], "tags")?.map { $0.0 }
        if let items = node["items"] {
            if items.isArray {
                for e in items.elements {
                    guard e.isObject else {
                        if let s = e.string { c.items.append(ChecklistItem(id: nil, text: s, points: 1, range: e.range)); continue }
                        problem(RubricInvalidValue.info, e.range, "Each checklist item must be an object with text and points, not \(e.typeName).")
                        continue
                    }
                    var it = ChecklistItem(id: string(e["id"], "item id"), text: string(e["text"], "item text") ?? "", range: e.range)
                    if e["text"] == nil { problem(RubricMissingField.info, e.range, "This checklist item has no \"text\"; add the sentence the writer ticks.") }
                    if let p = e["points"] { it.points = number(p, "points") ?? 1 }
                    c.items.append(it)
                }
            } else { problem(RubricInvalidValue.info, items.range, "items must be a list, not \(items.typeName).") }
        }
        if let kids = node["criteria"] {
            if depth > 32 { problem(RubricInvalidValue.info, kids.range, "Criteria are nested too deeply (over 32 levels).") }
            else if kids.isArray { c.children = kids.elements.compactMap { criterion($0, depth: depth + 1) } }
            else { problem(RubricInvalidValue.info, kids.range, "criteria must be a list, not \(kids.typeName).") }
        }
        return c
    }

    mutating func requirement(_ node: JSONNode?, key: String, what: String) -> Requirement? {
        guard let o = object(node, what) else { return nil }
        var r = Requirement(minimum: 0, range: o.range)
        if let node = o[key], let n = number(node, "\(what).\(key)") {
            if n < 0 || n != n.rounded() || n > Double(Requirement.largest) {
                problem(RubricInvalidValue.info, node.range, "\(what).\(key) must be a whole number from 0 to \(Requirement.largest).")
            }
            // Clamped before the conversion: Int(1e19) would trap.
            r.minimum = Int(min(Double(Requirement.largest), max(0, n.rounded())))
        }
        if let w = o["when"], let s = string(w, "\(what).when") {
            let t = s.trimmingWhitespace
            if t == "always" { r.when = .always }
            else if t == "belowMax" { r.when = .belowMax }
            else if t.hasPrefix("scoreAtMost:"), let v = Double(t.dropFirst("scoreAtMost:".count).trimmingWhitespace), v.isFinite { r.when = .scoreAtMost(v) }
            else { problem(RubricInvalidValue.info, w.range, "\(what).when must be \"always\", \"belowMax\" or \"scoreAtMost:N\", not \"\(s)\".") }
        }
        return r
    }

    mutating func tag(_ node: JSONNode) -> TagDefinition? {
        if let s = node.string { return TagDefinition(id: s, range: node.range) }
        guard node.isObject else {
            problem(RubricInvalidValue.info, node.range, "Each tag must be an object with an id, not \(node.typeName).")
            return nil
        }
        var t = TagDefinition(id: string(node["id"], "A tag id") ?? "", range: node.range)
        if node["id"] == nil { problem(RubricMissingField.info, node.range, "This tag has no \"id\"; add one.") }
        t.description = string(node["description"], "description")
        t.severity = string(node["severity"], "severity")
        t.capsScoreAt = number(node["capsScoreAt"], "capsScoreAt")
        t.parent = string(node["parent"], "parent")
        return t
    }
}

extension StringProtocol {
    /// Without white space (including line breaks) at either end.
    public var trimmingWhitespace: String {
        // Nothing to trim when both ends are ASCII and not white space (the common case): no
        // Character walk.
        var s = Substring(self)
        if let f = s.utf8.first, let l = s.utf8.last, f > 0x20, f < 0x7F, l > 0x20, l < 0x7F { return String(s) }
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
