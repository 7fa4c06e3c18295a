/// `workspace/symbol`.
enum WorkspaceSymbolRequest: LSPRequest {
    static let method = "workspace/symbol"
    typealias Params = WorkspaceSymbolParams
    typealias Result = [SymbolInformation]
}
