/// textDocument/definition, references, prepareRename, rename and documentLink.

struct ReferenceParams: Decodable {
    struct Context: Decodable { var includeDeclaration: Bool? }
    var textDocument: TextDocumentIdentifier
    var position: Position
    var context: Context?
}

struct RenameParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var position: Position
    var newName: String
}

struct PrepareRenameResult: Encodable { var range: LSPRange; var placeholder: String }

struct DocumentLink: Encodable { var range: LSPRange; var target: String; var tooltip: String? }

struct WorkspaceSymbolParams: Decodable { var query: String }
struct SymbolInformation: Encodable { var name: String; var kind: SymbolKind; var location: Location; var containerName: String? }

struct CodeLens: Encodable {
    struct Command: Encodable { var title: String; var command = "" }
    var range: LSPRange
    var command: Command
}

/// textDocument/formatting and rangeFormatting (the options are not needed: the layout is fixed).
struct FormattingParams: Decodable { var textDocument: TextDocumentIdentifier; var range: LSPRange? }
