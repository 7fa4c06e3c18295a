/// `textDocument/documentSymbol`.
enum DocumentSymbolRequest: LSPRequest {
    static let method = "textDocument/documentSymbol"
    typealias Params = DocumentParams
    typealias Result = [DocumentSymbol]
}
