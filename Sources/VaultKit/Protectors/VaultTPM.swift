// The TPM seam: sealing a small secret to this machine's TPM 2.0.
import VaultCrypto

/// A TPM 2.0 that seals a small secret to this machine: `SystemTPM` (the TSS2 libraries, loaded
/// with dlopen on first use); in tests, `FakeTPM` (Tests/TestSupport).
public protocol VaultTPM {
    /// Seals `secret` (at most 128 bytes) under the storage hierarchy. A non-empty `pin` is needed
    /// to unseal (PolicyAuthValue); non-empty `pcrs` bind it to those sha256 PCRs' values now.
    func seal(_ secret: borrowing SecureBytes, pin: borrowing SecureBytes, pcrs: [UInt8]) throws(VaultError) -> [UInt8]
    /// Whether `blob` needs a PIN to unseal (read from the blob, no TPM call).
    func needsPIN(_ blob: [UInt8]) -> Bool
    /// Unseals what `seal` made; the caller checks the bytes (an AEAD does), never a return code alone.
    func unseal(_ blob: [UInt8], pin: borrowing SecureBytes) throws(VaultError) -> SecureBytes
}
