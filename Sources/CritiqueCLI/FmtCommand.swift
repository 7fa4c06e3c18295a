import CritiqueCore
import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// `critique fmt [--check] PATH…`: the canonical layout of `Formatter`, written atomically
/// in place (only files that change), or with `--check` nothing written and exit 1 when a
/// file would change. `-` formats stdin to stdout.
enum FmtCommand {
    static func run(_ args: [String]) throws -> Int32 {
        if args.contains("--help") || args.contains("-h") { Out.write(Help.fmt); return 0 }
        var check = false
        var paths: [String] = []
        for a in args {
            if a == "--check" { check = true }
            else if a.hasPrefix("-") && a != "-" { throw CLI.UsageError(message: "unknown option '\(a)'. See `critique help fmt`.") }
            else { paths.append(a) }
        }
        guard !paths.isEmpty else { throw CLI.UsageError(message: "name the files or folders to format: `critique fmt [--check] PATH…`.") }
        var files: [(path: String, shown: String)] = []
        var errors: [String] = []
        for p in paths {
            if p == "-" {
                switch CheckCommand.readAllStdin() {
                case .success(let bytes):
                    let formatted = Formatter.format(DocumentParser.parse(SourceText(bytes: bytes)))
                    if check { if Array(formatted.utf8) != bytes { Out.err("would reformat -\n"); return 1 } }
                    else { Out.write(formatted) }
                case .failure(let e): errors.append("-: \(e.message)")
                }
                continue
            }
            if FileIO.isDirectory(p) {
                let walk = FileIO.walk(p, maxFiles: 5_000_000)
                errors += walk.problems
                let root = FileIO.normalize(p)
                for f in walk.files where f.hasSuffix(".critique.md") {
                    files.append((f, (p.hasSuffix("/") ? p : p + "/") + f.dropFirst(root.count + 1)))
                }
            } else if FileIO.exists(p) {
                files.append((FileIO.normalize(p), p))
            } else {
                errors.append("\(p): no such file or folder")
            }
        }
        var changed = 0
        for (path, shown) in files {
            let bytes: [UInt8]
            switch FileIO.read(path) {
            case .success(let b): bytes = b
            case .failure(let e): errors.append("\(shown): cannot read: \(e.message)"); continue
            }
            let source = SourceText(bytes: bytes)
            // A file that is not UTF-8 is left alone: rewriting it would lose its bytes.
            guard String(validating: bytes, as: UTF8.self) != nil else { errors.append("\(shown): not valid UTF-8; not formatted"); continue }
            let formatted = Array(Formatter.format(DocumentParser.parse(source)).utf8)
            guard formatted != bytes else { continue }
            changed += 1
            if check { Out.err("would reformat \(Inert.line(shown))\n"); continue }
            do {
                try FileIO.writeAtomically(path, formatted, overwrite: true)
                Out.err("formatted \(Inert.line(shown))\n")
            } catch { errors.append("\(shown): \(error)") }
        }
        for e in errors { Out.err("critique: \(Inert.line(e))\n") }
        if !errors.isEmpty { return 2 }
        if check && changed > 0 {
            Out.err("\(changed) file\(changed == 1 ? "" : "s") would be reformatted; run `critique fmt` on \(changed == 1 ? "it" : "them").\n")
            return 1
        }
        return 0
    }
}
