import CritiqueCore

/// The two pages of `critique report`: a self-contained HTML page for reviewers and a compact
/// GitHub-flavoured Markdown summary for a pull-request comment or a job summary. Both render
/// a `BatchReport` and nothing else; every piece of text from it (file names, annotator ids,
/// task ids, criterion titles, messages) is untrusted and passes through `Inert`.
///
/// The HTML page makes no network request and runs no script: inline CSS, inline SVG charts,
/// light and dark colours, a layout that fits a phone (wide tables scroll inside their own box),
/// and print styles. It is well-formed XML as well as HTML (every tag closed, attribute values
/// quoted, only the entities `&amp; &lt; &gt; &quot; &#39;`), so tests can parse it.
enum ReportPages {
    /// One self-contained HTML page.
    static func html(_ r: BatchReport, title: String) -> String {
        HTMLReport(r).render(title: title)
    }

    /// GitHub-flavoured Markdown for a pull-request comment or a job summary ($GITHUB_STEP_SUMMARY).
    static func markdown(_ r: BatchReport, title: String) -> String {
        MarkdownReport(r).render(title: title)
    }

    /// Krippendorff's (2004) rule of thumb, as shown on both pages.
    static let ruleOfThumb = "α ≥ 0.8 reliable; 0.667–0.8 tentative; below 0.667 unreliable (Krippendorff 2004)"
}

// MARK: - Numbers

/// How the pages write numbers: α to three decimals, shares as percentages, never "nan".
enum ReportNumber {
    /// Fixed decimals; `minus` is the sign written for negative values.
    static func decimal(_ v: Double, _ digits: Int, minus: String = "-") -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "—" }
        let s = fixed(v, digits: digits)
        return s.hasPrefix("-") ? minus + s.dropFirst() : s
    }

    /// α to three decimals; nil or not finite is "not measurable".
    static func alpha(_ a: Double?, minus: String = "-") -> String {
        guard let a, a.isFinite else { return "not measurable" }
        return decimal(a, 3, minus: minus)
    }

    /// A share (0–1) as a percentage: whole numbers, except that a share just above 0 or just
    /// below 1 keeps a decimal, so nothing reads 0% or 100% that is not.
    static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "—" }
        let p = share * 100
        if p > 99 && p < 100 { return decimal((p * 10).rounded(.down) / 10, 1) + "%" }
        if p > 0 && p < 1 { return decimal(max(0.1, (p * 10).rounded(.up) / 10), 1) + "%" }
        return decimal(p, 0) + "%"
    }

    /// A signed difference: `+0.012`, `−0.034`, `0.000`.
    static func signed(_ v: Double?, _ digits: Int, minus: String = "-") -> String {
        guard let v, v.isFinite else { return "—" }
        let s = decimal(v, digits, minus: minus)
        return v > 0 && s.contains(where: { $0 != "0" && $0 != "." }) ? "+" + s : s
    }

    /// A confidence interval as `[low, high]`.
    static func interval(_ ci: (low: Double, high: Double)?, minus: String = "-") -> String {
        guard let ci, ci.low.isFinite, ci.high.isFinite else { return "—" }
        return "[" + decimal(ci.low, 3, minus: minus) + ", " + decimal(ci.high, 3, minus: minus) + "]"
    }

    /// Reliability in words by the rule of thumb.
    static func verdict(_ a: Double?) -> String {
        guard let a, a.isFinite else { return "not measurable" }
        return a >= 0.8 ? "reliable" : a >= 0.667 ? "tentative" : "unreliable"
    }

    /// At most `n` characters (grapheme clusters), with an ellipsis when cut.
    static func short(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(max(1, n - 1))) + "…"
    }

    /// A sort key that puts NaN last in a descending sort (a NaN breaks the ordering `sort` needs).
    static func rank(_ v: Double) -> Double { v.isNaN ? -.infinity : v }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        String(n) + " " + (n == 1 ? one : (many ?? one + "s"))
    }
}

// MARK: - HTML

private final class HTMLReport {
    let r: BatchReport
    var out = ""
    var counter = 0
    /// The minus sign of the HTML page (U+2212, which lines up with the digits).
    let minus = "\u{2212}"

    init(_ r: BatchReport) { self.r = r }

    /// Text from the model, made inert and escaped.
    func h(_ s: String) -> String { Inert.html(s) }
    /// A fresh element id (ids are ours, never from the data).
    func newID(_ prefix: String) -> String { counter += 1; return prefix + String(counter) }

    func alpha(_ a: Double?) -> String { ReportNumber.alpha(a, minus: minus) }
    func dec(_ v: Double, _ d: Int) -> String { ReportNumber.decimal(v, d, minus: minus) }
    func ci(_ c: (low: Double, high: Double)?) -> String { ReportNumber.interval(c, minus: minus) }
    func pct(_ s: Double?) -> String { ReportNumber.percent(s) }

    /// Untrusted text as code (paths, ids), isolated from the text around it.
    func code(_ s: String) -> String { s.isEmpty ? "<span class=\"muted\">—</span>" : "<code>" + h(s) + "</code>" }
    /// A path as code that may break after each `/` (a narrow column wraps it by folder, not
    /// one letter a line).
    func path(_ s: String) -> String {
        s.isEmpty ? code(s) : "<code>" + h(s).split(separator: "/", omittingEmptySubsequences: false).joined(separator: "/<wbr/>") + "</code>"
    }

