import CritiqueCore
#if canImport(Glibc)
import Glibc
#endif

enum OutputFormat: String, CaseIterable {
    case text, json, sarif, github, junit
}

enum Formats {
    /// The output's UTF-8 bytes: JSON is written as bytes and stays bytes (decoding a batch's
    /// output into a `String` to print it cost a tenth of the JSON's time).
    static func render(_ files: [CheckedFile], format: OutputFormat, style: Style, summary: RunSummary, toolVersion: String) -> [UInt8] {
        switch format {
        case .text: return Array(text(files, style: style).utf8)
        case .json: return Inert.json(bytes: json(files))
        case .sarif: return Array(Inert.json(sarif(files, version: toolVersion)).utf8)
        case .github: return Array(github(files).utf8)
        case .junit: return Array(junit(files, seconds: summary.seconds).utf8)
        }
    }

    // MARK: text — like a compiler: location, severity, message, source line, caret.

    static func text(_ files: [CheckedFile], style: Style) -> String {
        var out = ""
        for f in files {
            let path = Inert.line(f.path)
            // The shown source line is made once a line, not once a finding: escaping and
            // counting a long line for each of its thousands of findings was quadratic.
            var shownLine: (index: Int, text: String, count: Int) = (-1, "", 0)
            for d in f.located {
                let x = d.finding
                out += style.bold("\(path):\(d.line):\(d.column):") + " " + style.severity(x.severity.rawValue) + ": " + Inert.line(x.message) + " " + style.dim("[\(x.rule)]") + "\n"
                let lineIndex = d.line - 1
                guard lineIndex < f.text.lineCount else { continue }
                if shownLine.index != lineIndex {
                    // Tabs become one space (so the caret lines up); other controls are escaped,
                    // which can only lengthen the text before the caret, never hide it.
                    let content = Inert.line(f.text.slice(f.text.lineContentRange(lineIndex)).replacingAll("\t", with: " "))
                    let shown = content.count > 200 ? String(content.prefix(200)) + "…" : content
                    shownLine = (lineIndex, shown, shown.count)
                }
                let shown = shownLine.text
                out += "  \(shown)\n"
                let caretStart = min(d.column - 1, shownLine.count)
                let width = d.endLine == d.line ? max(1, min(d.endColumn - d.column, shownLine.count - caretStart)) : max(1, shownLine.count - caretStart)
                out += "  " + String(repeating: " ", count: displayWidth(String(shown.prefix(caretStart)))) + style.paint("^" + String(repeating: "~", count: max(0, displayWidth(String(shown.dropFirst(caretStart).prefix(width))) - 1)), "1;32") + "\n"
            }
        }
        return out
    }

