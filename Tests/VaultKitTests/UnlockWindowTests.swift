// The unlock window against the real kernel keyring, its durations, and the TPM seam's default.
import Foundation
import KernelKeyring
import Testing
import TestSupport
import VaultCrypto

@testable import VaultKit

@Suite("unlock window")
struct UnlockWindowTests {
    @Test func durationsParseWithUnitsLargestFirst() throws {
        #expect(try UnlockDuration.seconds("90s") == 90)
        #expect(try UnlockDuration.seconds("15m") == 900)
        #expect(try UnlockDuration.seconds("2h") == 7200)
        #expect(try UnlockDuration.seconds("1h30m") == 5400)
        #expect(try UnlockDuration.seconds("12h") == 43_200)
        for bad in ["", "15", "m", "1m1h", "1h1h", "12h1s", "0s", "1d", " 5m", "99999999999h"] {
            #expect(throws: VaultError.self, "\(bad)") { try UnlockDuration.seconds(bad) }
        }
        #expect(throws: VaultError.protectors(.invalidDuration("x", setting: false))) {
            try UnlockDuration.seconds("x")
        }
        #expect(VaultError.protectors(.invalidDuration("x", setting: false)).exitCode == 2)
        #expect(VaultError.protectors(.invalidDuration("x", setting: true)).exitCode == 1)
    }

    @Test func aWindowOpensWithoutAskingUntilLocked() throws {
        let world = try VaultFixture.make { try $0.addKey(profile: "default") }
        defer { world.cleanup() }
        world.prompter.canPrompt = false
        let until = try world.vault.unlockForAWhile(seconds: 120)
        #expect(until == world.clock.now() + 120)
        world.environment["VAULT_PASSPHRASE"] = nil
        let document = try world.vault.load()
        #expect(world.vault.unlockedSecondsLeft(document) == 120)
        let pair = try world.vault.unlock(document)
        #expect(pair.publicKey == document.header.publicKey)
        #expect(try world.accessKeyID("default") == VaultFixture.keyID)
        // A new window needs the person, not the window itself.
        #expect(throws: VaultError.self) { _ = try world.vault.unlockForAWhile(seconds: 60) }
        #expect(try world.vault.lock())
        #expect(world.vault.unlockedSecondsLeft(document) == nil)
        #expect(throws: VaultError.self) { _ = try world.vault.unlock(document) }
        #expect(try world.vault.lock() == false)
        #expect(world.prompter.asked.isEmpty)
    }

    @Test func aKeyOfAnotherVaultIsIgnoredAndRemoved() throws {
        let world = try VaultFixture.make { try $0.addKey(profile: "default") }
        defer { world.cleanup() }
        let other = try VaultFixture.make { try $0.addKey(profile: "default") }
        defer { other.cleanup() }
        _ = try other.vault.unlockForAWhile(seconds: 120)
        let name = "vault:unlocked:" + Encoding.hex(try world.vault.load().header.vaultID)
        let otherName = "vault:unlocked:" + Encoding.hex(try other.vault.load().header.vaultID)
        guard let foreign = try KernelKeyring().read(description: otherName) else {
            Issue.record("the other vault's window is not open")
            return
        }
        try KernelKeyring().store(description: name, payload: foreign, timeoutSeconds: 60)
        world.prompter.canPrompt = false
        world.environment["VAULT_PASSPHRASE"] = nil
        let document = try world.vault.load()
        #expect(world.vault.unlockedSecondsLeft(document) == nil)
        let removed = try KernelKeyring().read(description: name) == nil
        #expect(removed)
        #expect(throws: VaultError.self) { _ = try world.vault.unlock(document) }
    }

    @Test func statusShowsTheWindow() {
        #expect(StatusFormatter.unlockWindow(nil) == "locked")
        #expect(StatusFormatter.unlockWindow(12 * 60 + 5) == "unlocked, 12 min left")
        #expect(StatusFormatter.unlockWindow(42) == "unlocked, 42 s left")
    }

    @Test func withoutTPMSupportEveryTPMUseSaysSo() throws {
        let tpm = UnavailableTPM()
        let secret = try SecureBytes(count: 32)
        #expect(throws: VaultError.protectors(.noTPMSupport)) {
            _ = try tpm.seal(secret, pin: try SecureBytes(count: 0), pcrs: [])
        }
        #expect(throws: VaultError.protectors(.noTPMSupport)) {
            _ = try tpm.unseal([1, 2], pin: try SecureBytes(count: 0))
        }
        #expect(tpm.needsPIN([1, 0]) == false)
    }

    @Test func theFakeTPMChecksItsPINAndCanReturnWrongBytes() throws {
        let tpm = FakeTPM()
        var bytes = Array(repeating: UInt8(7), count: 32)
        let secret = try SecureBytes(takingAndWiping: &bytes)
        var pinBytes = Array("1234".utf8)
        let pin = try SecureBytes(takingAndWiping: &pinBytes)
        let blob = try tpm.seal(secret, pin: pin, pcrs: [7])
        #expect(tpm.needsPIN(blob))
        #expect(try tpm.unseal(blob, pin: pin).isEqual(to: secret))
        #expect(throws: VaultError.protectors(.tpmWrongPIN(triesLeft: nil))) {
            _ = try tpm.unseal(blob, pin: try SecureBytes(count: 0))
        }
        tpm.wrongBytes = true
        #expect(try tpm.unseal(blob, pin: pin).isEqual(to: secret) == false)
    }
}
