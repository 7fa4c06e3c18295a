/// Computing the report from checked documents. Pure: records and findings in, numbers out.
extension BatchReport {
    /// Runs `body` for 0..<n, possibly at the same time on several cores (the shell passes
    /// `DispatchQueue.concurrentPerform`; the core has no threads of its own).
    public typealias Parallel = @Sendable (_ n: Int, _ body: @Sendable (Int) -> Void) -> Void
    public static let serial: Parallel = { n, body in for i in 0..<n { body(i) } }

    /// `gold`: reference critiques (one per task). Documents are grouped by rubric id@major.
    public static func build(_ docs: [Document], gold: [CritiqueRecord] = [], settings: Settings = Settings(),
                             parallel: @escaping Parallel = serial) -> BatchReport {
        var report = BatchReport(documents: docs.count, groups: [], failing: [], unusable: [], duplicates: [], lengthOutliers: [], unmatchedGold: [], notes: [])
        report.unusable = docs.filter { $0.record == nil }.map { ($0.path, $0.firstError ?? "no usable rubric") }
        report.failing = docs.filter { $0.record != nil && $0.failing }.map { ($0.path, $0.firstError ?? "fails the check") }
        var order: [String] = []
        var byGroup: [String: [Document]] = [:]
        for d in docs {
            guard let r = d.record else { continue }
            let key = groupKey(r)
            if byGroup[key] == nil { order.append(key) }
            byGroup[key, default: []].append(d)
        }
        let goldByGroup = Dictionary(grouping: gold, by: groupKey)
        let builders = order.map { GroupBuilder(key: $0, docs: byGroup[$0]!, gold: goldByGroup[$0] ?? [], settings: settings, parallel: parallel) }
        // The duplicate search and each group are independent: one job each.
        let groups = Slots<Group>(count: builders.count)
        let clusters = Slots<[DuplicateCluster]>(count: 1)
        parallel(builders.count + 1) { i in
            if i == builders.count { clusters[0] = duplicates(docs, threshold: settings.duplicateThreshold) }
            else { groups[i] = builders[i].build() }
        }
        report.groups = groups.values.map { $0! }
        report.duplicates = clusters.values[0] ?? []
        var matchedGold = Set<String>()
        for group in builders {
            matchedGold.formUnion(group.matchedGoldTasks)
            if group.versions.count > 1 {
                report.notes.append("\(group.key): documents were scored under versions \(group.versions.joined(separator: ", ")) of the rubric; they are reported together because the major version is the same.")
            }
        }
        report.unmatchedGold = gold.compactMap { $0.task }.filter { !matchedGold.contains($0) }.sorted()
        report.lengthOutliers = lengthOutliers(docs)
        return report
    }

    static func groupKey(_ r: CritiqueRecord) -> String {
        guard let v = r.rubricVersion else { return r.rubricID }
        let major = v.split(separator: ".").first.map { $0.hasPrefix("v") || $0.hasPrefix("V") ? $0.dropFirst() : $0 } ?? ""
        return r.rubricID + "@" + major
    }

    /// Words of justification in a document: its criteria's prose, quotes excluded.
    static func words(_ r: CritiqueRecord) -> Int { r.criteria.reduce(0) { $0 + $1.words } }

    static func justification(_ r: CritiqueRecord) -> String { r.criteria.map(\.rationale).filter { !$0.isEmpty }.joined(separator: "\n") }

    static func duplicates(_ docs: [Document], threshold: Double) -> [DuplicateCluster] {
        let withText = docs.compactMap { d -> (Document, String)? in
            guard let r = d.record else { return nil }
            let t = justification(r)
            return t.isEmpty ? nil : (d, t)
        }
        return NearDuplicates.clusters(withText.map(\.1), threshold: threshold).map { c in
            let members = c.members.map { withText[$0].0 }
            let annotators = Array(Set(members.compactMap { $0.record?.annotator })).sorted()
            let tasks = Array(Set(members.compactMap { $0.record?.task })).sorted()
            return DuplicateCluster(paths: members.map(\.path), annotators: annotators, tasks: tasks, similarity: c.similarity,
                                    kind: annotators.count <= 1 ? "one annotator across tasks" : "across annotators")
        }
    }

