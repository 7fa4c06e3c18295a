/// `textDocument/rangeFormatting`.
enum RangeFormattingRequest: LSPRequest {
    static let method = "textDocument/rangeFormatting"
    typealias Params = FormattingParams
    typealias Result = [LSPTextEdit]
}
