/// `textDocument/documentLink`.
enum DocumentLinkRequest: LSPRequest {
    static let method = "textDocument/documentLink"
    typealias Params = DocumentParams
    typealias Result = [DocumentLink]
}
