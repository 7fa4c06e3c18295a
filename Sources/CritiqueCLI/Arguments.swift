import CritiqueCore

/// Reading a command's arguments: flags, their values, and the errors that name the help to
/// read. Shared by `task import`, `export` and `report`.
struct Arguments {
    private let args: [String]
    private var i = -1
    /// The help topic named in errors (`critique help export`).
    let command: String

    init(_ args: [String], command: String) { self.args = args; self.command = command }

    /// The next argument, nil at the end.
    mutating func next() -> String? {
        i += 1
        return i < args.count ? args[i] : nil
    }

    /// The value after `flag`.
    mutating func value(_ flag: String) throws -> String {
        i += 1
        guard i < args.count else { throw CLI.UsageError(message: "\(flag) needs a value. See `critique help \(command)`.") }
        return args[i]
    }

    /// A value that must be one of `T`'s raw values.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ flag: String, _: T.Type) throws -> T where T.RawValue == String {
        let v = try value(flag)
        guard let c = T(rawValue: v) else {
            throw CLI.UsageError(message: "\(flag) takes \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(v)'.")
        }
        return c
    }

    /// A path (or `-`), else an unknown option.
    func operand(_ a: String) throws -> String {
        if a.hasPrefix("-") && a != "-" { throw CLI.UsageError(message: "unknown option '\(a)'. See `critique help \(command)`.") }
        return a
    }
}

/// The options `export` and `report` share: the paths of a batch, where to write, and how the
/// check that gates it is run.
struct BatchOptions {
    var paths: [String] = []
    var output: String?
    var includeFailing = false
    var force = false
    var config: String?
    var failOn: Severity?

    /// Takes `arg` (with its value): one of these options, or a path; an unknown option is an error.
    mutating func take(_ arg: String, from a: inout Arguments) throws {
        switch arg {
        case "-o", "--output": output = try a.value(arg)
        case "--include-failing": includeFailing = true
        case "--force": force = true
        case "--config", "-c": config = try a.value(arg)
        case "--fail-on": failOn = try a.choice(arg, Severity.self)
        default: paths.append(try a.operand(arg))
        }
    }
}
