import CritiqueCore
import CritiqueLSP
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// The `critique` command line. Exit codes: 0 clean, 1 findings at or above the failing
/// severity, 2 usage, configuration or I/O error.
public enum CLI {
    public static let version = "0.1.0"

    struct UsageError: Error { var message: String }

    public static func main() -> Never {
        signal(SIGPIPE, SIG_IGN)
        let args = Array(CommandLine.arguments.dropFirst())
        exit(run(args))
    }

    public static func run(_ args: [String]) -> Int32 {
        guard let cmd = args.first else { Out.write(Help.general); return 0 }
        let rest = Array(args.dropFirst())
        do {
            switch cmd {
            case "check": return try CheckCommand.run(rest)
            case "lsp":
                if rest.contains("--help") || rest.contains("-h") { Out.write(Help.lsp); return 0 }
                // Some clients add --stdio (vscode-languageclient does); stdio is the only transport.
                if let bad = rest.first(where: { $0 != "--stdio" }) { throw UsageError(message: "critique lsp takes no arguments ('\(bad)'); it serves stdin/stdout.") }
                return LanguageServer.runStdio()
            case "rubric": return try RubricCommand.run(rest)
            case "explain": return try ExplainCommand.run(rest)
            case "init": return try InitCommand.run(rest)
            case "fmt": return try FmtCommand.run(rest)
            case "task": return try TaskCommand.run(rest)
            case "export": return try ExportCommand.run(rest)
            case "report": return try ReportCommand.run(rest)
            case "--version", "-V", "version": Out.write("critique \(version)\n"); return 0
            case "help", "--help", "-h":
                Out.write(Help.topic(rest.first) ?? Help.general); return 0
            default:
                throw UsageError(message: "unknown command '\(cmd)'." + (nearest(cmd, in: ["check", "lsp", "rubric", "explain", "init", "fmt", "task", "export", "report", "help"]).map { " Did you mean '\($0)'?" } ?? "") + " Run `critique help`.")
            }
        } catch let e as UsageError {
            Out.err("critique: \(Inert.line(e.message))\n")
            return 2
        } catch {
            Out.err("critique: \(Inert.line("\(error)"))\n")
            return 2
        }
    }
}

enum Help {
    static let general = """
    critique \(CLI.version) — rubric rules for RLHF critiques, in your editor and in CI.

    Usage:
      critique check [PATH…] [--format text|json|sarif|github|junit] [--config FILE]
      critique lsp                       serve the Language Server Protocol over stdio
      critique rubric check FILE…        check rubric files
      critique rubric import --from healthbench|prometheus|paperbench FILE [--index N] [-o OUT]
      critique explain [RULE]            explain a rule (or list them all)
      critique init DIR                  write a starter workspace
      critique fmt [--check] PATH…       canonical layout (in place; --check writes nothing)
      critique task import FILE… --rubric RUBRIC --into DIR [--annotators a,b,c] [--overlap N]
                                         task files and skeleton critiques from a platform's export
      critique export PATH… --to FORMAT [-o FILE]
                                         training data (JSONL) from the critiques that pass
      critique report PATH… [-o FILE] [--format html|json|markdown] [--gold DIR]
                                         the batch's QA: agreement, gold checks, copy-paste
      critique --version | help [COMMAND]

    Exit status: 0 no finding at or above the failing severity; 1 findings; 2 usage,
    configuration or I/O error.

    """

    static let fmt = """
    Usage: critique fmt [--check] PATH…

    Gives critique documents their canonical layout without changing what they say:
    front-matter keys in a fixed order, `A: 4` score lines, `A >> B` preference lines
    (the preferred response first), one blank line between blocks and before each
    `##` heading, no trailing white space, one final newline. Folders are walked for
    *.critique.md; files are rewritten atomically, and only when they change. `-` reads
    stdin and writes the result to stdout.

    Options:
      --check   write nothing; exit 1 if a file would change (for CI)

    Exit status: 0 nothing to do (or done); 1 with --check, a file would change; 2 usage
    or I/O error.

    """

