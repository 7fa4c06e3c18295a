/// `textDocument/codeLens`.
enum CodeLensRequest: LSPRequest {
    static let method = "textDocument/codeLens"
    typealias Params = DocumentParams
    typealias Result = [CodeLens]
}
