/// The report as JSON: every number on the page. The keys named in DESIGN.md (`criteria[]`,
/// `preference`, `annotators[]`, `duplicates[]`) are a contract.
extension BatchReport {
    public func json() -> OrderedJSON {
        func num(_ d: Double?) -> OrderedJSON { d.map { .number($0) } ?? .null }
        func interval(_ ci: (low: Double, high: Double)?) -> OrderedJSON { ci.map { .array([.number($0.low), .number($0.high)]) } ?? .null }
        func strings(_ xs: [String]) -> OrderedJSON { .array(xs.map { .string($0) }) }
        func criterion(_ c: CriterionReliability) -> OrderedJSON {
            .object([("rubric", .string(c.rubric)), ("criterion", .string(c.criterion)), ("title", .string(c.title)),
                     ("level", .string(c.level.rawValue)), ("alpha", num(c.alpha)), ("units", .number(Double(c.units))),
                     ("ci", interval(c.ci)), ("flagged", .bool(c.flagged))])
        }
        func preference(_ p: PreferenceReliability?, _ rubric: String) -> OrderedJSON {
            guard let p else { return .null }
            return .object([("rubric", .string(rubric)), ("alpha", num(p.alpha)), ("units", .number(Double(p.units))), ("ci", interval(p.ci)),
                            ("strengthAlpha", num(p.strengthAlpha)), ("firstShown", .string(p.firstShown)),
                            ("positionBias", num(p.positionBias)), ("decided", .number(Double(p.decided)))])
        }
        func annotator(_ a: Annotator, _ rubric: String) -> OrderedJSON {
            .object([("id", .string(a.id)), ("rubric", .string(rubric)), ("documents", .number(Double(a.documents))), ("failing", .number(Double(a.failing))),
                     ("findingsPerDocument", .object(a.findingsPerDocument.map { ($0.area.rawValue, .number($0.rate)) })),
                     ("medianWords", .number(a.medianWords)), ("quotesFound", num(a.quotesFound)),
                     ("meanScore", num(a.meanScore)), ("batchMeanScore", num(a.batchMeanScore)),
                     ("scoreHistogram", .array(a.scoreHistogram.map { .number(Double($0)) })),
                     ("batchHistogram", .array(a.batchHistogram.map { .number(Double($0)) })),
                     ("goldAccuracy", num(a.goldAccuracy)), ("deltaAlpha", num(a.deltaAlpha))])
        }
        let groupsJSON: [OrderedJSON] = groups.map { g in
            .object([
                ("rubric", .string(g.rubric)), ("versions", strings(g.versions)), ("documents", .number(Double(g.documents))),
                ("tasks", .number(Double(g.tasks))), ("annotators", .number(Double(g.annotators))), ("passRate", .number(g.passRate)),
                ("findingsByRule", .object(g.findingsByRule.map { ($0.rule, .number(Double($0.count))) })),
                ("criteria", .array(g.criteria.map(criterion))), ("preference", preference(g.preference, g.rubric)),
                ("annotators", .array(g.people.map { annotator($0, g.rubric) })),
                ("matrix", .object([("annotators", strings(g.matrix.annotators)),
                                    ("agreement", .array(g.matrix.cells.map { .array($0.map { num($0.agreement) }) })),
                                    ("n", .array(g.matrix.cells.map { .array($0.map { .number(Double($0.n)) }) }))])),
                ("disagreements", .array(g.disagreements.map { d in
                    .object([("task", .string(d.task)), ("criterion", .string(d.criterion)), ("response", d.response.map { .string($0) } ?? .null),
                             ("spread", .number(d.spread)),
                             ("sides", .array(d.sides.map { .object([("annotator", .string($0.annotator)), ("value", .string($0.value)),
                                                                     ("path", .string($0.path)), ("line", .number(Double($0.line)))]) }))])
                })),
                ("gold", .array(g.gold.map { r in
                    .object([("annotator", .string(r.annotator)), ("tasks", .number(Double(r.tasks))),
                             ("criteria", .array(r.criteria.map { .object([("criterion", .string($0.criterion)), ("meanAbsoluteDeviation", num($0.meanAbsoluteDeviation)),
                                                                           ("exact", num($0.exact)), ("n", .number(Double($0.n)))]) })),
                             ("preferenceAgreement", num(r.preferenceAgreement)), ("preferenceN", .number(Double(r.preferenceN))),
                             ("failures", strings(r.failures))])
                })),
            ])
        }
        let passing = groups.reduce(0) { $0 + Int(($1.passRate * Double($1.documents)).rounded()) }
        return .object([
            ("documents", .number(Double(documents))),
            ("passRate", documents == 0 ? .null : .number(Double(passing) / Double(documents))),
            ("failing", .array(failing.map { .object([("path", .string($0.path)), ("error", .string($0.error))]) })),
            ("unusable", .array(unusable.map { .object([("path", .string($0.path)), ("error", .string($0.error))]) })),
            ("criteria", .array(groups.flatMap { $0.criteria.map(criterion) })),
            ("preference", groups.first { $0.preference != nil }.map { preference($0.preference, $0.rubric) } ?? .null),
            ("annotators", .array(groups.flatMap { g in g.people.map { annotator($0, g.rubric) } })),
            ("duplicates", .array(duplicates.map { d in
                .object([("paths", strings(d.paths)), ("annotators", strings(d.annotators)), ("tasks", strings(d.tasks)),
                         ("similarity", .number(d.similarity)), ("kind", .string(d.kind))])
            })),
            ("lengthOutliers", .array(lengthOutliers.map { o in
                .object([("path", .string(o.path)), ("annotator", o.annotator.map { .string($0) } ?? .null), ("words", .number(Double(o.words))),
                         ("median", .number(o.median)), ("kind", .string(o.short ? "short" : "long"))])
            })),
            ("gold", .object([("unmatched", strings(unmatchedGold)), ("failures", strings(goldFailures))])),
            ("groups", .array(groupsJSON)),
            ("notes", strings(notes)),
        ])
    }
}
