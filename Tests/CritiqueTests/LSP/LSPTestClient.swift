import CritiqueCore
@testable import CritiqueLSP
import Foundation
import Testing

// MARK: - JSON values

/// A JSON value for building requests and reading what the server sent. Missing keys and
/// out-of-range indexes read as `.null`; `has(_:)` tells a present null from an absent key.
enum LSPJSON: Codable, Equatable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    case null, bool(Bool), int(Int), double(Double), string(String), array([LSPJSON]), object([String: LSPJSON])

    init(stringLiteral v: String) { self = .string(v) }
    init(integerLiteral v: Int) { self = .int(v) }
    init(booleanLiteral v: Bool) { self = .bool(v) }
    init(floatLiteral v: Double) { self = .double(v) }
    init(arrayLiteral v: LSPJSON...) { self = .array(v) }
    init(dictionaryLiteral v: (String, LSPJSON)...) { self = .object(Dictionary(v, uniquingKeysWith: { _, b in b })) }
    init(nilLiteral: ()) { self = .null }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([LSPJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: LSPJSON].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    static func parse(_ bytes: [UInt8]) -> LSPJSON? { try? JSONDecoder().decode(LSPJSON.self, from: Data(bytes)) }
    var bytes: [UInt8] { Array(try! JSONEncoder().encode(self)) }

    subscript(key: String) -> LSPJSON {
        if case .object(let o) = self { return o[key] ?? .null }
        return .null
    }
    subscript(index: Int) -> LSPJSON {
        if case .array(let a) = self, index >= 0, index < a.count { return a[index] }
        return .null
    }
    func has(_ key: String) -> Bool { if case .object(let o) = self { return o[key] != nil }; return false }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var int: Int? { if case .int(let i) = self { return i }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    var array: [LSPJSON] { if case .array(let a) = self { return a }; return [] }
    var isNull: Bool { self == .null }
    var description: String { String(decoding: bytes, as: UTF8.self) }
}

// MARK: - Positions computed independently of PositionEncoding

struct LSPPos: Equatable, Hashable, CustomStringConvertible {
    var line: Int
    var character: Int
    var json: LSPJSON { ["line": .int(line), "character": .int(character)] }
    init(_ line: Int, _ character: Int) { self.line = line; self.character = character }
    init?(_ j: LSPJSON) {
        guard let l = j["line"].int, let c = j["character"].int else { return nil }
        line = l; character = c
    }
    var description: String { "\(line):\(character)" }
}

func LSPRangeJSON(_ a: LSPPos, _ b: LSPPos) -> LSPJSON { ["start": a.json, "end": b.json] }

/// Positions in a text, computed from Swift's own views of the string (unicodeScalars, utf16),
/// never from the server's conversion code.
struct LSPIndependent {
    let text: String
    let encoding: String
    /// (UTF-8 offset, scalar) for every scalar.
    let scalars: [(offset: Int, scalar: Unicode.Scalar)]
    let byteCount: Int
    /// UTF-8 offsets where lines start (LF, CRLF and lone CR end a line).
    let lineStarts: [Int]

    init(_ text: String, encoding: String) {
        self.text = text
        self.encoding = encoding
        var s: [(Int, Unicode.Scalar)] = []
        var o = 0
        for u in text.unicodeScalars { s.append((o, u)); o += String(u).utf8.count }
        scalars = s.map { (offset: $0.0, scalar: $0.1) }
        byteCount = o
        var starts = [0]
        var i = 0
        while i < s.count {
            let u = s[i].1
            if u == "\n" { starts.append(s[i].0 + 1) }
            else if u == "\r" {
                if i + 1 < s.count && s[i + 1].1 == "\n" { i += 1; starts.append(s[i].0 + 1) }
                else { starts.append(s[i].0 + 1) }
            }
            i += 1
        }
        lineStarts = starts
    }

    func units(_ u: Unicode.Scalar) -> Int {
        switch encoding {
        case "utf-8": return String(u).utf8.count
        case "utf-16": return String(u).utf16.count
        default: return 1
        }
    }

    /// The position of a UTF-8 offset at a scalar boundary.
    func position(_ offset: Int) -> LSPPos {
        let line = lineStarts.lastIndex(where: { $0 <= offset }) ?? 0
        let start = lineStarts[line]
        var ch = 0
        for (o, u) in scalars where o >= start && o < offset { ch += units(u) }
        return LSPPos(line, ch)
    }

    /// The UTF-8 offset of a position (must lie on a scalar boundary within the line).
    func offset(_ p: LSPPos) -> Int {
        guard p.line < lineStarts.count else { return byteCount }
        var o = lineStarts[p.line]
        var ch = 0
        var idx = scalars.firstIndex(where: { $0.offset >= o }) ?? scalars.count
        while ch < p.character && idx < scalars.count && scalars[idx].scalar != "\n" && scalars[idx].scalar != "\r" {
            ch += units(scalars[idx].scalar)
            o += String(scalars[idx].scalar).utf8.count
            idx += 1
        }
        return o
    }

    /// Applies LSP text edits (non-overlapping) given in this encoding.
    func applying(_ edits: [LSPJSON]) -> String {
        var bytes = Array(text.utf8)
        let resolved = edits.map { e -> (Int, Int, String) in
            let s = offset(LSPPos(e["range"]["start"])!), t = offset(LSPPos(e["range"]["end"])!)
            return (s, t, e["newText"].string ?? "")
        }
        for (s, t, n) in resolved.sorted(by: { $0.0 > $1.0 }) { bytes.replaceSubrange(s..<t, with: Array(n.utf8)) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A document written with cursor markers `‸` (U+2038): the text without them and their UTF-8 offsets.
struct LSPMarked {
    static let marker: Character = "\u{2038}"
    let text: String
    let offsets: [Int]
    init(_ marked: String) {
        var out = ""
        var offs: [Int] = []
        var bytes = 0
        for ch in marked {
            if ch == LSPMarked.marker { offs.append(bytes); continue }
            out.append(ch)
            bytes += String(ch).utf8.count
        }
        text = out
        offsets = offs
    }
    var cursor: Int { offsets[0] }
    func position(_ i: Int = 0, encoding: String) -> LSPPos { LSPIndependent(text, encoding: encoding).position(offsets[i]) }
}

// MARK: - In-process client

final class LSPOutbox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[UInt8]] = []
    func append(_ b: [UInt8]) { lock.lock(); items.append(b); lock.unlock() }
    var all: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return items }
}

/// Drives a `Server` in process: sends message bodies, calls `idle()` after each one (unless
/// `autoIdle` is off), and keeps everything the server sent.
final class LSPTestClient {
    let outbox = LSPOutbox()
    let server: Server
    var encoding = "utf-16"
    var autoIdle = true
    var nextID = 1
    /// The client's view of open documents' texts.
    var texts: [String: String] = [:]
    var versions: [String: Int] = [:]

    init() {
        let box = outbox
        server = Server(send: { box.append($0) })
    }

    /// Every message the server sent, parsed.
    var messages: [LSPJSON] { outbox.all.map { LSPJSON.parse($0) ?? .string("<unparseable>") } }
    var rawCount: Int { outbox.all.count }

    func sendRaw(_ body: [UInt8]) {
        server.handle(body)
        if autoIdle { server.idle() }
    }

    func notify(_ method: String, _ params: LSPJSON = [:]) {
        sendRaw(LSPJSON.object(["jsonrpc": "2.0", "method": .string(method), "params": params]).bytes)
    }

    /// Sends a request and returns the response with its id (the whole message: result or error).
    @discardableResult
    func request(_ method: String, _ params: LSPJSON = [:], id: LSPJSON? = nil) -> LSPJSON {
        let rid: LSPJSON = id ?? .int(nextID)
        nextID += 1
        let before = rawCount
        var msg: LSPJSON = ["jsonrpc": "2.0", "id": rid, "method": .string(method)]
        if case .object(var o) = msg { o["params"] = params; msg = .object(o) }
        sendRaw(msg.bytes)
        let after = messages.dropFirst(before)
        return after.first(where: { $0.has("id") && $0["id"] == rid && !$0.has("method") }) ?? .string("<no response>")
    }

    func result(_ method: String, _ params: LSPJSON = [:]) -> LSPJSON { request(method, params)["result"] }

    func notifications(_ method: String) -> [LSPJSON] { messages.filter { $0["method"].string == method && !$0.has("id") } }

    func published(_ uri: String) -> [LSPJSON] { notifications("textDocument/publishDiagnostics").filter { $0["params"]["uri"].string == uri } }

    /// The most recent diagnostics published for `uri`.
    func diagnostics(_ uri: String) -> [LSPJSON] { published(uri).last?["params"]["diagnostics"].array ?? [] }
    func codes(_ uri: String) -> [String] { diagnostics(uri).compactMap { $0["code"].string } }

    @discardableResult
    func initialize(encodings: [String]? = nil, pullDiagnostics: Bool = false, root: String? = nil,
                    extraCapabilities: [String: LSPJSON] = [:]) -> LSPJSON {
        var caps: [String: LSPJSON] = extraCapabilities
        if let encodings { caps["general"] = ["positionEncodings": .array(encodings.map { .string($0) })] }
        if pullDiagnostics { caps["textDocument"] = ["diagnostic": ["dynamicRegistration": false]] }
        var params: [String: LSPJSON] = ["processId": nil, "capabilities": .object(caps)]
        if let root { params["rootUri"] = .string(LSPURI(root)); params["workspaceFolders"] = [["uri": .string(LSPURI(root)), "name": "ws"]] }
        let r = request("initialize", .object(params))
        if let e = r["result"]["capabilities"]["positionEncoding"].string { encoding = e }
        notify("initialized")
        return r
    }

    func open(uri: String, text: String, version: Int = 1) {
        texts[uri] = text
        versions[uri] = version
        notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": .int(version), "text": .string(text)]])
    }

    func changeFull(uri: String, text: String, version: Int) {
        texts[uri] = text
        versions[uri] = version
        notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": .int(version)],
                                          "contentChanges": [["text": .string(text)]]])
    }

    /// An incremental change; also updates the client's copy with the independent edit code.
    func changeIncremental(uri: String, range: (LSPPos, LSPPos), text: String, version: Int) {
        if let old = texts[uri] {
            texts[uri] = LSPIndependent(old, encoding: encoding).applying([["range": LSPRangeJSON(range.0, range.1), "newText": .string(text)]])
        }
        versions[uri] = version
        notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": .int(version)],
                                          "contentChanges": [["range": LSPRangeJSON(range.0, range.1), "text": .string(text)]]])
    }

    func close(uri: String) {
        texts[uri] = nil
        notify("textDocument/didClose", ["textDocument": ["uri": .string(uri)]])
    }

    /// The position of a UTF-8 offset in the client's copy of `uri`, in the negotiated encoding.
    func position(of offset: Int, in uri: String) -> LSPPos { LSPIndependent(texts[uri] ?? "", encoding: encoding).position(offset) }

    /// The text the server holds for `uri` (white-box, through @testable).
    func serverText(_ uri: String) -> String? { server.docs[uri]?.text.string }

    func docParams(_ uri: String) -> LSPJSON { ["textDocument": ["uri": .string(uri)]] }
    func posParams(_ uri: String, _ p: LSPPos) -> LSPJSON { ["textDocument": ["uri": .string(uri)], "position": p.json] }
}

