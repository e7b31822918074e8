// "Did you mean" for profile names.

enum Suggestions {
    static func closeNames(to name: String, among names: some Sequence<String>, limit: Int = 5) -> [String] {
        let target = Array(name.unicodeScalars)
        let folded = PythonText.lower(name)
        var scored: [(distance: Int, name: String)] = []
        for candidate in names where candidate != name {
            let scalars = Array(candidate.unicodeScalars)
            let distance = editDistance(target, scalars, limit: 2)
            let lowered = PythonText.lower(candidate)
            let isPrefix =
                !target.isEmpty && (scalars.starts(with: target) || (!scalars.isEmpty && target.starts(with: scalars)))
            if lowered == folded {
                scored.append((0, candidate))
            } else if let distance {
                scored.append((distance, candidate))
            } else if isPrefix {
                scored.append((3, candidate))
            }
        }
        scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
        return scored.prefix(limit).map(\.name)
    }

    /// Levenshtein distance when it is at most `limit`, else nil. Only the band of cells within
    /// `limit` of the diagonal is computed (the others cannot lead to a distance within it), so a
    /// very long name costs O(length × limit), not O(length²).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let outside = limit + 1  // any value above the limit
        var previous = (0...b.count).map { min($0, outside) }
        var row = [Int](repeating: outside, count: b.count + 1)
        for i in 1...a.count {
            let low = max(1, i - limit)
            let high = min(b.count, i + limit)
            row[low - 1] = low == 1 ? min(i, outside) : outside
            var best = row[low - 1]
            for j in low...high {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                row[j] = min(substitution, previous[j] + 1, row[j - 1] + 1, outside)
                best = min(best, row[j])
            }
            if high < b.count { row[high + 1] = outside }
            if best > limit { return nil }
            swap(&previous, &row)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
