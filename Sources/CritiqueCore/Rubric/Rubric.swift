/// A rubric: what a critique document is checked against. Every element remembers its range
/// in the rubric's own text so hovers and related information can point into it.
public struct Rubric: Sendable {
    public enum Mode: String, Sendable { case single, pairwise }

    /// The fields, behind one reference (see `CopyOnWrite`): every check holds the rubric, and
    /// a copy of its seventeen fields was paid at each step.
    private var f: CopyOnWrite<Fields>
    private struct Fields: Sendable {
        var id: String
        var version: String?
        var title: String?
        var description: String?
        var mode: Mode = .single
        var responses: [String] = []
        var metadataRequired: [String] = []
        var metadataOptional: [String] = []
        var criteria: [Criterion] = []
        var tags: [TagDefinition] = []
        var preference = PreferenceSettings()
        var bannedPhrases: [String] = []
        var bannedPatterns: [PhrasePattern] = []
        var idRange = TextRange(0, 0)
        var criterionByName: [String: Criterion] = [:]
        var tagByName: [String: TagDefinition] = [:]
        var leafCache: [Criterion]?
        var criterionCount = 0
    }

    public var id: String { _read { yield f.value.id } _modify { yield &f.value.id } }
    public var version: String? { _read { yield f.value.version } _modify { yield &f.value.version } }
    public var title: String? { _read { yield f.value.title } _modify { yield &f.value.title } }
    public var description: String? { _read { yield f.value.description } _modify { yield &f.value.description } }
    public var mode: Mode { _read { yield f.value.mode } _modify { yield &f.value.mode } }
    /// Response labels in pairwise mode (`A`, `B` by default); empty in single mode.
    public var responses: [String] { _read { yield f.value.responses } _modify { yield &f.value.responses } }
    public var metadataRequired: [String] { _read { yield f.value.metadataRequired } _modify { yield &f.value.metadataRequired } }
    public var metadataOptional: [String] { _read { yield f.value.metadataOptional } _modify { yield &f.value.metadataOptional } }
    /// Top-level criteria; inner nodes group their `children`. Changing them drops what
    /// `indexed()` built (`leaves`, the name index, the numbers), so nothing answers from a
    /// stale index: a check indexes such a rubric again.
    public var criteria: [Criterion] {
        _read { yield f.value.criteria }
        _modify { yield &f.value.criteria; f.value.leafCache = nil; f.value.criterionByName = [:]; f.value.criterionCount = 0 }
    }
    public var tags: [TagDefinition] { _read { yield f.value.tags } _modify { yield &f.value.tags } }
    public var preference: PreferenceSettings { _read { yield f.value.preference } _modify { yield &f.value.preference } }
    public var bannedPhrases: [String] {
        _read { yield f.value.bannedPhrases }
        _modify { yield &f.value.bannedPhrases; f.value.bannedPatterns = f.value.bannedPhrases.map(PhrasePattern.init).filter { !$0.isEmpty } }
    }
    /// `bannedPhrases` ready to search, made when they are set.
    public var bannedPatterns: [PhrasePattern] { _read { yield f.value.bannedPatterns } }
    /// Where the rubric's `id` is written, for related information.
    public var idRange: TextRange { _read { yield f.value.idRange } _modify { yield &f.value.idRange } }
    /// Every criterion by its normalised id and title (the first wins); see `indexed()`.
    public private(set) var criterionByName: [String: Criterion] {
        _read { yield f.value.criterionByName } _modify { yield &f.value.criterionByName }
    }
    /// Every tag by its lowercased id and path (the first wins); see `indexed()`.
    public private(set) var tagByName: [String: TagDefinition] {
        _read { yield f.value.tagByName } _modify { yield &f.value.tagByName }
    }
    /// How many criteria `indexed()` numbered (0 before): `Criterion.number` is below it.
    public var criterionCount: Int { f.value.criterionCount }
    /// `leaves`, computed once by `indexed()` (every document's check walks them).
    private var leafCache: [Criterion]? { _read { yield f.value.leafCache } _modify { yield &f.value.leafCache } }

    /// The rubric with its name index built (done once when it is read, not per document).
    public func indexed() -> Rubric {
        var r = self
        // Numbers, allowed tags and item names first: the name index and the leaves copy the
        // criteria with them.
        var numberOf: [String: Int] = [:]
        var next = 0
        func index(_ cs: inout [Criterion]) {
            for i in cs.indices {
                let key = cs[i].id.lowercased()
                if numberOf[key] == nil { numberOf[key] = next }
                cs[i].f.value.number = numberOf[key]!
                next += 1
                cs[i].f.value.allowedTagNames = cs[i].allowedTags.map { Set($0.map { $0.lowercased() }) }
                cs[i].f.value.itemNames = cs[i].items.map { (normalizeName($0.text), $0.id.map(normalizeName)) }
                index(&cs[i].f.value.children)
            }
        }
        index(&r.f.value.criteria)
        r.f.value.criterionCount = next
        r.criterionByName = Rubric.nameIndex(r.allCriteria)
        r.leafCache = nil
        r.leafCache = r.leaves
        for t in tags.reversed() {
            r.tagByName[t.path.lowercased()] = t
            r.tagByName[t.id.lowercased()] = t
        }
        return r
    }

