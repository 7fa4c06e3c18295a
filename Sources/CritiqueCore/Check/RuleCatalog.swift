/// The document rules a check runs, in the order it runs them (the catalogue's order, for
/// the README and `critique explain`, is `RuleID`'s).
enum DocumentRules {
    static let always: [any BaseRule.Type] = [
        EncodingInvalid.self, FrontmatterMissing.self, FrontmatterInvalid.self, ConfigInvalid.self,
        RubricNotFound.self, RubricInvalid.self, RubricVersionMismatch.self,
        PathOutsideWorkspace.self, ResponsesNotFound.self,
    ]
    static let withRubric: [any RubricBoundRule.Type] = [
        FrontmatterUnknownKey.self, MetadataMissing.self,
        CriterionUnknown.self, CriterionDuplicate.self, CriterionMissing.self,
        ChecklistItemUnknown.self, ChecklistItemMissing.self,
        ScoreMissing.self, ScoreInvalid.self, ScoreOutOfRange.self, ScoreOffStep.self, NaNotAllowed.self,
        TagUnknown.self, TagNotAllowed.self, TagCapsScore.self,
        JustificationMissing.self, JustificationTooShort.self, EvidenceMissing.self, QuoteNotFound.self, BannedPhrase.self,
        PreferenceMissing.self, PreferenceInvalid.self, PreferenceInconsistent.self,
    ]
    /// `withRubric`'s rules as `PartRule`s where they are (nil elsewhere), cast once rather
    /// than in the rule loop of every check.
    static let partRules: [(any PartRule.Type)?] = withRubric.map { $0 as? any PartRule.Type }
}

public enum RuleCatalog {
    /// Document rules, then suppression rules, then rubric-file rules: `RuleID`'s order.
    public static let all: [RuleInfo] = RuleID.allCases.map(\.info)

    /// The rule an id names, in any case.
    public static func rule(_ id: String) -> RuleInfo? { RuleID(rawValue: id.lowercased())?.info }

    /// The Markdown table in the README, generated so the two cannot drift.
    public static func markdownTable() -> String {
        var out = "| rule | severity | area | what it means |\n|---|---|---|---|\n"
        for r in all {
            out += "| `\(r.id)` | \(r.severity.rawValue) | \(r.area.rawValue) | \(r.summary.replacingOccurrencesOfPipe) |\n"
        }
        return out
    }
}

extension String {
    var replacingOccurrencesOfPipe: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
