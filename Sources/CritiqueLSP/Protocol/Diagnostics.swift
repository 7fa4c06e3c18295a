public struct Diagnostic: Codable, Sendable {
    public struct CodeDescription: Codable, Sendable { public var href: String }
    public struct Related: Codable, Sendable { public var location: Location; public var message: String }
    public var range: LSPRange
    public var severity: Int
    public var code: String
    public var codeDescription: CodeDescription?
    public var source = "critique"
    public var message: String
    public var relatedInformation: [Related]?
    public var tags: [Int]?
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
