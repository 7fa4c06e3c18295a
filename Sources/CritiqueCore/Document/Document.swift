/// A parsed critique document. Every node keeps its UTF-8 range; `lines` covers the whole
/// text, so printing the lines back gives the input byte for byte.
///
/// The tree is flat: each kind of node (score lines, checklist items, tags, quotes,
/// preferences, prose ranges) sits in one array for the whole document, in text order, and a
/// part (the preamble or a `##` section) is a record of plain values and index ranges into
/// those arrays (`Part`). A `Section` is a view (the document and a part number), so a rule
/// that reads `section.scores` reads the document's own array in place: no section holds
/// arrays of its own, and parsing a document makes one array a kind, not one a kind a section.
public struct CritiqueDocument: Sendable {
    /// The fields, behind one reference (see `CopyOnWrite`): rules, features and section
    /// views pass the document around, and a copy is then one retain.
    fileprivate var f: CopyOnWrite<Fields>
    fileprivate struct Fields: Sendable {
        let text: SourceText
        /// Each line's kind, by line number; its ranges are the text's (see `Lines`).
        var lineKinds: [Line.Kind] = []
        var frontMatter: FrontMatter?
        /// The preamble (0) and the `##` sections (1…), in text order.
        var parts: [Part] = [Part.preamble]
        var nodes = Nodes()
        var suppressions: [Suppression] = []
        var problems: [ParseProblem] = []
    }

    public var text: SourceText { f.value.text }
    /// Every line of the text, each with its kind: the whole text, so the tree is lossless.
    public var lines: Lines { Lines(kinds: f.value.lineKinds, text: f.value.text) }
    var lineKinds: [Line.Kind] { _read { yield f.value.lineKinds } _modify { yield &f.value.lineKinds } }
    public var frontMatter: FrontMatter? { _read { yield f.value.frontMatter } _modify { yield &f.value.frontMatter } }
    var parts: [Part] { _read { yield f.value.parts } _modify { yield &f.value.parts } }
    var nodes: Nodes { _read { yield f.value.nodes } _modify { yield &f.value.nodes } }
    /// Content before the first `##` heading (after the front matter).
    public var preamble: Section { Section(doc: self, part: 0) }
    /// One per `##` heading, in order.
    public var sections: Sections { Sections(doc: self) }
    public var suppressions: [Suppression] { _read { yield f.value.suppressions } _modify { yield &f.value.suppressions } }
    /// Syntax problems found while parsing (unterminated front matter, stray front-matter lines).
    public var problems: [ParseProblem] { _read { yield f.value.problems } _modify { yield &f.value.problems } }

    public init(text: SourceText) { f = CopyOnWrite(Fields(text: text)) }

    /// The preamble (0) and the `##` sections (1…).
    public var partCount: Int { f.value.parts.count }
    public subscript(part k: Int) -> Section { Section(doc: self, part: k) }

    /// The part holding `offset`: the last section starting at or before it, else the preamble
    /// (0). Sections are in order, so this is a binary search.
    public func part(at offset: Int) -> Int {
        f.value.parts.withUnsafeBufferPointer { parts in
            var lo = 1, hi = parts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if parts[mid].range.start <= offset { lo = mid + 1 } else { hi = mid }
            }
            return lo - 1
        }
    }

    public func section(at offset: Int) -> Section? {
        let k = part(at: offset)
        if k > 0 { return f.value.parts[k].range.end >= offset ? self[part: k] : nil }
        return f.value.parts[0].range.contains(offset) ? preamble : nil
    }
}

/// A part of the document as stored: plain values, and where its nodes lie in the document's
/// arrays (`Nodes`). Parts are in text order and so are their nodes, so each range starts where
/// the previous part's ends.
struct Part: Sendable {
    /// The heading text as written (trimmed, closing `#`s and comments removed).
    var heading: String
    var headingRange: TextRange
    /// Index of the heading line (-1 for the preamble).
    var lineIndex: Int
    var level: Int
    /// From the heading line's start to the start of the next `##` heading.
    var range = TextRange(0, 0)
    /// End of the last non-blank line, where text is appended to the section.
    var contentEnd = 0
    /// Words of the prose (quotes, tags, scores excluded).
    var words = 0
    var scores = 0..<0, items = 0..<0, tags = 0..<0, quotes = 0..<0, preferences = 0..<0, invalidPreferences = 0..<0, prose = 0..<0
    /// Whether the heading names the reserved `Preference` or `Summary` section (worked out
    /// once: the parser asks for every line).
    let isPreference: Bool, isSummary: Bool

