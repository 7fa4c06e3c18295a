/// A finding's message kept as data, its literal pieces and its arguments, and made into text
/// only when something prints it. A rule writes it as an ordinary string literal with
/// interpolations (`"\(score: v) is outside the scale of '\(title)'."`): the literal pieces
/// stay static strings, a `String` argument is retained rather than copied, and a score or a
/// count is kept as a number. `report` and `export` read a finding's rule and range and never
/// spell its message out; `check` and the server do it once, when they print or publish.
public struct Message: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Piece: Sendable {
        case literal(StaticString)
        case text(String)
        case score(Double)
        case int(Int)
    }
    private var pieces: [Piece]
    /// The text, when it was made elsewhere (`init(_:)`): read as it is.
    private var made: String?

    public init(stringLiteral value: StaticString) { pieces = [.literal(value)] }
    public init(stringInterpolation i: StringInterpolation) { pieces = i.pieces }
    /// A message made elsewhere (a rubric problem, a configuration error).
    public init(_ text: String) { pieces = []; made = text }

    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []
        public init(literalCapacity: Int, interpolationCount: Int) { pieces.reserveCapacity(2 * interpolationCount + 1) }
        public mutating func appendLiteral(_ s: StaticString) { if s.utf8CodeUnitCount > 0 { pieces.append(.literal(s)) } }
        public mutating func appendInterpolation(_ s: String) { pieces.append(.text(s)) }
        public mutating func appendInterpolation(_ s: Substring) { pieces.append(.text(String(s))) }
        public mutating func appendInterpolation(_ n: Int) { pieces.append(.int(n)) }
        /// A score as `formatScore` spells it.
        public mutating func appendInterpolation(score v: Double) { pieces.append(.score(v)) }
        public mutating func appendInterpolation(_ m: Message) { if let made = m.made { pieces.append(.text(made)) } else { pieces += m.pieces } }
        public mutating func appendInterpolation<T: CustomStringConvertible>(_ v: T) { pieces.append(.text(v.description)) }
    }

    /// The text, made now: the length is added up first (numbers are spelled then), so the
    /// bytes are written once into a string of the right size.
    public var description: String {
        if let made { return made }
        var numbers: [String] = []
        var count = 0
        for p in pieces {
            switch p {
            case .literal(let s): count += s.utf8CodeUnitCount
            case .text(let s): count += s.utf8.count
            case .score(let v): numbers.append(formatScore(v)); count += numbers[numbers.count - 1].utf8.count
            case .int(let n): numbers.append(String(n)); count += numbers[numbers.count - 1].utf8.count
            }
        }
        return String(unsafeUninitializedCapacity: count) { out in
            var at = 0, k = 0
            func put(_ b: UnsafeBufferPointer<UInt8>) {
                guard let base = b.baseAddress, b.count > 0 else { return }
                (out.baseAddress! + at).initialize(from: base, count: b.count)
                at += b.count
            }
            for p in pieces {
                switch p {
                case .literal(let s): s.withUTF8Buffer { put($0) }
                case .text(var s): s.withUTF8 { put($0) }
                case .score, .int: var t = numbers[k]; k += 1; t.withUTF8 { put($0) }
                }
            }
            return at
        }
    }

    public static func + (a: Message, b: Message) -> Message {
        if a.made != nil || b.made != nil { return Message(a.description + b.description) }
        var m = a; m.pieces += b.pieces; return m
    }
}
