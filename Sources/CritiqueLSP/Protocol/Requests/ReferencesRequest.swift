/// `textDocument/references`.
enum ReferencesRequest: LSPRequest {
    static let method = "textDocument/references"
    typealias Params = ReferenceParams
    typealias Result = [Location]
}
