/// `textDocument/formatting`.
enum FormattingRequest: LSPRequest {
    static let method = "textDocument/formatting"
    typealias Params = FormattingParams
    typealias Result = [LSPTextEdit]
}
