/// `textDocument/inlayHint`.
enum InlayHintRequest: LSPRequest {
    static let method = "textDocument/inlayHint"
    typealias Params = RangeParams
    typealias Result = [InlayHintResult]
}