    func render(title: String) -> String {
        let shownTitle = title.isEmpty ? "Critique report" : title
        out.reserveCapacity(64 * 1024)
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<meta name=\"color-scheme\" content=\"light dark\"/>\n"
        // Nothing may be fetched: even a stray URL in the data could not load.
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\"/>\n"
        out += "<meta name=\"generator\" content=\"critique " + h(CLI.version) + "\"/>\n"
        out += "<title>" + h(shownTitle) + "</title>\n<style>\n" + Self.css + "</style>\n</head>\n<body>\n<main>\n"
        header(title: shownTitle)
        batch()
        for (i, g) in r.groups.enumerated() { group(g, index: i + 1) }
        copyPaste()
        footer()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: header

    func header(title: String) {
        out += "<header>\n<h1>" + h(title) + "</h1>\n"
        var lede = [ReportNumber.plural(r.documents, "document"), ReportNumber.plural(r.groups.count, "rubric group")]
        lede.append(String(r.failing.count) + " failing")
        if !r.unusable.isEmpty { lede.append(String(r.unusable.count) + " without a usable rubric") }
        out += "<p class=\"lede\">" + lede.joined(separator: " · ") + "</p>\n"

        out += "<dl class=\"stats\">\n"
        stat("Documents", String(r.documents))
        stat("Rubric groups", String(r.groups.count))
        // A document without a usable rubric may be listed as failing too: count it once.
        let notPassing = Set(r.failing.map(\.path) + r.unusable.map(\.path)).count
        let passing = r.documents - notPassing
        stat("Pass the check", r.documents > 0 ? pct(Double(max(0, passing)) / Double(r.documents)) : "—", bad: notPassing > 0)
        let criteria = r.groups.flatMap(\.criteria)
        let unreliable = criteria.filter(\.flagged).count
        stat("Criteria below 0.667", String(unreliable) + " of " + String(criteria.count), bad: unreliable > 0)
        stat("Below gold", String(r.goldFailures.count), bad: !r.goldFailures.isEmpty)
        stat("Near-duplicate clusters", String(r.duplicates.count), bad: !r.duplicates.isEmpty)
        out += "</dl>\n"

        // What needs a reviewer's attention, in words.
        var attention: [String] = []
        if !r.failing.isEmpty {
            attention.append("<a href=\"#batch\">" + ReportNumber.plural(r.failing.count, "document") + "</a> " + (r.failing.count == 1 ? "fails" : "fail") + " the check.")
        }
        if !r.unusable.isEmpty {
            attention.append("<a href=\"#batch\">" + ReportNumber.plural(r.unusable.count, "document") + "</a> " + (r.unusable.count == 1 ? "has no usable rubric and is" : "have no usable rubric and are") + " not measured.")
        }
        for (i, g) in r.groups.enumerated() {
            let flagged = g.criteria.filter(\.flagged)
            if !flagged.isEmpty {
                attention.append("<a href=\"#g\(i + 1)-criteria\">" + ReportNumber.plural(flagged.count, "criterion", "criteria") + "</a> of " + code(g.rubric) + " below α 0.667: "
                                 + flagged.prefix(6).map { code($0.criterion) }.joined(separator: ", ") + (flagged.count > 6 ? ", …" : "") + ".")
            }
            let failed = g.gold.filter { !$0.failures.isEmpty }
            if !failed.isEmpty {
                attention.append("<a href=\"#g\(i + 1)-gold\">" + ReportNumber.plural(failed.count, "annotator") + "</a> of " + code(g.rubric) + " below the gold thresholds: "
                                 + failed.prefix(6).map { code($0.annotator) }.joined(separator: ", ") + (failed.count > 6 ? ", …" : "") + ".")
            }
        }
        if !r.duplicates.isEmpty {
            attention.append("<a href=\"#copy\">" + ReportNumber.plural(r.duplicates.count, "cluster") + "</a> of near-duplicate justifications.")
        }
        if !r.unmatchedGold.isEmpty {
            attention.append("<a href=\"#batch\">" + ReportNumber.plural(r.unmatchedGold.count, "gold task") + "</a> " + (r.unmatchedGold.count == 1 ? "matches" : "match") + " no document.")
        }
        if !attention.isEmpty {
            out += "<section class=\"attention\" aria-label=\"Needs attention\">\n<p><strong>Needs attention</strong></p>\n<ul>\n"
            for a in attention { out += "<li>" + a + "</li>\n" }
            out += "</ul>\n</section>\n"
        }

        out += "<nav aria-label=\"Contents\">\n<ul>\n<li><a href=\"#batch\">The batch</a></li>\n"
        for (i, g) in r.groups.enumerated() { out += "<li><a href=\"#g\(i + 1)\">Rubric " + code(g.rubric) + "</a></li>\n" }
        out += "<li><a href=\"#copy\">Copy-paste</a></li>\n<li><a href=\"#reading\">How to read this report</a></li>\n</ul>\n</nav>\n</header>\n"
    }

    func stat(_ label: String, _ value: String, bad: Bool = false) {
        out += "<div" + (bad ? " class=\"bad\"" : "") + "><dt>" + label + "</dt><dd>" + value + "</dd></div>\n"
    }

    // MARK: the batch

    func batch() {
        out += "<section aria-labelledby=\"batch\">\n<h2 id=\"batch\">The batch</h2>\n"
        if !r.notes.isEmpty {
            out += "<div class=\"notes\" role=\"note\">\n<p><strong>Notes</strong></p>\n<ul>\n"
            for n in r.notes { out += "<li>" + h(n) + "</li>\n" }
            out += "</ul>\n</div>\n"
        }
        if r.documents == 0 {
            out += "<p>The batch has no documents.</p>\n"
        } else if r.failing.isEmpty && r.unusable.isEmpty {
            out += "<p>Every document passes the check and has a usable rubric.</p>\n"
        }
        if r.groups.isEmpty && r.documents > 0 {
            out += "<p>No document had a usable rubric, so there is nothing to measure.</p>\n"
        }
        if !r.failing.isEmpty {
            out += "<h3>Documents that fail the check</h3>\n"
            documentTable(r.failing, caption: ReportNumber.plural(r.failing.count, "failing document") + ", with the first error of each", errorHeader: "First error")
        }
        if !r.unusable.isEmpty {
            out += "<h3>Documents without a usable rubric</h3>\n<p>These are counted but measure nothing.</p>\n"
            documentTable(r.unusable, caption: ReportNumber.plural(r.unusable.count, "document") + " without a usable rubric", errorHeader: "Why")
        }
        if !r.unmatchedGold.isEmpty {
            out += "<h3>Gold tasks without a document</h3>\n<p>No document in the batch is on these gold tasks, so they were not compared.</p>\n<ul class=\"chips\">\n"
            for t in r.unmatchedGold { out += "<li>" + code(t) + "</li>\n" }
            out += "</ul>\n"
        }
        out += "</section>\n"
    }

    func documentTable(_ rows: [(path: String, error: String)], caption: String, errorHeader: String) {
        // A long list is folded (no script needed); a short one is shown open.
        let fold = rows.count > 15
        if fold { out += "<details>\n<summary>Show all " + String(rows.count) + "</summary>\n" }
        tableStart(caption: caption, columns: [("Document", false), (errorHeader, false)])
        for row in rows {
            out += "<tr><th scope=\"row\" class=\"path\">" + path(row.path) + "</th><td class=\"msg\">" + path(row.error) + "</td></tr>\n"
        }
        tableEnd()
        if fold { out += "</details>\n" }
    }

    // MARK: tables

    /// Opens a scrollable box and a table with a caption and column headers (name, numeric).
    func tableStart(caption: String, columns: [(String, Bool)], className: String = "") {
        out += "<div class=\"scroll" + (className == "matrix" ? " fit" : "") + "\" role=\"region\" tabindex=\"0\" aria-label=\"" + h(caption) + "\">\n"
        out += "<table" + (className.isEmpty ? "" : " class=\"" + className + "\"") + ">\n<caption><span class=\"cap\">" + h(caption) + "</span></caption>\n<thead><tr>"
        for (name, numeric) in columns {
            out += "<th scope=\"col\"" + (numeric ? " class=\"num\"" : "") + ">" + name + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
    }

    func tableEnd() { out += "</tbody>\n</table>\n</div>\n" }

    func num(_ s: String, _ extra: String = "") -> String {
        "<td class=\"num" + (extra.isEmpty ? "" : " " + extra) + "\">" + s + "</td>"
    }

    // MARK: a group

    func group(_ g: BatchReport.Group, index: Int) {
        let gid = "g" + String(index)
        out += "<section aria-labelledby=\"\(gid)\">\n<h2 id=\"\(gid)\">Rubric " + code(g.rubric) + "</h2>\n"
        if g.versions.count > 1 {
            out += "<p class=\"warn-text\">Versions mixed in this group: " + g.versions.map(code).joined(separator: ", ") + ".</p>\n"
        } else if let v = g.versions.first {
            out += "<p class=\"muted\">Version " + code(v) + "</p>\n"
        }
        out += "<dl class=\"stats\">\n"
        stat("Documents", String(g.documents))
        stat("Tasks", String(g.tasks))
        stat("Annotators", String(g.annotators))
        stat("Pass rate", pct(g.passRate), bad: g.passRate < 1)
        out += "</dl>\n"

        findings(g, gid: gid)
        criteria(g, gid: gid)
        preference(g)
        annotators(g)
        matrix(g)
        disagreements(g)
        gold(g, gid: gid)
        out += "</section>\n"
    }

    func findings(_ g: BatchReport.Group, gid: String) {
        out += "<h3>Findings by rule</h3>\n"
        let rows = g.findingsByRule.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
        guard !rows.isEmpty else { out += "<p>No findings.</p>\n"; return }
        let total = rows.reduce(0) { $0 + max(0, $1.count) }
        out += "<div class=\"pair\">\n<div>\n"
        tableStart(caption: "Findings by rule (" + String(total) + " in all)", columns: [("Rule", false), ("Findings", true), ("Per document", true)])
        for row in rows {
            let per = g.documents > 0 ? dec(Double(row.count) / Double(g.documents), 2) : "—"
            out += "<tr><th scope=\"row\">" + code(row.rule) + "</th>" + num(String(row.count)) + num(per) + "</tr>\n"
        }
        tableEnd()
        out += "</div>\n"
        barChart(rows.prefix(12).map { ($0.rule, $0.count) }, title: "Findings by rule" + (rows.count > 12 ? ", the 12 most frequent" : ""))
        out += "</div>\n"
    }

    func criteria(_ g: BatchReport.Group, gid: String) {
        out += "<h3 id=\"\(gid)-criteria\">Criteria reliability</h3>\n"
        out += "<p>Krippendorff’s α: 1 is perfect agreement between annotators, 0 is what chance would give. Rule of thumb: "
            + "<strong>α ≥ 0.8 reliable; 0.667–0.8 tentative; below 0.667 unreliable</strong> (Krippendorff 2004). "
            + "The interval is a 95% bootstrap interval over tasks; units are the tasks that two or more critiques scored.</p>\n"
        guard !g.criteria.isEmpty else { out += "<p>No criterion to measure.</p>\n"; return }
        alphaChart(g.criteria, title: "Krippendorff’s α by criterion, rubric " + g.rubric)
        tableStart(caption: "Reliability by criterion", columns: [("Criterion", false), ("Level", false), ("α", true), ("95% CI", true), ("Units", true), ("Verdict", false)])
        for c in g.criteria {
            let title = c.title.isEmpty || c.title == c.criterion ? "" : "<br/><span class=\"muted\">" + h(c.title) + "</span>"
            let badge: String
            if c.flagged {
                badge = "<span class=\"badge bad\">⚠ below 0.667</span>"
            } else if c.alpha == nil || !(c.alpha!.isFinite) {
                badge = "<span class=\"muted\">—</span>"
            } else {
                let v = ReportNumber.verdict(c.alpha)
                badge = "<span class=\"badge " + (v == "reliable" ? "good" : "warn") + "\">" + v + "</span>"
            }
            out += "<tr" + (c.flagged ? " class=\"flag\"" : "") + "><th scope=\"row\">" + code(c.criterion) + title + "</th><td>" + c.level.rawValue + "</td>"
                + num(alpha(c.alpha), c.alpha == nil ? "na" : "") + num(ci(c.ci)) + num(String(c.units)) + "<td>" + badge + "</td></tr>\n"
        }
        tableEnd()
    }

    func preference(_ g: BatchReport.Group) {
        guard let p = g.preference else { return }
        out += "<h3>Preference</h3>\n<dl class=\"facts\">\n"
        out += "<div><dt>Direction (nominal α)</dt><dd><span class=\"n\">" + alpha(p.alpha) + "</span>"
        if p.ci != nil { out += " <span class=\"muted\">95% CI " + ci(p.ci) + "</span>" }
        out += " <span class=\"muted\">on " + ReportNumber.plural(p.units, "task") + "</span>"
        if let a = p.alpha, a.isFinite { out += " — " + ReportNumber.verdict(a) }
        out += "</dd></div>\n"
        out += "<div><dt>Strength (ordinal α, −3 to 3)</dt><dd><span class=\"n\">" + alpha(p.strengthAlpha) + "</span></dd></div>\n"
        out += "<div><dt>Position bias</dt><dd>"
        if let b = p.positionBias, p.decided > 0 {
            out += "<span class=\"n\">" + pct(b) + "</span> of " + ReportNumber.plural(p.decided, "decided preference")
                + " went to the response shown first (" + code(p.firstShown) + "); 50% is no bias."
        } else if p.decided == 0 {
            out += "No decided preference (every one a tie), so no position bias to measure."
        } else {
            out += "Not measurable (" + ReportNumber.plural(p.decided, "decided preference") + ")."
        }
        out += "</dd></div>\n</dl>\n"
    }

    func annotators(_ g: BatchReport.Group) {
        out += "<h3>Annotators</h3>\n"
        guard !g.people.isEmpty else { out += "<p>No annotator named in the documents.</p>\n"; return }
        out += "<p class=\"muted\">Findings per document by rule area; the median number of words in a justification; the share of quotes found in the response they quote; "
            + "the mean score as a share of the scale, theirs and the batch’s, with their score distribution (bars) against the batch’s (lines) in five bins from 0–20% to 80–100%; "
            + "gold accuracy; and the leave-one-out Δα: the batch’s mean α without them minus with them, so <strong>positive means the batch agrees better without them</strong>.</p>\n"
        tableStart(caption: "Annotators of rubric " + g.rubric,
                   columns: [("Annotator", false), ("Docs", true), ("Failing", true), ("Findings / doc", false), ("Median words", true),
                             ("Quotes found", true), ("Mean score", true), ("Scores", false), ("Gold", true), ("Δα", true)],
                   className: "people")
        for a in g.people {
            let areas = a.findingsPerDocument.filter { $0.rate > 0 && $0.rate.isFinite }
            let findings = areas.isEmpty ? "<span class=\"muted\">none</span>"
                : "<ul class=\"areas\">" + areas.map { "<li>" + h($0.area.rawValue) + " <span class=\"n\">" + dec($0.rate, 2) + "</span></li>" }.joined() + "</ul>"
            var mean = pct(a.meanScore)
            if a.batchMeanScore != nil { mean += "<br/><span class=\"muted\">batch " + pct(a.batchMeanScore) + "</span>" }
            let delta = ReportNumber.signed(a.deltaAlpha, 3, minus: minus)
            let deltaClass = (a.deltaAlpha ?? 0) > 0.0005 ? "worse" : ""
            out += "<tr><th scope=\"row\">" + code(a.id) + "</th>" + num(String(a.documents)) + num(String(a.failing), a.failing > 0 ? "worse" : "")
                + "<td>" + findings + "</td>" + num(dec(a.medianWords, a.medianWords == a.medianWords.rounded() ? 0 : 1))
                + num(pct(a.quotesFound)) + num(mean) + "<td>" + histogram(a) + "</td>" + num(pct(a.goldAccuracy)) + num(delta, deltaClass) + "</tr>\n"
        }
        tableEnd()
    }

    func matrix(_ g: BatchReport.Group) {
        let m = g.matrix
        guard m.annotators.count > 1 else { return }
        out += "<h3>Agreement between annotators</h3>\n"
        out += "<p class=\"muted\">Each cell: the share of scores and preferences both annotators gave on the same task that are equal, and n, how many they both gave. "
            + "Blue: 0.667 or more, deeper for higher; orange: below 0.667, deeper for lower.</p>\n"
        tableStart(caption: "Exact agreement, annotator by annotator, rubric " + g.rubric,
                   columns: [("Annotator", false)] + m.annotators.map { ("<code>" + h(ReportNumber.short(Inert.line($0), 24)) + "</code>", true) },
                   className: "matrix")
        for (i, row) in m.annotators.enumerated() {
            out += "<tr><th scope=\"row\">" + code(row) + "</th>"
            for j in m.annotators.indices {
                let cell = i < m.cells.count && j < m.cells[i].count ? m.cells[i][j] : (agreement: nil, n: 0)
                if i == j { out += "<td class=\"num self\">—</td>"; continue }
                guard let a = cell.agreement, a.isFinite else {
                    out += "<td class=\"num\"><span class=\"muted\">none</span><br/><span class=\"n\">n=" + String(cell.n) + "</span></td>"
                    continue
                }
                out += "<td class=\"num heat\" style=\"background-color: " + heat(a) + "\">" + dec(a, 2) + "<br/><span class=\"n\">n=" + String(cell.n) + "</span></td>"
            }
            out += "</tr>\n"
        }
        tableEnd()
    }

    /// A translucent background that reads on light and dark pages alike.
    func heat(_ a: Double) -> String {
        let a = min(1, max(0, a))
        if a >= 0.667 {
            return "rgb(47 111 219 / " + dec(0.10 + 0.40 * (a - 0.667) / 0.333, 2) + ")"
        }
        return "rgb(230 120 30 / " + dec(0.15 + 0.40 * (0.667 - a) / 0.667, 2) + ")"
    }

    func disagreements(_ g: BatchReport.Group) {
        out += "<h3>Largest disagreements</h3>\n"
        guard !g.disagreements.isEmpty else { out += "<p>No task where annotators disagree.</p>\n"; return }
        let limit = 100
        let shown = g.disagreements.sorted { ReportNumber.rank($0.spread) > ReportNumber.rank($1.spread) }.prefix(limit)
        tableStart(caption: "Disagreements ranked by spread (share of the scale)" + (g.disagreements.count > limit ? ", the first \(limit) of \(g.disagreements.count)" : ""),
                   columns: [("#", true), ("Task", false), ("Criterion", false), ("Response", false), ("Spread", true), ("Who gave what, where", false)])
        for (i, d) in shown.enumerated() {
            let sides = "<ul class=\"sides\">" + d.sides.map { s in
                "<li>" + code(s.annotator) + " <strong class=\"n\">" + h(s.value) + "</strong> <span class=\"muted\">" + path(s.path + ":" + String(s.line)) + "</span></li>"
            }.joined() + "</ul>"
            out += "<tr>" + num(String(i + 1)) + "<th scope=\"row\">" + code(d.task) + "</th><td>" + code(d.criterion) + "</td><td>"
                + (d.response.map(code) ?? "<span class=\"muted\">—</span>") + "</td>" + num(pct(d.spread)) + "<td class=\"sides\">" + sides + "</td></tr>\n"
        }
        tableEnd()
    }

    func gold(_ g: BatchReport.Group, gid: String) {
        guard !g.gold.isEmpty else { return }
        out += "<h3 id=\"\(gid)-gold\">Gold</h3>\n"
        let failed = g.gold.filter { !$0.failures.isEmpty }.count
        out += "<p>" + (failed == 0 ? "Every annotator meets the gold thresholds." : ReportNumber.plural(failed, "annotator") + " below the gold thresholds, marked ✗.") + "</p>\n"
        tableStart(caption: "Gold results by annotator", columns: [("Annotator", false), ("Gold tasks", true), ("Preference agreement", true), ("n", true), ("Result", false)])
        for x in g.gold {
            let fail = !x.failures.isEmpty
            let result = fail ? "<span class=\"badge bad\">✗ " + x.failures.map(h).joined(separator: "; ") + "</span>" : "<span class=\"badge good\">✓ passes</span>"
            out += "<tr" + (fail ? " class=\"flag\"" : "") + "><th scope=\"row\">" + code(x.annotator) + "</th>" + num(String(x.tasks))
                + num(pct(x.preferenceAgreement)) + num(String(x.preferenceN)) + "<td class=\"result\">" + result + "</td></tr>\n"
        }
        tableEnd()
        let rows = g.gold.flatMap { x in x.criteria.map { (x, $0) } }
        guard !rows.isEmpty else { return }
        tableStart(caption: "Gold results by annotator and criterion", columns: [("Annotator", false), ("Criterion", false), ("Mean abs. deviation", true), ("Exact", true), ("n", true)])
        for (x, c) in rows {
            let fail = !x.failures.isEmpty
            out += "<tr" + (fail ? " class=\"flag\"" : "") + "><th scope=\"row\">" + code(x.annotator) + (fail ? " <span class=\"bad-text\">✗</span>" : "") + "</th><td>" + code(c.criterion) + "</td>"
                + num(c.meanAbsoluteDeviation.map { dec($0, 2) } ?? "—") + num(pct(c.exact)) + num(String(c.n)) + "</tr>\n"
        }
        tableEnd()
    }

    // MARK: copy-paste

    func copyPaste() {
        out += "<section aria-labelledby=\"copy\">\n<h2 id=\"copy\">Copy-paste</h2>\n"
        out += "<h3>Near-duplicate justifications</h3>\n"
        if r.duplicates.isEmpty {
            out += "<p>No near-duplicate justifications.</p>\n"
        } else {
            tableStart(caption: ReportNumber.plural(r.duplicates.count, "cluster") + " of near-duplicate justifications (Jaccard similarity)",
                       columns: [("Similarity", true), ("Kind", false), ("Documents", false), ("Annotators", false), ("Tasks", false)])
            for d in r.duplicates.sorted(by: { ReportNumber.rank($0.similarity) > ReportNumber.rank($1.similarity) }) {
                out += "<tr>" + num(dec(d.similarity, 2)) + "<th scope=\"row\" class=\"kind\">" + h(d.kind) + "</th><td class=\"path\">" + list(d.paths, paths: true) + "</td><td>"
                    + list(d.annotators) + "</td><td>" + list(d.tasks) + "</td></tr>\n"
            }
            tableEnd()
        }
        out += "<h3>Length outliers</h3>\n"
        if r.lengthOutliers.isEmpty {
            out += "<p>No justification is unusually short or long.</p>\n"
        } else {
            tableStart(caption: "Justifications far shorter or longer than the median",
                       columns: [("Document", false), ("Annotator", false), ("Words", true), ("Median", true), ("Which", false)])
            for o in r.lengthOutliers {
                out += "<tr><th scope=\"row\" class=\"path\">" + path(o.path) + "</th><td>" + (o.annotator.map(code) ?? "<span class=\"muted\">—</span>") + "</td>"
                    + num(String(o.words)) + num(dec(o.median, o.median == o.median.rounded() ? 0 : 1)) + "<td>" + (o.short ? "short" : "long") + "</td></tr>\n"
            }
            tableEnd()
        }
        out += "</section>\n"
    }

    func list(_ xs: [String], paths: Bool = false) -> String {
        xs.isEmpty ? "<span class=\"muted\">—</span>" : "<ul class=\"plain\">" + xs.map { "<li>" + (paths ? path($0) : code($0)) + "</li>" }.joined() + "</ul>"
    }

    func footer() {
        out += "<footer>\n<h2 id=\"reading\">How to read this report</h2>\n<ul>\n"
        out += "<li>Krippendorff’s α measures agreement beyond chance; " + ReportPages.ruleOfThumb + ". "
            + "“Not measurable” means fewer than two pairable values or no variation at all.</li>\n"
        out += "<li>Shares are percentages; α is written to three decimals; intervals are 95% bootstrap intervals.</li>\n"
        out += "<li>Colour is never the only signal: every coloured cell also says its number, and flagged rows say why.</li>\n"
        out += "</ul>\n<p class=\"muted\">Made by critique " + h(CLI.version) + ". This page loads nothing and runs no script.</p>\n</footer>\n"
    }

    // MARK: charts

    /// Opens an SVG chart with its text alternative: a title and the numbers in words.
    func svgStart(width: Int, height: Int, title: String, desc: String, className: String = "chart") {
        let id = newID("chart")
        out += "<svg class=\"" + className + "\" role=\"img\" aria-labelledby=\"" + id + "-t " + id + "-d\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">"
        out += "<title id=\"" + id + "-t\">" + h(title) + "</title><desc id=\"" + id + "-d\">" + h(desc) + "</desc>\n"
    }

    func f(_ v: Double) -> String { ReportNumber.decimal(v, 1) }

    /// Horizontal bars with their labels and counts.
    func barChart(_ rows: [(String, Int)], title: String) {
        let width = 400, labelEnd = 146.0, x0 = 154.0, x1 = 340.0, rowH = 22.0, top = 6.0
        let height = Int(top * 2 + rowH * Double(rows.count))
        let maxCount = Double(max(1, rows.map(\.1).max() ?? 1))
        let desc = rows.map { $0.0 + ": " + String($0.1) }.joined(separator: "; ") + "."
        out += "<figure class=\"chart-box\">\n"
        svgStart(width: width, height: height, title: title, desc: desc)
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowH
            let w = max(1, Double(max(0, row.1)) / maxCount * (x1 - x0))
            out += "<text class=\"lbl\" x=\"" + f(labelEnd) + "\" y=\"" + f(y + 15) + "\" text-anchor=\"end\">" + h(ReportNumber.short(Inert.line(row.0), 22)) + "</text>"
            out += "<rect class=\"bar\" x=\"" + f(x0) + "\" y=\"" + f(y + 4) + "\" width=\"" + f(w) + "\" height=\"" + f(rowH - 8) + "\" rx=\"2\"/>"
            out += "<text class=\"val\" x=\"" + f(x0 + w + 5) + "\" y=\"" + f(y + 15) + "\">" + String(row.1) + "</text>\n"
        }
        out += "</svg>\n</figure>\n"
    }

    /// α per criterion: a dot (a diamond when below 0.667) with its 95% interval as whiskers,
    /// on bands for the rule of thumb, with reference lines at 0.667 and 0.8.
    func alphaChart(_ criteria: [BatchReport.CriterionReliability], title: String) {
        let width = 400, labelEnd = 120.0, x0 = 128.0, x1 = 344.0, valueX = 352.0, rowH = 24.0, top = 28.0
        let rowsH = rowH * Double(criteria.count)
        let height = Int(top + rowsH + 26)
        let values = criteria.flatMap { c -> [Double] in [c.alpha, c.ci?.low, c.ci?.high].compactMap { $0 }.filter(\.isFinite) }
        let lo = max(-1, min(0, ((values.min() ?? 0) * 5).rounded(.down) / 5))
        func x(_ v: Double) -> Double { x0 + (min(1, max(lo, v)) - lo) / (1 - lo) * (x1 - x0) }

        let desc = criteria.map { c -> String in
            var s = c.criterion + ": α " + alpha(c.alpha)
            if c.alpha != nil, c.ci != nil { s += ", 95% interval " + ci(c.ci) }
            s += ", " + ReportNumber.plural(c.units, "unit")
            if c.alpha != nil { s += ", " + ReportNumber.verdict(c.alpha) }
            return s
        }.joined(separator: "; ") + ". Reference lines at 0.667 and 0.8."
        out += "<figure class=\"chart-box\">\n"
        svgStart(width: width, height: height, title: title, desc: desc)
        // Bands: unreliable, tentative, reliable.
        let bottom = top + rowsH
        out += "<rect class=\"z-bad\" x=\"" + f(x(lo)) + "\" y=\"" + f(top) + "\" width=\"" + f(x(0.667) - x(lo)) + "\" height=\"" + f(rowsH) + "\"/>"
        out += "<rect class=\"z-warn\" x=\"" + f(x(0.667)) + "\" y=\"" + f(top) + "\" width=\"" + f(x(0.8) - x(0.667)) + "\" height=\"" + f(rowsH) + "\"/>"
        out += "<rect class=\"z-good\" x=\"" + f(x(0.8)) + "\" y=\"" + f(top) + "\" width=\"" + f(x(1) - x(0.8)) + "\" height=\"" + f(rowsH) + "\"/>\n"
        for (v, anchor, dx) in [(0.667, "end", -3.0), (0.8, "start", 3.0)] {
            out += "<line class=\"ref\" x1=\"" + f(x(v)) + "\" x2=\"" + f(x(v)) + "\" y1=\"" + f(top - 6) + "\" y2=\"" + f(bottom) + "\"/>"
            out += "<text class=\"tick\" x=\"" + f(x(v) + dx) + "\" y=\"" + f(top - 10) + "\" text-anchor=\"" + anchor + "\">" + (v == 0.8 ? "0.8" : "0.667") + "</text>\n"
        }
        // Axis and ticks.
        let step = 1 - lo > 1 ? 0.5 : 0.2
        out += "<line class=\"ax\" x1=\"" + f(x0) + "\" x2=\"" + f(x1) + "\" y1=\"" + f(bottom) + "\" y2=\"" + f(bottom) + "\"/>"
        var k = Int((lo / step).rounded(.up))
        while Double(k) * step <= 1 + 1e-9 {
            let v = Double(k) * step
            out += "<line class=\"ax\" x1=\"" + f(x(v)) + "\" x2=\"" + f(x(v)) + "\" y1=\"" + f(bottom) + "\" y2=\"" + f(bottom + 4) + "\"/>"
            out += "<text class=\"tick\" x=\"" + f(x(v)) + "\" y=\"" + f(bottom + 16) + "\" text-anchor=\"middle\">" + dec(v, 1) + "</text>"
            k += 1
        }
        out += "\n"
        for (i, c) in criteria.enumerated() {
            let y = top + Double(i) * rowH + rowH / 2
            out += "<text class=\"lbl\" x=\"" + f(labelEnd) + "\" y=\"" + f(y + 4) + "\" text-anchor=\"end\">" + h(ReportNumber.short(Inert.line(c.criterion), 18)) + "</text>"
            guard let a = c.alpha, a.isFinite else {
                out += "<text class=\"tick na\" x=\"" + f(x0 + 6) + "\" y=\"" + f(y + 4) + "\">not measurable</text>\n"
                continue
            }
            if let ci = c.ci, ci.low.isFinite, ci.high.isFinite {
                out += "<line class=\"ci\" x1=\"" + f(x(ci.low)) + "\" x2=\"" + f(x(ci.high)) + "\" y1=\"" + f(y) + "\" y2=\"" + f(y) + "\"/>"
                for e in [ci.low, ci.high] {
                    out += "<line class=\"ci\" x1=\"" + f(x(e)) + "\" x2=\"" + f(x(e)) + "\" y1=\"" + f(y - 5) + "\" y2=\"" + f(y + 5) + "\"/>"
                }
            }
            if c.flagged {
                out += "<rect class=\"dot bad\" x=\"" + f(x(a) - 4.5) + "\" y=\"" + f(y - 4.5) + "\" width=\"9\" height=\"9\" transform=\"rotate(45 " + f(x(a)) + " " + f(y) + ")\"/>"
            } else {
                out += "<circle class=\"dot\" cx=\"" + f(x(a)) + "\" cy=\"" + f(y) + "\" r=\"5\"/>"
            }
            out += "<text class=\"val" + (c.flagged ? " bad" : "") + "\" x=\"" + f(valueX) + "\" y=\"" + f(y + 4) + "\">" + dec(a, 3) + "</text>\n"
        }
        out += "</svg>\n<figcaption>Dots: α; whiskers: 95% interval; diamonds: below 0.667. Bands: unreliable, tentative, reliable.</figcaption>\n</figure>\n"
    }

    /// Their score distribution (bars, as shares) against the batch's (lines), five bins.
    func histogram(_ a: BatchReport.Annotator) -> String {
        let theirs = a.scoreHistogram.map { max(0, $0) }, batch = a.batchHistogram.map { max(0, $0) }
        let bins = max(theirs.count, batch.count)
        let tTotal = theirs.reduce(0, +), bTotal = batch.reduce(0, +)
        guard bins > 0, tTotal + bTotal > 0 else { return "<span class=\"muted\">no scores</span>" }
        let saved = out
        out = ""
        let binW = 16.0, gap = 2.0, hgt = 26.0
        let width = Int(Double(bins) * (binW + gap) + gap)
        func share(_ xs: [Int], _ i: Int, _ total: Int) -> Double { total > 0 && i < xs.count ? Double(xs[i]) / Double(total) : 0 }
        let peak = max(0.01, (0..<bins).map { max(share(theirs, $0, tTotal), share(batch, $0, bTotal)) }.max() ?? 1)
        let range: (Int) -> String = { i in
            bins == 5 ? String(i * 20) + "–" + String(i * 20 + 20) + "%" : "bin " + String(i + 1)
        }
        let desc = "Their " + String(tTotal) + " scores by share of the scale: " + (0..<bins).map { range($0) + " " + String(bin(theirs, $0)) }.joined(separator: ", ")
            + ". The batch’s " + String(bTotal) + ": " + (0..<bins).map { range($0) + " " + String(bin(batch, $0)) }.joined(separator: ", ") + "."
        svgStart(width: width, height: Int(hgt) + 2, title: "Score distribution of " + a.id + " against the batch", desc: desc, className: "spark")
        for b in 0..<bins {
            let x = gap + Double(b) * (binW + gap)
            let th = share(theirs, b, tTotal) / peak * (hgt - 2)
            out += "<rect class=\"bin\" x=\"" + f(x) + "\" y=\"" + f(hgt - th) + "\" width=\"" + f(binW) + "\" height=\"" + f(max(0, th)) + "\"/>"
            let bh = hgt - share(batch, b, bTotal) / peak * (hgt - 2)
            out += "<line class=\"batch\" x1=\"" + f(x - 1) + "\" x2=\"" + f(x + binW + 1) + "\" y1=\"" + f(bh) + "\" y2=\"" + f(bh) + "\"/>"
        }
        out += "<line class=\"ax\" x1=\"0\" x2=\"" + String(width) + "\" y1=\"" + f(hgt + 0.5) + "\" y2=\"" + f(hgt + 0.5) + "\"/></svg>"
        let svg = out
        out = saved
        return svg
    }

    /// The count in bin k (0 past the end).
    func bin(_ xs: [Int], _ k: Int) -> Int { k < xs.count ? xs[k] : 0 }

    // MARK: style

    static let css = """
    :root{color-scheme:light dark;--bg:#ffffff;--fg:#1c2128;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#2f6fdb;
    --bad:#c0362c;--bad-bg:#ffebe9;--warn:#8a5a00;--warn-bg:#fff4d1;--good:#1a7f37;--good-bg:#dcf5e3;--batch:#1c2128;--bin:#7ea6ea;
    --z-bad:rgb(192 54 44 / .07);--z-warn:rgb(191 135 0 / .10);--z-good:rgb(26 127 55 / .08)}
    @media (prefers-color-scheme:dark){:root{--bg:#0f1216;--fg:#e3e8ee;--muted:#9aa5b1;--line:#2f3741;--soft:#171c22;--accent:#6ea2f7;
    --bad:#ff8177;--bad-bg:#3b1d1c;--warn:#e0b24a;--warn-bg:#352a10;--good:#56c26f;--good-bg:#14301d;--batch:#e3e8ee;--bin:#3f69ad;
    --z-bad:rgb(255 129 119 / .10);--z-warn:rgb(224 178 74 / .10);--z-good:rgb(86 194 111 / .09)}}
    *,*::before,*::after{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif,"Apple Color Emoji","Segoe UI Emoji"}
    main{max-width:1160px;margin:0 auto;padding:28px 24px 56px}
    h1{font-size:1.8rem;line-height:1.2;margin:0 0 .3rem;overflow-wrap:anywhere}
    h2{font-size:1.35rem;line-height:1.3;margin:2.75rem 0 .75rem;padding-top:1rem;border-top:1px solid var(--line);overflow-wrap:anywhere}
    h3{font-size:1.08rem;margin:2rem 0 .5rem}
    p,li,dd{overflow-wrap:anywhere}
    p{margin:.5rem 0;max-width:80ch}
    a{color:var(--accent)}
    code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em;unicode-bidi:isolate;overflow-wrap:anywhere}
    .muted{color:var(--muted)}
    .lede{font-size:1.05rem;color:var(--muted);margin-top:0}
    .stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:1rem 0 1.25rem;padding:0}
    .stats div{background:var(--soft);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
    .stats div.bad{border-color:var(--bad)}
    .stats dt{font-size:.8rem;color:var(--muted)}
    .stats dd{margin:0;font-size:1.4rem;font-weight:600;font-variant-numeric:tabular-nums}
    .stats div.bad dd{color:var(--bad)}
    .attention,.notes{border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:8px;padding:8px 16px;margin:1rem 0;background:var(--soft)}
    .attention ul,.notes ul{margin:.25rem 0 .5rem;padding-left:1.2rem}
    .attention p,.notes p{margin:.25rem 0}
    nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:6px 8px;padding:0;margin:1rem 0}
    nav a{display:inline-block;padding:3px 10px;border:1px solid var(--line);border-radius:999px;text-decoration:none;font-size:.9rem}
    .facts div{display:grid;grid-template-columns:minmax(0,14rem) minmax(0,1fr);gap:4px 16px;padding:6px 0;border-bottom:1px solid var(--line)}
    .facts dt{color:var(--muted)}
    .facts dd{margin:0}
    .n{font-variant-numeric:tabular-nums}
    .facts .n{font-weight:600}
    .scroll{overflow-x:auto;margin:.5rem 0 1.25rem;border:1px solid var(--line);border-radius:10px;max-width:100%}
    .scroll.fit{width:fit-content}
    .scroll:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
    table{border-collapse:collapse;width:100%;font-size:.9rem}
    caption{caption-side:top;text-align:left;padding:8px 12px;font-weight:600;font-size:.85rem;color:var(--muted);border-bottom:1px solid var(--line)}
    caption .cap{position:sticky;left:12px;display:inline-block;max-width:calc(100vw - 64px)}
    th,td{padding:7px 12px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
    thead th{background:var(--soft);font-size:.8rem;font-weight:600;color:var(--muted);white-space:nowrap}
    tbody th{font-weight:500}
    tbody tr:last-child>*{border-bottom:0}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    td.na{color:var(--muted);font-style:italic}
    td:not(.num),tbody th{min-width:6.5rem}
    table code{overflow-wrap:break-word}
    td.sides{min-width:24rem}
    td.result{min-width:14rem}
    th.path,td.path,td.msg{min-width:16ch;max-width:52ch}
    tr.flag>th:first-child{box-shadow:inset 3px 0 0 var(--bad)}
    .badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.78rem;font-weight:600;white-space:nowrap}
    .badge.bad{background:var(--bad-bg);color:var(--bad);white-space:normal}
    .badge.warn{background:var(--warn-bg);color:var(--warn)}
    .badge.good{background:var(--good-bg);color:var(--good)}
    .worse,.bad-text,.warn-text{color:var(--bad)}
    .warn-text{color:var(--warn)}
    .heat{color:var(--fg)}
    .self{color:var(--muted)}
    table.matrix{width:auto}
    .matrix td{min-width:5.5rem}
    .people tbody th,.matrix tbody th{position:sticky;left:0;z-index:1;background:var(--bg);max-width:14rem}
    .matrix .n,.sides .muted,td .n{font-size:.8em}
    .matrix .n{color:var(--muted)}
    ul.sides,ul.plain,ul.areas{list-style:none;margin:0;padding:0}
    ul.sides li+li,ul.plain li+li{margin-top:2px}
    ul.areas li{white-space:nowrap}
    ul.chips{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0}
    ul.chips li{border:1px solid var(--line);border-radius:6px;padding:1px 8px;background:var(--soft)}
    .pair{display:grid;grid-template-columns:minmax(0,1fr);gap:8px 24px;align-items:start}
    @media (min-width:900px){.pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
    figure{margin:.5rem 0 1rem}
    figcaption{font-size:.8rem;color:var(--muted);margin-top:4px}
    svg.chart{display:block;width:100%;max-width:480px;height:auto;font-family:inherit}
    svg.spark{display:block;width:auto;height:auto;max-width:none}
    svg text{fill:var(--fg)}
    .lbl{font-size:12px}
    .val{font-size:12px;font-variant-numeric:tabular-nums}
    .val.bad{fill:var(--bad);font-weight:700}
    .tick{font-size:10.5px;fill:var(--muted)}
    .tick.na{font-style:italic}
    .bar{fill:var(--accent)}
    .ax{stroke:var(--muted);stroke-width:1}
    .ref{stroke:var(--fg);stroke-width:1;stroke-dasharray:3 3;opacity:.6}
    .ci{stroke:var(--fg);stroke-width:1.5}
    .dot{fill:var(--accent);stroke:var(--bg);stroke-width:1.5}
    .dot.bad{fill:var(--bad)}
    .z-bad{fill:var(--z-bad)}
    .z-warn{fill:var(--z-warn)}
    .z-good{fill:var(--z-good)}
    .bin{fill:var(--bin)}
    .batch{stroke:var(--batch);stroke-width:2}
    details summary{cursor:pointer;margin:.25rem 0;color:var(--accent)}
    footer{margin-top:3rem;color:var(--muted);font-size:.9rem}
    footer h2{color:var(--fg)}
    @media (max-width:600px){
    main{padding:18px 14px 40px}
    h1{font-size:1.45rem}
    h2{font-size:1.2rem}
    body{font-size:14.5px}
    .stats{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
    .stats dd{font-size:1.2rem}
    .facts div{grid-template-columns:minmax(0,1fr)}
    th,td{padding:6px 9px}
    }
    @media print{
    :root{color-scheme:light;--bg:#ffffff;--fg:#000000;--muted:#444444;--line:#bbbbbb;--soft:#f3f3f3;--accent:#1f4fa8;--batch:#000000;--bin:#8aa8dd;
    --bad:#b3261e;--bad-bg:#ffebe9;--warn:#7a4f00;--warn-bg:#fff4d1;--good:#1a7f37;--good-bg:#dcf5e3;
    --z-bad:rgb(192 54 44 / .07);--z-warn:rgb(191 135 0 / .10);--z-good:rgb(26 127 55 / .08)}
    body{font-size:10pt}
    main{max-width:none;padding:0}
    nav,details summary{display:none}
    details::details-content{content-visibility:visible;display:block}
    .scroll{overflow:visible;border:0;border-radius:0}
    h2{break-after:avoid}
    h3{break-after:avoid}
    tr,figure,.stats div,.attention,.notes{break-inside:avoid}
    .heat,.badge,.stats div,svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    a{color:inherit;text-decoration:none}
    }

    """
}

// MARK: - Markdown

private struct MarkdownReport {
    let r: BatchReport
    init(_ r: BatchReport) { self.r = r }

