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

/// `textDocument/publishDiagnostics` written by hand, straight to bytes (`JSONLine`): it is
/// the one message sent after every edit, and encoding a large document's diagnostics through
/// Codable, or even appending them to a String, cost more than checking it (critique-bench,
/// 1 MB document). The output is the same JSON the Encodable types describe; a test decodes it
/// with them.
enum PublishWriter {
    static func message(uri: String, version: Int?, diagnostics: [Diagnostic]) -> [UInt8] {
        var o = JSONLine(capacity: 160 + diagnostics.count * 240)
        o.object { o in
            o.field("jsonrpc", "2.0")
            o.field("method", "textDocument/publishDiagnostics")
            o.key("params")
            o.object { o in
                o.field("uri", uri)
                if let version { o.field("version", version) }
                o.key("diagnostics")
                o.array { o in for d in diagnostics { diagnostic(d, &o) } }
            }
        }
        return o.bytes
    }

    static func diagnostic(_ d: Diagnostic, _ o: inout JSONLine) {
        o.object { o in
            o.key("range"); range(d.range, &o)
            o.field("severity", d.severity.rawValue)
            o.field("code", d.code)
            o.field("source", d.source)
            o.field("message", d.message)
            if let cd = d.codeDescription { o.key("codeDescription"); o.object { $0.field("href", cd.href) } }
            if let rel = d.relatedInformation {
                o.key("relatedInformation")
                o.array { o in
                    for r in rel {
                        o.object { o in
                            o.key("location")
                            o.object { o in o.field("uri", r.location.uri); o.key("range"); range(r.location.range, &o) }
                            o.field("message", r.message)
                        }
                    }
                }
            }
            if let tags = d.tags { o.key("tags"); o.array { o in for t in tags { o.number(t.rawValue) } } }
        }
    }

    static func range(_ r: LSPRange, _ o: inout JSONLine) {
        o.object { o in
            o.key("start"); o.object { $0.field("line", r.start.line); $0.field("character", r.start.character) }
            o.key("end"); o.object { $0.field("line", r.end.line); $0.field("character", r.end.character) }
        }
    }
}
