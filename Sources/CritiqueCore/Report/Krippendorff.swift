/// How the values of a criterion are compared: which differences count as disagreement, and how much.
public enum MeasurementLevel: String, Sendable, CaseIterable {
    case nominal, ordinal, interval, ratio
}

/// Krippendorff's alpha, the chance-corrected agreement of several coders (annotators) over units
/// (items), with missing values allowed.
///
/// Computed from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
/// Alpha-Reliability") as `1 - Do / De`, and equal to the PyPI `krippendorff` package. The work is
/// done over the distinct values, never over all pairs of values: the observed disagreement `Do` is
/// summed unit by unit, and the expected disagreement `De` over the value marginals, in
/// O(N log N + V) for nominal, ordinal and interval data and O(N log N + V²) for ratio data.
public enum Krippendorff {
    /// `units[u][c]`: the value coder c gave unit u, nil when missing. Units with fewer than 2
    /// values drop out (as the definition says). NaN and infinite values count as missing.
    ///
    /// Returns nil when alpha is not measurable: fewer than 2 pairable values, or no expected
    /// disagreement (one coder, no shared unit, every value identical).
    public static func alpha(_ units: [[Double?]], level: MeasurementLevel) -> Double? {
        CodedUnits(units).alpha(level: level, weights: nil)
    }

    /// Number of pairable units (units with at least 2 values).
    public static func pairableUnits(_ units: [[Double?]]) -> Int {
        units.count(where: { unit in unit.count(where: { $0?.isFinite == true }) >= 2 })
    }

    /// Percentile bootstrap interval for alpha at `confidence` (0.95 by default): the units are
    /// resampled with replacement `resamples` times with a seeded SplitMix64, so the same input
    /// and seed always give the same interval. The bounds are the (1 - confidence) / 2 and
    /// (1 + confidence) / 2 quantiles of the measurable resampled alphas, interpolated linearly
    /// between order statistics (numpy's default percentile). Resamples whose alpha is not
    /// measurable are skipped; nil when fewer than half are measurable, when alpha itself is not
    /// measurable, or when `resamples` or `confidence` make no sense.
    ///
    /// `clusters[u]`, when given, names the cluster unit u belongs to (its task, when a task has
    /// a unit per response): clusters are drawn instead of units, and each drawn cluster brings
    /// all its units, so the interval is over tasks.
    public static func bootstrapInterval(_ units: [[Double?]], level: MeasurementLevel, clusters: [Int]? = nil, resamples: Int = 1000,
                                         seed: UInt64 = 0x5EED, confidence: Double = 0.95) -> (low: Double, high: Double)? {
        alphaWithInterval(units, level: level, clusters: clusters, resamples: resamples, seed: seed, confidence: confidence).interval
    }

    /// `alpha` and `bootstrapInterval` together, from one reduction of the units.
    public static func alphaWithInterval(_ units: [[Double?]], level: MeasurementLevel, clusters: [Int]? = nil, resamples: Int = 1000,
                                         seed: UInt64 = 0x5EED, confidence: Double = 0.95) -> (alpha: Double?, interval: (low: Double, high: Double)?) {
        let coded = CodedUnits(units)
        guard let alpha = coded.alpha(level: level, weights: nil) else { return (nil, nil) }
        return (alpha, interval(coded, inputCount: units.count, level: level, clusters: clusters, resamples: resamples, seed: seed, confidence: confidence))
    }