    /// A pull-request comment holds 65,536 characters; the summary stays well under that.
    static let budget = 60_000

    func render(title: String) -> String {
        var parts: [String] = []
        let shownTitle = title.isEmpty ? "Critique report" : title
        parts.append("## " + text(shownTitle) + "\n\n" + headline() + "\n")
        if !r.notes.isEmpty {
            parts.append(r.notes.map { "> **Note:** " + text($0) }.joined(separator: "\n>\n") + "\n")
        }
        if let failing = failingDocuments() { parts.append(failing) }
        for g in r.groups { parts.append(contentsOf: group(g)) }
        if let d = duplicates() { parts.append(d) }
        if !r.lengthOutliers.isEmpty {
            let short = r.lengthOutliers.filter(\.short).count
            parts.append("**Length outliers:** " + String(short) + " unusually short, " + String(r.lengthOutliers.count - short) + " unusually long justifications.\n")
        }
        if !r.unmatchedGold.isEmpty {
            parts.append("**Gold tasks without a document:** " + r.unmatchedGold.prefix(20).map { code($0, table: false) }.joined(separator: ", ")
                         + (r.unmatchedGold.count > 20 ? ", and " + String(r.unmatchedGold.count - 20) + " more" : "") + "\n")
        }
        parts.append("<sub>" + ReportPages.ruleOfThumb + ". Made by critique " + text(CLI.version) + ".</sub>\n")

        // Whole sections, in order, while they fit a comment.
        var out = ""
        for (i, p) in parts.enumerated() {
            if out.utf8.count + p.utf8.count > Self.budget {
                out += "\n_" + String(parts.count - i) + " more sections left out to fit a comment; the HTML report has everything._\n"
                break
            }
            out += p + "\n"
        }
        return out
    }

