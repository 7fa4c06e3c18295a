/// Every field a rubric file may hold, object by object: the one list that `rubric-unknown-field`
/// checks against, that the decoder reads from (a test holds every key it reads to this table),
/// and that `EditorConfigs/rubric.schema.json` describes (a test holds its properties equal).
/// A new field goes here first.
public enum RubricFields {
    public static let rubric = ["$schema", "id", "version", "title", "description", "mode", "responses", "metadata", "criteria", "tags", "preference", "style", "source", "license"]
    public static let criterion = ["id", "title", "description", "kind", "scale", "weight", "tier", "required", "naAllowed", "justification", "evidence", "tags", "items", "criteria"]
    public static let checklistItem = ["id", "text", "points", "tags"]
    public static let tag = ["id", "description", "severity", "capsScoreAt", "parent"]
    /// Objects nested under a field of the rubric or of a criterion, by that field's name.
    public static let nested: [String: [String]] = [
        "metadata": ["required", "optional"],
        "preference": ["allowTie", "consistency", "tieTolerance"],
        "style": ["bannedPhrases"],
        "scale": ["min", "max", "step", "anchors"],
        "justification": ["minWords", "when"],
        "evidence": ["minQuotes", "when"],
    ]

    /// Every field name of every object.
    public static var all: Set<String> {
        Set(rubric + criterion + checklistItem + tag + nested.values.flatMap { $0 })
    }
}
