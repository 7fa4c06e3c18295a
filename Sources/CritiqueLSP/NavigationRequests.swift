import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// Definition, references, rename and document links: thin shells over `Navigation` in the
/// core. The only work here is turning core targets into locations in other files (the rubric,
/// a task file, a critique on disk) and walking the workspace for other critiques.
extension Server {
    func definition(_ p: TextDocumentPositionParams) -> Location? {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return nil }
        let offset = encoding.offset(p.position, in: doc.text)
        return Navigation.definition(a, at: offset).flatMap { location($0, from: doc) }
    }

    /// A core target as an LSP location.
    func location(_ target: Navigation.Target, from doc: OpenDocument) -> Location? {
        switch target {
        case .rubric(let range):
            guard let path = doc.context?.rubricPath, let rf = doc.context?.rubricFile else { return nil }
            return Location(uri: Server.uri(fromPath: path), range: encoding.range(range, in: rf.text))
        case .file(let ref):
            guard let path = resolve(ref, from: doc), FileIO.exists(path) else { return nil }
            let zero = Position(line: 0, character: 0)
            return Location(uri: Server.uri(fromPath: path), range: LSPRange(start: zero, end: zero))
        case .response(let label, let range):
            guard let fm = doc.analysis?.document.frontMatter,
                  let entry = fm.entry("responses") ?? fm.entry("response"),
                  let path = resolve(entry.value, from: doc), let text = workspace.readText(path) else { return nil }
            let source = SourceText(text)
            if entry.key.lowercased() == "response" && !path.hasSuffix(".json") {
                return Location(uri: Server.uri(fromPath: path), range: encoding.range(range, in: source))
            }
            guard let r = Navigation.taskFileRange(source, label: label, decoded: range) else { return nil }
            return Location(uri: Server.uri(fromPath: path), range: encoding.range(r, in: source))
        }
    }

    /// A path named in a document, if it stays inside the workspace root.
    func resolve(_ ref: String, from doc: OpenDocument) -> String? {
        let target = ref.hasPrefix("/") ? FileIO.normalize(ref) : FileIO.normalize(FileIO.parent(doc.path) + "/" + ref)
        let root = doc.context?.root ?? FileIO.parent(doc.path)
        return FileIO.isInside(target, root: root) ? target : nil
    }

    func references(_ p: ReferenceParams) -> [Location] {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis,
              let (symbol, _) = Navigation.symbol(a, at: encoding.offset(p.position, in: doc.text)) else { return [] }
        var out: [Location] = []
        if p.context?.includeDeclaration ?? true, let path = doc.context?.rubricPath, let rf = doc.context?.rubricFile {
            out += Navigation.rubricOccurrences(of: symbol, in: rf).map { Location(uri: Server.uri(fromPath: path), range: encoding.range($0, in: rf.text)) }
        }
        for (uri, analysis) in critiques(sharingRubricWith: doc) {
            out += Navigation.occurrences(of: symbol, in: analysis).map { Location(uri: uri, range: encoding.range($0, in: analysis.document.text)) }
        }
        return out
    }

    static let notRenamable = ResponseFailure(code: ErrorCode.invalidRequest, message: "Only a rubric tag (#tag) or a criterion heading can be renamed here.")

    func prepareRename(_ p: TextDocumentPositionParams) throws -> PrepareRenameResult? {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis else { return nil }
        guard let (_, range) = Navigation.symbol(a, at: encoding.offset(p.position, in: doc.text)) else { throw Server.notRenamable }
        return PrepareRenameResult(range: encoding.range(range, in: doc.text), placeholder: doc.text.slice(range))
    }

    func rename(_ p: RenameParams) throws -> WorkspaceEdit {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis,
              let (symbol, _) = Navigation.symbol(a, at: encoding.offset(p.position, in: doc.text)) else { throw Server.notRenamable }
        guard Navigation.isValidName(p.newName, for: symbol) else {
            throw ResponseFailure(code: ErrorCode.invalidParams, message: "'\(p.newName)' is not a valid name here: use letters, digits, '-' and '_'.")
        }
        guard let rubricPath = doc.context?.rubricPath, let rf = doc.context?.rubricFile else {
            throw ResponseFailure(code: ErrorCode.invalidRequest, message: "The embedded default rubric cannot be renamed; name a rubric file in the front matter.")
        }
        var changes: [String: [LSPTextEdit]] = [:]
        let quoted = OrderedJSON.quote(p.newName)
        changes[Server.uri(fromPath: rubricPath)] = Navigation.rubricOccurrences(of: symbol, in: rf).map {
            LSPTextEdit(range: encoding.range($0, in: rf.text), newText: quoted)
        }
        for (uri, analysis) in critiques(sharingRubricWith: doc) {
            let edits = Navigation.occurrences(of: symbol, in: analysis).map { LSPTextEdit(range: encoding.range($0, in: analysis.document.text), newText: p.newName) }
            if !edits.isEmpty { changes[uri] = edits }
        }
        return WorkspaceEdit(changes: changes)
    }

    func documentLink(_ p: DocumentParams) -> [DocumentLink] {
        guard let doc = current(p.textDocument.uri), let fm = doc.analysis?.document.frontMatter else { return [] }
        var links: [DocumentLink] = []
        for e in fm.entries where ["rubric", "responses", "response"].contains(e.key.lowercased()) && !e.value.isEmpty {
            var path: String?
            if e.key.lowercased() == "rubric", case .resolved(_, let origin, _)? = doc.analysis?.rubric, origin != .embeddedDefault {
                path = doc.context?.rubricPath
            } else if e.key.lowercased() != "rubric" {
                path = resolve(e.value, from: doc)
            }
            guard let path, FileIO.exists(path) else { continue }
            links.append(DocumentLink(range: encoding.range(e.valueRange, in: doc.text), target: Server.uri(fromPath: path), tooltip: FileIO.relative(path, to: doc.context?.root ?? "")))
        }
        return links
    }

    /// Every critique of the workspace checked against the same rubric file as `doc`: open
    /// documents as edited, the others from disk (a bounded walk).
    func critiques(sharingRubricWith doc: OpenDocument) -> [(uri: String, analysis: Analysis)] {
        guard let rubricPath = doc.context?.rubricPath, let root = doc.context?.root else {
            return doc.analysis.map { [(doc.uri, $0)] } ?? []
        }
        var out: [(String, Analysis)] = []
        var seen: Set<String> = []
        for (uri, d) in docs where d.kind == .critique {
            guard let cur = current(uri), let a = cur.analysis, cur.context?.rubricPath == rubricPath else { continue }
            out.append((uri, a)); seen.insert(d.path)
        }
        // Closed critiques are analysed once and cached by their stamp on disk; the cache is
        // dropped when anything they depend on changes (the workspace's change counter, which
        // reading the rubric here also advances if it changed on disk).
        _ = workspace.rubricFile(at: rubricPath)
        if workspace.diskChanges != diskCacheEpoch { diskAnalyses = [:]; diskCacheEpoch = workspace.diskChanges }
        for path in FileIO.walk(root, maxFiles: 50_000).files where path.hasSuffix(".critique.md") && !seen.contains(path) {
            if out.count >= 5_000 { break }
            guard let stamp = FileIO.stamp(path) else { continue }
            if let hit = diskAnalyses[path], hit.stamp == stamp {
                if hit.rubricPath == rubricPath { out.append((Server.uri(fromPath: path), hit.analysis)) }
                continue
            }
            guard let bytes = FileIO.readBytes(path) else { continue }
            let (a, ctx) = workspace.analyze(path: path, source: SourceText(bytes: bytes))
            diskAnalyses[path] = (stamp, ctx.rubricPath, a)
            if ctx.rubricPath == rubricPath { out.append((Server.uri(fromPath: path), a)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

extension Server {
    /// `workspace/symbol`: the criteria and tags of every rubric the workspace roots list.
    func workspaceSymbol(_ p: WorkspaceSymbolParams) -> [SymbolInformation] {
        var out: [SymbolInformation] = []
        var seen: Set<String> = []
        for root in roots {
            let cfg = workspace.config(for: root)
            for path in workspace.rubricPaths(root: cfg?.root ?? root, patterns: cfg?.file.rubrics ?? []) where seen.insert(path).inserted {
                guard let rf = workspace.rubricFile(at: path) else { continue }
                for s in Outline.rubricSymbols(rf, query: p.query) {
                    out.append(SymbolInformation(name: s.name, kind: s.isCriterion ? .class : .constant,
                                                 location: Location(uri: Server.uri(fromPath: path), range: encoding.range(s.range, in: rf.text)),
                                                 containerName: s.container))
                    if out.count >= 1_000 { return out }
                }
            }
        }
        return out
    }

    /// `textDocument/codeLens`: weighted totals and the preference they imply, at the top.
    /// The command is empty: the lens only shows information (no editor-side command).
    func codeLens(_ p: DocumentParams) -> [CodeLens] {
        guard let doc = current(p.textDocument.uri), let a = doc.analysis, let title = Outline.totalsLens(a) else { return [] }
        let zero = Position(line: 0, character: 0)
        return [CodeLens(range: LSPRange(start: zero, end: zero), command: .init(title: title))]
    }
}