    /// Terminal columns: East Asian wide characters and emoji take two.
    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for ch in s {
            guard let u = ch.unicodeScalars.first?.value else { continue }
            let wide = (0x1100...0x115F).contains(u) || (0x2E80...0xA4CF).contains(u) || (0xAC00...0xD7A3).contains(u) || (0xF900...0xFAFF).contains(u) || (0xFE30...0xFE4F).contains(u) || (0xFF00...0xFF60).contains(u) || (0xFFE0...0xFFE6).contains(u) || (0x1F300...0x1FAFF).contains(u) || (0x20000...0x3FFFD).contains(u)
            w += wide ? 2 : 1
        }
        return w
    }

    // MARK: json — the contract: files[].path, diagnostics[].{rule,severity,message,line,column}

    /// Written by hand rather than with JSONEncoder: on large batches encoding was an eighth
    /// of the run, single-threaded. Keys and shape are a contract (README, Command line).
    /// The JSON contract, written straight to bytes (a String built by concatenation made a
    /// String or two per diagnostic).
    static func json(_ files: [CheckedFile]) -> [UInt8] {
        var counts = [Int](repeating: 0, count: 4)   // by `Severity.rank`
        var o: [UInt8] = []
        o.reserveCapacity(64 + files.count * 256)
        JSONLine.text("{\n  \"version\": ", into: &o); JSONLine.string(CLI.version, into: &o)
        JSONLine.text(",\n  \"files\": [", into: &o)
        for (i, f) in files.enumerated() {
            JSONLine.text(i == 0 ? "\n" : ",\n", into: &o)
            JSONLine.text("    {\"path\": ", into: &o); JSONLine.string(f.path, into: &o)
            JSONLine.text(", \"diagnostics\": [", into: &o)
            for (j, d) in f.located.enumerated() {
                counts[d.finding.severity.rank] += 1
                JSONLine.text(j == 0 ? "\n      " : ",\n      ", into: &o)
                diagnosticJSON(rule: d.finding.rule.rawValue, severity: d.finding.severity, message: d.finding.message,
                               line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, into: &o)
            }
            JSONLine.text(f.findings.isEmpty ? "]}" : "\n    ]}", into: &o)
        }
        JSONLine.text(files.isEmpty ? "],\n" : "\n  ],\n", into: &o)
        JSONLine.text("  \"summary\": {\"files\": ", into: &o); JSONLine.integer(files.count, into: &o)
        for s in Severity.allCases {
            o.append(contentsOf: ", \"\(s.rawValue)\": ".utf8); JSONLine.integer(counts[s.rank], into: &o)
        }
        JSONLine.text("}\n}\n", into: &o)
        return o
    }

    /// One diagnostic of the JSON contract, on one line (also a `--jsonl` record's element).
    static func diagnosticJSON(rule: String, severity: Severity, message: String, line: Int, column: Int, endLine: Int, endColumn: Int) -> String {
        var o: [UInt8] = []
        diagnosticJSON(rule: rule, severity: severity, message: message, line: line, column: column, endLine: endLine, endColumn: endColumn, into: &o)
        return String(decoding: o, as: UTF8.self)
    }

    static func diagnosticJSON(rule: String, severity: Severity, message: String, line: Int, column: Int, endLine: Int, endColumn: Int,
                               into o: inout [UInt8]) {
        JSONLine.text("{\"rule\": ", into: &o); JSONLine.string(rule, into: &o)
        JSONLine.text(", \"severity\": \"", into: &o); o.append(contentsOf: severity.rawValue.utf8)
        JSONLine.text("\", \"message\": ", into: &o); JSONLine.string(message, into: &o)
        JSONLine.text(", \"line\": ", into: &o); JSONLine.integer(line, into: &o)
        JSONLine.text(", \"column\": ", into: &o); JSONLine.integer(column, into: &o)
        JSONLine.text(", \"endLine\": ", into: &o); JSONLine.integer(endLine, into: &o)
        JSONLine.text(", \"endColumn\": ", into: &o); JSONLine.integer(endColumn, into: &o)
        o.append(UInt8(ascii: "}"))
    }

    static func encode<T: Encodable>(_ v: T) -> String {
        (try? String(decoding: JSONTreeEncoder(pretty: true, sortedKeys: true).encode(v), as: UTF8.self)) ?? "{}"
    }

    // MARK: sarif 2.1.0

    struct SARIF: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
        struct Run: Encodable { var tool: Tool; var results: [Result]; var columnKind = "unicodeCodePoints" }
        struct Tool: Encodable { var driver: Driver }
        struct Driver: Encodable { var name: String; var version: String; var informationUri: String; var rules: [Rule] }
        struct Rule: Encodable {
            var id: String
            var shortDescription: Text
            var fullDescription: Text
            var defaultConfiguration: Config
            struct Config: Encodable { var level: String }
        }
        struct Text: Encodable { var text: String }
        struct Result: Encodable {
            var ruleId: String; var ruleIndex: Int; var level: String; var message: Text; var locations: [Location]
        }
        struct Location: Encodable { var physicalLocation: Physical }
        struct Physical: Encodable { var artifactLocation: Artifact; var region: Region }
        struct Artifact: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int; var endLine: Int; var endColumn: Int }
    }

    static func sarifLevel(_ s: Severity) -> String {
        switch s { case .error: "error"; case .warning: "warning"; case .info, .hint: "note" }
    }

    static func sarif(_ files: [CheckedFile], version: String) -> String {
        let rules = RuleCatalog.all
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var results: [SARIF.Result] = []
        for f in files {
            let uri = f.path == "-" ? "stdin" : PercentEncoding.encode(path: f.path)
            for d in f.located {
                results.append(.init(ruleId: d.finding.rule.rawValue, ruleIndex: index[d.finding.rule] ?? 0, level: sarifLevel(d.finding.severity),
                                     message: .init(text: d.finding.message),
                                     locations: [.init(physicalLocation: .init(artifactLocation: .init(uri: uri),
                                                                               region: .init(startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: max(d.endColumn, d.line == d.endLine ? d.column : 1))))]))
            }
        }
        let driver = SARIF.Driver(name: "critique", version: version, informationUri: "https://critique.invalid/docs",
                                  rules: rules.map { .init(id: $0.id.rawValue, shortDescription: .init(text: $0.summary), fullDescription: .init(text: $0.explanation), defaultConfiguration: .init(level: sarifLevel($0.severity))) })
        return encode(SARIF(runs: [.init(tool: .init(driver: driver), results: results)])) + "\n"
    }

    // MARK: GitHub workflow commands

    static func github(_ files: [CheckedFile]) -> String {
        func esc(_ s: String, property: Bool) -> String {
            var r = Inert.line(s).replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
            if property { r = r.replacingAll(":", with: "%3A").replacingAll(",", with: "%2C") }
            return r
        }
        var out = ""
        for f in files {
            for d in f.located {
                let kind = d.finding.severity == .error ? "error" : d.finding.severity == .warning ? "warning" : "notice"
                out += "::\(kind) file=\(esc(f.path, property: true)),line=\(d.line),col=\(d.column),endLine=\(d.endLine),endColumn=\(d.endColumn),title=\(esc(d.finding.rule.rawValue, property: true))::\(esc(d.finding.message, property: false))\n"
            }
        }
        return out
    }

    // MARK: JUnit XML — one test case a document

    static func junit(_ files: [CheckedFile], seconds: Double) -> String {
        /// XML text: untrusted parts are made inert first (no control characters, no U+FFFE),
        /// so everything left is XML-legal; our own line breaks separate findings.
        func finding(_ f: CheckedFile, _ d: CheckedFile.Located) -> String {
            "\(Inert.line(f.path)):\(d.line):\(d.column): \(d.finding.severity.rawValue): \(Inert.line(d.finding.message)) [\(d.finding.rule)]"
        }
        let failures = files.filter(\.failing).count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"critique\" tests=\"\(files.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(fixed(seconds, digits: 3))\">\n"
        out += "  <testsuite name=\"critique check\" tests=\"\(files.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for f in files {
            out += "    <testcase classname=\"critique\" name=\"\(Inert.html(f.path))\">\n"
            let failing = f.located.filter { $0.finding.severity >= f.failOn }
            if !failing.isEmpty {
                out += "      <failure message=\"\(failing.count) finding\(failing.count == 1 ? "" : "s")\" type=\"critique\">"
                out += Inert.markup(failing.map { finding(f, $0) }.joined(separator: "\n"))
                out += "</failure>\n"
            }
            let others = f.located.filter { $0.finding.severity < f.failOn }
            if !others.isEmpty {
                out += "      <system-out>" + Inert.markup(others.map { finding(f, $0) }.joined(separator: "\n")) + "</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
