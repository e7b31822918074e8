@testable import AWSConfig
import Testing

@Suite("Suggestions")
struct SuggestionTests {
    /// The full Levenshtein table, for comparison.
    static func fullDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var row = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                row[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, row[j - 1] + 1)
            }
            previous = row
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    @Test func bandedDistanceAgreesWithTheFullTable() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abc".unicodeScalars)
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let b = (0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let full = Self.fullDistance(a, b)
            for limit in 0...3 {
                #expect(Suggestions.editDistance(a, b, limit: limit) == (full <= limit ? full : nil), "\(a) \(b) \(limit)")
            }
        }
    }

    /// Found by fuzzing: a mistyped 100 KiB name against a profile of similar length took seconds
    /// (the whole table); the band keeps it linear.
    @Test func veryLongNamesStayLinear() {
        let long = String(repeating: "profile", count: 15_000)
        #expect(Suggestions.closeNames(to: long + "x", among: [long + "yz", "dev"]) == [long + "yz"])
    }
}