    static let check = """
    Usage: critique check [PATH…] [options]

    Checks critique documents. A folder is walked for *.critique.md; `-` reads one
    document from stdin (checked as if it were ./stdin.critique.md). With no PATH, the
    current folder is checked.

    Options:
      --format FORMAT   text (default), json, sarif, github (workflow annotations), junit
      --jsonl           a stream: one JSON record a line on stdin ({"id", "text", "task"?,
                        "rubric"?}), one result a line on stdout, in input order
      --shard K/N       of the files a folder walk finds, only those in shard K of N
      --config FILE     use this critique.json for every document
      --fail-on SEV     error (default, or critique.json `failOn`), warning, info, hint
      --no-summary      do not print the summary line on stderr
      --color / --no-color   force colour on or off (default: on a terminal, unless NO_COLOR)

    """

    static let task = """
    Usage: critique task import FILE… --rubric RUBRIC --into DIR [options]

    Reads tasks (a prompt and the responses to judge) as platforms export them, and writes
    one task file a task and one skeleton critique per task and annotator:
      DIR/tasks/<task>.json
      DIR/critiques/<annotator>/<task>.critique.md   (DIR/critiques/<task>.critique.md
                                                      without --annotators)
    A skeleton has every required section with empty score lines and, for pairwise
    rubrics, an empty Preference section: `critique check` reports them until filled.
    When no critique.json governs DIR, DIR becomes a workspace with a copy of the rubric.

    Input shapes (detected per task, or forced with --from):
      plain          {"id", "prompt" | "messages", "responses": [..] | {"A": .., "B": ..}}
      label-studio   [{"id", "data": {"prompt": .., "answer1": .., "answer2": ..}}]
      chatbot-arena  {"question_id", "model_a", "model_b", "conversation_a", "conversation_b"}
      hh-rlhf        {"chosen", "rejected"} as "\n\nHuman: … \n\nAssistant: …" transcripts
                     (or with "prompt", or as message lists); which is shown first is
                     decided by the content, never by which was chosen
      ultrafeedback  {"instruction", "completions": [{"model", "response"}, …]} (the first
                     two for a pairwise rubric)
    A file is a JSON array, one JSON object, or JSONL (one task a line). A prompt may be
    chat messages ([{"role", "content"}]) anywhere.

    Options:
      --rubric RUBRIC     an id, id@major or a path to a *.rubric.json
      --into DIR          where to write
      --annotators a,b,c  one skeleton per assigned annotator
      --overlap N         give each task to N annotators (balanced, deterministic: task i
                          goes to annotators i·N … i·N+N−1, modulo their number)
      --from SHAPE        read every task as this shape

    Nothing is overwritten: a second import of the same input reports every file
    unchanged, and a skeleton edited since is kept. Exit status: 0 all imported; 1 some
    tasks skipped (each named with its file and line) or a file in the way; 2 usage or
    I/O error.

    """

    static let export = """
    Usage: critique export PATH… --to FORMAT [-o FILE] [options]

    Writes JSONL training data from the critiques that pass the check (folders are
    walked for *.critique.md). Critiques that fail are listed on stderr with their first
    error; the others that a format cannot hold (a tie is not a preference pair) are
    counted by reason.

    Formats:
      trl                 {"prompt", "chosen", "rejected", "margin"?}  (TRL preference)
      trl-conversational  the same with [{"role", "content"}] lists
      kto                 {"prompt", "completion", "label"}: both sides of a pair, or single
                          responses judged by export.ktoThreshold in critique.json
      openai-preference   {"input": {"messages"}, "preferred_output", "non_preferred_output"}
      helpsteer           {"prompt", "response", <attribute>: 0–4} a response; attributes
                          from criteria by export.helpsteer in critique.json
      ultrafeedback       {"instruction", "completions": [{"model", "response",
                          "annotations": {<aspect>: {"Rating", "Rationale"}}}]}
      records             lossless: scores, items, tags, quotes with offsets, preference,
                          totals, annotator, task, rubric, path, document hash
                          (schema: EditorConfigs/critique-record.schema.json)

    Options:
      --to FORMAT         one of the formats above
      -o FILE             write there (atomically) instead of stdout
      --force             replace FILE if it exists
      --include-failing   export critiques that fail the check too
      --fail-on SEV       the failing level (default: critique.json `failOn`, else error)
      --config FILE       use this critique.json for every document

    Exit status: 0 written; 1 nothing to export; 2 usage, configuration or I/O error, or
    a format that cannot express the batch (pairs from single-response critiques).

    """