    func headline() -> String {
        var bits = ["**" + ReportNumber.plural(r.documents, "document") + "**", ReportNumber.plural(r.groups.count, "rubric group")]
        bits.append((r.failing.isEmpty ? "0 failing" : "**" + String(r.failing.count) + " failing**"))
        if !r.unusable.isEmpty { bits.append(String(r.unusable.count) + " without a usable rubric") }
        let criteria = r.groups.flatMap(\.criteria)
        let flagged = criteria.filter(\.flagged).count
        bits.append((flagged > 0 ? "**" : "") + String(flagged) + " of " + String(criteria.count) + " criteria below α 0.667" + (flagged > 0 ? "**" : ""))
        if !r.goldFailures.isEmpty { bits.append("**" + ReportNumber.plural(r.goldFailures.count, "annotator") + " below gold**") }
        if !r.duplicates.isEmpty { bits.append(ReportNumber.plural(r.duplicates.count, "near-duplicate cluster")) }
        return bits.joined(separator: " · ")
    }

    func failingDocuments() -> String? {
        guard !r.failing.isEmpty || !r.unusable.isEmpty else { return nil }
        var s = ""
        if !r.failing.isEmpty {
            s += "**Failing documents** (" + String(r.failing.count) + ")\n\n"
            for f in r.failing.prefix(10) { s += "- " + code(f.path, table: false) + " — " + code(ReportNumber.short(Inert.line(f.error), 200), table: false) + "\n" }
            if r.failing.count > 10 { s += "- and " + String(r.failing.count - 10) + " more\n" }
        }
        if !r.unusable.isEmpty {
            if !s.isEmpty { s += "\n" }
            s += "**Without a usable rubric** (" + String(r.unusable.count) + ")\n\n"
            for f in r.unusable.prefix(5) { s += "- " + code(f.path, table: false) + " — " + code(ReportNumber.short(Inert.line(f.error), 200), table: false) + "\n" }
            if r.unusable.count > 5 { s += "- and " + String(r.unusable.count - 5) + " more\n" }
        }
        return s
    }

