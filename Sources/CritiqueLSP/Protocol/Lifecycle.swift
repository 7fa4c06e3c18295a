/// `initialize`: only the capabilities the server reads are decoded; everything else is ignored.
public struct InitializeParams: Decodable, Sendable {
    public struct Capabilities: Decodable, Sendable {
        public struct General: Decodable, Sendable { public var positionEncodings: [String]? }
        public struct TextDocument: Decodable, Sendable {
            public struct Flag: Decodable, Sendable { public var dynamicRegistration: Bool? }
            public struct Publish: Decodable, Sendable { public var relatedInformation: Bool?; public var tagSupport: Empty? }
            public struct CompletionCaps: Decodable, Sendable {
                public struct Item: Decodable, Sendable { public var snippetSupport: Bool? }
                public var completionItem: Item?
            }
            public var diagnostic: Flag?
            public var publishDiagnostics: Publish?
            public var completion: CompletionCaps?
        }
        public struct Workspace: Decodable, Sendable {
            public struct Watch: Decodable, Sendable { public var dynamicRegistration: Bool? }
            public struct Refresh: Decodable, Sendable { public var refreshSupport: Bool? }
            public var didChangeWatchedFiles: Watch?
            public var diagnostics: Refresh?
            public var configuration: Bool?
        }
        public var general: General?
        public var textDocument: TextDocument?
        public var workspace: Workspace?
    }
    public struct WorkspaceFolder: Codable, Sendable { public var uri: String; public var name: String? }
    public var processId: Int?
    public var rootUri: String?
    public var rootPath: String?
    public var capabilities: Capabilities?
    public var workspaceFolders: [WorkspaceFolder]?
    public var trace: String?
}

struct InitializeResult: Encodable {
    struct ServerInfo: Encodable { var name = "critique"; var version: String }
    var capabilities: ServerCapabilities
    var serverInfo: ServerInfo
}

struct ServerCapabilities: Encodable {
    struct Sync: Encodable { var openClose = true; var change = 2; var save = Save() ; struct Save: Encodable { var includeText = false } }
    struct CompletionOptions: Encodable { var triggerCharacters: [String]; var resolveProvider = false }
    struct CodeActionOptions: Encodable { var codeActionKinds = ["quickfix"]; var resolveProvider = false }
    struct DiagnosticOptions: Encodable { var identifier = "critique"; var interFileDependencies = true; var workspaceDiagnostics = true }
    struct SemanticTokensOptions: Encodable {
        struct Legend: Encodable { var tokenTypes: [String]; var tokenModifiers: [String] = [] }
        var legend: Legend
        var full = true
        var range = false
    }
    struct WorkspaceCaps: Encodable {
        struct Folders: Encodable { var supported = true; var changeNotifications = true }
        var workspaceFolders = Folders()
    }
    var positionEncoding: String
    var textDocumentSync = Sync()
    var completionProvider: CompletionOptions
    var semanticTokensProvider: SemanticTokensOptions
    var diagnosticProvider: DiagnosticOptions?
    var workspace = WorkspaceCaps()
    struct RenameOptions: Encodable { var prepareProvider = true }
    struct DocumentLinkOptions: Encodable { var resolveProvider = false }
    struct CodeLensOptions: Encodable { var resolveProvider = false }
    // Set from `Server.routeList` in initialize: advertised exactly when routed.
    var hoverProvider: Bool?
    var codeActionProvider: CodeActionOptions?
    var documentSymbolProvider: Bool?
    var foldingRangeProvider: Bool?
    var inlayHintProvider: Bool?
    var definitionProvider: Bool?
    var referencesProvider: Bool?
    var renameProvider: RenameOptions?
    var documentLinkProvider: DocumentLinkOptions?
    var codeLensProvider: CodeLensOptions?
    var workspaceSymbolProvider: Bool?
    var documentFormattingProvider: Bool?
    var documentRangeFormattingProvider: Bool?
}

struct RegistrationParams: Encodable {
    struct Registration: Encodable { var id: String; var method: String; var registerOptions: Options }
    struct Options: Encodable { var watchers: [Watcher] }
    struct Watcher: Encodable { var globPattern: String }
    var registrations: [Registration]
}

struct DidChangeWorkspaceFoldersParams: Decodable {
    struct Event: Decodable { var added: [InitializeParams.WorkspaceFolder]; var removed: [InitializeParams.WorkspaceFolder] }
    var event: Event
}
