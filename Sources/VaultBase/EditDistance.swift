// Levenshtein distance within a limit, for every "did you mean" vault prints.

/// The edit distance of two sequences, computed only as far as a limit.
public enum EditDistance {
    /// Levenshtein distance of `a` and `b` when it is at most `limit`, else nil. Only the band of
    /// cells within `limit` of the diagonal is computed (the others cannot lead to a distance
    /// within it), so a very long name costs O(length × limit), not O(length²). Compare
    /// `Array(string)` for characters, `Array(string.unicodeScalars)` for scalars.
    public static func levenshtein<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int) -> Int? {
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
