import CritiqueWorkspace
#if canImport(Glibc)
import Glibc
#endif

/// Buffered writes to stdout/stderr with write(2); never `print`.
enum Out {
    static func write(_ s: String, fd: Int32 = 1) { write(bytes: Array(s.utf8), fd: fd) }

    static func write(bytes: [UInt8], fd: Int32 = 1) { _ = FileIO.writeAll(fd, bytes[...]) }
    static func err(_ s: String) { write(s, fd: 2) }

    static var stdoutIsTTY: Bool { isatty(1) != 0 }
    static var stderrIsTTY: Bool { isatty(2) != 0 }
    static var colorAllowed: Bool {
        if let v = environment("NO_COLOR"), !v.isEmpty { return false }
        if environment("TERM") == "dumb" { return false }
        return true
    }

    /// An environment variable (getenv: the product links no Foundation, so no ProcessInfo).
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// ANSI styling that turns itself off when not wanted.
struct Style {
    let on: Bool
    func paint(_ s: String, _ code: String) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }
    func severity(_ sev: String) -> String {
        switch sev {
        case "error": return paint(sev, "1;31")
        case "warning": return paint(sev, "1;33")
        case "info": return paint(sev, "1;36")
        default: return paint(sev, "1;32")
        }
    }
}
