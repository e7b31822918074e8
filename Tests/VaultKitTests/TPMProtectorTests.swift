// The tpm2 protector's wrap against FakeTPM: wrong bytes from a TPM fail the AEAD, never pass as the key.
import Testing
import TestSupport
import VaultCrypto
import VaultFormat

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

    private func keyPair() throws -> BoxKeyPair {
        var entropy = FixedEntropy.counting(32)
        return try BoxKeyPair(entropy: &entropy)
    }

    private func vault(for pair: borrowing BoxKeyPair) -> ProtectedVault {
        ProtectedVault(vaultID: Array(repeating: 7, count: 16), created: 1, publicKey: pair.publicKey)
    }
}
