import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small, careful file helpers: bounded reads, lexical normalisation, symlink-aware
/// containment checks, atomic writes.
public enum FileIO {
    /// Files larger than this are not read (a critique or rubric is kilobytes).
    public static let maxFileSize = 64 << 20

    public static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) <= maxFileSize else { return nil }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var got = 0
        while got < out.count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, $0.count - got) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            got += n
        }
        if got < out.count { out.removeSubrange(got...) }
        return out
    }

    /// Reads UTF-8 text; invalid bytes become U+FFFD. Nil when unreadable.
    public static func readText(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    /// Absolute, with `.` and `..` resolved lexically (symbolic links are not followed).
    public static func normalize(_ path: String) -> String {
        if isClean(path) { return path }
        let abs = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        var parts: [Substring] = []
        for p in abs.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Already absolute with no `.`, `..`, empty segment or trailing slash: nothing to do.
    static func isClean(_ path: String) -> Bool {
        let u = path.utf8
        guard u.first == 0x2F, u.count == 1 || u.last != 0x2F else { return false }
        var prev: UInt8 = 0, prev2: UInt8 = 0, prev3: UInt8 = 0
        for c in u {
            if c == 0x2F {
                if prev == 0x2F { return false }                                        // //
                if prev == 0x2E && (prev2 == 0x2F || (prev2 == 0x2E && prev3 == 0x2F)) { return false }  // /./ or /../
            }
            prev3 = prev2; prev2 = prev; prev = c
        }
        if prev == 0x2E && (prev2 == 0x2F || (prev2 == 0x2E && prev3 == 0x2F)) { return false }       // ends /. or /..
        return true
    }

    /// The folder a path is in (`/a/b` → `/a`, `/a` → `/`).
    public static func parent(_ path: String) -> String {
        guard let i = path.utf8.lastIndex(of: 0x2F) else { return "." }
        return i == path.utf8.startIndex ? "/" : String(path[..<i])
    }

    /// The real path with every symbolic link followed, for as much of the path as exists.
    public static func realPath(_ path: String) -> String {
        var p = normalize(path)
        var suffix: [String] = []
        while p != "/" {
            if let r = realpath(p, nil) {
                defer { free(r) }
                let base = String(cString: r)
                return suffix.isEmpty ? base : normalize(base + "/" + suffix.reversed().joined(separator: "/"))
            }
            suffix.append((p as NSString).lastPathComponent)
            p = (p as NSString).deletingLastPathComponent
        }
        return normalize("/" + suffix.reversed().joined(separator: "/"))
    }

    /// Whether `path` stays inside `root`, lexically and after following symbolic links.
    public static func isInside(_ path: String, root: String) -> Bool {
        let p = normalize(path), r = normalize(root)
        guard p == r || p.hasPrefix(r == "/" ? "/" : r + "/") else { return false }
        let rp = realPath(p), rr = realPath(r)
        return rp == rr || rp.hasPrefix(rr == "/" ? "/" : rr + "/")
    }

    public static func relative(_ path: String, to root: String) -> String {
        let r = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(r) ? String(path.dropFirst(r.count)) : path
    }

    /// Regular files below `dir`, sorted, following directory symlinks once (loops survive).
    public static func walk(_ dir: String, maxFiles: Int) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        func visit(_ d: String, depth: Int) {
            guard depth < 64, out.count < maxFiles else { return }
            let real = realPath(d)
            guard seen.insert(real).inserted, let handle = opendir(d) else { return }
            // readdir's d_type saves a stat per entry; links and unknown types are stat'ed.
            var entries: [(name: String, type: UInt8)] = []
            while let e = readdir(handle) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { raw in String(cString: raw.bindMemory(to: CChar.self).baseAddress!) }
                if name.hasPrefix(".") { continue }
                entries.append((name, e.pointee.d_type))
            }
            closedir(handle)
            entries.sort { $0.name < $1.name }
            for (name, type) in entries {
                let p = d == "/" ? "/" + name : d + "/" + name
                var isDir = type == UInt8(DT_DIR), isFile = type == UInt8(DT_REG)
                if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
                    var st = stat()
                    guard stat(p, &st) == 0 else { continue }
                    isDir = (st.st_mode & S_IFMT) == S_IFDIR
                    isFile = (st.st_mode & S_IFMT) == S_IFREG
                }
                if isDir { visit(p, depth: depth + 1) }
                else if isFile { out.append(p); if out.count >= maxFiles { return } }
            }
        }
        visit(normalize(dir), depth: 0)
        return out
    }

    /// Writes through a temporary file and rename, so readers never see half a file.
    /// Refuses to replace an existing file unless `overwrite`.
    public static func writeAtomically(_ path: String, _ data: [UInt8], overwrite: Bool = false) throws {
        if !overwrite && exists(path) { throw FileIOError(message: "\(path) already exists; not overwriting it") }
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        let tmp = "\(dir.isEmpty ? "." : dir)/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIOError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        var off = 0
        while off < data.count {
            let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue }; close(fd); unlink(tmp); throw FileIOError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
            off += n
        }
        fsync(fd)
        close(fd)
        if !overwrite {
            // link(2) fails if the target appeared meanwhile: never clobber.
            if link(tmp, path) != 0 { let e = errno; unlink(tmp); throw FileIOError(message: "cannot create \(path): \(String(cString: strerror(e)))") }
            unlink(tmp)
        } else if rename(tmp, path) != 0 {
            let e = errno; unlink(tmp); throw FileIOError(message: "cannot replace \(path): \(String(cString: strerror(e)))")
        }
    }
}

public struct FileIOError: Error, CustomStringConvertible { public var message: String; public var description: String { message } }

/// Glob patterns over relative paths: `*` (within a segment), `**` (any segments), `?`.
public enum Glob {
    public static func isPattern(_ s: String) -> Bool { s.contains("*") || s.contains("?") }

    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let p = pattern.split(separator: "/").map(String.init), s = path.split(separator: "/").map(String.init)
        return match(p[...], s[...])
    }

    static func match(_ p: ArraySlice<String>, _ s: ArraySlice<String>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "**" {
            if match(p.dropFirst(), s) { return true }
            return !s.isEmpty && match(p, s.dropFirst())
        }
        guard let seg = s.first, segment(Array(first.unicodeScalars)[...], Array(seg.unicodeScalars)[...]) else { return false }
        return match(p.dropFirst(), s.dropFirst())
    }

    static func segment(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let f = p.first else { return s.isEmpty }
        if f == "*" {
            var rest = s
            while true {
                if segment(p.dropFirst(), rest) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        }
        guard let c = s.first, f == "?" || f == c else { return false }
        return segment(p.dropFirst(), s.dropFirst())
    }
}
