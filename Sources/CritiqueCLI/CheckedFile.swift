import CritiqueCore

/// One checked document (or rubric): what the output formats print.
struct CheckedFile {
    var path: String
    var text: SourceText
    var findings: [Finding]
    /// The severity at or above which this file's findings fail the run (from its critique.json).
    var failOn: Severity

    var failing: Bool { findings.contains { $0.severity >= failOn } }

    struct Located {
        let finding: Finding
        let line: Int, column: Int, endLine: Int, endColumn: Int
    }

    /// Findings with 1-based lines and columns, computed once (in the parallel part of a batch).
    let located: [Located]

    init(path: String, text: SourceText, findings: [Finding], failOn: Severity) {
        self.path = path
        self.text = text
        self.findings = findings
        self.failOn = failOn
        self.located = findings.map { f in
            let (l, c) = text.humanPosition(f.range.start)
            let (el, ec) = text.humanPosition(f.range.end)
            return Located(finding: f, line: l, column: c, endLine: el, endColumn: ec)
        }
    }
}

struct RunSummary {
    var files: Int
    var counts: [Severity: Int]
    var seconds: Double

    init(_ files: [CheckedFile], seconds: Double) {
        self.files = files.count
        var c: [Severity: Int] = [:]
        for f in files { for x in f.findings { c[x.severity, default: 0] += 1 } }
        self.counts = c
        self.seconds = seconds
    }

    var line: String {
        let parts = Severity.allCases.compactMap { s -> String? in
            guard let n = counts[s], n > 0 else { return nil }
            return "\(n) \(s.rawValue)\(n == 1 ? "" : "s")"
        }
        return "\(files) file\(files == 1 ? "" : "s") checked: " + (parts.isEmpty ? "no findings" : parts.joined(separator: ", ")) + " (\(RunSummary.duration(seconds)))"
    }

    /// `850 ms` or `2.35 s`.
    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : fixed(seconds, digits: 2) + " s"
    }
}

/// A number with a fixed count of decimals (`fixed(2.5, digits: 3)` is `2.500`), without
/// `String(format:)`, which is Foundation's (the product links none of it).
func fixed(_ v: Double, digits: Int) -> String {
    guard v.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let n = Int((abs(v) * scale).rounded())
    let whole = n / Int(scale), frac = n % Int(scale)
    var f = String(frac)
    while f.count < digits { f = "0" + f }
    return (v < 0 && n != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + f : "")
}
