// `vault list`'s key age: the `key-created` metadata when it is a real time, else when the key was added.
import Testing
import VaultFormat

@testable import VaultKit

@Suite struct ListingFormatterTests {
    func summary(keyCreated: String) -> ProfileSummary {
        ProfileSummary(
            profile: "p", keyHint: "AKIA…WXYZ", added: 1_700_000_000,
            metadata: [Metadatum("key-created", keyCreated)], trusted: true)
    }

    @Test func keyCreatedIsReadWhenItIsARealTime() {
        #expect(ListingFormatter.keyCreated(summary(keyCreated: "2024-02-29T12:00:00Z")) == 1_709_208_000)
        #expect(ListingFormatter.keyCreated(summary(keyCreated: "2024-02-29T12:00:00.5Z")) == 1_709_208_000)
    }

    /// Impossible dates used to be read as the next month's days (Feb 31 as Mar 2, hour 99 as
    /// four days later); they are refused now, and the added time stands in, as for any bad text.
    @Test(arguments: [
        "2026-02-31T00:00:00Z", "2025-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T99:00:00Z", "soon",
    ])
    func anImpossibleKeyCreatedFallsBackToAdded(_ text: String) {
        #expect(ListingFormatter.keyCreated(summary(keyCreated: text)) == 1_700_000_000)
    }

    /// The key-max-age-days warning (moved here from an end-to-end test that needed the setting 0,
    /// which `vault config` now refuses: a fresh key cannot be old there).
    @Test func aKeyOlderThanTheSettingIsWarnedAbout() {
        let listing = VaultListing(
            path: "/v", backend: .file, created: 1_700_000_000,
            profiles: [
                ProfileSummary(
                    profile: "default", keyHint: "AKIA…WXYZ", added: 1_700_000_000, metadata: [], trusted: true)
            ])
        let old = ListingFormatter.table(listing, now: 1_700_000_000 + 31 * 86_400, maximumAgeDays: 30)
        #expect(old.contains("warning: the key of 'default'") && old.contains("vault rotate default"))
        let fresh = ListingFormatter.table(listing, now: 1_700_000_000 + 29 * 86_400, maximumAgeDays: 30)
        #expect(!fresh.contains("warning"))
    }
}
