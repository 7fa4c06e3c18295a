import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

enum RubricCommand {
    static func run(_ args: [String]) throws -> Int32 {
        guard let sub = args.first else { Out.write(Help.rubric); return 2 }
        let rest = Array(args.dropFirst())
        switch sub {
        case "check": return try check(rest)
        case "import": return try importRubric(rest)
        case "--help", "-h", "help": Out.write(Help.rubric); return 0
        default: throw CLI.UsageError(message: "unknown rubric command '\(sub)'; use `critique rubric check FILE…` or `critique rubric import`.")
        }
    }

    static func check(_ args: [String]) throws -> Int32 {
        var format = OutputFormat.text
        var paths: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--format" || a == "-f" {
                i += 1
                guard i < args.count, let f = OutputFormat(rawValue: args[i]) else { throw CLI.UsageError(message: "--format takes text, json, sarif, github or junit.") }
                format = f
            } else if a.hasPrefix("--format=") {
                guard let f = OutputFormat(rawValue: String(a.dropFirst(9))) else { throw CLI.UsageError(message: "--format takes text, json, sarif, github or junit.") }
                format = f
            } else if a.hasPrefix("-") && a != "-" { throw CLI.UsageError(message: "unknown option '\(a)'.") }
            else { paths.append(a) }
            i += 1
        }
        guard !paths.isEmpty else { throw CLI.UsageError(message: "name at least one rubric file: `critique rubric check FILE…`.") }
        var files: [CheckedFile] = []
        var failed = false
        for p in paths {
            let read = p == "-" ? CheckCommand.readAllStdin() : FileIO.read(p)
            guard case .success(let bytes) = read else {
                if case .failure(let e) = read { Out.err("critique: cannot read \(Inert.line(p == "-" ? "standard input" : p)): \(Inert.line(e.message))\n") }
                failed = true; continue
            }
            let text = SourceText(bytes: bytes)
            let rf = RubricFile(text: text)
            files.append(CheckedFile(path: p, text: text, findings: rf.findings, failOn: .error))
        }
        let summary = RunSummary(files, seconds: 0)
        Out.write(bytes: Formats.render(files, format: format, style: Style(on: format == .text && Out.stdoutIsTTY && Out.colorAllowed), summary: summary, toolVersion: CLI.version))
        if format == .text {
            for f in files where f.findings.isEmpty { Out.err("\(Inert.line(f.path)): ok\n") }
        }
        if failed { return 2 }
        return files.contains(where: \.failing) ? 1 : 0
    }

    static func importRubric(_ args: [String]) throws -> Int32 {
        var from: RubricImport.Source?
        var index = 0
        var output: String?
        var input: String?
        var i = 0
        while i < args.count {
            let a = args[i]
            func next() throws -> String {
                i += 1
                guard i < args.count else { throw CLI.UsageError(message: "\(a) needs a value.") }
                return args[i]
            }
            switch a {
            case "--from":
                let v = try next()
                guard let s = RubricImport.Source(rawValue: v) else { throw CLI.UsageError(message: "--from takes \(RubricImport.Source.allCases.map(\.rawValue).joined(separator: ", ")), not '\(v)'.") }
                from = s
            case "--index":
                let v = try next()
                guard let n = Int(v), n >= 0 else { throw CLI.UsageError(message: "--index takes a whole number from 0.") }
                index = n
            case "-o", "--output": output = try next()
            default:
                if a.hasPrefix("-") && a != "-" { throw CLI.UsageError(message: "unknown option '\(a)'.") }
                input = a
            }
            i += 1
        }
        guard let from else { throw CLI.UsageError(message: "say which format with --from healthbench|prometheus|paperbench.") }
        guard let input else { throw CLI.UsageError(message: "name the file to import.") }
        let bytes: [UInt8]
        switch input == "-" ? CheckCommand.readAllStdin() : FileIO.read(input) {
        case .success(let b): bytes = b
        case .failure(let e): throw CLI.UsageError(message: "cannot read '\(input)': \(e.message).")
        }
        switch RubricImport.convert(String(decoding: bytes, as: UTF8.self), from: from, index: index) {
        case .failure(let f):
            Out.err("critique: cannot import \(Inert.line(input)): \(Inert.line(f.message))\n")
            return 2
        case .success(let text):
            // An import that yields a rubric with errors (duplicate ids in the source, values
            // JSON cannot hold) is refused: nothing is written, and each problem is named.
            let rf = RubricFile(text: SourceText(text))
            let errors = rf.findings.filter { $0.severity == .error }
            if !errors.isEmpty {
                for f in errors {
                    let (l, c) = rf.text.humanPosition(f.range.start)
                    Out.err("critique: cannot import \(Inert.line(input)): the imported rubric would have an error at \(l):\(c): \(Inert.line(f.message)) [\(f.rule)]\n")
                }
                return 2
            }
            if let output {
                do { try FileIO.writeAtomically(output, Array(text.utf8)) } catch { Out.err("critique: \(Inert.line("\(error)"))\n"); return 2 }
                Out.err("wrote \(Inert.line(output)) (\(rf.rubric?.leaves.count ?? 0) criteria, \(rf.findings.count) rubric finding\(rf.findings.count == 1 ? "" : "s"))\n")
            } else {
                Out.write(text)
            }
            return 0
        }
    }
}
