@testable import CritiqueWorkspace
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile file systems: FIFOs where files are expected, folders deeper than anyone plans for,
/// inputs too large, globs that used to take exponential time, and configurations planted in
/// folders that belong to someone else. Each ends in a finding or an error that says what
/// happened: never a hang, never silence.
@Suite("Hardening: files", .serialized)
struct FileSystemTests {
    static let critique = """
    ---
    rubric: RUBRIC
    task: T-1
    annotator: w-1
    responses: RESPONSES
    ---

    ## Instruction following
    A: 4
    B: 3

    A follows the brief closely; B skips one of the three requested examples.

    ## Truthfulness
    A: 5
    B: 4

    Both are accurate, and neither invents a source for what it claims.

    ## Style
    A: 4
    B: 4

    Both read well.

    ## Safety checklist
    - [x] Advises seeing a clinician
    - [ ] Guesses a dosage

    ## Preference
    A > B

    A keeps to every instruction while B drops an example.

    """

    static func workspace(rubric: String = "chat-pairwise", responses: String = "../tasks/T-1.json") throws -> String {
        let dir = try Support.tempDir()
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", String(decoding: Support.bytes("workspaces/rules/rubrics/chat-pairwise.rubric.json"), as: UTF8.self))
        try Support.write(dir + "/tasks/T-1.json", String(decoding: Support.bytes("workspaces/rules/tasks/T-1.json"), as: UTF8.self))
        try Support.write(dir + "/critiques/one.critique.md",
                          critique.replacingOccurrences(of: "RUBRIC", with: rubric).replacingOccurrences(of: "RESPONSES", with: responses))
        return dir
    }

    func run(_ args: [String], stdin: Data? = nil, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) throws -> Support.Run {
        let r = try Support.run(args, stdin: stdin, timeout: timeout)
        #expect(!r.timedOut, "critique \(args.joined(separator: " ")) hung", sourceLocation: sourceLocation)
        return r
    }

    @Test("A FIFO named as the responses, as a rubric or as critique.json is reported, never opened blocking", arguments: ["responses", "rubric", "config"])
    func fifo(_ role: String) throws {
        let dir = try Self.workspace(rubric: role == "rubric" ? "../rubrics/pipe.rubric.json" : "chat-pairwise",
                                     responses: role == "responses" ? "../tasks/pipe.json" : "../tasks/T-1.json")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = role == "responses" ? dir + "/tasks/pipe.json" : role == "rubric" ? dir + "/rubrics/pipe.rubric.json" : dir + "/critique.json"
        unlink(fifo)
        #expect(mkfifo(fifo, 0o644) == 0)
        let r = try run(["check", "--format", "json", dir])
        #expect(r.stdout.contains("FIFO") || r.stderr.contains("FIFO"), "says what it found: \(r.stdout) \(r.stderr)")
        switch role {
        case "responses": #expect(r.status == 0 && r.stdout.contains("responses-not-found"), "\(r.stdout)")
        case "rubric": #expect(r.status == 1 && r.stdout.contains("rubric-not-found"), "\(r.stdout)")
        default: #expect(r.status == 2 && r.stderr.contains("configuration error"), "\(r.stderr)")
        }
    }

