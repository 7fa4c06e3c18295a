@testable import CritiqueCore
import Foundation
import Testing

/// The statistics behind `critique report`: Krippendorff's alpha (checked against the PyPI
/// `krippendorff` package) and near-duplicate detection.
@Suite("Report math: Krippendorff's alpha and near-duplicates")
struct ReportMathTests {
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", and the `krippendorff`
    /// package's docstring: 4 coders × 12 units with missing values, as coders × units.
    static let paperCoders: [[Double?]] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
        [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ]

    /// Coders × units turned into units × coders (our layout).
    static func units(_ coders: [[Double?]]) -> [[Double?]] {
        let unitCount = coders.map(\.count).max() ?? 0
        return (0..<unitCount).map { u in coders.map { u < $0.count ? $0[u] : nil } }
    }

    /// Values printed by `krippendorff.alpha(reliability_data=paperCoders, level_of_measurement=…)`
    /// (krippendorff 0.9.0, numpy 2.4).
    @Test("Alpha of the paper's example equals the krippendorff package", arguments: [
        (MeasurementLevel.nominal, 0.743421052631579), (.ordinal, 0.8153875037548814),
        (.interval, 0.8491071428571428), (.ratio, 0.7974027747116121),
    ])
    func paperExample(level: MeasurementLevel, expected: Double) throws {
        let alpha = try #require(Krippendorff.alpha(Self.units(Self.paperCoders), level: level))
        #expect(abs(alpha - expected) < 1e-6, "\(level): \(alpha), expected \(expected)")
        #expect(Krippendorff.pairableUnits(Self.units(Self.paperCoders)) == 11, "unit 12 has one value")
    }

    @Test("Alpha is nil, never a trap, when it cannot be measured", arguments: MeasurementLevel.allCases)
    func notMeasurable(level: MeasurementLevel) {
        let cases: [(String, [[Double?]])] = [
            ("empty", []), ("units without coders", [[], []]), ("all missing", [[nil, nil], [nil, nil]]),
            ("one coder", [[1], [2], [3], [4]]), ("no shared unit", [[1, nil], [nil, 2], [3, nil]]),
            ("all values equal", [[2, 2, 2], [2, 2, nil], [2, nil, 2]]),
            ("only NaN and infinity beside single values", [[.nan, 1], [.infinity, 2], [-.infinity, 3]]),
        ]
        for (name, units) in cases {
            #expect(Krippendorff.alpha(units, level: level) == nil, "\(name)")
            #expect(Krippendorff.bootstrapInterval(units, level: level, resamples: 50) == nil, "\(name)")
        }
        #expect(Krippendorff.pairableUnits([[.nan, 1], [1, 2, nil], [nil, nil]]) == 1)
        #expect(Krippendorff.alpha([[1e308, -1e308], [1e308, 1e308]], level: level).map { $0.isFinite } ?? true, "overflow gives nil or a number")
    }

    /// 300 units × 4 coders agreeing most of the time on a 1–5 scale, 10% missing.
    static func agreeingData(seed: UInt64) -> [[Double?]] {
        var random = SeededRandom(seed: seed)
        return (0..<300).map { _ in
            let truth = Double(1 + random.next() % 5)
            return (0..<4).map { _ -> Double? in
                if random.next() % 10 == 0 { return nil }
                return random.next() % 4 == 0 ? Double(1 + random.next() % 5) : truth
            }
        }
    }

    @Test("The bootstrap interval is deterministic for a seed, ordered, and contains alpha", arguments: MeasurementLevel.allCases)
    func bootstrap(level: MeasurementLevel) throws {
        let data = Self.agreeingData(seed: 7)
        let alpha = try #require(Krippendorff.alpha(data, level: level))
        let interval = try #require(Krippendorff.bootstrapInterval(data, level: level))
        let again = try #require(Krippendorff.bootstrapInterval(data, level: level))
        #expect(interval == again, "same input and seed, same interval")
        #expect(interval.low <= interval.high)
        #expect(interval.low <= alpha && alpha <= interval.high, "\(interval) contains \(alpha)")
        #expect(interval.high - interval.low < 0.2, "300 units give a narrow interval: \(interval)")
        let other = try #require(Krippendorff.bootstrapInterval(data, level: level, seed: 99))
        #expect(other != interval, "another seed draws other resamples")
        let wider = try #require(Krippendorff.bootstrapInterval(data, level: level, confidence: 0.99))
        #expect(wider.low <= interval.low && interval.high <= wider.high)
        #expect(Krippendorff.bootstrapInterval(data, level: level, resamples: 0) == nil)
        #expect(Krippendorff.bootstrapInterval(data, level: level, confidence: .nan) == nil)
    }
}

