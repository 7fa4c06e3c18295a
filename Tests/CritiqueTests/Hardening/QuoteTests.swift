@testable import CritiqueCore
import Testing

/// Quote matching as real human critiques quote: re-spaced, tokenised, from the prompt, or
/// near a line break. Every case below was wrong once.
@Suite("Hardening: quotes")
struct QuoteTests {
    static func findings(quote: String, response: String, prompt: String? = nil) -> [Finding] {
        let text = """
        ---
        rubric: chat-pairwise
        ---

        ## Truthfulness
        A: 4
        B: 4

        > B: "\(quote)"

        """
        let rubric = EmbeddedRubrics.starterRubric.rubric!
        let a = Analyzer.analyze(DocumentParser.parse(text), rubric: .resolved(rubric, origin: .embeddedDefault, file: nil),
                                 responses: .texts(ResponseSet(["A": "Unrelated.", "B": response], prompt: prompt)))
        return a.findings.filter { $0.rule == "quote-not-found" }
    }

    @Test("White space is ignored altogether", arguments: [
        ("4*21=84", "So 4 * 21 = 84 in total."),
        ("it's", "I think it 's fine ."),
        ("uncool.", "That was uncool . Really."),
        ("4 * 21 = 84", "So 4*21=84 in total."),
        ("the  red\nsunset", "the red sunset"),
    ])
    func respaced(_ quote: String, _ response: String) {
        #expect(Self.findings(quote: quote, response: response).isEmpty)
    }

    @Test("A suggestion never crosses a line break, so its fix cannot splice lines into the quote")
    func noSpanAcrossLines() {
        let response = "Then the cow jumped over the moon\nand the dish ran away with the spoon (\"the cow\").\nThe end."
        let f = Self.findings(quote: "the moon and a dish ran off", response: response)
        #expect(f.count == 1)
        for fix in f.flatMap(\.fixes) {
            for e in fix.edits { #expect(!e.newText.contains("\n") && !e.newText.contains("\r"), "\(e.newText)") }
        }
        // CRLF and lone CR end lines too.
        let crlf = Self.findings(quote: "the moon and a dish ran off", response: response.replacingOccurrences(of: "\n", with: "\r\n"))
        for e in crlf.flatMap(\.fixes).flatMap(\.edits) { #expect(!e.newText.contains("\n") && !e.newText.contains("\r")) }
    }

    @Test("The suggestion's length fits the best match, not the quote's word count")
    func fittedLength() {
        let f = Self.findings(quote: "Kelsey's age may not be 10", response: "We know that Kelsey 's age might not be 10 at all.")
        let fix = f.first?.fixes.first?.edits.first?.newText
        #expect(fix == "Kelsey 's age might not be 10", "\(String(describing: fix))")
    }

    @Test("Nothing close: no span and no fix")
    func belowThreshold() {
        let f = Self.findings(quote: "completely different words here", response: "The sky is blue because of Rayleigh scattering.")
        #expect(f.count == 1 && f[0].fixes.isEmpty && f[0].message.contains("nothing in it is close"))
    }

    @Test("A quote taken from the prompt is named as such, with no fix toward another meaning")
    func fromPrompt() {
        let f = Self.findings(quote: "explain why the sky is blue", response: "The sky looks blue because air scatters short wavelengths.",
                              prompt: "Please explain why the sky is blue, in under 100 words.")
        #expect(f.count == 1 && f[0].message.contains("from the prompt") && f[0].fixes.isEmpty, "\(f.map(\.message))")
    }

    @Test("Linear search: a long run of one letter against a quote that almost matches")
    func kmp() {
        let f = Self.findings(quote: String(repeating: "a", count: 2000) + "b", response: String(repeating: "a", count: 200_000))
        #expect(f.count == 1)
    }

    /// The exact search (Knuth-Morris-Pratt, jumping by `memchr` while nothing matches) finds
    /// the first occurrence a plain scan finds, over texts with many near-misses.
    @Test("The exact search finds what a plain scan finds")
    func exactSearchAgreesWithAPlainScan() {
        var rng = SeededRandom(seed: 0x9E7)
        let alphabet: [UInt8] = Array("aab ba".utf8)
        for _ in 0..<3_000 {
            let h = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let n = (0..<(1 + Int(rng.next() % 5))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let text = NormalizedText(String(decoding: h, as: UTF8.self))
            let needle = NormalizedText.folded(String(decoding: n, as: UTF8.self))
            let c = text.compact
            let plain = needle.isEmpty || needle.count > c.count ? nil : (0...(c.count - needle.count)).first { Array(c[$0..<($0 + needle.count)]) == needle }
            #expect(text.firstMatch(needle) == (needle.isEmpty ? nil : plain), "\(needle) in \(c)")
        }
    }
}
