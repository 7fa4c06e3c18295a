// Codable over the core's own JSON reader and writer: what the server and the CLI decode and
// encode messages with, so the binary needs nothing of Foundation (its JSONDecoder alone
// brings seven megabytes of the framework into a static build).

// MARK: decoding

/// Decodes a `Decodable` from JSON bytes. Strict where the wire needs it: any problem the
/// reader reports (bad syntax, nesting past 200 levels, a key twice in one object, which
/// readers resolve differently) is an error, never a partial value. What JSON5 adds to JSON
/// (comments, trailing commas) is accepted, as the reader reads both. Integers are read from
/// their digits, so an id past 2^53 keeps every digit.
public struct JSONTreeDecoder {
    public init() {}

    public struct SyntaxError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The tree of `bytes`, or the reader's first problem.
    public static func tree(_ bytes: [UInt8]) throws -> JSONNode {
        let (node, problems) = JSONReader.parse(bytes: bytes)
        guard let node, problems.isEmpty else { throw SyntaxError(message: problems.first?.message ?? "not JSON") }
        return node
    }

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: JSONTreeDecoder.tree(bytes), source: bytes)
    }

    /// Decodes from a tree already read from `source` (one parse serves several decodes).
    public func decode<T: Decodable>(_ type: T.Type, from node: JSONNode, source: [UInt8]) throws -> T {
        try T(from: NodeDecoder(node, source, []))
    }
}

private struct NodeDecoder: Decoder {
    let node: JSONNode
    let source: [UInt8]
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ node: JSONNode, _ source: [UInt8], _ path: [CodingKey]) { self.node = node; self.source = source; self.codingPath = path }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else { throw mismatch([String: Any].self, node, codingPath) }
        return KeyedDecodingContainer(KeyedNode<Key>(members, source, codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let elements) = node.value else { throw mismatch([Any].self, node, codingPath) }
        return UnkeyedNode(elements, source, codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleNode(node, source, codingPath) }
}

private func mismatch(_ type: Any.Type, _ node: JSONNode, _ path: [CodingKey]) -> DecodingError {
    .typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "Expected \(type) but found \(node.typeName)."))
}

/// The primitive reads every container shares.
private enum Primitive {
    static func bool(_ n: JSONNode, _ path: @autoclosure () -> [CodingKey]) throws -> Bool {
        guard case .bool(let b) = n.value else { throw mismatch(Bool.self, n, path()) }
        return b
    }

    static func string(_ n: JSONNode, _ path: @autoclosure () -> [CodingKey]) throws -> String {
        guard case .string(let s) = n.value else { throw mismatch(String.self, n, path()) }
        return s
    }

    static func double(_ n: JSONNode, _ path: @autoclosure () -> [CodingKey]) throws -> Double {
        guard case .number(let d) = n.value else { throw mismatch(Double.self, n, path()) }
        return d
    }

    /// An integer from the number's own digits (exact), else from its value when that is whole.
    static func integer<I: FixedWidthInteger>(_ n: JSONNode, _ source: [UInt8], _ path: @autoclosure () -> [CodingKey]) throws -> I {
        guard case .number(let d) = n.value else { throw mismatch(I.self, n, path()) }
        let r = n.range
        if r.start >= 0, r.end <= source.count, r.end > r.start, r.end - r.start <= 40,
           source[r.start..<r.end].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
            if let v = exactInteger(source, r.start, r.end, as: I.self) { return v }
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "The number does not fit in \(I.self)."))
        }
        guard d.isFinite, d == d.rounded(), let v = I(exactly: d) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "Expected a whole number that fits in \(I.self)."))
        }
        return v
    }

    /// The integer written in `source[start..<end]` (digits and an optional `-`), nil when it
    /// does not fit in `I`; read digit by digit, without a String.
    static func exactInteger<I: FixedWidthInteger>(_ source: [UInt8], _ start: Int, _ end: Int, as: I.Type) -> I? {
        let negative = source[start] == 0x2D
        var i = negative ? start + 1 : start
        guard i < end else { return nil }
        var v: I = 0
        while i < end {
            let d = source[i] &- 0x30
            guard d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(I(d)) : m.addingReportingOverflow(I(d))
            if o1 || o2 { return nil }
            v = a; i += 1
        }
        return v
    }

    static func decode<T: Decodable>(_ type: T.Type, _ n: JSONNode, _ source: [UInt8], _ path: @autoclosure () -> [CodingKey]) throws -> T {
        // The common leaves directly, without a decoder each.
        if T.self == String.self { return unsafeBitCast(try string(n, path()), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(n, source, path()) as Int, to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(n, path()), to: T.self) }
        return try T(from: NodeDecoder(n, source, path()))
    }
}

