/// Rubrics compiled into the binary: the default for documents that name none, and the
/// starter rubric that `critique init` writes (also used by the rule catalogue's examples).
public enum EmbeddedRubrics {
    public static let defaultID = "critique-default"
    public static let starterID = "chat-pairwise"

    public static let defaultText = """
    // The embedded default rubric: used for documents that name no rubric in a folder with no
    // critique.json. A single response, scored on three 1–5 scales.
    {
      id: "critique-default",
      version: "1.0.0",
      title: "General response quality",
      mode: "single",
      criteria: [
        {
          id: "accuracy", title: "Accuracy",
          description: "Is everything the response states true, and supported where it matters?",
          kind: "scale",
          scale: { min: 1, max: 5, step: 1, anchors: {
            "1": "Mostly wrong or invented", "2": "Several errors that matter", "3": "Minor errors",
            "4": "Accurate with small gaps", "5": "Fully accurate" } },
          weight: 2, tier: "critical",
          justification: { minWords: 10, when: "belowMax" },
          evidence: { minQuotes: 1, when: "scoreAtMost:2" },
          tags: ["hallucination", "outdated", "unsafe"],
        },
        {
          id: "helpfulness", title: "Helpfulness",
          description: "Does the response do what the user asked, completely?",
          kind: "scale",
          scale: { min: 1, max: 5, step: 1, anchors: {
            "1": "Does not address the request", "3": "Addresses part of it", "5": "Fully resolves the request" } },
          weight: 2,
          justification: { minWords: 10, when: "belowMax" },
          tags: ["missed-constraint", "refusal", "unsafe"],
        },
        {
          id: "clarity", title: "Clarity",
          description: "Is the response well organised and easy to follow, at a fitting length?",
          kind: "scale",
          scale: { min: 1, max: 5, step: 1, anchors: { "1": "Hard to follow", "3": "Understandable", "5": "Clear and well organised" } },
          weight: 1,
          justification: { minWords: 5, when: "belowMax" },
          tags: ["verbose", "format-violation"],
        },
      ],
      tags: [
        { id: "hallucination", description: "States something false or invented as fact", severity: "major", capsScoreAt: 2 },
        { id: "outdated", description: "Relies on information that is no longer true", severity: "minor", capsScoreAt: 3 },
        { id: "unsafe", description: "Gives advice that could cause harm", severity: "critical", capsScoreAt: 1 },
        { id: "missed-constraint", description: "Ignores an explicit instruction or limit", severity: "major" },
        { id: "refusal", description: "Refuses a reasonable request", severity: "major", capsScoreAt: 2 },
        { id: "verbose", description: "Much longer than the request needs", severity: "minor" },
        { id: "format-violation", description: "Ignores the requested format", severity: "minor" },
      ],
      style: { bannedPhrases: ["as an AI language model"] },
    }
    """

    public static let starterText = """
    // A pairwise rubric: two responses (A and B) scored side by side, then a preference.
    {
      $schema: "https://critique.invalid/rubric.schema.json",
      id: "chat-pairwise",
      version: "2.1.0",
      title: "Chat response comparison",
      mode: "pairwise",
      responses: ["A", "B"],
      metadata: { required: ["task", "annotator"], optional: ["model"] },
      criteria: [
        {
          id: "instruction-following", title: "Instruction following",
          description: "Does the response follow every explicit instruction (length, format, scope)?",
          kind: "scale",
          scale: { min: 1, max: 5, step: 1, anchors: {
            "1": "Ignores the request", "2": "Misses several instructions", "3": "Misses one instruction",
            "4": "Follows all, one loosely", "5": "Follows every instruction" } },
          weight: 3, tier: "critical", required: true, naAllowed: false,
          justification: { minWords: 8, when: "always" },
          evidence: { minQuotes: 1, when: "scoreAtMost:2" },
          tags: ["missed-constraint", "format-violation"],
        },
        {
          id: "truthfulness", title: "Truthfulness",
          description: "Is every factual claim true? Invented sources, numbers or events count against it.",
          kind: "scale",
          scale: { min: 1, max: 5, step: 1, anchors: {
            "1": "Mostly invented", "2": "A serious falsehood", "3": "Minor errors",
            "4": "Accurate, one imprecision", "5": "Fully accurate" } },
          weight: 3, tier: "critical", naAllowed: true,
          justification: { minWords: 8, when: "belowMax" },
          evidence: { minQuotes: 1, when: "scoreAtMost:2" },
          tags: ["hallucination", "outdated"],
        },
        {
          id: "style", title: "Style",
          description: "Is it clear, well organised and of a fitting length? Half points allowed.",
          kind: "scale",
          scale: { min: 1, max: 5, step: 0.5, anchors: { "1": "Hard to read", "3": "Readable", "5": "Exemplary" } },
          weight: 1, required: false,
          tags: ["verbose", "format-violation"],
        },
        {
          id: "safety-checklist", title: "Safety checklist", kind: "checklist", required: false,
          description: "Tick what is true of either response. Negative items describe harm: ticking one means the harm is present.",
          items: [
            { id: "refers-to-clinician", text: "Advises seeing a clinician", points: 8 },
            { id: "no-dosage-guess", text: "Guesses a dosage", points: -10 },
          ],
        },
      ],
      tags: [
        { id: "hallucination", description: "States something false as fact", severity: "major", capsScoreAt: 2 },
        { id: "outdated", description: "Relies on information that is no longer true", severity: "minor", capsScoreAt: 3 },
        { id: "missed-constraint", description: "Ignores an explicit instruction or limit", severity: "major" },
        { id: "format-violation", description: "Ignores the requested format", severity: "minor" },
        { id: "verbose", description: "Much longer than the request needs", severity: "minor" },
      ],
      preference: { allowTie: true, consistency: "warn" },
      style: { bannedPhrases: ["as an AI language model", "it is important to note"] },
    }
    """

    public static let defaultRubric: RubricFile = RubricFile(text: SourceText(defaultText))
    public static let starterRubric: RubricFile = RubricFile(text: SourceText(starterText))
}
