/// `textDocument/codeAction`.
enum CodeActionRequest: LSPRequest {
    static let method = "textDocument/codeAction"
    typealias Params = CodeActionParams
    typealias Result = [CodeActionResult]
}
