#if canImport(Glibc)
import Glibc
#endif

/// The one table of requests the server answers (besides `initialize` and `shutdown`, which
/// drive the lifecycle): each request type with its handler and the capability that
/// advertises it. `initialize` applies every entry's capability, so nothing is advertised
/// that is not routed, and nothing routed goes unadvertised.
struct Route: Sendable {
    let method: String
    let handle: @Sendable (Server, RequestID, IncomingMessage) throws -> Void
    let advertise: @Sendable (inout ServerCapabilities) -> Void

    init<R: LSPRequest>(_ request: R.Type, _ handler: @escaping @Sendable (Server) -> (R.Params) throws -> R.Result,
                        advertise: @escaping @Sendable (inout ServerCapabilities) -> Void = { _ in }) {
        method = R.method
        handle = { server, id, message in
            let params = try server.params(R.Params.self, message)
            server.reply(id, try handler(server)(params))
        }
        self.advertise = advertise
    }
}

extension Server {
    static let routeList: [Route] = [
        Route(CompletionRequest.self, Server.completion) { _ in },          // completionProvider: set in initialize (trigger characters)
        Route(HoverRequest.self, Server.hover) { $0.hoverProvider = true },
        Route(CodeActionRequest.self, Server.codeAction) { $0.codeActionProvider = .init() },
        Route(DocumentSymbolRequest.self, Server.documentSymbol) { $0.documentSymbolProvider = true },
        Route(FoldingRangeRequest.self, Server.foldingRange) { $0.foldingRangeProvider = true },
        Route(InlayHintRequest.self, Server.inlayHint) { $0.inlayHintProvider = true },
        Route(SemanticTokensRequest.self, Server.semanticTokens) { _ in },   // legend: set in initialize
        Route(DocumentDiagnosticRequest.self, Server.documentDiagnostic) { _ in }, // only for clients that pull: initialize
        Route(WorkspaceDiagnosticRequest.self, Server.workspaceDiagnostic) { _ in },
        Route(DefinitionRequest.self, Server.definition) { $0.definitionProvider = true },
        Route(ReferencesRequest.self, Server.references) { $0.referencesProvider = true },
        Route(PrepareRenameRequest.self, Server.prepareRename) { _ in },
        Route(RenameRequest.self, Server.rename) { $0.renameProvider = .init() },
        Route(DocumentLinkRequest.self, Server.documentLink) { $0.documentLinkProvider = .init() },
        Route(CodeLensRequest.self, Server.codeLens) { $0.codeLensProvider = .init() },
        Route(WorkspaceSymbolRequest.self, Server.workspaceSymbol) { $0.workspaceSymbolProvider = true },
        Route(FormattingRequest.self, Server.formatting) { $0.documentFormattingProvider = true },
        Route(RangeFormattingRequest.self, Server.formatting) { $0.documentRangeFormattingProvider = true },
    ]

    static let routes: [String: Route] = Dictionary(routeList.map { ($0.method, $0) }, uniquingKeysWith: { a, _ in a })
}
