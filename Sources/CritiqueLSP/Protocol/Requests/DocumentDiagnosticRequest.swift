/// `textDocument/diagnostic`.
enum DocumentDiagnosticRequest: LSPRequest {
    static let method = "textDocument/diagnostic"
    typealias Params = DocumentDiagnosticParams
    typealias Result = DocumentDiagnosticReport
}
