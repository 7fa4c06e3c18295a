struct DidOpenParams: Decodable { var textDocument: TextDocumentItem }
struct DidCloseParams: Decodable { var textDocument: TextDocumentIdentifier }
struct DidChangeParams: Decodable {
    struct Change: Decodable { var range: LSPRange?; var text: String }
    var textDocument: VersionedTextDocumentIdentifier
    var contentChanges: [Change]
}
