import Foundation
import Testing
@testable import CritiqueLSP

/// The hand-written publishDiagnostics message must be the JSON the Encodable types describe.
@Suite("LSP publish writer")
struct LSPPublishWriterTests {
    struct Message: Decodable {
        struct Params: Decodable { var uri: String; var version: Int?; var diagnostics: [Diagnostic] }
        var jsonrpc: String
        var method: String
        var params: Params
    }

    @Test(arguments: [nil, 7] as [Int?])
    func decodesBackToTheSameDiagnostics(version: Int?) throws {
        let range = LSPRange(start: Position(line: 3, character: 1), end: Position(line: 3, character: 9))
        let diags = [
            Diagnostic(range: range, severity: .error, code: "tag-unknown", codeDescription: nil,
                       message: "Quote \"x\"\\ with\ttab, newline\n, control \u{01}, emoji 😀 and CJK 漢字",
                       relatedInformation: [.init(location: Location(uri: "file:///r/a%20b.rubric.json", range: range), message: "defined here"),
                                            .init(location: Location(uri: "file:///w/c.critique.md", range: range), message: "and \"here\"")],
                       tags: [.unnecessary, .deprecated]),
            Diagnostic(range: range, severity: .warning, code: "score-off-step", codeDescription: .init(href: "https://example.invalid/r"),
                       message: "plain", relatedInformation: nil, tags: nil),
        ]
        let bytes = PublishWriter.message(uri: "file:///w/é x.critique.md", version: version, diagnostics: diags)
        let m = try JSONDecoder().decode(Message.self, from: Data(bytes))
        #expect(m.jsonrpc == "2.0" && m.method == "textDocument/publishDiagnostics")
        #expect(m.params.uri == "file:///w/é x.critique.md")
        #expect(m.params.version == version)
        #expect(m.params.diagnostics.count == 2)
        #expect(m.params.diagnostics[0].message == diags[0].message)
        #expect(m.params.diagnostics[0].relatedInformation?.first?.location.uri == "file:///r/a%20b.rubric.json")
        #expect(m.params.diagnostics[0].relatedInformation?.map(\.message) == ["defined here", "and \"here\""])
        #expect(m.params.diagnostics[0].tags == [.unnecessary, .deprecated] && m.params.diagnostics.map(\.severity) == [.error, .warning])
        #expect(m.params.diagnostics[1].relatedInformation == nil && m.params.diagnostics[1].tags == nil)
        #expect(m.params.diagnostics[1].codeDescription?.href == "https://example.invalid/r")
        #expect(m.params.diagnostics.map(\.range) == [range, range])
        #expect(m.params.diagnostics.map(\.code) == ["tag-unknown", "score-off-step"])
    }

    @Test("A message that copies unchanged diagnostics from the last one is byte for byte the one written afresh")
    func reuseIsExact() {
        func d(_ line: Int, _ ch: Int, _ code: String, _ msg: String) -> Diagnostic {
            let r = LSPRange(start: Position(line: line, character: ch), end: Position(line: line, character: ch + 3))
            return Diagnostic(range: r, severity: .warning, code: code, codeDescription: nil, message: msg, relatedInformation: nil, tags: nil)
        }
        let before = [d(1, 0, "a", "one"), d(1, 0, "b", "two"), d(3, 2, "c", "three \"q\""), d(5, 1, "d", "four"), d(9, 0, "e", "five 😀")]
        let afters: [[Diagnostic]] = [
            before,                                                                 // nothing changed
            [d(1, 0, "b", "two"), d(3, 2, "c", "three \"q\""), d(5, 1, "d", "four")], // some gone
            [d(0, 0, "z", "new"), d(1, 0, "a", "one"), d(1, 0, "a2", "x"), d(1, 0, "b", "two"), d(3, 4, "c", "three \"q\""), d(9, 0, "e", "five 😀")], // added, moved
            [d(9, 0, "e", "five 😀"), d(1, 0, "a", "one")],                           // out of order
            [],
        ]
        let previous = PublishWriter.message(uri: "file:///w/x.critique.md", version: 3, diagnostics: before, reusing: nil)
        for after in afters {
            let reused = PublishWriter.message(uri: "file:///w/x.critique.md", version: 4, diagnostics: after, reusing: previous)
            let fresh = PublishWriter.message(uri: "file:///w/x.critique.md", version: 4, diagnostics: after)
            #expect(reused.bytes == fresh, "\(after.map(\.code))")
            #expect(reused.spans.count == after.count)
        }
    }
}
