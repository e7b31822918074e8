// The passphrase protector: changing the passphrase (`vault passwd`) in one sealed write.
import VaultCrypto
import VaultFormat

extension Vault {
    /// `vault passwd`: asks the current passphrase (never an open unlock window: changing it needs
    /// the person), then the new one twice (or `VAULT_NEW_PASSPHRASE`), and rewrites the header in
    /// one atomic sealed write under the lock. The long-term entries are copied, never opened.
    public func changePassphrase() throws(VaultError) {
        let document = try load()
        guard document.header.protection.isPassphrase else { throw .protectors(.noPassphraseProtector) }
        let keyPair = try unlock(document, foldPending: false, useWindow: false)
        let passphrase = try newPassphrase(variable: "VAULT_NEW_PASSPHRASE")
        let limits = try kdfLimits()
        context.progress("deriving the new key (Argon2id, \(limits.mem >> 20) MiB)…")
        var entropy = SystemEntropy()
        let header: VaultHeader
        do {
            header = try VaultCryptography.rewrapped(
                document.header, passphrase: passphrase, opsLimit: limits.ops, memLimit: limits.mem,
                keyPair: keyPair, entropy: &entropy)
        } catch {
            throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: limits.mem >> 20))
        }
        try modify(keyPair: keyPair) { (current) throws(VaultError) in
            // Another passwd (or a restored file) in between: the caller's old passphrase may no longer apply.
            guard current.header.protection == document.header.protection else {
                throw .protectors(.protectionChangedMeanwhile)
            }
            current.header.protection = header.protection
        }
    }
}
