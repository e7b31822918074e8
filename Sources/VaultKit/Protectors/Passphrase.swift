// The passphrase protector: changing the passphrase (`vault passwd`) in one sealed write.
import VaultCrypto
import VaultFormat

extension Vault {
    /// `vault passwd`: asks the current passphrase (never an open unlock window: changing it needs
    /// the person), then the new one twice (or `VAULT_NEW_PASSPHRASE`), and rewrites the header in
    /// one atomic sealed write under the lock. The long-term entries are copied, never opened.
    public func changePassphrase() throws(VaultError) {
        let opened = try load()
        guard opened.header.protection.hasPassphrase else { throw .protectors(.noPassphraseProtector) }
        let keyPair = try unlockByPassphrase(opened, protector: Self.passphraseID(opened))
        // The unlock may have moved a version-2 file to version 3 (FORMAT.md §10.6).
        let document = try load()
        let passphraseID = Self.passphraseID(document)
        let passphrase = try newPassphrase(variable: "VAULT_NEW_PASSPHRASE")
        let limits = try kdfLimits()
        context.progress("deriving the new key (Argon2id, \(limits.mem >> 20) MiB)…")
        var entropy = SystemEntropy()
        var header = document.header
        do {
            if case .protectors(var list) = header.protection, let passphraseID,
                let index = list.protectors.firstIndex(where: { $0.id == passphraseID })
            {
                let kdf = KDFParameters(opsLimit: limits.ops, memLimit: limits.mem, salt: entropy.bytes(16))
                list.protectors[index] = try VaultCryptography.passphraseProtector(
                    id: passphraseID, passphrase: passphrase, kdf: kdf, keyPair: keyPair,
                    vault: ProtectedVault(header), entropy: &entropy)
                header.protection = .protectors(list)
            } else {
                header = try VaultCryptography.rewrapped(
                    document.header, passphrase: passphrase, opsLimit: limits.ops, memLimit: limits.mem,
                    keyPair: keyPair, entropy: &entropy)
            }
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

    /// The first passphrase protector of a version-3 file.
    private static func passphraseID(_ document: VaultDocument) -> UInt16? {
        document.header.protection.protectorList?.protectors.first { $0.kind.code == 1 }?.id
    }

    /// The key pair from the passphrase protector `protector` (the keyblock of a version-2 file),
    /// never from an open unlock window.
    private func unlockByPassphrase(_ document: VaultDocument, protector: UInt16?) throws(VaultError) -> BoxKeyPair {
        try choosing(protector.map(Int.init)).unlock(document, foldPending: false, useWindow: false)
    }
}
