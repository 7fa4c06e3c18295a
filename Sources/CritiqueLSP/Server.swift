import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// The language server: a state machine fed one message at a time, on one thread, in
/// order. It owns no I/O: `send` receives each outgoing message body, and the transport
/// (stdio, or a test client) decides when to call `idle()`, which is when pending checks run —
/// so a burst of edits is checked once.
public final class Server: @unchecked Sendable {
    public typealias Send = @Sendable ([UInt8]) -> Void
    /// Sends a document's diagnostics; the String names the document, so a transport may
    /// replace diagnostics for it that are still waiting to be written.
    public typealias Publish = @Sendable ([UInt8], String) -> Void

    enum State { case uninitialized, running, shutDown }

    /// A class: the server changes it in place on every keystroke (a struct this size would
    /// be copied out of `docs` and back, a retain and release per field each time).
    final class OpenDocument {
        enum Kind { case critique, rubric, other }
        var uri: String
        var path: String
        var kind: Kind
        var version: Int?
        var text: SourceText
        /// The tree of `text` when it is known: the last check's, moved along by edits that
        /// `DocumentParser.reparse` can apply to it (nil after any other edit).
        var tree: CritiqueDocument?
        /// Where the edits since the last check fell: nowhere yet, all inside one prose line
        /// that `reparse` patched (the check can keep what such an edit cannot change), or
        /// anywhere else.
        var edited: EditedSince = .nothing
        enum EditedSince { case nothing, proseLine(Int), more }
        var analysis: Analysis?
        var context: Workspace.DocumentContext?
        var rubricFile: RubricFile?
        var diagnostics: [Diagnostic] = []
        /// The last publishDiagnostics message, kept so the next one copies what did not change.
        var published: PublishWriter.Written?
        var resultID = ""

        init(uri: String, path: String, kind: Kind, version: Int?, text: SourceText) {
            self.uri = uri; self.path = path; self.kind = kind; self.version = version; self.text = text
        }
    }

    public static let maxDocumentBytes = 16 << 20

    let send: Send
    public let workspace = Workspace()
    var state = State.uninitialized
    public private(set) var encoding = PositionEncoding.utf16
    var relatedInformation = false
    var snippets = false
    var dynamicWatch = false
    /// The client pulls diagnostics and can be told to pull again (VS Code): then diagnostics are
    /// served by pull only. Clients that take both show every finding twice, and a client that
    /// cannot be told to pull again would show stale findings after a rubric changes, so
    /// everyone else (Neovim 0.11 pulls but has no refresh) gets pushed diagnostics only.
    var pullOnly = false
    var roots: [String] = []
    var docs: [String: OpenDocument] = [:]
    var dirty: Set<String> = []
    var generation = 0
    var notesLogged = 0
    /// Analyses of closed critiques for references and rename, by path (see `critiques(sharingRubricWith:)`).
    var diskAnalyses: [String: (stamp: FileIO.Stamp, rubricPath: String?, analysis: Analysis)] = [:]
    var diskCacheEpoch = -1
    var nextRequestID = 1
    /// Set by `exit`: the process exit code.
    public private(set) var exitCode: Int32?
    private let cancelLock = Lock()
    private var cancelled: Set<RequestID> = []
    let decoder = JSONTreeDecoder()
    let encoder = JSONTreeEncoder()
    /// What a keystroke replaced (the last check, its diagnostics, the message read), freed
    /// once the new diagnostics are sent (see `retire`).
    private var retired: [Any] = []

    let sendDiagnostics: Publish?
    public init(send: @escaping Send, publish: Publish? = nil) {
        self.send = send
        self.sendDiagnostics = publish
        workspace.revalidatesDisk = true
    }

    // MARK: entry points

    /// Marks a request cancelled; safe from any thread (the reader calls it on arrival).
    public func cancel(_ id: RequestID) {
        cancelLock.lock()
        // Cancellations of requests already answered are never taken; keep the set bounded.
        if cancelled.count >= 1024 { cancelled.removeAll() }
        cancelled.insert(id)
        cancelLock.unlock()
    }

