@testable import AWSConfig
import Testing

@Suite("Suggestions")
struct SuggestionTests {
    // The banded distance itself is tested in VaultBaseTests (EditDistanceTests).

    /// Found by fuzzing: a mistyped 100 KiB name against a profile of similar length took seconds
    /// (the whole table); the band keeps it linear.
    @Test func veryLongNamesStayLinear() {
        let long = String(repeating: "profile", count: 15_000)
        #expect(Suggestions.closeNames(to: long + "x", among: [long + "yz", "dev"]) == [long + "yz"])
    }
}
