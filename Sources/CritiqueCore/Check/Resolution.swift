/// What the document's front matter points at, for the shell to look up.
public struct DocumentReferences: Sendable {
    /// The `rubric:` value and its range, if given.
    public var rubric: (value: String, range: TextRange)?
    /// The `response:` (single) or `responses:` (task file) value and its range, if given.
    public var response: (key: String, value: String, range: TextRange)?
}

/// Where the rubric came from, for hover and messages.
public enum RubricOrigin: Sendable, Equatable {
    case embeddedDefault
    case configDefault(path: String)
    case byID(path: String)
    case byPath(path: String)

    public var describe: String {
        switch self {
        case .embeddedDefault: return "the embedded default rubric (the document names no rubric and no critique.json sets one)"
        case .configDefault(let p): return "\(p), the workspace default from critique.json (the document names no rubric)"
        case .byID(let p): return "\(p), found by id in the workspace's rubric folders"
        case .byPath(let p): return "\(p), named by path"
        }
    }
}

/// The outcome of looking up the document's rubric; the shell does the looking, the core reports.
public enum RubricResolution: Sendable {
    case resolved(Rubric, origin: RubricOrigin, file: RubricFile?)
    case notFound(reference: String, detail: String, candidates: [String])
    case invalid(reference: String, path: String, firstProblem: String, count: Int)
    case versionMismatch(reference: String, wanted: Int, found: [String])
    case outsideWorkspace(reference: String, path: String)

    public var rubric: Rubric? { if case .resolved(let r, _, _) = self { return r }; return nil }
}

/// The responses the document quotes from.
public enum ResponsesResolution: Sendable {
    /// No `response:`/`responses:` key: quotes are not checked.
    case none
    /// Response texts by label (single mode uses the label "").
    case texts(ResponseSet)
    case notFound(path: String, reason: String)
    case outsideWorkspace(path: String)
}