    private func takeCancelled(_ id: RequestID) -> Bool {
        cancelLock.lock(); defer { cancelLock.unlock() }
        return cancelled.remove(id) != nil
    }

    /// Handles one message body.
    public func handle(_ body: [UInt8]) {
        // Invalid UTF-8 bytes become U+FFFD, so one bad byte in a text costs that character,
        // not the message.
        let bytes = isValidUTF8(body) ? body : Array(String(decoding: body, as: UTF8.self).utf8)
        guard let tree = try? JSONTreeDecoder.tree(bytes), let env = Envelope(fast: tree) ?? (try? decoder.decode(Envelope.self, from: tree, source: bytes)) else {
            // Answer with the request's id when it can be read (the reader gives up on
            // nesting past 200 levels even when the id sits at the top).
            replyError(JSONRPC.peekID(bytes), ErrorCode.parseError, "Parse error: the message is not a JSON-RPC object that can be read.")
            log(1, "Received a message that is not valid JSON (\(body.count) bytes); answered with a parse error.")
            return
        }
        guard let method = env.method else { return }   // a response to one of our requests
        let message = IncomingMessage(tree: tree, bytes: bytes)
        if let id = env.id { request(method, id, message) } else { notification(method, message) }
        retire(message)
    }

    /// Runs the checks that edits left pending and publishes their diagnostics.
    public func idle() {
        // A check can mark other documents dirty (a rubric changed on disk); each document
        // is checked at most twice in one call, so this ends.
        var rounds = 0
        while state == .running, !dirty.isEmpty, rounds < 2 {
            rounds += 1
            let uris = dirty.sorted()
            dirty.removeAll()
            for uri in uris where docs[uri] != nil {
                refresh(uri)
                publish(uri)
            }
        }
        releaseRetired()
    }

    /// Keeps `value` (whatever a check or a message left behind) until `releaseRetired`, at
    /// the end of `idle`. Freeing the last check's findings, tree and diagnostics was a fifth
    /// of a 3 KB keystroke; done after the publish, the editor has the diagnostics while it
    /// runs (the writer thread sends them meanwhile). The work is the same, and counted in
    /// the instructions a keystroke; only its place moved.
    func retire(_ value: Any) {
        retired.append(value)
        // Messages without an idle moment between them (a burst of edits) must not pile up.
        if retired.count >= 256 { releaseRetired() }
    }

    func releaseRetired() { retired.removeAll(keepingCapacity: true) }

    public var hasPendingWork: Bool { !dirty.isEmpty }

    // MARK: routing

    func request(_ method: String, _ id: RequestID, _ message: IncomingMessage) {
        if takeCancelled(id) { replyError(id, ErrorCode.requestCancelled, "Request \(id) was cancelled."); return }
        switch state {
        case .uninitialized where method != "initialize":
            replyError(id, ErrorCode.serverNotInitialized, "The server is not initialized; send initialize first."); return
        case .running where method == "initialize":
            replyError(id, ErrorCode.invalidRequest, "initialize was already received."); return
        case .shutDown:
            replyError(id, ErrorCode.invalidRequest, "The server is shut down; only exit is accepted."); return
        default: break
        }
        do {
            switch method {
            case "initialize": try initialize(id, message)
            case "shutdown": state = .shutDown; reply(id, Optional<Empty>.none)
            default:
                guard let route = Server.routes[method] else {
                    replyError(id, ErrorCode.methodNotFound, "Unknown method \(method)."); return
                }
                try route.handle(self, id, message)
            }
        } catch let failure as ResponseFailure {
            replyError(id, failure.code, failure.message)
        } catch {
            replyError(id, ErrorCode.invalidParams, "Invalid params for \(method): \(describe(error))")
        }
    }

