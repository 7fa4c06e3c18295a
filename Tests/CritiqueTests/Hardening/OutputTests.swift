import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Untrusted text in every output format: a file name with a line break and a workflow
/// command, terminal escapes, bidirectional overrides and XML-illegal characters in the
/// document. None may start a line, reach the terminal raw, or break the file's syntax.
@Suite("Hardening: output", .serialized)
struct OutputTests {
    static let hostile = "\n::error file=src/app.js,line=1::FORGED\u{1B}[31m\u{202E}\u{FFFE}\u{FFFF}\u{85}\r"

    static func workspace() throws -> (dir: String, file: String) {
        let dir = try Support.tempDir()
        try Support.write(dir + "/critique.json", "{ rubrics: [\"rubrics\"] }")
        try Support.write(dir + "/rubrics/chat-pairwise.rubric.json", String(decoding: Support.bytes("workspaces/rules/rubrics/chat-pairwise.rubric.json"), as: UTF8.self))
        let file = dir + "/critiques/evil" + hostile.replacingOccurrences(of: "/", with: "∕") + ".critique.md"
        // The heading and the tag carry the hostile text into messages; the line into the source excerpt.
        try Support.write(file, """
        ---
        rubric: chat-pairwise
        task: T-1
        annotator: w-1
        ---

        ## Clarity\(hostile.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " "))
        A: 4 #made-up\u{1B}]0;title\u{7}
        B: 3

        """)
        return (dir, file)
    }

    @Test("Every format keeps untrusted text inert", arguments: ["text", "github", "junit", "json", "sarif"])
    func inert(_ format: String) throws {
        let (dir, file) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Support.run(["check", "--format", format, "--no-summary", dir])
        #expect(r.status == 1, "\(r.stderr)")
        let out = r.stdoutData
        #expect(!out.contains(0x1B), "no raw ESC")
        #expect(!r.stdout.unicodeScalars.contains { [0x202E, 0xFFFE, 0xFFFF, 0x85, 0x07].contains($0.value) }, "no bidi override, noncharacter, NEL or BEL")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.contains("\r") }, "no carriage return inside a line")
        switch format {
        case "github":
            let body = lines.filter { !$0.isEmpty }
            #expect(!body.isEmpty)
            for l in body { #expect(l.hasPrefix("::error file=") || l.hasPrefix("::warning file=") || l.hasPrefix("::notice file="), "forged line: \(l)") }
            #expect(!body.contains { $0.hasPrefix("::error file=src/app.js") })
        case "text":
            #expect(!lines.contains { $0.hasPrefix("::") }, "a line that a runner would execute")
        case "junit":
            #if canImport(FoundationXML)
            #expect(throws: Never.self) { _ = try XMLDocument(data: out) }
            #endif
        default:
            #expect(throws: Never.self) { _ = try JSONSerialization.jsonObject(with: out) }
        }
        _ = file
    }

    @Test("Error messages on stderr are inert too")
    func stderrInert() throws {
        let r = try Support.run(["check", "/nope" + Self.hostile + ".critique.md"])
        #expect(r.status == 2)
        #expect(!r.stderr.split(separator: "\n").contains { $0.hasPrefix("::") }, "\(r.stderr)")
        #expect(!r.stderr.utf8.contains(0x1B))
    }
}
