/// A stable text form of the parsed tree, node by node with UTF-8 ranges: the snapshot files
/// under `Tests/CritiqueTests/Fixtures/parser/` hold it for every fixture, so a change to the
/// parser or to the tree's shape shows exactly which node moved.
extension CritiqueDocument {
    public func dump() -> String {
        var out = ""
        func r(_ t: TextRange) -> String { "\(t.start)..\(t.end)" }
        func q(_ s: String) -> String { OrderedJSON.quote(s) }
        for (i, l) in lines.enumerated() { out += "line \(i + 1) \(kindName(l.kind)) \(r(l.range)) content \(r(l.content))\n" }
        if let fm = frontMatter {
            out += "front-matter \(r(fm.range)) open \(r(fm.openRange)) insert \(fm.insertionPoint) \(fm.closed ? "closed" : "unclosed")\n"
            for e in fm.entries { out += "  entry \(q(e.key)) = \(q(e.value)) key \(r(e.keyRange)) value \(r(e.valueRange)) line \(r(e.lineRange))\n" }
        }
        for s in [preamble] + sections {
            out += "section \(q(s.heading)) level \(s.level) heading \(r(s.headingRange)) line-index \(s.lineIndex) range \(r(s.range)) content-end \(s.contentEnd) words \(s.words)\n"
            for sc in s.scores {
                let v: String
                switch sc.value { case .number(let n): v = "number(\(formatScore(n)))"; case .notApplicable: v = "n/a"; case .invalid: v = "invalid" }
                out += "  score \(q(sc.label)) \(r(sc.labelRange)) = \(v) \(q(text.slice(sc.valueRange))) \(r(sc.valueRange)) line \(r(sc.lineRange))\n"
            }
            for it in s.items { out += "  item [\(it.checked ? "x" : " ")] \(q(it.text)) \(r(it.textRange)) box \(r(it.boxRange)) line \(r(it.lineRange))\n" }
            for t in s.tags { out += "  tag \(q(t.name)) \(r(t.range)) score-label \(t.scoreLabel.map(q) ?? "-") line-labels [\(t.lineLabels.map(q).joined(separator: ", "))]\n" }
            for qu in s.quotes { out += "  quote \(qu.label.map(q) ?? "-") \(qu.labelRange.map(r) ?? "-") \(q(qu.text)) \(r(qu.textRange)) line \(r(qu.lineRange))\n" }
            for p in s.preferences {
                let rel: String
                switch p.relation { case .tie: rel = "="; case .better(let n): rel = String(repeating: ">", count: n) }
                out += "  preference \(q(p.left)) \(rel) \(q(p.right)) left \(r(p.leftRange)) right \(r(p.rightRange)) \(r(p.range))\n"
            }
            for ip in s.invalidPreferences { out += "  invalid-preference \(r(ip))\n" }
            for p in s.prose { out += "  prose \(r(p))\n" }
        }
        for s in suppressions {
            out += "suppression \(s.wholeFile ? "file" : "block") [\(s.rules.map { "\(q($0.id)) \(r($0.range))" }.joined(separator: ", "))] reason \(s.reason.map(q) ?? "-") \(r(s.range)) scope \(r(s.scope))\n"
        }
        for p in problems { out += "problem \(q(p.message)) \(r(p.range))\n" }
        return out
    }

    private func kindName(_ k: Line.Kind) -> String {
        switch k {
        case .blank: "blank"
        case .prose: "prose"
        case .heading(let level): "heading\(level)"
        case .frontMatterDelimiter: "fm-delimiter"
        case .frontMatterEntry: "fm-entry"
        case .frontMatterOther: "fm-other"
        case .score: "score"
        case .checklistItem: "item"
        case .quote: "quote"
        case .preference: "preference"
        case .comment: "comment"
        case .suppression: "suppression"
        case .code: "code"
        case .codeFence: "code-fence"
        }
    }
}
