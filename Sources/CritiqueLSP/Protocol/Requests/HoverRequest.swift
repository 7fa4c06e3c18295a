/// `textDocument/hover`.
enum HoverRequest: LSPRequest {
    static let method = "textDocument/hover"
    typealias Params = TextDocumentPositionParams
    typealias Result = HoverResult?
}
