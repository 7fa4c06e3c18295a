import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// `critique init DIR`: a starter workspace that shows the tool working at once.
enum InitCommand {
    static func run(_ args: [String]) throws -> Int32 {
        if args.contains("--help") || args.contains("-h") { Out.write(Help.initHelp); return 0 }
        guard args.count == 1, let dir = args.first, !dir.hasPrefix("-") else { throw CLI.UsageError(message: "usage: critique init DIR") }
        let files: [(String, String)] = [
            ("critique.json", StarterWorkspace.config),
            ("rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText + "\n"),
            ("tasks/T-0042.json", StarterWorkspace.task),
            ("critiques/T-0042.critique.md", StarterWorkspace.critique),
        ]
        let existing = files.map { dir + "/" + $0.0 }.filter(FileIO.exists)
        if !existing.isEmpty {
            throw CLI.UsageError(message: "not overwriting existing files: \(existing.joined(separator: ", ")). Choose an empty folder.")
        }
        for (rel, text) in files {
            do { try FileIO.writeAtomically(dir + "/" + rel, Array(text.utf8)) }
            catch { throw CLI.UsageError(message: "\(error). Choose a folder you can write to, such as one in your home folder.") }
            Out.write("created \(dir)/\(rel)\n")
        }
        Out.write("""

        Next:
          critique check \(dir)            see the deliberate findings in the sample critique
          critique explain tag-unknown     read about any rule
          open \(dir)/critiques/T-0042.critique.md in an editor set up from EditorConfigs/

        """)
        return 0
    }
}

enum StarterWorkspace {
    static let config = """
    // critique workspace configuration (JSON5). This folder is the workspace root.
    {
      // Folders or globs where rubrics are found by id.
      rubrics: ["rubrics"],
      // Which documents `critique check DIR` takes.
      include: ["**/*.critique.md"],
      // Per-rule severity: "error", "warning", "info", "hint" or "off".
      rules: { "banned-phrase": "warning" },
      // The lowest severity that fails CI.
      failOn: "error",
    }

    """

    static let task = """
    {
      "prompt": "In under 200 words, compare two ways of learning a language and present them as a table.",
      "responses": {
        "A": "| Method | Strength | Weakness |\\n|---|---|---|\\n| Immersion | Fast listening gains | Costly and hard to arrange |\\n| Spaced repetition apps | Cheap, builds vocabulary daily | Little speaking practice |\\n\\nImmersion suits people who can travel; apps suit a busy schedule.",
        "B": "Here is a detailed essay on the topic. Learning a language is one of the most rewarding things a person can do. A 2019 Harvard study proved that immersion is exactly 3.7 times faster than any app. Apps, on the other hand, are convenient. In conclusion, both have merits, and the best method depends on the learner."
      }
    }

    """

    static let critique = """
    ---
    rubric: chat-pairwise@2
    task: T-0042
    annotator: w-118
    responses: ../tasks/T-0042.json
    ---

    ## Instruction following
    A: 5
    B: 2

    B ignores the requested table and writes an essay instead #missed-contraint.
    A keeps to the limit and uses the table that was asked for.

    > B: "Here is a detailed essay on the topic"

    ## Truthfulness
    A: 5
    B: 3 #hallucination

    B invents a Harvard study and a precise speed-up figure that no source supports.

    > B: "A 2019 Harvard study proved that immersion is 3.7 times faster"

    ## Style
    A: 4.25
    B: 3

    Both read clearly.

    ## Preference
    B > A

    A follows the brief and makes no factual errors; it is important to note that B does neither.

    """
}
