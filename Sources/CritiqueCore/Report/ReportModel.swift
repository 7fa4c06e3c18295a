/// What `critique report` shows, as data: the JSON output is this model written out, and the
/// HTML and Markdown pages render it. Computed by `BatchReport.build` (pure).
public struct BatchReport: Sendable {
    /// One document the report was given.
    public struct Document: Sendable {
        public var path: String
        /// Nil when the document has no usable rubric (it is counted and listed, nothing more).
        public var record: CritiqueRecord?
        /// Findings at or above the failing level.
        public var failing: Bool
        /// Every finding's rule and the rule's area.
        public var findings: [RuleID]
        /// `path:line:col: message [rule]` of the first failing finding.
        public var firstError: String?
        public init(path: String, record: CritiqueRecord?, failing: Bool, findings: [RuleID], firstError: String?) {
            self.path = path; self.record = record; self.failing = failing; self.findings = findings; self.firstError = firstError
        }
    }

    public struct Settings: Sendable {
        /// Level of measurement by criterion id (default: interval for scales, nominal for
        /// checklist items and tags).
        public var levels: [String: MeasurementLevel] = [:]
        /// Jaccard similarity from which two justifications are near-duplicates.
        public var duplicateThreshold = 0.7
        /// Gold thresholds: an annotator fails when over the mean absolute deviation or under
        /// the exact-agreement or preference-agreement rate.
        public var goldMaxDeviation = 1.0
        public var goldMinExact = 0.5
        public var goldMinPreference = 0.7
        /// Count failing critiques' scores in α too.
        public var includeFailing = false
        public var resamples = 1000
        public var seed: UInt64 = 0x5EED
        public init() {}
    }

    /// One rubric at one major version: documents under different majors are never mixed.
    public struct Group: Sendable {
        /// `id@major` (or the id alone when the rubric has no version).
        public var rubric: String
        /// Every full version seen, ascending (more than one is reported).
        public var versions: [String]
        public var documents: Int
        public var tasks: Int
        public var annotators: Int
        /// Documents that pass the check at the failing level, as a share.
        public var passRate: Double
        public var findingsByRule: [(rule: String, count: Int)]
        public var criteria: [CriterionReliability]
        public var preference: PreferenceReliability?
        public var people: [Annotator]
        public var matrix: AgreementMatrix
        public var disagreements: [Disagreement]
        public var gold: [GoldResult]
    }

    public struct CriterionReliability: Sendable {
        public var rubric: String
        /// The criterion id; checklist items are `criterion/item`, tags `criterion#tag`.
        public var criterion: String
        public var title: String
        public var level: MeasurementLevel
        public var alpha: Double?
        /// Pairable tasks: tasks that two or more critiques scored on this criterion.
        public var units: Int
        public var ci: (low: Double, high: Double)?
        /// Below 0.667: too unreliable to draw conclusions from.
        public var flagged: Bool { alpha.map { $0 < 0.667 } ?? false }
    }

    public struct PreferenceReliability: Sendable {
        /// Nominal α on the direction (first preferred, tie, second preferred).
        public var alpha: Double?
        public var units: Int
        public var ci: (low: Double, high: Double)?
        /// Ordinal α on the signed strength (−3 … 3).
        public var strengthAlpha: Double?
        /// The share of non-tie preferences for the response shown first, and of how many.
        public var firstShown: String
        public var positionBias: Double?
        public var decided: Int
    }

    public struct Annotator: Sendable {
        public var id: String
        public var documents: Int
        public var failing: Int
        /// Findings per document, by rule area.
        public var findingsPerDocument: [(area: RuleArea, rate: Double)]
        public var medianWords: Double
        /// Share of quotes found in the response they quote; nil without quotes.
        public var quotesFound: Double?
        /// Mean scale score as a share of the scale (0–1), theirs and the batch's.
        public var meanScore: Double?
        public var batchMeanScore: Double?
        /// Their scores by share of scale, in five bins (0–0.2, …, 0.8–1), and the batch's.
        public var scoreHistogram: [Int]
        public var batchHistogram: [Int]
        /// Share of gold comparisons within tolerance (exact on scores, same preference direction).
        public var goldAccuracy: Double?
        /// The batch's mean α without this annotator minus with them: positive means the
        /// batch agrees better without them.
        public var deltaAlpha: Double?
    }

    public struct AgreementMatrix: Sendable {
        public var annotators: [String]
        /// `cells[i][j]`: exact agreement share on the scores and preferences both gave, and n.
        public var cells: [[(agreement: Double?, n: Int)]]
    }

    public struct Disagreement: Sendable {
        public struct Side: Sendable { public var annotator: String; public var value: String; public var path: String; public var line: Int }
        public var task: String
        public var criterion: String
        /// The response the scores are for (pairwise), or nil.
        public var response: String?
        /// The spread of the scores as a share of the scale (0–1); ranked by it.
        public var spread: Double
        public var sides: [Side]
    }

    public struct GoldResult: Sendable {
        public struct PerCriterion: Sendable { public var criterion: String; public var meanAbsoluteDeviation: Double?; public var exact: Double?; public var n: Int }
        public var annotator: String
        public var criteria: [PerCriterion]
        public var preferenceAgreement: Double?
        public var preferenceN: Int
        public var tasks: Int
        /// Which thresholds were missed (empty: passes).
        public var failures: [String]
    }

    public struct DuplicateCluster: Sendable {
        public var paths: [String]
        public var annotators: [String]
        public var tasks: [String]
        public var similarity: Double
        /// `one annotator across tasks` or `across annotators`.
        public var kind: String
    }

    public struct LengthOutlier: Sendable {
        public var path: String
        public var annotator: String?
        public var words: Int
        public var median: Double
        public var short: Bool
    }

    public var documents: Int
    public var groups: [Group]
    /// Documents that fail the check: path and first error.
    public var failing: [(path: String, error: String)]
    /// Documents with no usable rubric.
    public var unusable: [(path: String, error: String)]
    public var duplicates: [DuplicateCluster]
    public var lengthOutliers: [LengthOutlier]
    /// Gold tasks that match no document (warned about).
    public var unmatchedGold: [String]
    public var notes: [String]
    /// Annotators below a gold threshold (for `--fail-on-gold`).
    public var goldFailures: [String] { groups.flatMap { $0.gold.filter { !$0.failures.isEmpty }.map(\.annotator) } }
}