    static let report = """
    Usage: critique report PATH… [-o FILE] [--format html|json|markdown] [options]

    The reviewer's view of a batch, from the same check as `critique check`. Documents
    are grouped by rubric id@major (versions are never mixed). For each group:
      - documents, tasks, annotators, pass rate, findings by rule;
      - per criterion where two or more critiques share a task: Krippendorff's α (interval
        for scales, nominal for checklist items and tags, or as critique.json
        `report.levels` says), the pairable tasks, and a 95 % bootstrap interval over tasks
        (1,000 resamples, fixed seed); α ≥ 0.8 is reliable, below 0.667 is flagged;
      - preference: α on the direction, ordinal α on the strength, position bias;
      - per annotator: findings per document by area, median justification words, quotes
        found, scores against the batch, gold accuracy, leave-one-out Δα;
      - an annotator × annotator agreement matrix and a ranked disagreement list;
      - gold (--gold DIR, reference critiques by task): mean absolute deviation, exact
        agreement and preference agreement against critique.json `report.gold` thresholds;
      - copy-paste: near-duplicate justifications (MinHash over word and character
        5-grams, Jaccard ≥ `report.duplicateThreshold`, 0.7 by default) and length outliers.
    Critiques that fail the check are counted and listed; their scores are left out of α
    unless --include-failing. A score of n/a is missing, not zero.

    Options:
      -o FILE             write there (atomically); the format follows the extension
                          (.html, .json, .md) unless --format says
      --format FORMAT     html (one self-contained page), json (every number), markdown
                          (for a pull-request comment or $GITHUB_STEP_SUMMARY; the default
                          on stdout)
      --gold DIR          reference critiques, one per task
      --fail-on-gold      exit 1 when an annotator is below a gold threshold
      --include-failing   count failing critiques' scores too
      --force             replace FILE if it exists
      --config FILE       use this critique.json for every document

    Exit status: 0 written; 1 with --fail-on-gold, an annotator below a threshold; 2 usage,
    configuration or I/O error, or no critiques found.

    """

    static let lsp = """
    Usage: critique lsp

    Serves the Language Server Protocol (3.17) over stdin/stdout for *.critique.md and
    *.rubric.json files. Logs go to stderr. See EditorConfigs/ for editor setups.

    """

    static let rubric = """
    Usage:
      critique rubric check FILE…   report rubric-* findings (exit 1 if any error)
      critique rubric import --from healthbench|prometheus|paperbench FILE [--index N] [-o OUT]
                                    convert a public rubric format into a critique rubric

    """

    static let explain = """
    Usage: critique explain [RULE] [--markdown]

    Prints a rule's long explanation, or every rule with its severity and summary.
    `--markdown` prints the README's rule table.

    """

    static let initHelp = """
    Usage: critique init DIR

    Writes a starter workspace into DIR: critique.json, a pairwise rubric, a task file
    with two responses, and a critique with a few deliberate findings. Existing files are
    never overwritten.

    """

    static func topic(_ t: String?) -> String? {
        switch t {
        case "check": check
        case "lsp": lsp
        case "rubric": rubric
        case "explain": explain
        case "init": initHelp
        case "fmt": fmt
        case "task": task
        case "export": export
        case "report": report
        default: nil
        }
    }
}

enum ExplainCommand {
    static func run(_ args: [String]) throws -> Int32 {
        if args.contains("--help") { Out.write(Help.explain); return 0 }
        if args.contains("--markdown") { Out.write(RuleCatalog.markdownTable()); return 0 }
        guard let id = args.first else {
            var out = ""
            var area: RuleArea?
            for r in RuleCatalog.all {
                if r.area != area { out += "\n\(r.area.rawValue):\n"; area = r.area }
                func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
                out += "  \(pad(r.id.rawValue, 28)) \(pad(r.severity.rawValue, 8)) \(r.summary)\n"
            }
            Out.write("\(RuleCatalog.all.count) rules. `critique explain RULE` for one.\n" + out)
            return 0
        }
        guard let r = RuleCatalog.rule(id) else {
            throw CLI.UsageError(message: "no rule '\(id)'." + (nearest(id, in: RuleID.allCases.map(\.rawValue)).map { " Did you mean '\($0)'?" } ?? "") + " `critique explain` lists them.")
        }
        var out = "\(r.id) (\(r.severity.rawValue), \(r.area.rawValue))\n\n\(r.summary)\n\n\(r.explanation)\n"
        if !r.example.isEmpty {
            out += "\nExample:\n\n" + r.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        out += "\nConfigure in critique.json: { rules: { \"\(r.id)\": \"warning\" } }  (error, warning, info, hint or off)\n"
        Out.write(out)
        return 0
    }
}