    func group(_ g: BatchReport.Group) -> [String] {
        var parts: [String] = []
        var head = "### Rubric " + code(g.rubric, table: false) + "\n\n"
        head += ReportNumber.plural(g.documents, "document") + " · " + ReportNumber.plural(g.tasks, "task") + " · " + ReportNumber.plural(g.annotators, "annotator")
            + " · pass rate " + ReportNumber.percent(g.passRate)
        if g.versions.count > 1 { head += " · versions mixed: " + g.versions.map { code($0, table: false) }.joined(separator: ", ") }
        parts.append(head + "\n")

        if !g.criteria.isEmpty {
            var t = "| Criterion | Level | α | 95% CI | Units | Flag |\n| --- | --- | ---: | ---: | ---: | --- |\n"
            for c in g.criteria.prefix(40) {
                let name = code(c.criterion, table: true) + (c.title.isEmpty || c.title == c.criterion ? "" : " " + text(ReportNumber.short(Inert.line(c.title), 80)))
                let flag = c.flagged ? "⚠️ below 0.667" : c.alpha == nil ? "" : ReportNumber.verdict(c.alpha)
                t += "| " + name + " | " + c.level.rawValue + " | " + ReportNumber.alpha(c.alpha) + " | " + ReportNumber.interval(c.ci) + " | " + String(c.units) + " | " + flag + " |\n"
            }
            if g.criteria.count > 40 { t += "\n_and " + String(g.criteria.count - 40) + " more criteria_\n" }
            parts.append(t)
        }

        if let p = g.preference {
            var s = "**Preference:** direction α " + ReportNumber.alpha(p.alpha)
            if p.ci != nil { s += " " + ReportNumber.interval(p.ci) }
            s += " on " + ReportNumber.plural(p.units, "task") + " · strength α (ordinal) " + ReportNumber.alpha(p.strengthAlpha)
            if let b = p.positionBias, p.decided > 0 {
                s += " · position bias: " + ReportNumber.percent(b) + " of " + String(p.decided) + " decided for the response shown first (" + code(p.firstShown, table: false) + ")"
            }
            parts.append(s + "\n")
        }

        if !g.people.isEmpty {
            var t = "<details><summary>Annotators (" + String(g.people.count) + ")</summary>\n\n"
            t += "| Annotator | Docs | Failing | Findings / doc | Median words | Quotes found | Mean score (batch) | Gold | Δα |\n"
            t += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for a in g.people.prefix(50) {
                let findings = a.findingsPerDocument.reduce(0.0) { $0 + ($1.rate.isFinite ? $1.rate : 0) }
                t += "| " + code(a.id, table: true) + " | " + String(a.documents) + " | " + String(a.failing) + " | " + ReportNumber.decimal(findings, 2)
                    + " | " + ReportNumber.decimal(a.medianWords, a.medianWords == a.medianWords.rounded() ? 0 : 1) + " | " + ReportNumber.percent(a.quotesFound)
                    + " | " + ReportNumber.percent(a.meanScore) + (a.batchMeanScore == nil ? "" : " (" + ReportNumber.percent(a.batchMeanScore) + ")")
                    + " | " + ReportNumber.percent(a.goldAccuracy) + " | " + ReportNumber.signed(a.deltaAlpha, 3) + " |\n"
            }
            if g.people.count > 50 { t += "\n_and " + String(g.people.count - 50) + " more annotators_\n" }
            t += "\nΔα: the batch's mean α without the annotator minus with them (positive: the batch agrees better without them).\n\n</details>\n"
            parts.append(t)
        }

        if !g.disagreements.isEmpty {
            let top = g.disagreements.sorted { ReportNumber.rank($0.spread) > ReportNumber.rank($1.spread) }.prefix(10)
            var t = "<details><summary>Top " + String(top.count) + " disagreements of " + String(g.disagreements.count) + "</summary>\n\n"
            t += "| Task | Criterion | Response | Spread | Sides |\n| --- | --- | --- | ---: | --- |\n"
            for d in top {
                let sides = d.sides.prefix(6).map { s in
                    code(s.annotator, table: true) + " " + text(ReportNumber.short(Inert.line(s.value), 20)) + " (" + code(s.path + ":" + String(s.line), table: true) + ")"
                }.joined(separator: "<br>")
                t += "| " + code(d.task, table: true) + " | " + code(d.criterion, table: true) + " | " + (d.response.map { code($0, table: true) } ?? "—") + " | "
                    + ReportNumber.percent(d.spread) + " | " + sides + " |\n"
            }
            t += "\n</details>\n"
            parts.append(t)
        }

        let failed = g.gold.filter { !$0.failures.isEmpty }
        if !failed.isEmpty {
            var t = "**Gold failures**\n\n| Annotator | Missed | Preference agreement | Criteria (MAD · exact · n) |\n| --- | --- | ---: | --- |\n"
            for x in failed.prefix(30) {
                let crit = x.criteria.prefix(8).map { c in
                    code(c.criterion, table: true) + " " + (c.meanAbsoluteDeviation.map { ReportNumber.decimal($0, 2) } ?? "—") + " · " + ReportNumber.percent(c.exact) + " · " + String(c.n)
                }.joined(separator: "<br>")
                t += "| " + code(x.annotator, table: true) + " | " + x.failures.map { text($0) }.joined(separator: "; ") + " | "
                    + ReportNumber.percent(x.preferenceAgreement) + " (n=" + String(x.preferenceN) + ") | " + (crit.isEmpty ? "—" : crit) + " |\n"
            }
            if failed.count > 30 { t += "\n_and " + String(failed.count - 30) + " more_\n" }
            parts.append(t)
        }
        return parts
    }

