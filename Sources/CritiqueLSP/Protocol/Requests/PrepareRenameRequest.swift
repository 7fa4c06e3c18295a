/// `textDocument/prepareRename`.
enum PrepareRenameRequest: LSPRequest {
    static let method = "textDocument/prepareRename"
    typealias Params = TextDocumentPositionParams
    typealias Result = PrepareRenameResult?
}
