import CritiqueCore
#if canImport(Glibc)
import Glibc
#endif

/// A request id: editors send integers (Neovim, Emacs), some clients strings.
public enum RequestID: Hashable, Codable, Sendable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self { case .int(let i): try c.encode(i); case .string(let s): try c.encode(s) }
    }
    public var description: String { switch self { case .int(let i): "\(i)"; case .string(let s): "\"\(s)\"" } }
}

public enum ErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestCancelled = -32800
}

enum JSONRPC {
    /// The top-level `id` of a message that could not be decoded whole, found by a scan that
    /// keeps no stack (strings and nesting depth only), so any depth costs nothing. Only for a
    /// message whose brackets balance: a truncated or garbled one gets a null id, as JSON-RPC
    /// requires when the id cannot be detected.
    static func peekID(_ b: [UInt8]) -> RequestID? {
        var i = 0, depth = 0
        var found: RequestID?
        func skipSpace() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
        /// The string starting at `i` (a quote), undecoded escapes kept as written; moves past it.
        func string() -> [UInt8]? {
            guard i < b.count, b[i] == 0x22 else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < b.count {
                if b[i] == 0x5C { if i + 1 < b.count { out += b[i...(i + 1)] }; i += 2; continue }
                if b[i] == 0x22 { i += 1; return out }
                out.append(b[i]); i += 1
            }
            return nil
        }
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                let atKey = depth == 1
                guard let s = string() else { return nil }
                skipSpace()
                if atKey, found == nil, s == Array("id".utf8), i < b.count, b[i] == 0x3A {
                    i += 1; skipSpace()
                    if let v = string() { found = .string(String(decoding: v, as: UTF8.self)); continue }
                    var j = i
                    while j < b.count, b[j] == 0x2D || (b[j] >= 0x30 && b[j] <= 0x39) { j += 1 }
                    found = Int(String(decoding: b[i..<j], as: UTF8.self)).map { .int($0) }
                    i = j
                }
                continue
            }
            if c == 0x7B || c == 0x5B { depth += 1 } else if c == 0x7D || c == 0x5D { depth -= 1 }
            if depth < 0 { return nil }
            i += 1
            if depth == 0 {
                // The top-level value ended: only white space may follow.
                skipSpace()
                return i == b.count ? found : nil
            }
        }
        return nil
    }
}

/// The parts of an incoming message needed to route it.
struct Envelope: Decodable {
    var id: RequestID?
    var method: String?
    var hasResult: Bool
    var hasError: Bool

    enum CodingKeys: String, CodingKey { case id, method, result, error }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try? c.decodeIfPresent(RequestID.self, forKey: .id)
        method = try c.decodeIfPresent(String.self, forKey: .method)
        hasResult = c.contains(.result)
        hasError = c.contains(.error)
    }

    /// The same read straight from the tree for the plain shape (every message an editor
    /// sends): the Codable path cost a tenth of a 3 KB document's keystroke. Nil for
    /// anything else (an id that is not a string or a small whole number, a method that is
    /// not a string), which the Codable path then reads as before.
    init?(fast tree: JSONNode) {
        guard case .object(let members) = tree.value else { return nil }
        var id: RequestID?, method: String?, hasResult = false, hasError = false
        for m in members {
            switch m.key {
            case "id":
                switch m.value.value {
                case .string(let s): id = .string(s)
                case .number(let d) where d == d.rounded() && abs(d) < 1e15: id = .int(Int(d))
                case .null: id = nil
                default: return nil
                }
            case "method":
                switch m.value.value {
                case .string(let s): method = s
                case .null: method = nil
                default: return nil
                }
            case "result": hasResult = true
            case "error": hasError = true
            default: continue
            }
        }
        self.id = id; self.method = method; self.hasResult = hasResult; self.hasError = hasError
    }
}

/// A message read once: its tree, and the bytes the tree's ranges point into.
struct IncomingMessage {
    let tree: JSONNode
    let bytes: [UInt8]
}

struct ParamsOf<P: Decodable>: Decodable { var params: P }

struct ResponseError: Encodable { var code: Int; var message: String }

struct OutgoingResponse<R: Encodable>: Encodable {
    var id: RequestID?
    var result: R?
    var error: ResponseError?
    enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("2.0", forKey: .jsonrpc)
        if let id { try c.encode(id, forKey: .id) } else { try c.encodeNil(forKey: .id) }
        if let error { try c.encode(error, forKey: .error) }
        else if let result { try c.encode(result, forKey: .result) }
        else { try c.encodeNil(forKey: .result) }
    }
}

struct OutgoingNotification<P: Encodable>: Encodable {
    var jsonrpc = "2.0"
    var method: String
    var params: P
}

struct OutgoingRequest<P: Encodable>: Encodable {
    var jsonrpc = "2.0"
    var id: RequestID
    var method: String
    var params: P
}

/// An empty result or params object `{}`.
public struct Empty: Codable, Sendable { public init() {} }

/// A request without params (`workspace/diagnostic/refresh`).
struct OutgoingBareRequest: Encodable {
    var jsonrpc = "2.0"
    var id: RequestID
    var method: String
}
