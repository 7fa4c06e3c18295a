/// A parsed critique document. Every node keeps its UTF-8 range; `lines` covers the whole
/// text, so printing the lines back gives the input byte for byte.
public struct CritiqueDocument: Sendable {
    /// The fields, behind one reference (see `CopyOnWrite`): rules and features pass the
    /// document around, and a copy is then one retain, not one per array it holds.
    private var f: CopyOnWrite<Fields>
    private struct Fields: Sendable {
        let text: SourceText
        /// Each line's kind, by line number; its ranges are the text's (see `Lines`).
        var lineKinds: [Line.Kind] = []
        var frontMatter: FrontMatter?
        var preamble = Section(heading: "", headingRange: TextRange(0, 0), lineIndex: -1, level: 0)
        var sections: [Section] = []
        var suppressions: [Suppression] = []
        var problems: [ParseProblem] = []
    }

    public var text: SourceText { _read { yield f.value.text } }
    /// Every line of the text, each with its kind: the whole text, so the tree is lossless.
    public var lines: Lines { Lines(kinds: f.value.lineKinds, text: f.value.text) }
    var lineKinds: [Line.Kind] { _read { yield f.value.lineKinds } _modify { yield &f.value.lineKinds } }
    public var frontMatter: FrontMatter? { _read { yield f.value.frontMatter } _modify { yield &f.value.frontMatter } }
    /// Content before the first `##` heading (after the front matter).
    public var preamble: Section { _read { yield f.value.preamble } _modify { yield &f.value.preamble } }
    /// One per `##` heading, in order.
    public var sections: [Section] { _read { yield f.value.sections } _modify { yield &f.value.sections } }
    public var suppressions: [Suppression] { _read { yield f.value.suppressions } _modify { yield &f.value.suppressions } }
    /// Syntax problems found while parsing (unterminated front matter, stray front-matter lines).
    public var problems: [ParseProblem] { _read { yield f.value.problems } _modify { yield &f.value.problems } }

    public init(text: SourceText) { f = CopyOnWrite(Fields(text: text)) }

    /// The preamble (0) and the `##` sections (1…), for loops over all of them that should
    /// not copy them: `[preamble] + sections` copies every section, and a copy retains each
    /// array a section holds. `doc[part: k].prose` reads in place.
    public var partCount: Int { sections.count + 1 }
    public subscript(part k: Int) -> Section {
        // A copy is one retain (`Section` is one reference); a `_read` here needed a heap
        // frame on every access (two nested coroutines).
        k == 0 ? f.value.preamble : f.value.sections[k - 1]
    }

    /// The part holding `offset`: the last section starting at or before it, else the preamble
    /// (0). Sections are in order, so this is a binary search.
    public func part(at offset: Int) -> Int {
        var lo = 0, hi = sections.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sections[mid].range.start <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func section(at offset: Int) -> Section? {
        sections.last { $0.range.start <= offset && offset <= $0.range.end } ?? (preamble.range.contains(offset) ? preamble : nil)
    }
}

public struct ParseProblem: Sendable {
    public var message: String
    public var range: TextRange
}

/// The document's lines: the kind the parser gave each line, with its ranges read from the
/// text's line table when asked. Nothing positional is stored, so an edit moves no line (a
/// keystroke in a 1 MB document shifted 25,000 of them) and a line costs its kind alone.
public struct Lines: RandomAccessCollection, Sendable {
    let kinds: [Line.Kind]
    let text: SourceText
    public var startIndex: Int { 0 }
    public var endIndex: Int { kinds.count }
    public subscript(i: Int) -> Line {
        Line(kind: kinds[i], range: text.lineFullRange(i), content: text.lineContentRange(i))
    }
}

public struct Line: Sendable {
    public enum Kind: Sendable, Equatable {
        case blank, prose, heading(level: Int), frontMatterDelimiter, frontMatterEntry, frontMatterOther,
             score, checklistItem, quote, preference, comment, suppression, code, codeFence
    }
    public var kind: Kind
    /// The line's bytes including its terminator.
    public var range: TextRange
    /// The line's bytes without its terminator.
    public var content: TextRange
}

public struct FrontMatter: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var keyRange: TextRange
        public var value: String
        public var valueRange: TextRange
        public var lineRange: TextRange
    }
    public var entries: [Entry] = []
    /// From the opening `---` to the end of the closing one.
    public var range: TextRange
    public var openRange: TextRange
    /// Where a new entry is inserted: the start of the closing delimiter line.
    public var insertionPoint: Int
    public var closed: Bool

    public func entry(_ key: String) -> Entry? {
        // By index: `first(where:)` copies every entry it passes (two strings each).
        for i in entries.indices where equalsIgnoringCase(entries[i].key, key) { return entries[i] }
        return nil
    }
}