    static func lengthOutliers(_ docs: [Document]) -> [LengthOutlier] {
        let counted = docs.compactMap { d in d.record.map { (d, words($0)) } }
        let m = median(counted.map { Double($0.1) })
        guard m > 0 else { return [] }
        return counted.compactMap { d, w in
            guard Double(w) < m / 3 || Double(w) > m * 3 else { return nil }
            return LengthOutlier(path: d.path, annotator: d.record?.annotator, words: w, median: m, short: Double(w) < m / 3)
        }
    }

    static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Results written by parallel jobs, one slot each: every slot is written by one job only and
/// read after all have finished. The storage is allocated once, so concurrent writes to
/// different slots never touch shared bookkeeping.
final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }
    deinit { storage.deinitialize(); storage.deallocate() }
    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
    var values: [T?] { Array(storage) }
}

/// One rubric group's numbers.
struct GroupBuilder: Sendable {
    let key: String
    let docs: [BatchReport.Document]
    /// Documents whose scores count: those that pass, or all with `includeFailing`.
    let scored: [CritiqueRecord]
    let gold: [String: CritiqueRecord]
    let settings: BatchReport.Settings
    let annotators: [String]
    let versions: [String]
    let parallel: BatchReport.Parallel
    var matchedGoldTasks: Set<String> { Set(scored.compactMap(\.task)).intersection(gold.keys) }

    init(key: String, docs: [BatchReport.Document], gold: [CritiqueRecord], settings: BatchReport.Settings, parallel: @escaping BatchReport.Parallel) {
        self.key = key
        self.parallel = parallel
        self.docs = docs
        self.settings = settings
        scored = docs.filter { !$0.failing || settings.includeFailing }.compactMap(\.record)
        self.gold = Dictionary(gold.compactMap { g in g.task.map { ($0, g) } }, uniquingKeysWith: { a, _ in a })
        var seen: [String] = []
        for d in docs { let a = d.record?.annotator ?? "(none)"; if !seen.contains(a) { seen.append(a) } }
        annotators = seen
        versions = Array(Set(docs.compactMap { $0.record?.rubricVersion })).sorted()
    }

    static func annotator(_ r: CritiqueRecord) -> String { r.annotator ?? "(none)" }
    static func task(_ r: CritiqueRecord) -> String { r.task ?? r.path }

