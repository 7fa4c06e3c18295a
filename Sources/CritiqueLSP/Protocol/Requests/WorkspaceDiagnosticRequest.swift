/// `workspace/diagnostic`.
enum WorkspaceDiagnosticRequest: LSPRequest {
    static let method = "workspace/diagnostic"
    typealias Params = WorkspaceDiagnosticParams
    typealias Result = WorkspaceDiagnosticReport
}