    func duplicates() -> String? {
        guard !r.duplicates.isEmpty else { return nil }
        let shown = r.duplicates.sorted { ReportNumber.rank($0.similarity) > ReportNumber.rank($1.similarity) }.prefix(10)
        var t = "**Near-duplicate justifications** (" + String(r.duplicates.count) + " clusters)\n\n| Similarity | Kind | Documents | Annotators |\n| ---: | --- | --- | --- |\n"
        for d in shown {
            let paths = d.paths.prefix(5).map { code($0, table: true) }.joined(separator: "<br>") + (d.paths.count > 5 ? "<br>and " + String(d.paths.count - 5) + " more" : "")
            t += "| " + ReportNumber.decimal(d.similarity, 2) + " | " + text(d.kind) + " | " + paths + " | " + d.annotators.prefix(5).map { code($0, table: true) }.joined(separator: ", ") + " |\n"
        }
        if r.duplicates.count > 10 { t += "\n_and " + String(r.duplicates.count - 10) + " more clusters_\n" }
        return t
    }

    // MARK: escaping

    /// Untrusted text as Markdown text: inert, with every character that could start markup
    /// escaped (`|` so it cannot end a table cell, `<` so it cannot open HTML, backticks, emphasis,
    /// links), and `@` kept from mentioning anyone.
    func text(_ s: String) -> String {
        var r = ""
        var previous: Unicode.Scalar = " "
        for ch in Inert.line(s).unicodeScalars {
            defer { previous = ch }
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!", "{", "}": r += "\\"; r.unicodeScalars.append(ch)
            case "<": r += "&lt;"
            case ">": r += "&gt;"
            case "&": r += "&amp;"
            // `@name` after a non-word character would notify someone (`id@1` would not).
            case "@" where !(previous.properties.isAlphabetic || ("0"..."9").contains(previous)): r += "@<!-- -->"
            default: r.unicodeScalars.append(ch)
            }
        }
        return r
    }

    /// Untrusted text as a code span (no mention, no link, no HTML inside), with a fence longer
    /// than any run of backticks in it; in a table `|` is escaped, which GitHub unescapes there.
    func code(_ s: String, table: Bool) -> String {
        var v = Inert.line(ReportNumber.short(s, 160))
        guard !v.isEmpty else { return "—" }
        if table && v.contains("|") { v = v.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
        var longest = 0, run = 0
        for ch in v.unicodeScalars { if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = v.hasPrefix("`") || v.hasSuffix("`") || (v.hasPrefix(" ") && v.hasSuffix(" ")) ? " " : ""
        return fence + pad + v + pad + fence
    }
}