extension ReportMathTests {
    @Test("Resampling clusters summed once gives the interval that reweighting every unit gives", arguments: MeasurementLevel.allCases)
    func bootstrapByCluster(level: MeasurementLevel) throws {
        let data = Self.agreeingData(seed: 5)
        let clusters = data.indices.map { $0 / 3 }
        let interval = try #require(Krippendorff.bootstrapInterval(data, level: level, clusters: clusters, resamples: 200))
        // The reference: the same draws, each unit weighted by its cluster's draw count.
        let coded = Krippendorff.CodedUnits(data)
        var renumber: [Int: Int] = [:]
        let clusterOf = coded.kept.map { u in
            if let c = renumber[clusters[u]] { return c }
            renumber[clusters[u]] = renumber.count
            return renumber.count - 1
        }
        var random = SeededRandom(seed: 0x5EED)
        var alphas: [Double] = []
        for _ in 0..<200 {
            var draws = [Double](repeating: 0, count: renumber.count)
            for _ in 0..<renumber.count { draws[random.index(below: renumber.count)] += 1 }
            if let alpha = coded.alpha(level: level, weights: clusterOf.map { draws[$0] }) { alphas.append(alpha) }
        }
        alphas.sort()
        let low = Krippendorff.quantile(alphas, 0.025), high = Krippendorff.quantile(alphas, 0.975)
        #expect(abs(interval.low - low) < 1e-9 && abs(interval.high - high) < 1e-9, "\(interval) against \((low, high))")
    }

