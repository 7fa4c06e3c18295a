#if canImport(Glibc)
import Glibc
#endif
import CritiqueCore

/// Small, careful file helpers: bounded reads, lexical normalisation, symlink-aware
/// containment checks, atomic writes.
public enum FileIO {
    /// Files larger than this are not read (a critique or rubric is kilobytes).
    public static let maxFileSize = 64 << 20

    /// The bytes of a regular file, or why it cannot be read. The type is checked before the
    /// file is opened (a FIFO or a device would block `open` or `read` forever), the open is
    /// non-blocking, and the opened file is checked again to be the same regular file.
    public static func read(_ path: String) -> Result<[UInt8], FileIOError> {
        let fd: Int32
        switch openRegular(path, limit: maxFileSize) {
        case .success(let f): fd = f
        case .failure(let e): return .failure(e)
        }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else { return .failure(FileIOError(path: path, errno: errno)) }
        // Read into uninitialised room: zeroing it first cost as much as the read.
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: Int(opened.st_size)) { room, count in
            var got = 0
            while got < room.count, let base = room.baseAddress {
                let n = Glibc.read(fd, base + got, room.count - got)
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                got += n
            }
            count = got
        }
        if failure != 0 { return .failure(FileIOError(path: path, errno: failure)) }
        return .success(out)
    }

    /// A descriptor for a regular file (checked as `read` does), for reading it in pieces;
    /// `limit` refuses larger files. The caller closes it.
    public static func openRegular(_ path: String, limit: Int = .max) -> Result<Int32, FileIOError> {
        var st = stat()
        guard stat(path, &st) == 0 else { return .failure(FileIOError(path: path, errno: errno)) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            return .failure(FileIOError(message: "\(path) is \(kind(st.st_mode)), not a regular file"))
        }
        guard Int(st.st_size) <= limit else {
            return .failure(FileIOError(message: "\(path) is \(Int(st.st_size) >> 20) MiB, over the \(limit >> 20) MiB limit"))
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(FileIOError(path: path, errno: errno)) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, (opened.st_mode & S_IFMT) == S_IFREG,
              opened.st_ino == st.st_ino, opened.st_dev == st.st_dev else {
            close(fd)
            return .failure(FileIOError(message: "\(path) changed while it was being opened"))
        }
        guard Int(opened.st_size) <= limit else {
            close(fd)
            return .failure(FileIOError(message: "\(path) is over the \(limit >> 20) MiB limit"))
        }
        return .success(fd)
    }

    public static func readBytes(_ path: String) -> [UInt8]? { try? read(path).get() }

    /// What a non-regular file is, for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "a special file"
        }
    }

    /// Reads UTF-8 text; invalid bytes become U+FFFD. Nil when unreadable.
    public static func readText(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// What identifies a file's content cheaply: modification time, size and inode (nil when
    /// there is nothing at the path). A rewrite, `sed -i` or `git pull` changes at least one.
    public struct Stamp: Equatable, Sendable {
        var seconds: Int, nanoseconds: Int, size: Int, inode: UInt64
    }

    public static func stamp(_ path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Stamp(seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec), size: Int(st.st_size), inode: UInt64(st.st_ino))
    }

    /// Whether there is anything at `path`, a dangling symbolic link included.
    public static func existsOrDangles(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The owner of a folder when it is neither the current user nor root; nil otherwise
    /// (and when the folder cannot be stat'ed).
    public static func foreignOwner(_ dir: String) -> uid_t? {
        var st = stat()
        guard stat(dir, &st) == 0 else { return nil }
        return st.st_uid == 0 || st.st_uid == geteuid() ? nil : st.st_uid
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }

    /// The last component of a path (`b` of `/a/b`, `/a/b/`).
    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return p == "/" ? "/" : String(p[p.index(after: slash)...])
    }

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
        // Over the bytes in place: String's iterator checks its representation at every byte,
        // and every document's path is checked.
        var path = path
        return path.withUTF8 { u in
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
    }

    /// The folder a path is in (`/a/b` → `/a`, `/a` → `/`).
    public static func parent(_ path: String) -> String {
        // Over the bytes in place (the `utf8` view's iterator cost three instructions a byte more).
        var path = path
        return path.withUTF8 { u in
            guard let i = u.lastIndex(of: 0x2F) else { return "." }
            return i == 0 ? "/" : String(decoding: UnsafeBufferPointer(rebasing: u[..<i]), as: UTF8.self)
        }
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
            suffix.append(lastComponent(p))
            p = parent(p)
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
        // On the bytes, as the file system compares names: `hasPrefix` and `dropFirst(count)`
        // went character by character (4.4 k instructions a path in a batch's collection).
        var bytes = path, root = root
        let inside: String? = bytes.withUTF8 { p in
            root.withUTF8 { r in
                let slash = UInt8(ascii: "/")
                let cut = r.last == slash ? r.count : r.count + 1
                guard p.count >= cut, p.starts(with: r), r.last == slash || p[r.count] == slash else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: p[cut...]), as: UTF8.self)
            }
        }
        return inside ?? path
    }

    /// What a walk found, and what it could not look into (each said, never skipped silently).
    public struct WalkResult: Sendable {
        public var files: [String] = []
        public var problems: [String] = []
    }

    /// Regular files below `dir`, sorted, following directory symlinks once (loops survive).
    /// Iterative, so depth is bounded only by PATH_MAX; a folder that cannot be opened, and a
    /// walk cut short at `maxFiles`, are reported in `problems`.
    public static func walk(_ dir: String, maxFiles: Int) -> WalkResult {
        var result = WalkResult()
        var seen: Set<String> = []
        struct Frame { var dir: String; var entries: [(name: String, type: UInt8)]; var next = 0 }
        func open(_ d: String) -> Frame? {
            guard seen.insert(realPath(d)).inserted else { return nil }
            guard let handle = opendir(d) else {
                result.problems.append("\(d): cannot open the folder (\(String(cString: strerror(errno)))); its files were not checked")
                return nil
            }
            // readdir's d_type saves a stat per entry; links and unknown types are stat'ed.
            var entries: [(name: String, type: UInt8)] = []
            while let e = readdir(handle) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { raw in String(cString: raw.bindMemory(to: CChar.self).baseAddress!) }
                if name.hasPrefix(".") { continue }
                entries.append((name, e.pointee.d_type))
            }
            closedir(handle)
            entries.sort { $0.name < $1.name }
            return Frame(dir: d, entries: entries)
        }
        var stack: [Frame] = open(normalize(dir)).map { [$0] } ?? []
        while !stack.isEmpty {
            let top = stack.count - 1
            guard stack[top].next < stack[top].entries.count else { stack.removeLast(); continue }
            let (name, type) = stack[top].entries[stack[top].next]
            stack[top].next += 1
            let d = stack[top].dir
            let p = d == "/" ? "/" + name : d + "/" + name
            var isDir = type == UInt8(DT_DIR), isFile = type == UInt8(DT_REG)
            if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
                var st = stat()
                guard stat(p, &st) == 0 else { continue }
                isDir = (st.st_mode & S_IFMT) == S_IFDIR
                isFile = (st.st_mode & S_IFMT) == S_IFREG
            }
            if isDir {
                if let f = open(p) { stack.append(f) }
            } else if isFile {
                if result.files.count >= maxFiles {
                    result.problems.append("\(normalize(dir)): more than \(maxFiles) files; the walk stopped there")
                    return result
                }
                result.files.append(p)
            }
        }
        return result
    }

    /// `mkdir -p`, with errors that name the folder and the reason (not a raw NSError).
    public static func makeDirectories(_ dir: String) throws {
        var st = stat()
        if stat(dir, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw FileIOError(message: "cannot create the folder \(dir): something that is not a folder is already there")
        }
        let up = parent(dir)
        if up != dir && up != "." && !up.isEmpty { try makeDirectories(up) }
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw FileIOError(message: "cannot create the folder \(dir): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes through a temporary file and rename, so readers never see half a file.
    /// Refuses to replace an existing file unless `overwrite`.
    public static func writeAtomically(_ path: String, _ data: [UInt8], overwrite: Bool = false) throws {
        try writeAtomically(path, overwrite: overwrite) { write in try write(data[...]) }
    }

    /// The same, with the content given in pieces: `body` calls `write` with each, so a large
    /// output (a records export is tens of megabytes) is never gathered in memory. Nothing
    /// appears at `path` unless `body` returns.
    public static func writeAtomically(_ path: String, overwrite: Bool = false,
                                       _ body: ((ArraySlice<UInt8>) throws -> Void) throws -> Void) throws {
        if !overwrite && exists(path) { throw FileIOError(message: "\(path) already exists; not overwriting it") }
        let dir = path.contains("/") ? parent(path) : ""
        try makeDirectories(dir.isEmpty ? "." : dir)
        let tmp = "\(dir.isEmpty ? "." : dir)/.\(lastComponent(path)).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIOError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        do {
            try body { data in
                guard writeAll(fd, data) else { throw FileIOError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
            }
        } catch { close(fd); unlink(tmp); throw error }
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

    /// write(2) until all of `data` is written, retrying on EINTR; false on an error (errno says which).
    public static func writeAll(_ fd: Int32, _ data: ArraySlice<UInt8>) -> Bool {
        data.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = write(fd, p.baseAddress! + off, p.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return true
        }
    }
}

public struct FileIOError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
    init(path: String, errno e: Int32) {
        switch e {
        case ENOENT: message = "\(path): no such file"
        case EACCES, EPERM: message = "\(path): permission denied"
        default: message = "\(path): \(String(cString: strerror(e)))"
        }
    }
}

/// Glob patterns over relative paths: `*` (within a segment), `**` (any segments), `?`.
///
/// Both levels use the greedy wildcard match with one backtrack point (the last star seen):
/// a star never needs more than that, so a match costs O(pattern × path) at worst, never
/// the exponential time of naive recursion (`*a*a*a…*b` against a long name).
public enum Glob {
    public static func isPattern(_ s: String) -> Bool { s.contains("*") || s.contains("?") }

    public static func matches(_ pattern: String, _ path: String) -> Bool { Pattern(pattern).matches(path) }

    /// A pattern split into segments once, for matching many paths (a folder walk). Matching
    /// reads the path's UTF-8 in place: splitting each path into arrays of scalars cost more
    /// than checking the document it names.
    public struct Pattern: Sendable {
        public let text: String
        let segments: [[UInt8]]

        public init(_ pattern: String) {
            text = pattern
            var p: [[UInt8]] = []
            for seg in pattern.split(separator: "/") {
                // `**/**` means the same as `**`.
                if seg == "**", p.last == Pattern.globstar { continue }
                p.append(Array(seg.utf8))
            }
            segments = p
        }
        static let globstar: [UInt8] = [0x2A, 0x2A]

        public func matches(_ path: String) -> Bool {
            var path = path
            return path.withUTF8 { b in
                // The path's segments (empty ones dropped, as `split` does), as byte ranges.
                var parts: [Range<Int>] = []
                var start = 0
                for i in 0...b.count where i == b.count || b[i] == 0x2F {
                    if i > start { parts.append(start..<i) }
                    start = i + 1
                }
                return Glob.wildcard(segments, parts, isStar: { $0 == Pattern.globstar }, matchOne: { Glob.segment($0, b, $1) })
            }
        }
    }

    /// One segment against one path segment: `*` any run of characters, `?` one character
    /// (a whole UTF-8 sequence), anything else itself. Positions stay on character starts.
    static func segment(_ p: [UInt8], _ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        func step(_ i: Int) -> Int { min(r.upperBound, i + SourceText.scalarLength(b[i])) }
        var pi = 0, si = r.lowerBound
        var star = -1, resume = 0
        while si < r.upperBound {
            if pi < p.count && p[pi] == 0x2A {
                star = pi; resume = si; pi += 1
            } else if pi < p.count && p[pi] == 0x3F {
                pi += 1; si = step(si)
            } else if pi < p.count && p[pi] == b[si] {
                pi += 1; si += 1
            } else if star >= 0 {
                pi = star + 1; resume = step(resume); si = resume
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == 0x2A { pi += 1 }
        return pi == p.count
    }

    /// Matches `s` against `p`, where a star element matches any run of elements.
    static func wildcard<P, S>(_ p: [P], _ s: [S], isStar: (P) -> Bool, matchOne: (P, S) -> Bool) -> Bool {
        var pi = 0, si = 0
        var star = -1, resume = 0
        while si < s.count {
            if pi < p.count && isStar(p[pi]) {
                star = pi; resume = si; pi += 1
            } else if pi < p.count && matchOne(p[pi], s[si]) {
                pi += 1; si += 1
            } else if star >= 0 {
                pi = star + 1; resume += 1; si = resume
            } else {
                return false
            }
        }
        while pi < p.count && isStar(p[pi]) { pi += 1 }
        return pi == p.count
    }
}