public struct Section: Sendable {
    /// The fields, behind one reference (see `CopyOnWrite`).
    private var f: CopyOnWrite<Fields>
    private struct Fields: Sendable {
        var heading: String
        var headingRange: TextRange
        var lineIndex: Int
        var level: Int
        var range = TextRange(0, 0)
        var contentEnd = 0
        var scores: [ScoreLine] = []
        var items: [ChecklistLine] = []
        var tags: [TagRef] = []
        var quotes: [Quote] = []
        var preferences: [PreferenceLine] = []
        var invalidPreferences: [TextRange] = []
        var prose: [TextRange] = []
        var words = 0
    }

    /// The heading text as written (trimmed, closing `#`s and comments removed).
    public var heading: String { _read { yield f.value.heading } _modify { yield &f.value.heading } }
    public var headingRange: TextRange { _read { yield f.value.headingRange } _modify { yield &f.value.headingRange } }
    /// Index into `CritiqueDocument.lines` of the heading line (-1 for the preamble).
    public var lineIndex: Int { _read { yield f.value.lineIndex } _modify { yield &f.value.lineIndex } }
    public var level: Int { _read { yield f.value.level } _modify { yield &f.value.level } }
    /// From the heading line's start to the start of the next `##` heading.
    public var range: TextRange { _read { yield f.value.range } _modify { yield &f.value.range } }
    /// End of the last non-blank line, where text is appended to the section.
    public var contentEnd: Int { _read { yield f.value.contentEnd } _modify { yield &f.value.contentEnd } }
    public var scores: [ScoreLine] { _read { yield f.value.scores } _modify { yield &f.value.scores } }
    public var items: [ChecklistLine] { _read { yield f.value.items } _modify { yield &f.value.items } }
    public var tags: [TagRef] { _read { yield f.value.tags } _modify { yield &f.value.tags } }
    public var quotes: [Quote] { _read { yield f.value.quotes } _modify { yield &f.value.quotes } }
    public var preferences: [PreferenceLine] { _read { yield f.value.preferences } _modify { yield &f.value.preferences } }
    /// Lines in a Preference section that look like a preference but cannot be read.
    public var invalidPreferences: [TextRange] { _read { yield f.value.invalidPreferences } _modify { yield &f.value.invalidPreferences } }
    /// Prose ranges (for phrase searches) and their word count (quotes, tags, scores excluded).
    public var prose: [TextRange] { _read { yield f.value.prose } _modify { yield &f.value.prose } }
    public var words: Int { _read { yield f.value.words } _modify { yield &f.value.words } }

    public init(heading: String, headingRange: TextRange, lineIndex: Int, level: Int) {
        f = CopyOnWrite(Fields(heading: heading, headingRange: headingRange, lineIndex: lineIndex, level: level))
    }

    public var isPreference: Bool { heading.utf8.count == 10 && normalizeName(heading) == "preference" }
    public var isSummary: Bool { heading.utf8.count == 7 && normalizeName(heading) == "summary" }
    public var isReserved: Bool { isPreference || isSummary }
}

public enum ScoreValue: Sendable, Equatable {
    case number(Double)
    case notApplicable
    case invalid
}

public struct ScoreLine: Sendable {
    public var label: String
    public var labelRange: TextRange
    public var valueText: String
    public var valueRange: TextRange
    public var value: ScoreValue
    public var lineRange: TextRange
}

public struct ChecklistLine: Sendable {
    public var checked: Bool
    public var text: String
    public var textRange: TextRange
    public var boxRange: TextRange
    public var lineRange: TextRange
}

public struct TagRef: Sendable {
    /// The tag without its `#`.
    public var name: String
    /// Range of `#name`.
    public var range: TextRange
    /// The score label when the tag is on a score line (`B: 2 #hallucination`).
    public var scoreLabel: String?
    /// Words on the tag's line that could be response labels (single capital letters and the like).
    public var lineLabels: [String]
}

public struct Quote: Sendable {
    public var label: String?
    public var labelRange: TextRange?
    public var text: String
    /// Range of the quoted text, inside the quote marks.
    public var textRange: TextRange
    public var lineRange: TextRange
}

public struct PreferenceLine: Sendable {
    public enum Relation: Sendable, Equatable { case better(strength: Int), tie }
    public var left: String
    public var right: String
    public var leftRange: TextRange
    public var rightRange: TextRange
    /// Normalised so that `preferred` is on the left (`B < A` reads as `A > B`).
    public var relation: Relation
    public var range: TextRange
    public var preferred: String { left }
}

public struct Suppression: Sendable {
    public var rules: [(id: String, range: TextRange)]
    public var reason: String?
    public var wholeFile: Bool
    public var range: TextRange
    /// Where it applies: the block that follows (or the whole text for `-file`).
    public var scope: TextRange
}
