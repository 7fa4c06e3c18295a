/// `textDocument/completion`.
enum CompletionRequest: LSPRequest {
    static let method = "textDocument/completion"
    typealias Params = TextDocumentPositionParams
    typealias Result = CompletionList
}
