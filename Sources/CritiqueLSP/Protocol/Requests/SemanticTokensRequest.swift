/// `textDocument/semanticTokens/full`.
enum SemanticTokensRequest: LSPRequest {
    static let method = "textDocument/semanticTokens/full"
    typealias Params = DocumentParams
    typealias Result = SemanticTokensResult
}
