/// A JSON (or JSON5) value that remembers where it came from, so rubric problems can point
/// at the exact key or value that caused them.
public enum JSONValue: Sendable {
    case object([JSONMember])
    case array([JSONNode])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
}

public struct JSONNode: Sendable {
    public var value: JSONValue
    public var range: TextRange
    public init(_ value: JSONValue, _ range: TextRange) { self.value = value; self.range = range }

    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = value { return members.last(where: { $0.key == key })?.value }
        return nil
    }
    public var members: [JSONMember] { if case .object(let m) = value { return m }; return [] }
    public var elements: [JSONNode] { if case .array(let a) = value { return a }; return [] }
    public var string: String? { if case .string(let s) = value { return s }; return nil }
    public var number: Double? { if case .number(let d) = value { return d }; return nil }
    public var bool: Bool? { if case .bool(let b) = value { return b }; return nil }
    public var isObject: Bool { if case .object = value { return true }; return false }
    public var isArray: Bool { if case .array = value { return true }; return false }

    public var typeName: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

public struct JSONMember: Sendable {
    public var key: String
    public var keyRange: TextRange
    public var value: JSONNode
}

public struct JSONProblem: Sendable, Equatable {
    public var message: String
    public var range: TextRange
    public init(message: String, range: TextRange) { self.message = message; self.range = range }
}
