// The banded edit distance against the full Levenshtein table on seeded random strings.
import TestSupport
import Testing

@testable import VaultBase

@Suite struct EditDistanceTests {
    /// The whole table, O(n·m): the plain algorithm the band must agree with.
    static func fullDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        var previous = Array(0...b.count)
        for i in stride(from: 1, through: a.count, by: 1) {
            var row = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                row[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, row[j - 1] + 1)
            }
            previous = row
        }
        return previous[b.count]
    }

    @Test func agreesWithTheFullTableWithinTheBand() {
        var random = SplitMix64(seed: 0xED17)
        let alphabet = Array("abcé".unicodeScalars)
        var withinBand = 0
        var beyond = 0
        for _ in 0..<5_000 {
            func string() -> [Unicode.Scalar] {
                (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            }
            let a = string()
            let b = random.next() % 3 == 0 ? Self.edited(a, &random, alphabet) : string()
            let full = Self.fullDistance(a, b)
            for limit in 0...4 {
                let banded = EditDistance.levenshtein(a, b, limit: limit)
                #expect(banded == (full <= limit ? full : nil), "\(a) \(b) \(limit)")
                if banded == nil { beyond += 1 } else { withinBand += 1 }
            }
        }
        #expect(withinBand > 3_000 && beyond > 3_000)
    }

    @Test func charactersAndScalarsDiffer() {
        let composed = Array("caf\u{E9}"), decomposed = Array("cafe\u{301}")
        #expect(EditDistance.levenshtein(composed, decomposed, limit: 2) == 0)  // one Character each
        #expect(
            EditDistance.levenshtein(Array("caf\u{E9}".unicodeScalars), Array("cafe\u{301}".unicodeScalars), limit: 2)
                == 2)
    }

    @Test func nilBeyondTheLimit() {
        #expect(EditDistance.levenshtein(Array("prod"), Array("production"), limit: 2) == nil)
        #expect(EditDistance.levenshtein(Array("abc"), Array("xyz"), limit: 2) == nil)
        #expect(EditDistance.levenshtein(Array("abc"), Array("xyz"), limit: 3) == 3)
        #expect(EditDistance.levenshtein([Character](), Array("ab"), limit: 2) == 2)
        #expect(EditDistance.levenshtein([Character](), Array("abc"), limit: 2) == nil)
        let long = Array(String(repeating: "profile", count: 15_000))
        #expect(EditDistance.levenshtein(long + ["x"], long + ["y", "z"], limit: 2) == 2)  // linear, not quadratic
    }

    /// `a` with one to three random insertions, deletions or substitutions: near misses.
    static func edited(_ a: [Unicode.Scalar], _ random: inout SplitMix64, _ alphabet: [Unicode.Scalar])
        -> [Unicode.Scalar]
    {
        var b = a
        for _ in 0..<(1 + random.next() % 3) {
            let letter = alphabet[Int(random.next() % UInt64(alphabet.count))]
            let at = Int(random.next() % UInt64(b.count + 1))
            switch random.next() % 3 {
            case 0 where at < b.count: b.remove(at: at)
            case 1 where at < b.count: b[at] = letter
            default: b.insert(letter, at: at)
            }
        }
        return b
    }
}