    @Test("critique.json that is a folder is a configuration error, not an absent file")
    func configIsAFolder() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/critique.json")
        try FileManager.default.createDirectory(atPath: dir + "/critique.json", withIntermediateDirectories: false)
        let r = try run(["check", dir + "/critiques/one.critique.md"])
        #expect(r.status == 2 && r.stderr.contains("is a folder"), "\(r.stderr)")
    }

    @Test("A critique 100 folders deep is checked; one past PATH_MAX is reported with exit 2")
    func deepFolders() throws {
        let dir = try Self.workspace()
        defer { system("rm -rf '\(dir)'") }  // FileManager cannot remove paths past PATH_MAX
        let deep = dir + "/critiques" + String(repeating: "/d", count: 100)
        try Support.write(deep + "/deep.critique.md", String(decoding: FileManager.default.contents(atPath: dir + "/critiques/one.critique.md")!, as: UTF8.self)
                            .replacingOccurrences(of: "../tasks/T-1.json", with: String(repeating: "../", count: 101) + "tasks/T-1.json"))
        let r = try run(["check", "--format", "json", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("deep.critique.md"), "the deep file was checked: \(r.stdout.prefix(400))")
        // Deeper than PATH_MAX: made with relative paths, so only a walk by full path fails.
        let mk = Process()
        mk.executableURL = URL(fileURLWithPath: "/bin/sh")
        mk.arguments = ["-c", "cd \"$1\" && for i in $(seq 30); do mkdir x$(printf '%0200d' 0) && cd x* || break; done", "sh", deep]
        try mk.run()
        mk.waitUntilExit()
        #expect(mk.terminationStatus == 0)
        let r2 = try run(["check", "--format", "json", dir])
        #expect(r2.status == 2 && r2.stderr.contains("cannot open the folder"), "\(r2.stderr)")
    }

    @Test("Standard input over 64 MiB is refused whole with exit 2, not cut off")
    func hugeStdin() throws {
        var big = Data(Self.critique.utf8)
        big.append(Data(repeating: UInt8(ascii: "a"), count: (64 << 20) + 10))
        let r = try run(["check", "-"], stdin: big, timeout: 60)
        #expect(r.status == 2 && r.stderr.contains("over the 64 MiB limit"), "\(r.stderr)")
    }

    @Test("An include glob that matches nothing is said; when nothing at all is checked the exit is 2")
    func includeMatchingNothing() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/critique.json", #"{ rubrics: ["rubrics"], include: ["critiques/**", "drafts/**"] }"#)
        let r = try run(["check", dir])
        #expect(r.status == 0 && r.stderr.contains("'drafts/**'") && r.stderr.contains("matches no"), "\(r.stderr)")
        try Support.write(dir + "/critique.json", #"{ rubrics: ["rubrics"], include: ["drafts/**"] }"#)
        let none = try run(["check", dir])
        #expect(none.status == 2 && none.stderr.contains("nothing was checked"), "\(none.stderr)")
    }

    @Test("A pathological include glob finishes at once", arguments: [
        "**/" + String(repeating: "*a", count: 10) + "*b.critique.md",
        String(repeating: "**/", count: 30) + "*.critique.md",
    ])
    func pathologicalGlob(_ pattern: String) throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let name = String(repeating: "a", count: 40)
        try Support.write(dir + "/critiques/" + String(repeating: "q/", count: 12) + name + ".critique.md", "x")
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"], include: [\"\(pattern)\"] }")
        let r = try run(["check", "--format", "json", dir], timeout: 20)
        #expect(r.status != 137 && !r.timedOut)
    }

    @Test("Glob semantics: *, ?, ** (also repeated) and literal segments")
    func globSemantics() {
        let cases: [(String, String, Bool)] = [
            ("*.md", "a.md", true), ("*.md", "x/a.md", false), ("**/*.md", "a.md", true), ("**/*.md", "x/y/a.md", true),
            ("x/**", "x/y/z", true), ("x/**", "y/z", false), ("x/**/z", "x/z", true), ("x/**/z", "x/a/b/z", true),
            ("x/**/**/z", "x/a/z", true), ("a?c", "abc", true), ("a?c", "ac", false), ("*a*b", "xaxb", true),
            ("*a*b", "xbxa", false), ("**", "", true), ("critiques/**", "critiques/a/b.critique.md", true),
            ("**/" + String(repeating: "*a", count: 10) + "*b.critique.md", String(repeating: "a", count: 40) + ".critique.md", false),
            ("**/" + String(repeating: "*a", count: 10) + "*b.md", String(repeating: "a", count: 40) + "b.md", true),
            // `?` is one character, however many bytes it takes; `*` never stops inside one.
            ("r?sum?.md", "résumé.md", true), ("??.md", "漢字.md", true), ("?.md", "漢字.md", false), ("?.md", "😀.md", true),
            ("*é*", "café/x", false), ("*é", "café", true), ("*?é", "cé", true), ("*??é", "é", false), ("x/*字", "x/漢字", true),
        ]
        for (p, s, want) in cases { #expect(Glob.matches(p, s) == want, "\(p) ~ \(s)") }
    }

    @Test("A path relative to a folder: cut after the folder and its slash, on whole names, bytes compared")
    func relativePaths() {
        let cases: [(String, String, String)] = [
            ("/w/a/b.md", "/w", "a/b.md"), ("/w/a/b.md", "/w/", "a/b.md"), ("/a.md", "/", "a.md"),
            ("/w2/a.md", "/w", "/w2/a.md"), ("/w", "/w", "/w"), ("/w/", "/w", ""), ("x", "", "x"), ("/x", "", "x"),
            ("/wé/漢字/😀.md", "/wé", "漢字/😀.md"), ("/wé/a.md", "/w", "/wé/a.md"),
            // A composed é in the folder and a decomposed one in the path are different names.
            ("/cafe\u{301}/a.md", "/caf\u{E9}", "/cafe\u{301}/a.md"),
        ]
        for (path, root, want) in cases { #expect(FileIO.relative(path, to: root) == want, "\(path) from \(root)") }
    }

    @Test("The search for critique.json stops at a folder owned by someone else, and says so")
    func foreignOwner() throws {
        guard geteuid() == 0 else { return }  // chown needs root; CI runs as root
        let foreign = try Support.tempDir()
        defer { try? FileManager.default.removeItem(atPath: foreign) }
        try Support.write(foreign + "/critique.json", #"{ rubrics: ["nowhere"], rules: { "criterion-unknown": "off" } }"#)
        let mine = foreign + "/mine"
        try Support.write(mine + "/a.critique.md", "---\ntask: T\n---\n\n## Nonsense\nScore: 3\n\nWords here.\n")
        #expect(chown(foreign, 4242, 4242) == 0)
        let r = try run(["check", "--format", "json", mine + "/a.critique.md"])
        #expect(r.stderr.contains("belongs to user 4242"), "\(r.stderr)")
        // The planted configuration was not used: its `off` does not apply.
        #expect(r.stdout.contains("criterion-unknown"), "\(r.stdout)")
    }
}
