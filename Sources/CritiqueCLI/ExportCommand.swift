import CritiqueCore
import CritiqueWorkspace
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `critique export PATH… --to FORMAT [-o FILE] [--include-failing] [--force]`: training
/// records (JSONL) from the critiques that pass the check. Critiques that fail are listed on
/// stderr with their first error; records a format cannot hold (a tie as a preference pair)
/// are counted by reason. A format that cannot express the batch at all is exit 2, and
/// nothing is written.
enum ExportCommand {
    struct Options {
        var batch = BatchOptions()
        var format: ExportFormat?
    }

    /// One document's outcome, computed on any core.
    struct Item: Sendable {
        var shown: String
        /// The rubric's mode; nil when the document has no usable rubric.
        var mode: Rubric.Mode?
        var settings: ExportSettings
        /// `path:line:col: message [rule]` of the first finding at the failing level.
        var firstError: String?
        /// The lines in the chosen format (made on the worker's core), or why there are none.
        var outcome: ExportOutcome?
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var a = Arguments(args, command: "export")
        while let arg = a.next() {
            switch arg {
            case "--to", "-t": o.format = try a.choice(arg, ExportFormat.self)
            case "--help", "-h": throw CheckCommand.HelpRequested()
            default: try o.batch.take(arg, from: &a)
            }
        }
        return o
    }

    static func run(_ args: [String]) throws -> Int32 {
        let o: Options
        do { o = try parse(args) } catch is CheckCommand.HelpRequested { Out.write(Help.export); return 0 }
        guard let format = o.format else { throw CLI.UsageError(message: "say which format with --to (\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))." ) }
        try Batch.refuseExisting(o.batch.output, force: o.batch.force)
        let start = DispatchTime.now()
        let ws = try Batch.workspace(config: o.batch.config)
        var (inputs, ioErrors, notes) = Batch.collect(o.batch.paths, ws: ws, shard: nil)
        if Batch.stopsOnConfigErrors(inputs, ws: ws) { return 2 }
        let failOn = o.batch.failOn, includeFailing = o.batch.includeFailing
        let items = Batch.map(inputs, ws: ws, progress: Out.stderrIsTTY && inputs.count > 200, errors: &ioErrors) { text, path, shown in
            let (analysis, ctx) = ws.analyze(path: path, source: text, fixes: false)
            let first = Batch.firstFailing(analysis.findings, in: text, shown: shown, level: failOn ?? ctx.config?.file.failOn ?? .error)
            let settings = ctx.config?.file.export ?? ExportSettings()
            // A record is made only for a critique that is exported.
            let record = first == nil || includeFailing ? CritiqueRecord(analysis, path: shown) : nil
            return Item(shown: shown, mode: analysis.rubric.rubric?.mode, settings: settings, firstError: first,
                        outcome: record.map { Exporter.export($0, as: format, settings: settings) })
        }.compactMap { $0 }
        for e in ioErrors { Out.err("critique: \(Inert.line(e))\n") }
        for n in notes + ws.notes { Out.err("critique: warning: \(Inert.line(n))\n") }
        if !ioErrors.isEmpty { return 2 }
        if inputs.isEmpty {
            Out.err("critique: no *.critique.md files found, so nothing was exported. Check the paths and the include globs.\n")
            return 2
        }

        // A format that cannot express the batch stops the run before anything is written.
        var unsupported: [String] = []
        for item in items {
            guard let mode = item.mode, let why = Exporter.unsupported(format, mode: mode, settings: item.settings) else { continue }
            if !unsupported.contains(why) { unsupported.append(why) }
        }
        if !unsupported.isEmpty {
            for why in unsupported { Out.err("critique: cannot export as \(format.rawValue): \(Inert.line(why)).\n") }
            return 2
        }

        var lines = 0, exported = 0
        var failing: [(String, String)] = []
        var skipped: [String: Int] = [:]
        var chosen: [[[UInt8]]] = []
        for item in items {
            if let e = item.firstError, !o.batch.includeFailing { failing.append((item.shown, e)); continue }
            guard let outcome = item.outcome else { skipped["no usable rubric", default: 0] += 1; continue }
            switch outcome {
            case .lines(let ls):
                exported += 1; lines += ls.count
                chosen.append(ls)
            case .skipped(let why): skipped[why, default: 0] += 1
            }
        }
        // Written a megabyte at a time: a records export of a large batch is tens of
        // megabytes, and gathering it in one buffer first copied it all on the one thread
        // that writes (and doubled the peak memory).
        func emit(_ write: (ArraySlice<UInt8>) throws -> Void) throws {
            let piece = 1 << 20
            var buffer: [UInt8] = []
            buffer.reserveCapacity(piece)
            for ls in chosen {
                for l in ls {
                    if buffer.count + l.count >= piece, !buffer.isEmpty { try write(buffer[...]); buffer.removeAll(keepingCapacity: true) }
                    if l.count >= piece { try write(l[...]); try write([0x0A][...]); continue }
                    buffer += l; buffer.append(0x0A)
                }
            }
            if !buffer.isEmpty { try write(buffer[...]) }
        }
        if let path = o.batch.output {
            do { try FileIO.writeAtomically(path, overwrite: o.batch.force, emit) }
            catch { Out.err("critique: \(Inert.line("\(error)"))\n"); return 2 }
        } else {
            // A closed stdout (`| head`) ends the writing; SIGPIPE is ignored.
            try? emit { guard FileIO.writeAll(1, $0) else { throw FileIOError(message: "stdout closed") } }
        }
        for (shown, e) in failing { Out.err("critique: skipped \(Inert.line(shown)): fails the check: \(Inert.line(e))\n") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var summary = "exported \(lines) \(format.rawValue) line\(lines == 1 ? "" : "s") from \(exported) of \(items.count) critique\(items.count == 1 ? "" : "s")"
        var reasons = failing.isEmpty ? [] : ["\(failing.count) fail\(failing.count == 1 ? "s" : "") the check (--include-failing exports them)"]
        reasons += skipped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value): \($0.key)" }
        if !reasons.isEmpty { summary += "; skipped " + reasons.joined(separator: "; ") }
        Out.err(Inert.line(summary) + " (\(RunSummary.duration(seconds)))" + (o.batch.output.map { " → \(Inert.line($0))" } ?? "") + "\n")
        return exported == 0 ? 1 : 0
    }
}