    /// A python with the `krippendorff` package: CRITIQUE_KRIPPENDORFF_PYTHON, else python3 on
    /// PATH; nil when it cannot import the package.
    static let krippendorffPython: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidate = environment["CRITIQUE_KRIPPENDORFF_PYTHON"] ?? EditorHarness.which("python3")
        guard let python = candidate, FileManager.default.isExecutableFile(atPath: python) else { return nil }
        let probe = try? EditorClientTests.runClient(python, ["-c", "import krippendorff, numpy"], environment: environment, timeout: 60)
        return probe?.status == 0 ? python : nil
    }()

    /// A random rating matrix (units × coders) with missing values: sizes, missing rates, value
    /// domains (2 values, 7 values, negatives for the ratio metric's c + k = 0, quarters) and how
    /// much the coders agree all vary.
    static func randomMatrix(_ random: inout SeededRandom, index: Int) -> [[Double?]] {
        let domains: [[Double]] = [[0, 1], [1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5], [-3, -2, -1, 0, 1, 2, 3],
                                   [0, 2.5, 10], (0..<40).map { Double($0) / 4 }]
        let domain = domains[index % domains.count]
        func pick() -> Double { domain[Int(random.next() % UInt64(domain.count))] }
        let unitCount = 1 + Int(random.next() % (index % 4 == 0 ? 6 : 60))
        let coderCount = 1 + Int(random.next() % 6)
        let missing = Double(random.next() % 60) / 100
        let style = index % 3  // 0: uniform, 1: mostly the first two values, 2: mostly agreeing
        return (0..<unitCount).map { _ in
            let truth = pick()
            return (0..<coderCount).map { _ -> Double? in
                if Double(random.next() % 100) / 100 < missing { return nil }
                switch style {
                case 1: return domain[Int(random.next() % UInt64(min(2, domain.count)))]
                case 2: return random.next() % 10 < 7 ? truth : pick()
                default: return pick()
                }
            }
        }
    }

    /// 200 random matrices × 4 levels, computed here and by Tests/Scripts/alpha_crosscheck.py
    /// (the PyPI package), must agree to 1e-6, nil where the package gives nan or raises.
    @Test("Alpha equals the krippendorff package on 200 random matrices at every level",
          .enabled(if: EditorHarness.isCI || krippendorffPython != nil,
                   "SKIPPED: set CRITIQUE_KRIPPENDORFF_PYTHON to a python with krippendorff and numpy (pip install krippendorff numpy)"),
          .timeLimit(.minutes(2)))
    func crossCheck() throws {
        guard let python = Self.krippendorffPython else {
            Issue.record("the krippendorff package is missing: .ci/run installs krippendorff and numpy (PyPI) and sets CRITIQUE_KRIPPENDORFF_PYTHON"); return
        }
        var random = SeededRandom(seed: 0xA1FA)
        let matrices = (0..<200).map { Self.randomMatrix(&random, index: $0) }
        var cases: [String] = [], expected: [Double?] = [], levels: [MeasurementLevel] = []
        for units in matrices {
            let coders = (0..<(units.map(\.count).max() ?? 0)).map { c in units.map { $0[c] } }
            let data = "[" + coders.map { "[" + $0.map { $0.map { "\($0)" } ?? "null" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            for level in MeasurementLevel.allCases {
                cases.append(#"{"data": \#(data), "level": "\#(level.rawValue)"}"#)
                expected.append(Krippendorff.alpha(units, level: level))
                levels.append(level)
            }
        }
        let dir = try Support.tempDir("critique-alpha")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write(dir + "/in.json", "[" + cases.joined(separator: ",\n") + "]")
        let script = EditorHarness.packageRoot.appendingPathComponent("Tests/Scripts/alpha_crosscheck.py").path
        let (status, output) = try EditorClientTests.runClient(python, [script, dir + "/in.json"],
                                                              environment: ProcessInfo.processInfo.environment, timeout: 100)
        try #require(status == 0, "\(output.suffix(2000))")
        let line = output.split(separator: "\n").last { $0.hasPrefix("[") } ?? ""
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(output.suffix(2000))")
        try #require(reference.count == expected.count)
        var worst: [MeasurementLevel: Double] = [:], measured = 0
        for (i, value) in reference.enumerated() {
            let theirs = (value as? NSNumber)?.doubleValue, ours = expected[i]
            switch (theirs, ours) {
            case (nil, nil): continue
            case let (theirs?, ours?):
                measured += 1
                worst[levels[i]] = max(worst[levels[i]] ?? 0, abs(theirs - ours))
                #expect(abs(theirs - ours) < 1e-6, "matrix \(i / 4) (\(levels[i])): package \(theirs), ours \(ours): \(matrices[i / 4])")
            default:
                Issue.record("matrix \(i / 4) (\(levels[i])): package \(String(describing: theirs)), ours \(String(describing: ours)): \(matrices[i / 4])")
            }
        }
        #expect(measured > 600, "most cases are measurable: \(measured) of \(expected.count); worst differences \(worst)")
    }
}

extension ReportMathTests {
    static let sample = "The second response invents a study from Oslo that nobody can find, and its summary of the method contradicts the paper it cites in the first paragraph, so the score is lowered."
    static let unrelated = [
        "Response A answers the question directly and keeps the units consistent throughout the worked example.",
        "Both answers miss the edge case where the list is empty; B at least mentions it in passing at the end.",
        "The translation keeps the tone of the original letter but drops the date and the closing greeting.",
        "A refuses politely and points to a safer alternative, which the rubric rewards under harmlessness.",
    ]

    @Test("Exact copies and lightly edited copies cluster; unrelated and empty texts do not")
    func nearDuplicates() {
        let edited = Self.sample.replacingOccurrences(of: "nobody", with: "no one").replacingOccurrences(of: "lowered", with: "reduced")
        let shingles = { (text: String) in NearDuplicates.distinctSorted(NearDuplicates.shingleHashes(text)) }
        let similarity = NearDuplicates.jaccard(shingles(Self.sample), shingles(edited))
        #expect(similarity >= 0.7 && similarity < 1, "the edit keeps Jaccard ≥ 0.7: \(similarity)")

        let texts = [Self.unrelated[0], Self.sample, Self.unrelated[1], Self.sample, "", edited, Self.unrelated[2], "", Self.unrelated[3], "  \n "]
        let clusters = NearDuplicates.clusters(texts)
        #expect(clusters.map(\.members) == [[1, 3, 5]], "\(clusters)")
        #expect(abs((clusters.first?.similarity ?? 0) - similarity) < 1e-12, "the weakest joining pair is the edit")
        #expect(NearDuplicates.clusters(Self.unrelated).isEmpty)
        #expect(NearDuplicates.clusters(["", "", " ", "\t\n"]).isEmpty, "empty texts never match")
        #expect(NearDuplicates.clusters([]).isEmpty && NearDuplicates.clusters([Self.sample]).isEmpty)
        #expect(NearDuplicates.clusters([Self.sample, edited], threshold: 0.99).isEmpty, "the threshold applies")
    }

    @Test("The byte-by-byte shingles of ASCII text are the scalar-by-scalar ones")
    func asciiShingles() throws {
        var random = SeededRandom(seed: 11)
        // Letters of both cases, digits, punctuation and every ASCII space, in runs, so words,
        // space runs and texts under five words or characters all occur.
        let pieces = ["a", "Z", "q", "7", "0", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", ".", ",", "-", "'", "#", "@", "_", "~", "\u{7F}", "\u{01}", "Word", "ABC", "x1"]
        var texts = ["", " ", "a", "ab cd", "a b c d", "a b c d e", "abcd", "abcde", "  lead and trail  ", Self.sample] + Self.unrelated
        for _ in 0..<400 {
            let length = Int(random.next() % 40)
            texts.append((0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
        }
        for text in texts {
            var copy = text
            let ascii = try #require(copy.withUTF8 { NearDuplicates.asciiShingleHashes($0) }, "ASCII text takes the byte path: \(text.debugDescription)")
            #expect(ascii.sorted() == NearDuplicates.scalarShingleHashes(text).sorted(), "\(text.debugDescription)")
        }
        var accented = "Café au lait"
        #expect(accented.withUTF8 { NearDuplicates.asciiShingleHashes($0) } == nil, "other text goes scalar by scalar")
        #expect(NearDuplicates.shingleHashes(accented) == NearDuplicates.scalarShingleHashes(accented))
    }

    @Test("The band keys' radix sort gives what sort() gives, skipped digits and repeats included")
    func radixSort() {
        var random = SeededRandom(seed: 5)
        // Sizes around the small-array cut-off; keys varying in all bits, only in some 16-bit
        // digits (so passes are skipped), and many repeats.
        for n in [0, 1, 2, 64, 65, 100, 1_000, 20_000] {
            let shapes: [(UInt64) -> UInt64] = [{ $0 }, { $0 & 0xFFFF_0000_0000_FFFF }, { $0 & 0x0000_FFFF_0000_0000 }, { $0 % 7 }, { _ in 42 }]
            for shape in shapes {
                let keys = (0..<n).map { _ in shape(random.next()) }
                var sorted = keys
                NearDuplicates.radixSort(&sorted)
                #expect(sorted == keys.sorted(), "\(n) keys")
            }
        }
    }

    @Test("Short texts (under 5 words or characters) still match their copies, case and spacing aside")
    func shortTexts() {
        let clusters = NearDuplicates.clusters(["Looks good.", "ok", "looks   GOOD.", "no", "OK", "Fine by me"])
        #expect(clusters.map(\.members) == [[0, 2], [1, 4]], "\(clusters)")
    }

    @Test("Clusters are the same on every call and for every seed, and members are ascending")
    func deterministic() {
        var random = SeededRandom(seed: 3)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<400).map { _ in String((0..<(3 + random.next() % 6)).map { _ in letters[Int(random.next() % 26)] }) }
        var texts = (0..<300).map { _ in (0..<30).map { _ in words[Int(random.next() % 400)] }.joined(separator: " ") }
        for i in stride(from: 10, to: 300, by: 37) { texts[i] = texts[i - 7] }
        let first = NearDuplicates.clusters(texts)
        #expect(first.map(\.members) == stride(from: 10, to: 300, by: 37).map { [$0 - 7, $0] }, "the planted copies, and only those: \(first)")
        #expect(NearDuplicates.clusters(texts) == first)
        #expect(NearDuplicates.clusters(texts, seed: 42).map(\.members) == first.map(\.members), "exact confirmation makes the seed irrelevant here")
        for cluster in first {
            #expect(cluster.members == cluster.members.sorted() && cluster.members.count >= 2 && cluster.similarity >= 0.7)
        }
        #expect(first.map { $0.members[0] } == first.map { $0.members[0] }.sorted())
    }
}