    func notification(_ method: String, _ message: IncomingMessage) {
        if method == "exit" { exitCode = state == .shutDown ? 0 : 1; return }
        guard state == .running else { return }
        do {
            switch method {
            case "initialized": registerWatchers()
            case "textDocument/didOpen": didOpen(try params(DidOpenParams.self, message))
            case "textDocument/didChange": didChange(try DidChangeParams(fast: message.tree) ?? params(DidChangeParams.self, message))
            case "textDocument/didClose": didClose(try params(DidCloseParams.self, message))
            case "textDocument/didSave":
                // Saving re-checks: the rubric or task file may have changed on disk meanwhile.
                let uri = try params(DocumentParams.self, message).textDocument.uri
                if docs[uri] != nil { dirty.insert(uri) }
            case "workspace/didChangeWorkspaceFolders":
                let e = try params(DidChangeWorkspaceFoldersParams.self, message).event
                let removed = Set(e.removed.compactMap { Server.path(fromURI: $0.uri) })
                roots = roots.filter { !removed.contains($0) } + e.added.compactMap { Server.path(fromURI: $0.uri) }.filter { !roots.contains($0) }
                workspace.invalidate()
                recheckAll()
            case "workspace/didChangeWatchedFiles", "workspace/didChangeConfiguration":
                workspace.invalidate()
                recheckAll()
            case "$/setTrace", "$/cancelRequest": break
            default: break  // unknown notifications are ignored, as the protocol asks
            }
        } catch {
            log(1, "Ignored \(method): invalid params (\(describe(error))).")
        }
    }

    func params<P: Decodable>(_ type: P.Type, _ message: IncomingMessage) throws -> P {
        try decoder.decode(ParamsOf<P>.self, from: message.tree, source: message.bytes).params
    }

