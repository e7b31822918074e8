// The tpm2 protector's wrap against FakeTPM: wrong bytes from a TPM fail the AEAD, never pass as the key.
import Testing
import TestSupport
import VaultCrypto
import VaultFormat
import VaultKit

@Suite("tpm2 protector")
struct TPMProtectorTests {
    static let nonce = Array(repeating: UInt8(2), count: 24)

    @Test func aTPMThatReturnsWrongBytesFailsTheAEAD() throws {
        let pair = try keyPair()
        let vault = self.vault(for: pair)
        let tpm = FakeTPM()
        var wBytes = Array(repeating: UInt8(0x42), count: 32)
        let w = try SecureBytes(takingAndWiping: &wBytes)
        let noPIN = try SecureBytes(count: 0)
        let blob = try tpm.seal(w, pin: noPIN, pcrs: [7])
        let t = try VaultCryptography.wrap(
            pair, id: 2, kind: .tpm2(needsPIN: false, pcrs: [7], nonce: Self.nonce, wrappedKey: [], blob: blob),
            wrappingKey: w, vault: vault)
        let unsealed = try tpm.unseal(blob, pin: noPIN)
        #expect(try VaultCryptography.unwrap(t, wrappingKey: unsealed, vault: vault).publicKey == pair.publicKey)
        tpm.wrongBytes = true
        let garbage = try tpm.unseal(blob, pin: noPIN)
        #expect(throws: FormatError.wrongKey) {
            _ = try VaultCryptography.unwrap(t, wrappingKey: garbage, vault: vault)
        }
        #expect(try ProtectorList.decode(ProtectorList(nextID: 3, protectors: [t]).encoded()).protectors == [t])
    }

    /// A passphrase vault with one key and a tpm2 protector (2) added through `tpm`.
    private func vaultWithTPM(_ tpm: FakeTPM, pin: Bool = false) throws -> VaultFixture {
        let world = try VaultFixture()
        try world.addKey(profile: "default")
        var context = world.context
        context.tpm = tpm
        if pin { context.environment["VAULT_TPM_PIN"] = "2468" }
        let added = try Vault(context: context).addProtector(.tpm2, tpm: TPMOptions(pin: pin, pcrs: [7]))
        #expect(added.id == 2 && added.recoveryKey == nil)
        return world
    }

    private func context(_ world: VaultFixture, _ tpm: FakeTPM, _ environment: [String: String?]) -> VaultContext {
        var context = world.context
        context.tpm = tpm
        context.environment["VAULT_PASSPHRASE"] = nil
        for (name, value) in environment { context.environment[name] = value }
        return context
    }

    @Test func aTPMWithoutPINUnlocksFirstWithoutTyping() throws {
        let tpm = FakeTPM()
        let world = try vaultWithTPM(tpm)
        defer { world.cleanup() }
        #expect(try world.vault.protectors().map(\.kind) == [.passphrase, .tpm2])
        #expect(try world.vault.protectors().last?.pcrs == [7])
        let vault = Vault(context: context(world, tpm, [:]))
        _ = try vault.unlock(try vault.load())
        #expect(tpm.unsealCalls == 1)
    }

    @Test func wrongBytesFromTheTPMAreReportedAsSuchNeverAsAWrongPIN() throws {
        let tpm = FakeTPM()
        let world = try vaultWithTPM(tpm)
        defer { world.cleanup() }
        tpm.wrongBytes = true
        let only = Vault(context: context(world, tpm, ["VAULT_PROTECTOR": "2"]))
        do {
            _ = try only.unlock(try only.load())
            Issue.record("wrong bytes from the TPM unlocked the vault")
        } catch {
            #expect(error.problem.contains("the TPM returned wrong bytes") && !error.problem.contains("PIN"))
        }
        // With a passphrase as well, the TPM's failure is a notice and the passphrase opens it.
        let both = Vault(context: context(world, tpm, ["VAULT_PASSPHRASE": VaultFixture.passphrase]))
        _ = try both.unlock(try both.load())
        #expect(world.notices.all.contains { $0.contains("protector 2 did not unlock") })
    }

    @Test func aTPMWithPINTakesItFromTheEnvironment() throws {
        let tpm = FakeTPM()
        let world = try vaultWithTPM(tpm, pin: true)
        defer { world.cleanup() }
        #expect(try world.vault.protectors().last?.pin == true)
        let right = Vault(context: context(world, tpm, ["VAULT_TPM_PIN": "2468"]))
        _ = try right.unlock(try right.load())
        let wrong = Vault(context: context(world, tpm, ["VAULT_TPM_PIN": "1357"]))
        do {
            _ = try wrong.unlock(try wrong.load())
            Issue.record("a wrong PIN unlocked the vault")
        } catch { #expect(error.problem.contains("wrong TPM PIN")) }
    }

    private func keyPair() throws -> BoxKeyPair {
        var entropy = FixedEntropy.counting(32)
        return try BoxKeyPair(entropy: &entropy)
    }

    private func vault(for pair: borrowing BoxKeyPair) -> ProtectedVault {
        ProtectedVault(vaultID: Array(repeating: 7, count: 16), created: 1, publicKey: pair.publicKey)
    }
}