    static func nameIndex(_ all: [Criterion]) -> [String: Criterion] {
        var byName: [String: Criterion] = [:]
        for c in all {
            if !c.id.isEmpty { byName[normalizeName(c.id)] = byName[normalizeName(c.id)] ?? c }
            if let t = c.title { byName[normalizeName(t)] = byName[normalizeName(t)] ?? c }
        }
        return byName
    }

    /// What may follow a criterion's name in a heading to start a remark
    /// (`## Truthfulness (B invents a study)`).
    static let remarkSeparators = [" (", " — ", " – ", " - ", ":"]

    /// The criterion a `##` heading names, by id or title. A remark after the name is allowed:
    /// `## Truthfulness (B invents a study)`, `## Style — both fine`, `## Clarity: A`.
    public func criterion(named heading: String) -> Criterion? {
        if let c = exactCriterion(normalizeName(heading)) { return c }
        for separator in Rubric.remarkSeparators {
            if let r = heading.firstOccurrence(of: separator), let c = exactCriterion(normalizeName(String(heading[..<r.lowerBound]))) { return c }
        }
        return nil
    }

    private func exactCriterion(_ n: String) -> Criterion? {
        if !criterionByName.isEmpty { return criterionByName[n] }
        return allCriteria.first { normalizeName($0.id) == n || ($0.title.map(normalizeName) == n) }
    }

    public init(id: String) { f = CopyOnWrite(Fields(id: id)) }

    /// The major version, the part before the first dot of `version`.
    public var major: Int? {
        guard let v = version else { return nil }
        return Int(v.split(separator: ".").first.map { $0.trimmingLeadingV } ?? "")
    }

    /// Criteria that a document writes a section for: the leaves of the tree, in order.
    public var leaves: [Criterion] {
        if let leafCache { return leafCache }
        var out: [Criterion] = []
        func walk(_ cs: [Criterion]) { for c in cs { if c.children.isEmpty { out.append(c) } else { walk(c.children) } } }
        walk(criteria)
        return out
    }

    /// Every criterion, inner nodes first.
    public var allCriteria: [Criterion] {
        var out: [Criterion] = []
        func walk(_ cs: [Criterion]) { for c in cs { out.append(c); walk(c.children) } }
        walk(criteria)
        return out
    }

    public var displayName: String { title.map { "\($0) (\(id)\(version.map { "@" + $0 } ?? ""))" } ?? id }

    public func tag(named name: String) -> TagDefinition? {
        let n = name.lowercased()
        if !tagByName.isEmpty { return tagByName[n] }
        return tags.first { $0.id.lowercased() == n || $0.path.lowercased() == n }
    }

}

extension Substring {
    var trimmingLeadingV: Substring { (first == "v" || first == "V") ? dropFirst() : self }
}

public struct Criterion: Sendable {
    public enum Kind: String, Sendable { case scale, checklist, text }

    /// The fields, behind one reference (see `CopyOnWrite`).
    fileprivate var f: CopyOnWrite<Fields>
    fileprivate struct Fields: Sendable {
        var id: String
        var title: String? = nil
        var description: String? = nil
        var kind: Kind = .scale
        var scale: Scale? = nil
        var weight: Double = 1
        var tier: String? = nil
        var required: Bool = true
        var naAllowed: Bool = false
        var justification: Requirement? = nil
        var evidence: Requirement? = nil
        var allowedTags: [String]? = nil
        var items: [ChecklistItem] = []
        var children: [Criterion] = []
        var range: TextRange = TextRange(0, 0)
        var idRange: TextRange = TextRange(0, 0)
        /// Set by `Rubric.indexed()`: see `number`, and the lookups below, made once a rubric.
        var number = -1
        var allowedTagNames: Set<String>? = nil
        var itemNames: [(text: String, id: String?)]? = nil
    }

    public var id: String { _read { yield f.value.id } _modify { yield &f.value.id } }
    public var title: String? { _read { yield f.value.title } _modify { yield &f.value.title } }
    /// The criterion's number in its rubric: the place in `allCriteria` of the first criterion
    /// with its id (case ignored), so two criteria share one only when their ids do. Checks key
    /// their per-criterion tables by it rather than by hashing ids. -1 until `Rubric.indexed()`.
    public var number: Int { f.value.number }
    public var description: String? { _read { yield f.value.description } _modify { yield &f.value.description } }
    public var kind: Kind { _read { yield f.value.kind } _modify { yield &f.value.kind } }
    public var scale: Scale? { _read { yield f.value.scale } _modify { yield &f.value.scale } }
    public var weight: Double { _read { yield f.value.weight } _modify { yield &f.value.weight } }
    public var tier: String? { _read { yield f.value.tier } _modify { yield &f.value.tier } }
    public var required: Bool { _read { yield f.value.required } _modify { yield &f.value.required } }
    public var naAllowed: Bool { _read { yield f.value.naAllowed } _modify { yield &f.value.naAllowed } }
    public var justification: Requirement? { _read { yield f.value.justification } _modify { yield &f.value.justification } }
    public var evidence: Requirement? { _read { yield f.value.evidence } _modify { yield &f.value.evidence } }
    /// Tag ids allowed under this criterion; `nil` allows every tag of the rubric.
    public var allowedTags: [String]? { _read { yield f.value.allowedTags } _modify { yield &f.value.allowedTags } }
    public var items: [ChecklistItem] { _read { yield f.value.items } _modify { yield &f.value.items } }
    public var children: [Criterion] { _read { yield f.value.children } _modify { yield &f.value.children } }
    /// The range of the criterion's object in the rubric text, and of its `id` value.
    public var range: TextRange { _read { yield f.value.range } _modify { yield &f.value.range } }
    public var idRange: TextRange { _read { yield f.value.idRange } _modify { yield &f.value.idRange } }

