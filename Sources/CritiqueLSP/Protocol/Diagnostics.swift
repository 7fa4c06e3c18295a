import CritiqueCore

public struct Diagnostic: Codable, Sendable, Equatable {
    public struct CodeDescription: Codable, Sendable, Equatable { public var href: String }
    public struct Related: Codable, Sendable, Equatable { public var location: Location; public var message: String }
    public var range: LSPRange
    public var severity: DiagnosticSeverity
    public var code: String
    public var codeDescription: CodeDescription?
    public var source = "critique"
    public var message: String
    public var relatedInformation: [Related]?
    public var tags: [DiagnosticTag]?
}

struct PublishDiagnosticsParams: Encodable { var uri: String; var version: Int?; var diagnostics: [Diagnostic] }

struct DocumentDiagnosticParams: Decodable { var textDocument: TextDocumentIdentifier; var previousResultId: String? }

struct DocumentDiagnosticReport: Encodable {
    var kind: String
    var resultId: String
    var items: [Diagnostic]?
}

struct WorkspaceDiagnosticParams: Decodable {
    struct Previous: Decodable { var uri: String; var value: String }
    var previousResultIds: [Previous]?
}

struct WorkspaceDiagnosticReport: Encodable {
    struct Item: Encodable { var kind: String; var uri: String; var version: Int?; var resultId: String; var items: [Diagnostic]?
        enum CodingKeys: String, CodingKey { case kind, uri, version, resultId, items }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind); try c.encode(uri, forKey: .uri); try c.encode(resultId, forKey: .resultId)
            if let version { try c.encode(version, forKey: .version) } else { try c.encodeNil(forKey: .version) }
            try c.encodeIfPresent(items, forKey: .items)
        }
    }
    var items: [Item]
}

/// `textDocument/publishDiagnostics` written by hand, straight to bytes: it is the one message
/// sent after every keystroke, with every diagnostic of the document, and through Codable (or
/// even a key-by-key writer) it cost more than the check (critique-bench, 1 MB document). The
/// keys are written as fixed text; the output is the same JSON the Encodable types describe,
/// and a test decodes it with them.
enum PublishWriter {
    /// A message as written, with where each diagnostic's JSON lies in it, so the next message
    /// for the document can copy the diagnostics that did not change: after a keystroke that is
    /// nearly all of them (a finding below the edited line keeps its line and column).
    struct Written {
        var bytes: [UInt8] = []
        var diagnostics: [Diagnostic] = []
        var spans: [Range<Int>] = []
    }

    static func message(uri: String, version: Int?, diagnostics: [Diagnostic]) -> [UInt8] {
        message(uri: uri, version: version, diagnostics: diagnostics, reusing: nil).bytes
    }

    /// The message; a diagnostic equal to one in `previous` (looked up in position order,
    /// both lists being sorted by position) is copied from its bytes instead of written again.
    static func message(uri: String, version: Int?, diagnostics: [Diagnostic], reusing previous: Written?) -> Written {
        var w = Written(diagnostics: diagnostics)
        w.bytes.reserveCapacity(160 + diagnostics.count * 260)
        w.spans.reserveCapacity(diagnostics.count)
        JSONLine.text(#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#, into: &w.bytes)
        JSONLine.string(uri, into: &w.bytes)
        if let version { JSONLine.text(#","version":"#, into: &w.bytes); JSONLine.integer(version, into: &w.bytes) }
        JSONLine.text(#","diagnostics":["#, into: &w.bytes)
        let old = previous?.diagnostics ?? []
        var j = 0
        func before(_ a: Position, _ b: Position) -> Bool { (a.line, a.character) < (b.line, b.character) }
        for (i, d) in diagnostics.enumerated() {
            if i > 0 { w.bytes.append(UInt8(ascii: ",")) }
            let start = w.bytes.count
            while j < old.count && before(old[j].range.start, d.range.start) { j += 1 }
            if let p = previous, j < old.count, old[j] == d {
                w.bytes.append(contentsOf: p.bytes[p.spans[j]])
                j += 1
            } else {
                diagnostic(d, &w.bytes)
            }
            w.spans.append(start..<w.bytes.count)
        }
        JSONLine.text("]}}", into: &w.bytes)
        return w
    }

    static func diagnostic(_ d: Diagnostic, _ o: inout [UInt8]) {
        JSONLine.text(#"{"range":"#, into: &o)
        range(d.range, &o)
        JSONLine.text(#","severity":"#, into: &o); JSONLine.integer(d.severity.rawValue, into: &o)
        JSONLine.text(#","code":"#, into: &o); JSONLine.string(d.code, into: &o)
        JSONLine.text(#","source":"#, into: &o); JSONLine.string(d.source, into: &o)
        JSONLine.text(#","message":"#, into: &o); JSONLine.string(d.message, into: &o)
        if let cd = d.codeDescription {
            JSONLine.text(#","codeDescription":{"href":"#, into: &o); JSONLine.string(cd.href, into: &o); o.append(UInt8(ascii: "}"))
        }
        if let rel = d.relatedInformation {
            JSONLine.text(#","relatedInformation":["#, into: &o)
            for (j, r) in rel.enumerated() {
                if j > 0 { o.append(UInt8(ascii: ",")) }
                JSONLine.text(#"{"location":{"uri":"#, into: &o); JSONLine.string(r.location.uri, into: &o)
                JSONLine.text(#","range":"#, into: &o); range(r.location.range, &o)
                JSONLine.text(#"},"message":"#, into: &o); JSONLine.string(r.message, into: &o)
                o.append(UInt8(ascii: "}"))
            }
            o.append(UInt8(ascii: "]"))
        }
        if let tags = d.tags {
            JSONLine.text(#","tags":["#, into: &o)
            for (j, t) in tags.enumerated() {
                if j > 0 { o.append(UInt8(ascii: ",")) }
                JSONLine.integer(t.rawValue, into: &o)
            }
            o.append(UInt8(ascii: "]"))
        }
        o.append(UInt8(ascii: "}"))
    }

    static func range(_ r: LSPRange, _ o: inout [UInt8]) {
        JSONLine.text(#"{"start":{"line":"#, into: &o); JSONLine.integer(r.start.line, into: &o)
        JSONLine.text(#","character":"#, into: &o); JSONLine.integer(r.start.character, into: &o)
        JSONLine.text(#"},"end":{"line":"#, into: &o); JSONLine.integer(r.end.line, into: &o)
        JSONLine.text(#","character":"#, into: &o); JSONLine.integer(r.end.character, into: &o)
        JSONLine.text("}}", into: &o)
    }
}
