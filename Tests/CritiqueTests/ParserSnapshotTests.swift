import CritiqueCore
import Foundation
import Testing

/// The safety net for parser changes: every fixture document's tree, as `CritiqueDocument.dump()`,
/// against its snapshot in `Fixtures/parser/`. `CRITIQUE_UPDATE_SNAPSHOTS=1 swift test --filter
/// ParserSnapshot` rewrites them (then read the diff: every changed line is a node that moved).
@Suite("Parser snapshots")
struct ParserSnapshotTests {
    static let documents = Support.fixtureFiles(suffix: ".critique.md")
        + Support.fixtureFiles(under: "pipeline", suffix: ".critique.md")
        + Support.fixtureFiles(under: "report", suffix: ".critique.md")

    static func snapshotPath(_ rel: String) -> String {
        Support.path("parser/" + rel.replacingOccurrences(of: "/", with: "__") + ".tree")
    }

    @Test("The tree of every fixture matches its snapshot", arguments: documents)
    func snapshot(_ rel: String) throws {
        let tree = DocumentParser.parse(SourceText(bytes: Support.bytes(rel))).dump()
        let path = Self.snapshotPath(rel)
        if ProcessInfo.processInfo.environment["CRITIQUE_UPDATE_SNAPSHOTS"] == "1" {
            try Support.write(path, tree)
            return
        }
        let expected = try #require(try? String(contentsOfFile: path, encoding: .utf8), "no snapshot for \(rel): run with CRITIQUE_UPDATE_SNAPSHOTS=1")
        if tree != expected {
            let a = tree.split(separator: "\n", omittingEmptySubsequences: false), b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("\(rel): the tree differs from its snapshot at line \((first?.offset ?? min(a.count, b.count)) + 1):\n  now:  \(first.map { String($0.element.0) } ?? "(end)")\n  was:  \(first.map { String($0.element.1) } ?? "(end)")")
        }
    }

    @Test("Every snapshot belongs to a fixture (none left behind by a renamed file)")
    func noOrphans() throws {
        let dir = Support.path("parser")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let expected = Set(Self.documents.map { (Self.snapshotPath($0) as NSString).lastPathComponent })
        #expect(!files.isEmpty)
        for f in files where f.hasSuffix(".tree") { #expect(expected.contains(f), "\(f) has no fixture") }
    }
}