    /// The bootstrap interval of units whose alpha is measurable; `inputCount` units were given.
    static func interval(_ coded: CodedUnits, inputCount: Int, level: MeasurementLevel, clusters: [Int]?, resamples: Int,
                         seed: UInt64, confidence: Double) -> (low: Double, high: Double)? {
        guard resamples > 0, confidence > 0, confidence < 1 else { return nil }
        // Only pairable units are kept, and resampling those is what matters: units with one value
        // add nothing to any coincidence, so they are left out of the draw as well.
        let unitCount = coded.unitCount
        let perUnit = coded.unitDisagreements(level: level)
        var random = SplitMix64(seed: seed)
        var weights = [Double](repeating: 0, count: unitCount)
        var alphas: [Double] = []
        alphas.reserveCapacity(min(resamples, 100_000))
        // The cluster of each pairable unit, renumbered 0..<clusterCount.
        var clusterOf = Array(0..<unitCount)
        var clusterCount = unitCount
        if let clusters, clusters.count == inputCount {
            var renumber: [Int: Int] = [:]
            clusterOf = coded.kept.map { u in
                if let c = renumber[clusters[u]] { return c }
                renumber[clusters[u]] = renumber.count
                return renumber.count - 1
            }
            clusterCount = renumber.count
        }
        var draws = [Double](repeating: 0, count: clusterCount)
        // Where a unit's observed disagreement does not depend on the others (every level but
        // ordinal), a cluster's units are summed once: its observed disagreement and its value
        // counts. A resample is then a pass over the clusters drawn, not over every unit.
        let clustered = perUnit.map { CodedUnits.ClusterSums(coded, clusterOf: clusterOf, clusterCount: clusterCount, unitDisagreements: $0) }
        var marginals = [Double](repeating: 0, count: coded.domain.count)
        for _ in 0..<resamples {
            for c in 0..<clusterCount { draws[c] = 0 }
            for _ in 0..<clusterCount { draws[random.index(below: clusterCount)] += 1 }
            let alpha: Double?
            if let clustered {
                for v in marginals.indices { marginals[v] = 0 }
                // Over the buffers: the arrays' bounds checks were a third of this loop.
                let observed = clustered.drawnSums(draws, into: &marginals)
                alpha = coded.alpha(level: level, marginals: marginals, observed: observed)
            } else {
                for u in 0..<unitCount { weights[u] = draws[clusterOf[u]] }
                alpha = coded.alpha(level: level, weights: weights)
            }
            if let alpha { alphas.append(alpha) }
        }
        guard alphas.count * 2 >= resamples else { return nil }
        alphas.sort()
        let tail = (1 - confidence) / 2
        return (quantile(alphas, tail), quantile(alphas, 1 - tail))
    }

    /// The `p` quantile of sorted, non-empty `values`, interpolating between neighbours.
    static func quantile(_ values: [Double], _ p: Double) -> Double {
        let position = p * Double(values.count - 1)
        let below = min(max(Int(position), 0), values.count - 1)  // position ≥ 0: truncation is floor
        let above = min(below + 1, values.count - 1)
        let fraction = position - Double(below)
        return values[below] + (values[above] - values[below]) * fraction
    }
}

extension Krippendorff {
    /// The pairable units reduced to their distinct values: unit u holds `counts[i]` copies of value
    /// `domain[valueIndex[i]]` for i in `offsets[u]..<offsets[u + 1]`. Built once, then cheap to
    /// evaluate for any reweighting of the units (a bootstrap resample is a vector of unit weights).
    struct CodedUnits {
        /// The distinct values that occur in pairable units, ascending.
        var domain: [Double] = []
        var offsets: [Int] = [0]
        var valueIndex: [Int] = []
        var counts: [Double] = []
        /// How many values each unit has (m_u ≥ 2).
        var sizes: [Double] = []
        /// The index in the input of each pairable unit.
        var kept: [Int] = []

        var unitCount: Int { sizes.count }

        /// `leavingOut`: a coder whose values are not read (as if the coder had rated nothing).
        init(_ units: [[Double?]], leavingOut coder: Int? = nil) {
            // The pairable units' finite values, one unit after another, each unit's sorted.
            var flat: [Double] = [], bounds = [0]
            for (i, unit) in units.enumerated() {
                let start = flat.count
                for (c, v) in unit.enumerated() where c != coder { if let v, v.isFinite { flat.append(v) } }
                if flat.count - start >= 2 {
                    flat[start...].sort()
                    bounds.append(flat.count)
                    kept.append(i)
                } else {
                    flat.removeSubrange(start...)
                }
            }
            domain = Self.distinct(flat.sorted())
            for u in kept.indices {
                // Runs of equal values in the sorted unit: one entry per distinct value.
                var start = bounds[u]
                while start < bounds[u + 1] {
                    var end = start + 1
                    while end < bounds[u + 1] && flat[end] == flat[start] { end += 1 }
                    valueIndex.append(Self.position(of: flat[start], in: domain))
                    counts.append(Double(end - start))
                    start = end
                }
                offsets.append(valueIndex.count)
                sizes.append(Double(bounds[u + 1] - bounds[u]))
            }
        }

