/// Every rule's id, in the catalogue's order (the README table, `critique explain`, SARIF).
/// A finding names its rule with one of these, not a string; `info` maps each to the
/// `RuleInfo` in the rule's own file, and a switch over every case is what makes the
/// catalogue: a rule without a case, or a case without a rule, does not compile.
public enum RuleID: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case encodingInvalid = "encoding-invalid"
    case frontmatterMissing = "frontmatter-missing"
    case frontmatterInvalid = "frontmatter-invalid"
    case frontmatterUnknownKey = "frontmatter-unknown-key"
    case metadataMissing = "metadata-missing"
    case rubricNotFound = "rubric-not-found"
    case rubricInvalid = "rubric-invalid"
    case rubricVersionMismatch = "rubric-version-mismatch"
    case criterionUnknown = "criterion-unknown"
    case criterionDuplicate = "criterion-duplicate"
    case criterionMissing = "criterion-missing"
    case checklistItemUnknown = "checklist-item-unknown"
    case checklistItemMissing = "checklist-item-missing"
    case scoreMissing = "score-missing"
    case scoreInvalid = "score-invalid"
    case scoreOutOfRange = "score-out-of-range"
    case scoreOffStep = "score-off-step"
    case naNotAllowed = "na-not-allowed"
    case tagUnknown = "tag-unknown"
    case tagNotAllowed = "tag-not-allowed"
    case tagCapsScore = "tag-caps-score"
    case justificationMissing = "justification-missing"
    case justificationTooShort = "justification-too-short"
    case evidenceMissing = "evidence-missing"
    case quoteNotFound = "quote-not-found"
    case bannedPhrase = "banned-phrase"
    case preferenceMissing = "preference-missing"
    case preferenceInvalid = "preference-invalid"
    case preferenceInconsistent = "preference-inconsistent"
    case configInvalid = "config-invalid"
    case pathOutsideWorkspace = "path-outside-workspace"
    case responsesNotFound = "responses-not-found"
    case suppressionUnused = "suppression-unused"
    case suppressionNoReason = "suppression-no-reason"
    case rubricSyntax = "rubric-syntax"
    case rubricInvalidValue = "rubric-invalid-value"
    case rubricMissingField = "rubric-missing-field"
    case rubricDuplicateId = "rubric-duplicate-id"
    case rubricInvalidScale = "rubric-invalid-scale"
    case rubricAnchorOutsideScale = "rubric-anchor-outside-scale"
    case rubricUnknownTag = "rubric-unknown-tag"
    case rubricNoPositivePoints = "rubric-no-positive-points"
    case rubricUnknownField = "rubric-unknown-field"
    case rubricGroupField = "rubric-group-field"

    /// The rule's catalogue entry.
    public var info: RuleInfo {
        switch self {
        case .encodingInvalid: EncodingInvalid.info
        case .frontmatterMissing: FrontmatterMissing.info
        case .frontmatterInvalid: FrontmatterInvalid.info
        case .frontmatterUnknownKey: FrontmatterUnknownKey.info
        case .metadataMissing: MetadataMissing.info
        case .rubricNotFound: RubricNotFound.info
        case .rubricInvalid: RubricInvalid.info
        case .rubricVersionMismatch: RubricVersionMismatch.info
        case .criterionUnknown: CriterionUnknown.info
        case .criterionDuplicate: CriterionDuplicate.info
        case .criterionMissing: CriterionMissing.info
        case .checklistItemUnknown: ChecklistItemUnknown.info
        case .checklistItemMissing: ChecklistItemMissing.info
        case .scoreMissing: ScoreMissing.info
        case .scoreInvalid: ScoreInvalid.info
        case .scoreOutOfRange: ScoreOutOfRange.info
        case .scoreOffStep: ScoreOffStep.info
        case .naNotAllowed: NaNotAllowed.info
        case .tagUnknown: TagUnknown.info
        case .tagNotAllowed: TagNotAllowed.info
        case .tagCapsScore: TagCapsScore.info
        case .justificationMissing: JustificationMissing.info
        case .justificationTooShort: JustificationTooShort.info
        case .evidenceMissing: EvidenceMissing.info
        case .quoteNotFound: QuoteNotFound.info
        case .bannedPhrase: BannedPhrase.info
        case .preferenceMissing: PreferenceMissing.info
        case .preferenceInvalid: PreferenceInvalid.info
        case .preferenceInconsistent: PreferenceInconsistent.info
        case .configInvalid: ConfigInvalid.info
        case .pathOutsideWorkspace: PathOutsideWorkspace.info
        case .responsesNotFound: ResponsesNotFound.info
        case .suppressionUnused: SuppressionUnused.info
        case .suppressionNoReason: SuppressionNoReason.info
        case .rubricSyntax: RubricSyntax.info
        case .rubricInvalidValue: RubricInvalidValue.info
        case .rubricMissingField: RubricMissingField.info
        case .rubricDuplicateId: RubricDuplicateID.info
        case .rubricInvalidScale: RubricInvalidScale.info
        case .rubricAnchorOutsideScale: RubricAnchorOutsideScale.info
        case .rubricUnknownTag: RubricUnknownTag.info
        case .rubricNoPositivePoints: RubricNoPositivePoints.info
        case .rubricUnknownField: RubricUnknownField.info
        case .rubricGroupField: RubricGroupField.info
        }
    }

    /// The id as users write it (`score-out-of-range`).
    public var description: String { rawValue }

    /// Ordered by the id's text, as findings at one place are.
    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }
}
