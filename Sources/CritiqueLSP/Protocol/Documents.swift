import CritiqueCore

struct DidOpenParams: Decodable { var textDocument: TextDocumentItem }
struct DidCloseParams: Decodable { var textDocument: TextDocumentIdentifier }
struct DidChangeParams: Decodable {
    struct Change: Decodable { var range: LSPRange?; var text: String }
    var textDocument: VersionedTextDocumentIdentifier
    var contentChanges: [Change]
}

extension DidChangeParams {
    /// The message every keystroke sends, read straight from the tree: through Codable it cost
    /// more than a 3 KB document's check (critique-bench, callgrind). Nil for anything but the
    /// plain shape (an absent or odd field, a number that is not a small whole one), and the
    /// Codable decoder then reads it and says what is wrong, so the errors stay the same.
    init?(fast tree: JSONNode) {
        guard let params = tree["params"], let document = params["textDocument"], let uri = document["uri"]?.string,
              case .array(let changes)? = params["contentChanges"]?.value else { return nil }
        var version: Int?
        if let v = document["version"] {
            if case .null = v.value {} else {
                guard let n = DidChangeParams.whole(v) else { return nil }
                version = n
            }
        }
        var out: [Change] = []
        out.reserveCapacity(changes.count)
        for c in changes {
            guard let text = c["text"]?.string else { return nil }
            var range: LSPRange?
            if let r = c["range"] {
                if case .null = r.value {} else {
                    guard let s = r["start"], let e = r["end"],
                          let sl = s["line"].flatMap(DidChangeParams.whole), let sc = s["character"].flatMap(DidChangeParams.whole),
                          let el = e["line"].flatMap(DidChangeParams.whole), let ec = e["character"].flatMap(DidChangeParams.whole)
                    else { return nil }
                    range = LSPRange(start: Position(line: sl, character: sc), end: Position(line: el, character: ec))
                }
            }
            out.append(Change(range: range, text: text))
        }
        self.init(textDocument: VersionedTextDocumentIdentifier(uri: uri, version: version), contentChanges: out)
    }

    /// A number that is whole and well inside a Double's exact range.
    private static func whole(_ n: JSONNode) -> Int? {
        guard case .number(let d) = n.value, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }
}
