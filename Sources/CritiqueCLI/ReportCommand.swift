import CritiqueCore
import CritiqueWorkspace
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// `critique report PATH… [-o FILE] [--format html|json|markdown] [--gold DIR] [--fail-on-gold]`:
/// the reviewer's view of a batch — agreement (Krippendorff's α with bootstrap intervals), gold
/// checks, copy-paste — from the same analysis as `critique check`.
enum ReportCommand {
    enum Format: String, CaseIterable { case html, json, markdown }

    struct Options {
        var batch = BatchOptions()
        var format: Format?
        var gold: String?
        var failOnGold = false
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var a = Arguments(args, command: "report")
        while let arg = a.next() {
            switch arg {
            case "--format", "-f": o.format = try a.choice(arg, Format.self)
            case "--gold": o.gold = try a.value(arg)
            case "--fail-on-gold": o.failOnGold = true
            case "--help", "-h": throw CheckCommand.HelpRequested()
            default: try o.batch.take(arg, from: &a)
            }
        }
        return o
    }

    static func run(_ args: [String]) throws -> Int32 {
        let o: Options
        do { o = try parse(args) } catch is CheckCommand.HelpRequested { Out.write(Help.report); return 0 }
        let format = o.format ?? o.batch.output.map { p -> Format in
            p.hasSuffix(".json") ? .json : (p.hasSuffix(".md") || p.hasSuffix(".markdown")) ? .markdown : .html
        } ?? .markdown
        try Batch.refuseExisting(o.batch.output, force: o.batch.force)
        if let g = o.gold, !FileIO.isDirectory(g) { throw CLI.UsageError(message: "--gold \(g) is not a folder; it should hold reference critiques, one per task.") }
        let start = DispatchTime.now()
        let ws = try Batch.workspace(config: o.batch.config)
        var (inputs, ioErrors, notes) = Batch.collect(o.batch.paths, ws: ws, shard: nil)
        let goldInputs = o.gold.map { Batch.collect([$0], ws: ws, shard: nil) }
        if let g = o.gold {
            // Gold critiques are references, not part of the batch, even inside a folder it names.
            let goldRoot = FileIO.normalize(g) + "/"
            inputs.removeAll { if case .file(let path, _) = $0 { return path.hasPrefix(goldRoot) }; return false }
        }
        if Batch.stopsOnConfigErrors(inputs + (goldInputs?.inputs ?? []), ws: ws) { return 2 }
        let failOn = o.batch.failOn
        let progress = Out.stderrIsTTY && inputs.count > 200
        let docs = Batch.map(inputs, ws: ws, progress: progress, errors: &ioErrors) { text, path, shown in
            document(text, path: path, shown: shown, ws: ws, failOn: failOn)
        }.compactMap { $0 }
        var goldRecords: [CritiqueRecord] = []
        if let goldInputs {
            ioErrors += goldInputs.ioErrors
            let gold = Batch.map(goldInputs.inputs, ws: ws, progress: false, errors: &ioErrors) { text, path, shown in
                document(text, path: path, shown: shown, ws: ws, failOn: failOn)
            }.compactMap { $0 }
            for d in gold where d.failing { notes.append("the gold critique \(d.path) fails the check (\(d.firstError ?? "")); it is used as it is") }
            goldRecords = gold.compactMap(\.record)
            if goldInputs.inputs.isEmpty { notes.append("the gold folder \(o.gold!) holds no *.critique.md files") }
        }
        for e in ioErrors { Out.err("critique: \(Inert.line(e))\n") }
        if !ioErrors.isEmpty { return 2 }
        if inputs.isEmpty {
            Out.err("critique: no *.critique.md files found, so there is nothing to report. Check the paths and the include globs.\n")
            return 2
        }
        // Settings come from the configuration of the first document (a batch has one).
        var settings = inputs.first.flatMap { input -> BatchReport.Settings? in
            guard case .file(let path, _) = input else { return nil }
            return ws.config(for: FileIO.parent(path))?.file.report
        } ?? BatchReport.Settings()
        settings.includeFailing = o.batch.includeFailing
        let report = BatchReport.build(docs, gold: goldRecords, settings: settings) { n, body in DispatchQueue.concurrentPerform(iterations: n, execute: body) }
        if !report.unmatchedGold.isEmpty {
            notes.append("gold tasks that match no critique in the batch: \(report.unmatchedGold.joined(separator: ", "))")
        }
        let title = "critique report: " + (o.batch.paths.isEmpty ? "." : o.batch.paths.joined(separator: ", "))
        let page: String
        switch format {
        case .json: page = report.json().render() + "\n"
        case .html: page = ReportPages.html(report, title: title)
        case .markdown: page = ReportPages.markdown(report, title: title)
        }
        if let path = o.batch.output {
            do { try FileIO.writeAtomically(path, Array(page.utf8), overwrite: o.batch.force) }
            catch { Out.err("critique: \(Inert.line("\(error)"))\n"); return 2 }
        } else {
            Out.write(format == .json ? Inert.json(page) : page)
        }
        for n in notes + ws.notes { Out.err("critique: warning: \(Inert.line(n))\n") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let failing = report.failing.count + report.unusable.count
        Out.err("report on \(docs.count) critique\(docs.count == 1 ? "" : "s") in \(report.groups.count) rubric group\(report.groups.count == 1 ? "" : "s")"
                + (failing > 0 ? "; \(failing) fail the check\(o.batch.includeFailing ? "" : " (their scores are left out of α)")" : "")
                + " (\(RunSummary.duration(seconds)))" + (o.batch.output.map { " → \(Inert.line($0))" } ?? "") + "\n")
        if o.failOnGold && !report.goldFailures.isEmpty {
            Out.err("critique: below the gold thresholds: \(Inert.line(report.goldFailures.joined(separator: ", ")))\n")
            return 1
        }
        return 0
    }

    static func document(_ text: SourceText, path: String, shown: String, ws: Workspace, failOn: Severity?) -> BatchReport.Document {
        let (analysis, ctx) = ws.analyze(path: path, source: text, fixes: false)
        let level = failOn ?? ctx.config?.file.failOn ?? .error
        let first = Batch.firstFailing(analysis.findings, in: text, shown: shown, level: level)
        let findings = analysis.findings.map(\.rule)
        return BatchReport.Document(path: shown, record: CritiqueRecord(analysis, path: shown), failing: first != nil, findings: findings, firstError: first)
    }
}
