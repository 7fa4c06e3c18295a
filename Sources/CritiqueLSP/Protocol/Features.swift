struct CompletionList: Encodable {
    struct Item: Encodable {
        var label: String
        var kind: CompletionItemKind
        var detail: String?
        var documentation: MarkupContent?
        var insertText: String?
        var textEdit: LSPTextEdit
        var insertTextFormat: InsertTextFormat
        var sortText: String?
        var filterText: String?
    }
    var isIncomplete = false
    var items: [Item]
}

struct HoverResult: Encodable { var contents: MarkupContent; var range: LSPRange }

struct CodeActionParams: Decodable {
    /// Only what the server reads: `context.diagnostics` may hold other tools' diagnostics
    /// (numeric codes, no source), which the server neither needs nor may reject.
    struct Context: Decodable { var only: [String]? }
    var textDocument: TextDocumentIdentifier
    var range: LSPRange
    var context: Context?
}

struct CodeActionResult: Encodable {
    var title: String
    var kind = "quickfix"
    var diagnostics: [Diagnostic]?
    var isPreferred: Bool?
    var edit: WorkspaceEdit
}

struct DocumentSymbol: Encodable {
    var name: String
    var detail: String?
    var kind: SymbolKind
    var range: LSPRange
    var selectionRange: LSPRange
}

struct FoldingRange: Encodable { var startLine: Int; var endLine: Int; var kind: String? }

struct RangeParams: Decodable { var textDocument: TextDocumentIdentifier; var range: LSPRange? }
struct DocumentParams: Decodable { var textDocument: TextDocumentIdentifier }

struct InlayHintResult: Encodable { var position: Position; var label: String; var paddingLeft = true; var tooltip: String? }

struct SemanticTokensResult: Encodable { var data: [Int] }
