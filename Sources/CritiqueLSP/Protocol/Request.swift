/// A request the server answers: its method, the type its params decode to and the type of
/// its result. Each lives in its own file under Protocol/Requests/; `Server.routes` ties each
/// to its handler and to the capability that advertises it, so adding a request is one file
/// and one line in the table.
protocol LSPRequest {
    associatedtype Params: Decodable
    associatedtype Result: Encodable
    static var method: String { get }
}

/// A request that cannot be answered with a result: the JSON-RPC error to send instead.
struct ResponseFailure: Error {
    var code: Int
    var message: String
}

/// LSP enums sent as integers (the specification's values).
public enum DiagnosticSeverity: Int, Codable, Sendable { case error = 1, warning, information, hint }
public enum DiagnosticTag: Int, Codable, Sendable { case unnecessary = 1, deprecated }
enum CompletionItemKind: Int, Encodable {
    case text = 1, method, function, constructor, field, variable, `class`, interface, module, property, unit, value, `enum`, keyword, snippet,
         color, file, reference, folder, enumMember, constant, `struct`, event, `operator`, typeParameter
}
enum SymbolKind: Int, Encodable {
    case file = 1, module, namespace, package, `class`, method, property, field, constructor, `enum`, interface, function, variable, constant,
         string, number, boolean, array, object, key, null, enumMember, `struct`, event, `operator`, typeParameter
}
enum InsertTextFormat: Int, Encodable { case plainText = 1, snippet }
