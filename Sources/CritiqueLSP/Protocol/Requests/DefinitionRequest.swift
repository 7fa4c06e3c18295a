/// `textDocument/definition`.
enum DefinitionRequest: LSPRequest {
    static let method = "textDocument/definition"
    typealias Params = TextDocumentPositionParams
    typealias Result = Location?
}