    func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let k, let c): return "missing '\(k.stringValue)' at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c): return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        default: return "\(error)"
        }
    }

    // MARK: output

    func write<T: Encodable>(_ value: T) {
        guard let bytes = try? encoder.encode(value) else { return }
        send(bytes)
    }

    func reply<R: Encodable>(_ id: RequestID, _ result: R?) { write(OutgoingResponse(id: id, result: result, error: nil)) }

    func replyError(_ id: RequestID?, _ code: Int, _ message: String) {
        write(OutgoingResponse<Empty>(id: id, result: nil, error: ResponseError(code: code, message: message)))
    }

    func notify<P: Encodable>(_ method: String, _ params: P) { write(OutgoingNotification(method: method, params: params)) }

    /// Workspace notes (a configuration search that stopped at a folder owned by someone
    /// else) go to the client's log once each.
    func logNewWorkspaceNotes() {
        let notes = workspace.notes
        guard notes.count > notesLogged else { return }
        for n in notes[notesLogged...] { log(2, n) }
        notesLogged = notes.count
    }

    /// window/logMessage: 1 error, 2 warning, 3 info, 4 log.
    public func log(_ type: Int, _ message: String) {
        notify("window/logMessage", LogMessageParams(type: type, message: message))
    }

    // MARK: lifecycle

    func initialize(_ id: RequestID, _ message: IncomingMessage) throws {
        let p = try params(InitializeParams.self, message)
        let caps = p.capabilities
        encoding = PositionEncoding.negotiate(caps?.general?.positionEncodings)
        relatedInformation = caps?.textDocument?.publishDiagnostics?.relatedInformation ?? false
        snippets = caps?.textDocument?.completion?.completionItem?.snippetSupport ?? false
        dynamicWatch = caps?.workspace?.didChangeWatchedFiles?.dynamicRegistration ?? false
        pullOnly = caps?.textDocument?.diagnostic != nil && (caps?.workspace?.diagnostics?.refreshSupport ?? false)
        roots = (p.workspaceFolders?.map(\.uri) ?? p.rootUri.map { [$0] } ?? []).compactMap(Server.path(fromURI:))
        if roots.isEmpty, let rp = p.rootPath { roots = [rp] }
        state = .running
        var capabilities = ServerCapabilities(
            positionEncoding: encoding.rawValue,
            completionProvider: .init(triggerCharacters: ["#", ":", " ", ">"]),
            semanticTokensProvider: .init(legend: .init(tokenTypes: SemanticToken.legend)),
            diagnosticProvider: pullOnly ? .init() : nil)
        for route in Server.routeList { route.advertise(&capabilities) }
        reply(id, InitializeResult(capabilities: capabilities, serverInfo: .init(version: LSPInfo.version)))
    }

    func registerWatchers() {
        guard dynamicWatch else { return }
        let params = RegistrationParams(registrations: [.init(id: "critique-watch", method: "workspace/didChangeWatchedFiles",
            registerOptions: .init(watchers: [.init(globPattern: "**/critique.json"), .init(globPattern: "**/*.rubric.json"), .init(globPattern: "**/*.rubric.json5")]))])
        write(OutgoingRequest(id: .string("critique-\(nextRequestID)"), method: "client/registerCapability", params: params))
        nextRequestID += 1
    }

    // MARK: documents

    static func kind(of path: String) -> OpenDocument.Kind {
        if path.hasSuffix(".critique.md") { return .critique }
        if path.hasSuffix(".rubric.json") || path.hasSuffix(".rubric.json5") { return .rubric }
        return .other
    }

    func didOpen(_ p: DidOpenParams) {
        let uri = p.textDocument.uri
        let path = Server.path(fromURI: uri) ?? uri
        let kind = Server.kind(of: path)
        guard kind != .other else { return }
        docs[uri] = OpenDocument(uri: uri, path: path, kind: kind, version: p.textDocument.version, text: SourceText(p.textDocument.text))
        if kind == .rubric { workspace.setOverlay(path: path, text: p.textDocument.text); recheckAll() }
        dirty.insert(uri)
    }

    func didChange(_ p: DidChangeParams) {
        let uri = p.textDocument.uri
        guard let doc = docs[uri] else {
            if Server.kind(of: Server.path(fromURI: uri) ?? uri) != .other {
                log(2, "didChange for \(uri), which is not open; ignored. Send didOpen first.")
            }
            return
        }
        for change in p.contentChanges {
            if let r = change.range {
                let tr = encoding.textRange(r, in: doc.text)
                let text = doc.text.replacing(tr, with: Array(change.text.utf8))
                doc.tree = doc.tree.flatMap { DocumentParser.reparse($0, replacing: tr, in: text) }
                let line = doc.text.line(of: tr.start)
                switch doc.edited {
                case .nothing where doc.tree != nil: doc.edited = .proseLine(line)
                case .proseLine(line) where doc.tree != nil: break
                default: doc.edited = .more
                }
                doc.text = text
            } else {
                doc.text = SourceText(change.text)
                doc.tree = nil
                doc.edited = .more
            }
        }
        doc.version = p.textDocument.version ?? doc.version
        if doc.kind == .rubric { workspace.setOverlay(path: doc.path, text: doc.text.string); recheckAll() }
        dirty.insert(uri)
    }

    func didClose(_ p: DidCloseParams) {
        guard let doc = docs.removeValue(forKey: p.textDocument.uri) else { return }
        dirty.remove(doc.uri)
        if doc.kind == .rubric { workspace.setOverlay(path: doc.path, text: nil); recheckAll() }
        if !pullOnly { notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: doc.uri, version: nil, diagnostics: [])) }
    }

    func recheckAll() {
        generation += 1
        for (uri, d) in docs where d.kind == .critique { dirty.insert(uri) }
        if pullOnly {
            write(OutgoingBareRequest(id: .string("critique-\(nextRequestID)"), method: "workspace/diagnostic/refresh"))
            nextRequestID += 1
        }
    }

    /// Re-analyses a document now (if it changed) and updates its diagnostics.
    func refresh(_ uri: String) {
        guard let doc = docs[uri] else { return }
        let previous = doc.analysis
        if let previous { retire(previous) }
        retire(doc.diagnostics)
        let edited = doc.edited
        doc.edited = .nothing
        generation += 1
        doc.resultID = "\(doc.version ?? 0)-\(generation)"
        // Everything derived from the text goes first: no request may pair today's text with
        // yesterday's findings (a rubric edited past the size limit kept its old findings, and
        // a code action then indexed diagnostics that were gone).
        doc.analysis = nil
        doc.context = nil
        doc.rubricFile = nil
        doc.diagnostics = []
        if doc.text.bytes.count > Server.maxDocumentBytes {
            log(2, "\(doc.path) is \(doc.text.bytes.count >> 20) MiB, over the \(Server.maxDocumentBytes >> 20) MiB limit; not checked.")
            return
        }
        switch doc.kind {
        case .critique:
            let seenChanges = workspace.diskChanges
            var changedLine: Int?
            if case .proseLine(let l) = edited { changedLine = l }
            let (a, ctx) = workspace.analyze(path: doc.path, source: doc.text, parsed: doc.tree,
                                             previous: changedLine == nil ? nil : previous, changedLine: changedLine)
            doc.tree = a.document
            logNewWorkspaceNotes()
            // A rubric or task file changed on disk: every open critique may depend on it.
            if workspace.diskChanges != seenChanges {
                for (other, d) in docs where d.kind == .critique && other != uri { dirty.insert(other) }
            }
            doc.analysis = a
            doc.context = ctx
            // Read once: in the closure each would be copied again for every finding.
            // Findings are sorted by position: each one's line is searched from the last one's.
            let text = doc.text, rubricPath = ctx.rubricPath, rubricFile = ctx.rubricFile
            var line = 0
            doc.diagnostics = a.findings.map {
                let d = diagnostic($0, in: text, uri: uri, rubricPath: rubricPath, rubric: rubricFile, near: line)
                line = d.range.start.line
                return d
            }
        case .rubric:
            let rf = RubricFile(text: doc.text)
            doc.rubricFile = rf
            doc.diagnostics = rf.findings.map { diagnostic($0, in: doc.text, uri: uri, rubricPath: doc.path, rubric: rf) }
        case .other:
            doc.diagnostics = []
        }
    }

    /// The document with its analysis up to date (checks it first if edits are pending).
    func current(_ uri: String) -> OpenDocument? {
        if dirty.contains(uri) { dirty.remove(uri); refresh(uri); publish(uri) }
        return docs[uri]
    }

    func publish(_ uri: String) {
        guard !pullOnly, let doc = docs[uri] else { return }
        let written = PublishWriter.message(uri: uri, version: doc.version, diagnostics: doc.diagnostics, reusing: doc.published)
        if let old = doc.published { retire(old) }
        doc.published = written
        if let sendDiagnostics { sendDiagnostics(written.bytes, uri) } else { send(written.bytes) }
    }

    // MARK: the one conversion from findings to LSP diagnostics

    func diagnostic(_ f: Finding, in text: SourceText, uri: String, rubricPath: String?, rubric: RubricFile?, near line: Int? = nil) -> Diagnostic {
        var related: [Diagnostic.Related]?
        if relatedInformation && !f.related.isEmpty {
            related = f.related.compactMap { r in
                switch r.place {
                case .document(let range):
                    return .init(location: Location(uri: uri, range: encoding.range(range, in: text)), message: r.message)
                case .rubric(let range):
                    guard let p = rubricPath, let rf = rubric else { return nil }
                    return .init(location: Location(uri: Server.uri(fromPath: p), range: encoding.range(range, in: rf.text)), message: r.message)
                }
            }
        }
        let severity: DiagnosticSeverity = switch f.severity { case .error: .error; case .warning: .warning; case .info: .information; case .hint: .hint }
        return Diagnostic(range: encoding.range(f.range, in: text, near: line), severity: severity, code: f.rule.rawValue, codeDescription: nil,
                          message: f.message, relatedInformation: related, tags: f.unnecessary ? [.unnecessary] : nil)
    }

    // MARK: URIs

    public static func path(fromURI uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = String(uri.dropFirst(7))
        if let slash = rest.firstIndex(of: "/"), slash != rest.startIndex { rest = String(rest[slash...]) }  // file://host/path
        return PercentEncoding.decode(rest) ?? rest
    }

    public static func uri(fromPath path: String) -> String {
        "file://" + PercentEncoding.encode(path: path, keepingColon: false)
    }
}

public enum LSPInfo { public static let version = "0.1.0" }

/// Whether bytes are valid UTF-8 (a message with a bad byte is repaired before it is read).
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    if SourceText.isASCII(bytes) { return true }   // most messages: no decoding at all
    var it = bytes.makeIterator()
    var p = Unicode.UTF8.ForwardParser()
    while true {
        switch p.parseScalar(from: &it) {
        case .valid: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