    init(heading: String, headingRange: TextRange, lineIndex: Int, level: Int) {
        self.heading = heading; self.headingRange = headingRange; self.lineIndex = lineIndex; self.level = level
        isPreference = heading.utf8.count == 10 && normalizeName(heading) == "preference"
        isSummary = heading.utf8.count == 7 && normalizeName(heading) == "summary"
    }

    static let preamble = Part(heading: "", headingRange: TextRange(0, 0), lineIndex: -1, level: 0)
}

/// The document's nodes, one array a kind, in text order (see `Part`).
struct Nodes: Sendable {
    var scores: [ScoreLine] = []
    var items: [ChecklistLine] = []
    var tags: [TagRef] = []
    var quotes: [Quote] = []
    var preferences: [PreferenceLine] = []
    var invalidPreferences: [TextRange] = []
    var prose: [TextRange] = []
}

/// A part of the document (the preamble or a `##` section), read in place: the document and
/// the part's number. Copying one is one retain; its node lists are views of the document's
/// arrays.
public struct Section: Sendable {
    let doc: CritiqueDocument
    /// 0 for the preamble, `k` for `document.sections[k - 1]`.
    public let part: Int

    /// The heading text as written (trimmed, closing `#`s and comments removed).
    public var heading: String { doc.f.value.parts[part].heading }
    public var headingRange: TextRange { doc.f.value.parts[part].headingRange }
    /// Index into `CritiqueDocument.lines` of the heading line (-1 for the preamble).
    public var lineIndex: Int { doc.f.value.parts[part].lineIndex }
    public var level: Int { doc.f.value.parts[part].level }
    /// From the heading line's start to the start of the next `##` heading.
    public var range: TextRange { doc.f.value.parts[part].range }
    /// End of the last non-blank line, where text is appended to the section.
    public var contentEnd: Int { doc.f.value.parts[part].contentEnd }
    public var scores: NodeList<ScoreLine> { NodeList(doc.f.value.nodes.scores, doc.f.value.parts[part].scores) }
    public var items: NodeList<ChecklistLine> { NodeList(doc.f.value.nodes.items, doc.f.value.parts[part].items) }
    public var tags: NodeList<TagRef> { NodeList(doc.f.value.nodes.tags, doc.f.value.parts[part].tags) }
    public var quotes: NodeList<Quote> { NodeList(doc.f.value.nodes.quotes, doc.f.value.parts[part].quotes) }
    public var preferences: NodeList<PreferenceLine> { NodeList(doc.f.value.nodes.preferences, doc.f.value.parts[part].preferences) }
    /// Lines in a Preference section that look like a preference but cannot be read.
    public var invalidPreferences: NodeList<TextRange> { NodeList(doc.f.value.nodes.invalidPreferences, doc.f.value.parts[part].invalidPreferences) }
    /// Prose ranges (for phrase searches) and their word count (quotes, tags, scores excluded).
    public var prose: NodeList<TextRange> { NodeList(doc.f.value.nodes.prose, doc.f.value.parts[part].prose) }
    public var words: Int { doc.f.value.parts[part].words }

    public var isPreference: Bool { doc.f.value.parts[part].isPreference }
    public var isSummary: Bool { doc.f.value.parts[part].isSummary }
    public var isReserved: Bool { isPreference || isSummary }
}

/// The `##` sections of a document, as views.
public struct Sections: RandomAccessCollection, Sendable {
    let doc: CritiqueDocument
    public var startIndex: Int { 0 }
    public var endIndex: Int { doc.f.value.parts.count - 1 }
    public subscript(i: Int) -> Section { Section(doc: doc, part: i + 1) }
}

/// A part's nodes of one kind: a view of the document's array for that kind, indexed from 0.
public struct NodeList<Element: Sendable>: RandomAccessCollection, Sendable {
    let base: [Element]
    let offset: Int
    public let count: Int
    init(_ base: [Element], _ range: Range<Int>) { self.base = base; offset = range.lowerBound; count = range.count }
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "NodeList index out of range")
        return base[offset + i]
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

public enum ScoreValue: Sendable, Equatable {
    case number(Double)
    case notApplicable
    case invalid
}

public struct ScoreLine: Sendable {
    public var label: String
    public var labelRange: TextRange
    /// The value as written (`text.slice(valueRange)`; `4` of `4/5`): a range, not a string
    /// made for every score line.
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