    public init(id: String) { f = CopyOnWrite(Fields(id: id)) }

    public var displayTitle: String { title ?? id }

    /// The checklist item a `- [x] …` line names, by its text or id (case and white space aside).
    func item(matching text: String) -> ChecklistItem? {
        let n = normalizeName(text)
        guard let names = f.value.itemNames, names.count == items.count else {
            return items.first { normalizeName($0.text) == n || ($0.id.map(normalizeName) == n) }
        }
        return names.firstIndex { $0.text == n || $0.id == n }.map { items[$0] }
    }
    public var isGroup: Bool { !children.isEmpty }

    public func allows(tag: TagDefinition) -> Bool {
        guard let allowed = allowedTags else { return true }
        let names = f.value.allowedTagNames ?? Set(allowed.map { $0.lowercased() })
        var components = tag.path.lowercased().split(separator: "/").map(String.init)
        while !components.isEmpty {
            if names.contains(components.joined(separator: "/")) || names.contains(components.last!) { return true }
            components.removeLast()
        }
        return false
    }
}

public struct Scale: Sendable {
    public var min: Double = 1
    public var max: Double = 5
    public var step: Double = 1
    /// Anchor texts by score value.
    public var anchors: [(value: Double, text: String)] = []
    public var range = TextRange(0, 0)

    public func anchor(for v: Double) -> String? { anchors.first { $0.value == v }?.text }

    /// Every valid score on the scale (bounded to 1,000 values).
    public var values: [Double] {
        guard step > 0, max >= min else { return [] }
        var out: [Double] = []
        var v = min
        while v <= max + 1e-9 && out.count < 1000 { out.append(v); v = min + Double(out.count) * step }
        return out
    }

    public func isOnStep(_ v: Double) -> Bool {
        guard step > 0 else { return true }
        let k = (v - min) / step
        return abs(k - k.rounded()) < 1e-6
    }

    public func snapped(_ v: Double) -> Double {
        guard step > 0 else { return v }
        let s = min + ((v - min) / step).rounded() * step
        return Swift.min(max, Swift.max(min, s))
    }
}

public struct ChecklistItem: Sendable {
    public var id: String?
    public var text: String
    public var points: Double = 1
    public var range = TextRange(0, 0)
}

/// A requirement for prose or quotes: how many, and when it applies.
public struct Requirement: Sendable {
    public enum When: Sendable, Equatable {
        case always
        case belowMax
        case scoreAtMost(Double)
    }
    /// The largest minimum a rubric may ask for (words or quotes); larger values are reported
    /// and clamped, so no count from a rubric can overflow.
    public static let largest = 1_000_000
    public var minimum: Int
    public var when: When = .always
    public var range = TextRange(0, 0)

    /// Whether the requirement applies to a response given `score` on `scale`.
    public func applies(score: Double?, scale: Scale?) -> Bool {
        switch when {
        case .always: return true
        case .belowMax:
            guard let s = score, let sc = scale else { return false }
            return s < sc.max
        case .scoreAtMost(let limit):
            guard let s = score else { return false }
            return s <= limit
        }
    }

    public var whenText: String {
        switch when {
        case .always: return "always"
        case .belowMax: return "when the score is below the maximum"
        case .scoreAtMost(let v): return "when the score is at most \(formatScore(v))"
        }
    }
}

public struct TagDefinition: Sendable {
    public var id: String
    public var description: String?
    public var severity: String?
    public var capsScoreAt: Double?
    public var parent: String?
    public var range = TextRange(0, 0)
    /// `parent/id` for hierarchical tags, else `id`.
    public var path: String { parent.map { "\($0)/\(id)" } ?? id }
}

public struct PreferenceSettings: Sendable {
    public enum Consistency: String, Sendable { case off, warn, error }
    public var allowTie = true
    public var consistency: Consistency = .warn
    /// When set, a declared tie between weighted totals further apart than this is inconsistent.
    public var tieTolerance: Double?
    public var range = TextRange(0, 0)
}

/// Formats a score without a trailing `.0`.
public func formatScore(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
    var s = String(v)
    if s.count > 8 { s = String(format6(v)) }
    return s
}

func format6(_ v: Double) -> String {
    let scaled = (v * 1_000_000).rounded() / 1_000_000
    return String(scaled)
}