    func build() -> BatchReport.Group {
        // The costly parts are independent, so each is a job: α with its bootstrap intervals,
        // the preference, the agreement matrix, the disagreements, and α without each annotator
        // (leave-one-out), which needs α alone.
        let ratings = ratings(scored)
        let reliabilities = Slots<[BatchReport.CriterionReliability]>(count: 1)
        let preferences = Slots<BatchReport.PreferenceReliability?>(count: 1)
        let matrices = Slots<BatchReport.AgreementMatrix>(count: 1)
        let disagreementLists = Slots<[BatchReport.Disagreement]>(count: 1)
        let alphaWithout = Slots<Double>(count: annotators.count)
        let jobs = 4
        parallel(jobs + annotators.count) { i in
            switch i {
            case 0: reliabilities[0] = reliability(ratings)
            case 1: preferences[0] = preference()
            case 2: matrices[0] = matrix()
            case 3: disagreementLists[0] = disagreements()
            default:
                let coder = i - jobs
                guard scored.contains(where: { Self.annotator($0) == annotators[coder] }) else { return }
                alphaWithout[coder] = meanAlpha(ratings, without: coder)
            }
        }
        let criteria = reliabilities[0] ?? []
        let batchMean = Self.meanAlpha(criteria)
        let gold = goldResults()
        let batchScores = scored.flatMap(Self.normalizedScores)
        let loo = annotators.indices.map { i in batchMean.flatMap { with in alphaWithout[i].map { $0 - with } } }
        var people: [BatchReport.Annotator] = []
        for (index, a) in annotators.enumerated() {
            let mine = docs.filter { Self.annotator($0.record!) == a }
            let records = mine.compactMap(\.record)
            var byArea: [RuleArea: Int] = [:]
            for d in mine { for f in d.findings { byArea[f.info.area, default: 0] += 1 } }
            let quotes = records.filter { !$0.responses.isEmpty }.flatMap { $0.criteria.flatMap(\.quotes) }
            let scores = records.flatMap(Self.normalizedScores)
            let g = gold.first { $0.annotator == a }
            people.append(BatchReport.Annotator(
                id: a, documents: mine.count, failing: mine.filter(\.failing).count,
                findingsPerDocument: RuleArea.allCases.compactMap { area in byArea[area].map { (area, Double($0) / Double(mine.count)) } },
                medianWords: BatchReport.median(records.map { Double(BatchReport.words($0)) }),
                quotesFound: quotes.isEmpty ? nil : Double(quotes.filter { $0.start != nil }.count) / Double(quotes.count),
                meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                batchMeanScore: batchScores.isEmpty ? nil : batchScores.reduce(0, +) / Double(batchScores.count),
                scoreHistogram: Self.histogram(scores), batchHistogram: Self.histogram(batchScores),
                goldAccuracy: g?.accuracy, deltaAlpha: loo[index]))
        }
        var rules: [String: Int] = [:]
        for d in docs { for f in d.findings { rules[f.rawValue, default: 0] += 1 } }
        return BatchReport.Group(
            rubric: key, versions: versions, documents: docs.count, tasks: Set(docs.compactMap { $0.record.map(Self.task) }).count,
            annotators: annotators.count, passRate: docs.isEmpty ? 0 : Double(docs.filter { !$0.failing }.count) / Double(docs.count),
            findingsByRule: rules.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) },
            criteria: criteria, preference: preferences[0] ?? nil, people: people, matrix: matrices[0]!, disagreements: disagreementLists[0] ?? [],
            gold: gold.map(\.result))
    }

    // MARK: reliability

    /// A criterion's ratings: units (one per task, or per task and response), each annotator's value.
    struct Ratings {
        struct UnitKey: Hashable { var task: Int; var unit: String }
        var unitIndex: [UnitKey: Int] = [:]
        var unitTask: [Int] = []
        var values: [[Double?]] = []
        var taskIndex: [String: Int] = [:]

        mutating func add(task: String, unit: String, coder: Int, coders: Int, value: Double?) {
            add(task: self.task(task), unit: unit, coder: coder, coders: coders, value: value)
        }

        /// The number of `task`, given the first time it is asked for.
        mutating func task(_ task: String) -> Int {
            if let t = taskIndex[task] { return t }
            taskIndex[task] = taskIndex.count
            return taskIndex.count - 1
        }

        mutating func add(task: Int, unit: String, coder: Int, coders: Int, value: Double?) {
            let key = UnitKey(task: task, unit: unit)
            let u: Int
            if let i = unitIndex[key] { u = i } else {
                u = values.count
                unitIndex[key] = u
                values.append([Double?](repeating: nil, count: coders))
                unitTask.append(task)
            }
            values[u][coder] = value
        }

        /// Tasks with at least one pairable unit.
        var pairableTasks: Int {
            Set(values.indices.filter { values[$0].compactMap { $0 }.count >= 2 }.map { unitTask[$0] }).count
        }
    }

    /// One criterion's ratings, and its tags' (a unit per task and tag).
    struct CriterionRatings {
        var id: String
        var title: String
        var kind: Criterion.Kind
        var scores = Ratings()
        var tags = Ratings()
    }

    /// The ratings of every criterion the records use, in the order they first appear.
    func ratings(_ records: [CritiqueRecord]) -> [CriterionRatings] {
        let coder = Dictionary(annotators.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var order: [String] = []
        var entries: [String: (title: String, kind: Criterion.Kind)] = [:]
        for r in records { for c in r.criteria where entries[c.id] == nil { order.append(c.id); entries[c.id] = (c.title, c.kind) } }
        return order.map { id in
            let (title, kind) = entries[id]!
            var out = CriterionRatings(id: id, title: title, kind: kind)
            // Tags: every annotator who wrote the section either used a tag on the task or not.
            // Task number × coders + coder, for each section written. Tags take the scores'
            // task numbers: only the grouping into tasks matters, never the numbers.
            var wrote: Set<Int> = []
            for r in records {
                guard let c = r.criteria.first(where: { $0.id == id }), let k = coder[Self.annotator(r)] else { continue }
                let task = out.scores.task(Self.task(r))
                switch kind {
                case .scale: for s in c.scores { out.scores.add(task: task, unit: s.label, coder: k, coders: annotators.count, value: s.value) }
                case .checklist:
                    for item in c.items { out.scores.add(task: task, unit: item.id ?? item.text.lowercased(), coder: k, coders: annotators.count, value: item.checked ? 1 : 0) }
                case .text: break
                }
                for t in c.tags { out.tags.add(task: task, unit: t.id.lowercased(), coder: k, coders: annotators.count, value: 1) }
                wrote.insert(task * annotators.count + k)
            }
            for (key, u) in out.tags.unitIndex {
                for k in annotators.indices where out.tags.values[u][k] == nil && wrote.contains(key.task * annotators.count + k) { out.tags.values[u][k] = 0 }
            }
            return out
        }
    }

    func level(_ c: CriterionRatings) -> MeasurementLevel { settings.levels[c.id] ?? (c.kind == .scale ? .interval : .nominal) }

    /// α per criterion (and per criterion's tags), with the bootstrap interval.
    func reliability(_ criteria: [CriterionRatings]) -> [BatchReport.CriterionReliability] {
        var out: [BatchReport.CriterionReliability] = []
        for c in criteria {
            if c.kind != .text { out.append(row(c.id, c.title, level(c), c.scores)) }
            if !c.tags.values.isEmpty { out.append(row(c.id + "#tags", c.title + " (tags)", .nominal, c.tags)) }
        }
        return out
    }

    /// The batch's α (`meanAlpha`) with annotator `coder`'s ratings left out. Only scale and
    /// checklist criteria count, and their units are the same with or without one annotator
    /// (a unit is a task's response or item), so leaving the annotator's column out of each is
    /// recomputing from the other annotators' documents.
    func meanAlpha(_ criteria: [CriterionRatings], without coder: Int) -> Double? {
        let alphas = criteria.filter { $0.kind != .text && !$0.id.contains("#") }.compactMap { c in
            Krippendorff.CodedUnits(c.scores.values, leavingOut: coder).alpha(level: level(c), weights: nil)
        }
        return alphas.isEmpty ? nil : alphas.reduce(0, +) / Double(alphas.count)
    }

    func row(_ id: String, _ title: String, _ level: MeasurementLevel, _ r: Ratings) -> BatchReport.CriterionReliability {
        let (alpha, ci) = Krippendorff.alphaWithInterval(r.values, level: level, clusters: r.unitTask, resamples: settings.resamples, seed: settings.seed)
        return .init(rubric: key, criterion: id, title: title, level: level, alpha: alpha, units: r.pairableTasks, ci: ci)
    }

    /// The mean of the measurable α of scale criteria: the batch's α for leave-one-out.
    static func meanAlpha(_ rows: [BatchReport.CriterionReliability]) -> Double? {
        let xs = rows.filter { !$0.criterion.contains("#") }.compactMap(\.alpha)
        return xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
    }

    func preference() -> BatchReport.PreferenceReliability? {
        guard let labels = scored.first?.labels, scored.first?.mode == .pairwise, labels.count >= 2 else { return nil }
        let coder = Dictionary(annotators.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var direction = Ratings(), strength = Ratings()
        var decided = 0, forFirst = 0
        for r in scored {
            guard let p = r.preference, let k = coder[Self.annotator(r)] else { continue }
            let sign: Double = p.isTie ? 0 : (p.preferred == labels[0] ? 1 : p.other == labels[0] ? -1 : 0)
            direction.add(task: Self.task(r), unit: "", coder: k, coders: annotators.count, value: sign)
            strength.add(task: Self.task(r), unit: "", coder: k, coders: annotators.count, value: sign * Double(p.strength))
            if !p.isTie { decided += 1; if p.preferred == labels[0] { forFirst += 1 } }
        }
        let (alpha, ci) = Krippendorff.alphaWithInterval(direction.values, level: .nominal, resamples: settings.resamples, seed: settings.seed)
        return .init(alpha: alpha, units: direction.pairableTasks, ci: ci,
                     strengthAlpha: Krippendorff.alpha(strength.values, level: .ordinal),
                     firstShown: labels[0], positionBias: decided == 0 ? nil : Double(forFirst) / Double(decided), decided: decided)
    }

    // MARK: annotators

    /// Every scale score as a share of its scale (0–1).
    static func normalizedScores(_ r: CritiqueRecord) -> [Double] {
        r.criteria.flatMap { c -> [Double] in
            guard c.kind == .scale, let sc = c.scale, sc.max > sc.min else { return [] }
            return c.scores.compactMap { $0.value.map { (min(sc.max, max(sc.min, $0)) - sc.min) / (sc.max - sc.min) } }
        }
    }

    static func histogram(_ xs: [Double]) -> [Int] {
        var bins = [Int](repeating: 0, count: 5)
        for x in xs { bins[min(4, max(0, Int(x * 5)))] += 1 }
        return bins
    }

    /// What two annotators both judged: (task, criterion, response) scores and preference
    /// directions. An annotator's first document on a task counts, and in it the last line that
    /// gives a unit (hence the reversed walk, which keeps the first value it meets).
    func matrix() -> BatchReport.AgreementMatrix {
        // A unit is numbered the first time anyone judges it, and each annotator's values are
        // kept by that number, so a pair of annotators compares two arrays (it looked each of
        // one annotator's units up in the other's dictionary: 200 k hashed lookups here).
        var unitOf: [ScoreKey: Int] = [:]
        var per: [[String?]] = Array(repeating: [], count: annotators.count)
        let coder = Dictionary(annotators.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func give(_ k: Int, _ key: ScoreKey, _ value: @autoclosure () -> String) {
            let u: Int
            if let known = unitOf[key] { u = known } else { u = unitOf.count; unitOf[key] = u }
            if per[k].count <= u { per[k] += [String?](repeating: nil, count: u + 1 - per[k].count) }
            if per[k][u] == nil { per[k][u] = value() }
        }
        for r in scored {
            guard let k = coder[Self.annotator(r)] else { continue }
            let task = Self.task(r)
            if let p = r.preference {
                give(k, ScoreKey(task: task, criterion: "\u{0}preference", label: ""), p.isTie ? "=" : p.preferred)
            }
            for c in r.criteria.reversed() where c.kind == .scale {
                for s in c.scores.reversed() {
                    give(k, ScoreKey(task: task, criterion: c.id, label: s.label), s.value.map(formatScore) ?? "n/a")
                }
            }
        }
        let cells = annotators.indices.map { i in
            annotators.indices.map { j -> (agreement: Double?, n: Int) in
                guard i != j else { return (nil, 0) }
                var n = 0, same = 0
                for u in 0..<min(per[i].count, per[j].count) {
                    if let v = per[i][u], let w = per[j][u] { n += 1; if v == w { same += 1 } }
                }
                return (n == 0 ? nil : Double(same) / Double(n), n)
            }
        }
        return .init(annotators: annotators, cells: cells)
    }

    /// A scale score's unit across annotators: the task, the criterion and the response label.
    struct ScoreKey: Hashable { var task: String; var criterion: String; var label: String }

    /// The 50 units whose scores are furthest apart, as a share of the scale. Units are ranked
    /// on numbers and positions; only the ones shown are spelled out.
    func disagreements() -> [BatchReport.Disagreement] {
        typealias Score = (record: Int, criterion: Int, value: Double)
        var units: [ScoreKey: [Score]] = [:]
        for (i, r) in scored.enumerated() {
            let task = Self.task(r)
            for (j, c) in r.criteria.enumerated() where c.kind == .scale {
                for s in c.scores { if let v = s.value { units[ScoreKey(task: task, criterion: c.id, label: s.label), default: []].append((i, j, v)) } }
            }
        }
        var ranked: [(key: ScoreKey, response: String?, spread: Double, sides: [Score])] = []
        for (key, sides) in units where sides.count >= 2 {
            let values = sides.map(\.value)
            guard let sc = scored[sides[0].record].criteria[sides[0].criterion].scale, sc.max > sc.min,
                  let lo = values.min(), let hi = values.max(), hi > lo else { continue }
            ranked.append((key, scored[sides[0].record].mode == .pairwise ? key.label : nil, (hi - lo) / (sc.max - sc.min), sides))
        }
        // Only units as far apart as the 50th can be shown: the rest are dropped before the
        // sort, whose string comparisons cost more than ranking the spreads alone.
        let shown = 50
        if ranked.count > shown {
            let cut = ranked.map(\.spread).sorted(by: >)[shown - 1]
            ranked.removeAll { $0.spread < cut }
        }
        ranked.sort { ($1.spread, $0.key.task, $0.key.criterion, $0.response ?? "") < ($0.spread, $1.key.task, $1.key.criterion, $1.response ?? "") }
        return ranked.prefix(shown).map { unit in
            .init(task: unit.key.task, criterion: unit.key.criterion, response: unit.response, spread: unit.spread,
                  sides: unit.sides.map { side in
                      let r = scored[side.record]
                      return .init(annotator: Self.annotator(r), value: formatScore(side.value), path: r.path, line: r.criteria[side.criterion].line)
                  })
        }
    }

    // MARK: gold

    struct Gold { var annotator: String; var result: BatchReport.GoldResult; var accuracy: Double? }

    func goldResults() -> [Gold] {
        guard !gold.isEmpty else { return [] }
        var out: [Gold] = []
        for a in annotators {
            var deviations: [String: [Double]] = [:], order: [String] = []
            var prefN = 0, prefSame = 0
            var tasks = Set<String>()
            for r in scored where Self.annotator(r) == a {
                guard let g = gold[Self.task(r)] else { continue }
                tasks.insert(Self.task(r))
                for c in r.criteria where c.kind == .scale {
                    guard let gc = g.criteria.first(where: { $0.id == c.id }) else { continue }
                    for s in c.scores {
                        guard let v = s.value, let gv = gc.scores.first(where: { $0.label == s.label })?.value else { continue }
                        if deviations[c.id] == nil { order.append(c.id) }
                        deviations[c.id, default: []].append(abs(v - gv))
                    }
                }
                if let p = r.preference, let gp = g.preference {
                    prefN += 1
                    if p.isTie == gp.isTie && (p.isTie || p.preferred == gp.preferred) { prefSame += 1 }
                }
            }
            guard !tasks.isEmpty else { continue }
            let per = order.map { id -> BatchReport.GoldResult.PerCriterion in
                let d = deviations[id]!
                return .init(criterion: id, meanAbsoluteDeviation: d.reduce(0, +) / Double(d.count),
                             exact: Double(d.filter { $0 == 0 }.count) / Double(d.count), n: d.count)
            }
            let all = order.flatMap { deviations[$0]! }
            let exact = all.isEmpty ? nil : Double(all.filter { $0 == 0 }.count) / Double(all.count)
            let preference = prefN == 0 ? nil : Double(prefSame) / Double(prefN)
            var failures: [String] = []
            for c in per {
                if let m = c.meanAbsoluteDeviation, m > settings.goldMaxDeviation {
                    failures.append("\(c.criterion): mean absolute deviation \(formatScore(m)) over \(formatScore(settings.goldMaxDeviation))")
                }
            }
            if let e = exact, e < settings.goldMinExact { failures.append("exact agreement \(Int((e * 100).rounded())) % under \(Int((settings.goldMinExact * 100).rounded())) %") }
            if let p = preference, p < settings.goldMinPreference { failures.append("preference agreement \(Int((p * 100).rounded())) % under \(Int((settings.goldMinPreference * 100).rounded())) %") }
            let comparisons = all.count + prefN
            let accuracy = comparisons == 0 ? nil : Double(all.filter { $0 == 0 }.count + prefSame) / Double(comparisons)
            out.append(Gold(annotator: a, result: .init(annotator: a, criteria: per, preferenceAgreement: preference, preferenceN: prefN, tasks: tasks.count, failures: failures), accuracy: accuracy))
        }
        return out
    }
}
