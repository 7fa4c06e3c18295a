public struct Position: Codable, Hashable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) { self.line = line; self.character = character }
}

public struct LSPRange: Codable, Hashable, Sendable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) { self.start = start; self.end = end }
}

public struct Location: Codable, Sendable, Equatable { public var uri: String; public var range: LSPRange }
public struct TextDocumentIdentifier: Codable, Sendable { public var uri: String }
public struct VersionedTextDocumentIdentifier: Codable, Sendable { public var uri: String; public var version: Int? }
public struct TextDocumentItem: Codable, Sendable { public var uri: String; public var languageId: String?; public var version: Int?; public var text: String }
public struct TextDocumentPositionParams: Codable, Sendable { public var textDocument: TextDocumentIdentifier; public var position: Position }
public struct MarkupContent: Codable, Sendable { public var kind = "markdown"; public var value: String }
public struct LSPTextEdit: Codable, Sendable { public var range: LSPRange; public var newText: String }
public struct WorkspaceEdit: Codable, Sendable { public var changes: [String: [LSPTextEdit]] }
public struct CancelParams: Codable, Sendable { public var id: RequestID }
public struct LogMessageParams: Codable, Sendable { public var type: Int; public var message: String }