private struct KeyedNode<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [JSONMember]
    let source: [UInt8]
    let codingPath: [CodingKey]
    /// For a large object (a dictionary, or a hostile message), member indexes by name, so
    /// decoding it stays linear; small objects are searched directly.
    let index: [String: Int]?

    init(_ members: [JSONMember], _ source: [UInt8], _ path: [CodingKey]) {
        self.members = members; self.source = source; self.codingPath = path
        index = members.count > 16 ? Dictionary(members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first }) : nil
    }

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { node(key) != nil }

    /// The member of that name (the reader refuses an object that has two).
    private func node(_ key: Key) -> JSONNode? {
        let name = key.stringValue
        if let index { return index[name].map { members[$0].value } }
        for m in members where m.key == name { return m.value }
        return nil
    }

    private func required(_ key: Key) throws -> JSONNode {
        guard let n = node(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "No value for '\(key.stringValue)'."))
        }
        return n
    }

    private func notNull(_ key: Key, _ type: Any.Type) throws -> JSONNode {
        let n = try required(key)
        if case .null = n.value {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath + [key], debugDescription: "'\(key.stringValue)' is null."))
        }
        return n
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try required(key).value { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Primitive.bool(notNull(key, type), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Primitive.string(notNull(key, type), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Primitive.double(notNull(key, type), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try Primitive.double(notNull(key, type), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Primitive.integer(notNull(key, type), source, codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // A null goes to the type itself: `Optional` and custom decoders may accept it.
        try Primitive.decode(type, required(key), source, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(required(key), source, codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try NodeDecoder(required(key), source, codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder {
        NodeDecoder(members.first { $0.key == "super" }?.value ?? JSONNode(.null, .empty(at: 0)), source, codingPath)
    }

    func superDecoder(forKey key: Key) throws -> Decoder {
        NodeDecoder(node(key) ?? JSONNode(.null, .empty(at: 0)), source, codingPath + [key])
    }
}

/// The key of an array element in a coding path.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct UnkeyedNode: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let source: [UInt8]
    let codingPath: [CodingKey]
    var currentIndex = 0

    init(_ elements: [JSONNode], _ source: [UInt8], _ path: [CodingKey]) { self.elements = elements; self.source = source; self.codingPath = path }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> (JSONNode, [CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "The array has no more elements."))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = elements[currentIndex].value { currentIndex += 1; return true }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (n, p) = try next(type); return try Primitive.bool(n, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (n, p) = try next(type); return try Primitive.string(n, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (n, p) = try next(type); return try Primitive.double(n, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (n, p) = try next(type); return Float(try Primitive.double(n, p)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (n, p) = try next(type); return try Primitive.integer(n, source, p) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { let (n, p) = try next(type); return try Primitive.decode(type, n, source, p) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (n, p) = try next(type); return try NodeDecoder(n, source, p).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (n, p) = try next([Any].self); return try NodeDecoder(n, source, p).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder { let (n, p) = try next(Any.self); return NodeDecoder(n, source, p) }
}

private struct SingleNode: SingleValueDecodingContainer {
    let node: JSONNode
    let source: [UInt8]
    let codingPath: [CodingKey]

    init(_ node: JSONNode, _ source: [UInt8], _ path: [CodingKey]) { self.node = node; self.source = source; self.codingPath = path }

    func decodeNil() -> Bool { if case .null = node.value { return true }; return false }
    func decode(_ type: Bool.Type) throws -> Bool { try Primitive.bool(node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Primitive.string(node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Primitive.double(node, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try Primitive.double(node, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Primitive.integer(node, source, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Primitive.integer(node, source, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Primitive.decode(type, node, source, codingPath) }
}

// MARK: encoding

/// Encodes an `Encodable` as JSON bytes: compact (the wire) or indented with sorted keys (files
/// people read, such as SARIF). Keys keep the order the type encodes them in; a nil optional
/// is left out, as `encodeIfPresent` asks; a number that is not finite is written as null.
public struct JSONTreeEncoder {
    public var pretty = false
    public var sortedKeys = false
    public init(pretty: Bool = false, sortedKeys: Bool = false) { self.pretty = pretty; self.sortedKeys = sortedKeys }

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = EncodedValue()
        try value.encode(to: NodeEncoder(root, []))
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(root, &out, indent: 0)
        return out
    }

    private func write(_ v: EncodedValue, _ out: inout [UInt8], indent: Int) {
        switch v.kind {
        case .null: out += [0x6E, 0x75, 0x6C, 0x6C]
        case .bool(let b): out += b ? Array("true".utf8) : Array("false".utf8)
        case .string(let s): OrderedJSON.quote(s, into: &out)
        case .integer(let s): out += s.utf8
        case .double(let d):
            if !d.isFinite { out += Array("null".utf8) }
            else if d == d.rounded() && abs(d) < 1e15 { out += String(Int(d)).utf8 }
            else { out += "\(d)".utf8 }
        case .array:
            out.append(0x5B)
            if v.items.isEmpty { out.append(0x5D); return }
            for (i, item) in v.items.enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(&out, indent + 1)
                write(item, &out, indent: indent + 1)
            }
            newline(&out, indent)
            out.append(0x5D)
        case .object:
            out.append(0x7B)
            if v.keys.isEmpty { out.append(0x7D); return }
            for (i, k) in (sortedKeys ? v.keys.sorted() : v.keys).enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(&out, indent + 1)
                OrderedJSON.quote(k, into: &out)
                out.append(0x3A)
                if pretty { out.append(0x20) }
                write(v.values[k]!, &out, indent: indent + 1)
            }
            newline(&out, indent)
            out.append(0x7D)
        }
    }

    private func newline(_ out: inout [UInt8], _ indent: Int) {
        guard pretty else { return }
        out.append(0x0A)
        out += repeatElement(0x20, count: 2 * indent)
    }
}

/// A value being encoded. A class, so a container handed out earlier still writes into it;
/// arrays and objects keep their elements in stored properties, appended to in place.
private final class EncodedValue {
    enum Kind { case null, bool(Bool), string(String), integer(String), double(Double), array, object }
    var kind: Kind = .null
    var items: [EncodedValue] = []
    /// Keys in the order first encoded, and their values.
    var keys: [String] = []
    var values: [String: EncodedValue] = [:]

    /// The member `key`, made an object first if this is not one yet.
    func member(_ key: String) -> EncodedValue {
        makeObject()
        if let existing = values[key] { return existing }
        let child = EncodedValue()
        keys.append(key); values[key] = child
        return child
    }

    func append() -> EncodedValue {
        makeArray()
        let child = EncodedValue()
        items.append(child)
        return child
    }

    func makeObject() { if case .object = kind { return }; kind = .object; keys = []; values = [:] }
    func makeArray() { if case .array = kind { return }; kind = .array; items = [] }

    func set<T: Encodable>(_ value: T, _ path: [CodingKey]) throws {
        switch value {
        case let s as String: kind = .string(s)
        case let b as Bool: kind = .bool(b)
        case let i as Int: kind = .integer(String(i))
        case let d as Double: kind = .double(d)
        default: try value.encode(to: NodeEncoder(self, path))
        }
    }
}

private struct NodeEncoder: Encoder {
    let value: EncodedValue
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: EncodedValue, _ path: [CodingKey]) { self.value = value; self.codingPath = path }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        value.makeObject()
        return KeyedEncodingContainer(KeyedEncoder<Key>(value, codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        value.makeArray()
        return UnkeyedEncoder(value, codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleEncoder(value, codingPath) }
}

private struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let value: EncodedValue
    let codingPath: [CodingKey]
    init(_ value: EncodedValue, _ path: [CodingKey]) { self.value = value; self.codingPath = path }

    mutating func encodeNil(forKey key: Key) throws { value.member(key.stringValue).kind = .null }
    mutating func encode(_ v: Bool, forKey key: Key) throws { value.member(key.stringValue).kind = .bool(v) }
    mutating func encode(_ v: String, forKey key: Key) throws { value.member(key.stringValue).kind = .string(v) }
    mutating func encode(_ v: Double, forKey key: Key) throws { value.member(key.stringValue).kind = .double(v) }
    mutating func encode(_ v: Float, forKey key: Key) throws { value.member(key.stringValue).kind = .double(Double(v)) }
    mutating func encode(_ v: Int, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: Int8, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: Int16, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: Int32, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: Int64, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: UInt, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { value.member(key.stringValue).kind = .integer(String(v)) }
    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws { try value.member(key.stringValue).set(v, codingPath + [key]) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(value.member(key.stringValue), codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        NodeEncoder(value.member(key.stringValue), codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { NodeEncoder(value.member("super"), codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NodeEncoder(value.member(key.stringValue), codingPath + [key]) }
}

private struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let value: EncodedValue
    let codingPath: [CodingKey]
    init(_ value: EncodedValue, _ path: [CodingKey]) { self.value = value; self.codingPath = path }

    var count: Int { value.items.count }
    private var path: [CodingKey] { codingPath + [IndexKey(count)] }

    mutating func encodeNil() throws { _ = value.append() }
    mutating func encode(_ v: Bool) throws { value.append().kind = .bool(v) }
    mutating func encode(_ v: String) throws { value.append().kind = .string(v) }
    mutating func encode(_ v: Double) throws { value.append().kind = .double(v) }
    mutating func encode(_ v: Float) throws { value.append().kind = .double(Double(v)) }
    mutating func encode(_ v: Int) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: Int8) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: Int16) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: Int32) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: Int64) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: UInt) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: UInt8) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: UInt16) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: UInt32) throws { value.append().kind = .integer(String(v)) }
    mutating func encode(_ v: UInt64) throws { value.append().kind = .integer(String(v)) }
    mutating func encode<T: Encodable>(_ v: T) throws { let p = path; try value.append().set(v, p) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let p = path; return NodeEncoder(value.append(), p).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { let p = path; return NodeEncoder(value.append(), p).unkeyedContainer() }
    mutating func superEncoder() -> Encoder { let p = path; return NodeEncoder(value.append(), p) }
}

private struct SingleEncoder: SingleValueEncodingContainer {
    let value: EncodedValue
    let codingPath: [CodingKey]
    init(_ value: EncodedValue, _ path: [CodingKey]) { self.value = value; self.codingPath = path }

    mutating func encodeNil() throws { value.kind = .null }
    mutating func encode(_ v: Bool) throws { value.kind = .bool(v) }
    mutating func encode(_ v: String) throws { value.kind = .string(v) }
    mutating func encode(_ v: Double) throws { value.kind = .double(v) }
    mutating func encode(_ v: Float) throws { value.kind = .double(Double(v)) }
    mutating func encode(_ v: Int) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: Int8) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: Int16) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: Int32) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: Int64) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: UInt) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: UInt8) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: UInt16) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: UInt32) throws { value.kind = .integer(String(v)) }
    mutating func encode(_ v: UInt64) throws { value.kind = .integer(String(v)) }
    mutating func encode<T: Encodable>(_ v: T) throws { try value.set(v, codingPath) }
}
