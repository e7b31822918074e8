// The vault's own seams with the fakes: a secret-service vault's key goes to and comes from the
// keyring, a passphrase vault asks the prompter, and neither is asked when it need not be.
import TestSupport
import Testing
import VaultCrypto

@testable import VaultKit

@Suite("Vault seams")
struct VaultSeamsTests {
    @Test func secretServiceVaultStoresItsKeyInTheKeyringAndLooksItUpToUnlock() throws {
        let world = try VaultFixture(passphraseInEnvironment: false)
        defer { world.cleanup() }
        world.environment["VAULT_BACKEND"] = "secret-service"
        try world.addKey(profile: "default")

        let vaultID = Encoding.hex(try world.vault.load().header.vaultID)
        let calls = world.keyring.calls
        #expect(
            calls.first
                == .store(label: "vault key for \(world.environment["VAULT_FILE"]!)", attributes: ["vault-id": vaultID])
        )
        #expect(calls.dropFirst().allSatisfy { $0 == .lookup(attributes: ["vault-id": vaultID]) } && calls.count >= 2)
        #expect(world.keyring.count == 1)
        #expect(world.prompter.asked.isEmpty)
        #expect(try world.accessKeyID("default") == VaultFixture.keyID)
    }

    @Test func aKeyringWithoutTheKeyFailsToUnlock() throws {
        let world = try VaultFixture(passphraseInEnvironment: false)
        defer { world.cleanup() }
        world.environment["VAULT_BACKEND"] = "secret-service"
        try world.addKey(profile: "default")
        let vaultID = Encoding.hex(try world.vault.load().header.vaultID)
        #expect(try world.keyring.remove(attributes: ["vault-id": vaultID]))
        #expect(throws: VaultError.self) { _ = try world.vault.unlock(try world.vault.load()) }
    }

    @Test func passphraseVaultAsksTheNewPassphraseTwiceThenOncePerUnlock() throws {
        let world = try VaultFixture(passphraseInEnvironment: false)
        defer { world.cleanup() }
        world.prompter.answerSecrets(VaultFixture.passphrase, VaultFixture.passphrase, VaultFixture.passphrase)
        try world.addKey(profile: "default")
        #expect(
            world.prompter.asked == [
                .secret("New vault passphrase: "), .secret("Repeat the passphrase: "), .secret("Vault passphrase: "),
            ])
        #expect(world.keyring.calls.isEmpty)
    }

    @Test func noTerminalMeansNoPassphraseWithoutAsking() throws {
        let world = try VaultFixture(passphraseInEnvironment: false)
        defer { world.cleanup() }
        world.prompter.canPrompt = false
        #expect(throws: VaultError.noPassphrase) { try world.addKey(profile: "default") }
        #expect(world.prompter.asked.isEmpty)
    }
}
