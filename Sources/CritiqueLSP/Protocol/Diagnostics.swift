import CritiqueCore

public struct Diagnostic: Codable, Sendable {
    public struct CodeDescription: Codable, Sendable { public var href: String }
    public struct Related: Codable, Sendable { public var location: Location; public var message: String }
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

/// `textDocument/publishDiagnostics` written by hand: it is the one message sent after every
/// edit, and JSONEncoder spent more time on a large document's diagnostics than checking it did
/// (critique-bench, 1 MB document). The output is the same JSON the Encodable types describe;
/// a test decodes it with them.
enum PublishWriter {
    static func message(uri: String, version: Int?, diagnostics: [Diagnostic]) -> [UInt8] {
        var o = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":"
        o.reserveCapacity(128 + diagnostics.count * 220)
        string(uri, &o)
        if let version { o += ",\"version\":\(version)" }
        o += ",\"diagnostics\":["
        for (i, d) in diagnostics.enumerated() {
            if i > 0 { o += "," }
            o += "{\"range\":"
            range(d.range, &o)
            o += ",\"severity\":\(d.severity.rawValue),\"code\":"
            string(d.code, &o)
            o += ",\"source\":"
            string(d.source, &o)
            o += ",\"message\":"
            string(d.message, &o)
            if let cd = d.codeDescription { o += ",\"codeDescription\":{\"href\":"; string(cd.href, &o); o += "}" }
            if let rel = d.relatedInformation {
                o += ",\"relatedInformation\":["
                for (j, r) in rel.enumerated() {
                    if j > 0 { o += "," }
                    o += "{\"location\":{\"uri\":"
                    string(r.location.uri, &o)
                    o += ",\"range\":"
                    range(r.location.range, &o)
                    o += "},\"message\":"
                    string(r.message, &o)
                    o += "}"
                }
                o += "]"
            }
            if let tags = d.tags { o += ",\"tags\":[" + tags.map { String($0.rawValue) }.joined(separator: ",") + "]" }
            o += "}"
        }
        o += "]}}"
        return Array(o.utf8)
    }

    static func range(_ r: LSPRange, _ o: inout String) {
        o += "{\"start\":{\"line\":\(r.start.line),\"character\":\(r.start.character)},\"end\":{\"line\":\(r.end.line),\"character\":\(r.end.character)}}"
    }

    static func string(_ s: String, _ o: inout String) { o += OrderedJSON.quote(s) }
}
