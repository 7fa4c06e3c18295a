/// `textDocument/rename`.
enum RenameRequest: LSPRequest {
    static let method = "textDocument/rename"
    typealias Params = RenameParams
    typealias Result = WorkspaceEdit
}