        /// Sorted `values` without repeats (-0.0 and 0.0 are one value).
        static func distinct(_ sorted: [Double]) -> [Double] {
            var out: [Double] = []
            for value in sorted where out.last != value { out.append(value) }
            return out
        }

        /// The index of `value` in the sorted `domain`, which contains it.
        static func position(of value: Double, in domain: [Double]) -> Int {
            var low = 0, high = domain.count - 1
            while low < high {
                let middle = (low + high) / 2
                if domain[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// Each unit's observed disagreement Σ n_c n_k δ(c, k) / (m_u - 1), which does not depend on
        /// the other units for every level but ordinal (whose metric depends on the marginals): nil there.
        func unitDisagreements(level: MeasurementLevel) -> [Double]? {
            guard level != .ordinal else { return nil }
            return (0..<unitCount).map { u in
                let range = offsets[u]..<offsets[u + 1]
                return pairDisagreement(valueIndex, counts, range, level: level, positions: domain) / (sizes[u] - 1)
            }
        }

        /// Alpha with unit u counted `weights[u]` times (once each when nil); nil when not measurable.
        func alpha(level: MeasurementLevel, weights: [Double]?) -> Double? {
            guard domain.count >= 2 else { return nil }
            // The marginals n_c: how often value c is pairable (the row sums of the coincidence matrix).
            var marginals = [Double](repeating: 0, count: domain.count)
            for u in 0..<unitCount {
                let weight = weights?[u] ?? 1
                guard weight > 0 else { continue }
                for i in offsets[u]..<offsets[u + 1] { marginals[valueIndex[i]] += weight * counts[i] }
            }
            let positions = level == .ordinal ? Self.midranks(marginals) : domain
            var observed = 0.0
            for u in 0..<unitCount {
                let weight = weights?[u] ?? 1
                guard weight > 0 else { continue }
                let range = offsets[u]..<offsets[u + 1]
                observed += weight * pairDisagreement(valueIndex, counts, range, level: level, positions: positions) / (sizes[u] - 1)
            }
            return alpha(level: level, marginals: marginals, observed: observed)
        }

        /// 1 - Do / De from the marginals n_c and the observed disagreement Σ_u w_u Σ n_c n_k δ(c, k) / (m_u - 1);
        /// nil when not measurable.
        func alpha(level: MeasurementLevel, marginals: [Double], observed: Double) -> Double? {
            guard domain.count >= 2 else { return nil }
            let total = marginals.reduce(0, +)
            guard total >= 2 else { return nil }
            let positions = level == .ordinal ? Self.midranks(marginals) : domain
            let allValues = Array(0..<domain.count)
            let expected = pairDisagreement(allValues, marginals, 0..<domain.count, level: level, positions: positions) / (total - 1)
            guard expected > 0, expected.isFinite else { return nil }
            let result = 1 - observed / expected
            return result.isFinite ? result : nil
        }

        /// Σ over ordered pairs of values (c, k) of n_c · n_k · δ(c, k), for the distinct values
        /// `domain[indices[i]]` seen `counts[i]` times, i in `range`. Nominal, interval and ordinal use
        /// closed forms in O(values); ratio sums the pairs.
        func pairDisagreement(_ indices: [Int], _ counts: [Double], _ range: Range<Int>, level: MeasurementLevel, positions: [Double]) -> Double {
            switch level {
            case .nominal:
                // Every pair of different values disagrees by 1: N² - Σ n_c².
                var total = 0.0, squares = 0.0
                for i in range { total += counts[i]; squares += counts[i] * counts[i] }
                return total * total - squares
            case .interval, .ordinal:
                // δ = (y_c - y_k)²: Σ n_c n_k (y_c - y_k)² = 2 N Σ n_c (y_c - ȳ)², with y the value
                // (interval) or its midrank (ordinal). One value present is exactly 0 (a rounded ȳ
                // would leave a tiny spread where the package has none).
                var total = 0.0, weighted = 0.0, present = 0
                for i in range where counts[i] > 0 {
                    total += counts[i]
                    weighted += counts[i] * positions[indices[i]]
                    present += 1
                }
                guard present >= 2 else { return 0 }
                let mean = weighted / total
                var spread = 0.0
                for i in range {
                    let deviation = positions[indices[i]] - mean
                    spread += counts[i] * deviation * deviation
                }
                return 2 * total * spread
            case .ratio:
                var sum = 0.0
                for i in range where counts[i] > 0 {
                    for j in range where j > i && counts[j] > 0 {
                        sum += 2 * counts[i] * counts[j] * Self.ratioDistance(domain[indices[i]], domain[indices[j]])
                    }
                }
                return sum
            }
        }

        /// The units of each bootstrap cluster summed: cluster c holds `counts[e]` copies of value
        /// `domain[valueIndex[e]]` for e in `offsets[c]..<offsets[c + 1]`, and its units' observed
        /// disagreements add up to `observed[c]`.
        struct ClusterSums {
            var offsets: [Int] = [0]
            var valueIndex: [Int] = []
            var counts: [Double] = []
            var observed: [Double]

            init(_ coded: CodedUnits, clusterOf: [Int], clusterCount: Int, unitDisagreements: [Double]) {
                observed = [Double](repeating: 0, count: clusterCount)
                var entries: [(cluster: Int, value: Int, count: Double)] = []
                for u in 0..<coded.unitCount {
                    observed[clusterOf[u]] += unitDisagreements[u]
                    for i in coded.offsets[u]..<coded.offsets[u + 1] { entries.append((clusterOf[u], coded.valueIndex[i], coded.counts[i])) }
                }
                entries.sort { ($0.cluster, $0.value) < ($1.cluster, $1.value) }
                var e = 0
                for c in 0..<clusterCount {
                    while e < entries.count && entries[e].cluster == c {
                        if valueIndex.count > offsets[c] && valueIndex[valueIndex.count - 1] == entries[e].value {
                            counts[counts.count - 1] += entries[e].count
                        } else {
                            valueIndex.append(entries[e].value)
                            counts.append(entries[e].count)
                        }
                        e += 1
                    }
                    offsets.append(valueIndex.count)
                }
            }

            /// Adds each cluster's value counts, `draws[c]` times over, to `marginals`, and returns
            /// its observed disagreements summed the same way.
            func drawnSums(_ draws: [Double], into marginals: inout [Double]) -> Double {
                var total = 0.0
                draws.withUnsafeBufferPointer { draws in
                    observed.withUnsafeBufferPointer { observed in
                        offsets.withUnsafeBufferPointer { offsets in
                            valueIndex.withUnsafeBufferPointer { valueIndex in
                                counts.withUnsafeBufferPointer { counts in
                                    marginals.withUnsafeMutableBufferPointer { marginals in
                                        for c in 0..<draws.count where draws[c] > 0 {
                                            let drawn = draws[c]
                                            total += drawn * observed[c]
                                            for e in offsets[c]..<offsets[c + 1] { marginals[valueIndex[e]] += drawn * counts[e] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                return total
            }
        }

        /// ((c - k) / (c + k))², and 0 when c + k is 0 (as the `krippendorff` package does).
        static func ratioDistance(_ c: Double, _ k: Double) -> Double {
            let sum = c + k
            guard sum != 0 else { return 0 }
            let ratio = (c - k) / sum
            return ratio * ratio
        }

        /// The ordinal metric δ(c, k) = (Σ_{g=c..k} n_g - (n_c + n_k) / 2)² equals (r_k - r_c)² with the
        /// midrank r_g = n_0 + … + n_{g-1} + n_g / 2 over the marginal counts.
        static func midranks(_ marginals: [Double]) -> [Double] {
            var ranks: [Double] = []
            ranks.reserveCapacity(marginals.count)
            var below = 0.0
            for n in marginals {
                ranks.append(below + n / 2)
                below += n
            }
            return ranks
        }
    }
}
