/// `textDocument/foldingRange`.
enum FoldingRangeRequest: LSPRequest {
    static let method = "textDocument/foldingRange"
    typealias Params = DocumentParams
    typealias Result = [FoldingRange]
}