func LSPURI(_ path: String) -> String { "file://" + path }

// MARK: - Temporary workspaces

/// A folder on disk with a critique.json and the starter rubric, removed by `remove()`.
struct LSPWorkspace {
    let root: String

    init(starter: Bool = true) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("critique-lsp-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        root = (dir as NSString).resolvingSymlinksInPath
        if starter {
            write("critique.json", "{ rubrics: [\"rubrics\"] }\n")
            write("rubrics/chat-pairwise.rubric.json", EmbeddedRubrics.starterText)
        }
    }

    func path(_ rel: String) -> String { root + "/" + rel }
    func uri(_ rel: String) -> String { LSPURI(path(rel)) }

    func write(_ rel: String, _ text: String) {
        let p = path(rel)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Reads a fixture from Tests/CritiqueTests/Fixtures/lsp.
func LSPFixture(_ name: String, file: String = #filePath) -> String {
    let dir = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/lsp")
    return try! String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
}

/// A pairwise critique against the starter rubric with no findings.
let LSPCleanPairwise = """
---
rubric: chat-pairwise@2
task: T-1
annotator: w-1
---

## Instruction following
A: 5
B: 4

A follows every instruction; B misses the requested table format #format-violation entirely.

## Truthfulness
A: 5
B: 5

## Preference
A > B

A follows the brief more closely than B does overall.

"""
