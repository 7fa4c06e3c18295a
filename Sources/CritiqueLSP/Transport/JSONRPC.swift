import Foundation

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
