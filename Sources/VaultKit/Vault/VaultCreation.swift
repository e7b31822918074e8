// Creating a vault: its key (passphrase or keyring), the passphrase questions, sealing new entries.
import VaultCrypto
import VaultFormat
import VaultStore

extension Vault {
    /// A new, empty, sealed vault document for `backend` (generation 1), its secret key protected
    /// as that backend says, and the key of its seal.
    func create(backend: VaultBackend) throws(VaultError) -> (VaultDocument, SealKey) {
        var entropy = SystemEntropy()
        let created = UInt64(context.now())
        switch backend {
        case .file:
            let passphrase = try newPassphrase()
            let limits = try kdfLimits()
            context.progress("deriving the vault key (Argon2id, \(limits.mem >> 20) MiB)…")
            do {
                let vault = try VaultCryptography.createPassphraseVault(
                    passphrase: passphrase, opsLimit: limits.ops, memLimit: limits.mem, created: created,
                    entropy: &entropy)
                let key = try SealKey(vault.keyPair)
                return (VaultCryptography.sealed(VaultDocument(header: vault.header), with: key, advancing: false), key)
            } catch {
                throw VaultError.vaultFile(.cannotCreateKey(detail: "\(error)", kdfMiB: limits.mem >> 20))
            }
        case .secretService:
            let vault: NewVault
            do { vault = try VaultCryptography.createKeyringVault(created: created, entropy: &entropy) } catch {
                throw VaultError.vaultFile(.cannotCreateKey(detail: "\(error)", kdfMiB: nil))
            }
            try context.keyring.store(
                vault.keyPair.secretKey, label: "vault key for \(store.path)",
                attributes: keyringAttributes(vault.header))
            let key = try sealKey(vault.keyPair)
            return (VaultCryptography.sealed(VaultDocument(header: vault.header), with: key, advancing: false), key)
        }
    }

    /// Writes a vault just created at the location and records it as this machine's (a new
    /// vault replaces any record of an earlier one there). Call inside `locked`.
    func writeNew(_ document: VaultDocument) throws(VaultError) {
        do { try store.write(document) } catch { throw .from(error) }
        try saveRecord(MachineRecord(pinning: document, at: UInt64(context.now())))
    }

    /// Seals `key` as an entry for `profile`; needs only the vault's public key.
    func sealEntry<E: EntropySource>(
        profile: String, key: borrowing AccessKey, metadata: [Metadatum], header: VaultHeader, entropy: inout E
    ) throws(VaultError) -> VaultEntry {
        do {
            return try VaultCryptography.sealEntry(
                profile: profile, key: key, added: UInt64(context.now()), metadata: metadata, header: header,
                entropy: &entropy)
        } catch {
            throw VaultError.vaultFile(.cannotSealKey(detail: "\(error)"))
        }
    }

    /// The keyring attributes that name this vault's secret key (FORMAT.md §3.3).
    func keyringAttributes(_ header: VaultHeader) -> [String: String] {
        ["vault-id": Encoding.hex(header.vaultID)]
    }

    /// `VAULT_PASSPHRASE`, else asked twice on the terminal.
    private func newPassphrase() throws(VaultError) -> SecureBytes {
        if let fromEnvironment = try passphraseFromEnvironment() { return fromEnvironment }
        guard context.prompter.canPrompt else { throw .noPassphrase }
        let first = try context.prompter.secret("New vault passphrase: ")
        guard first.count >= 8 else {
            throw VaultError.vaultFile(.passphraseTooShort)
        }
        let second = try context.prompter.secret("Repeat the passphrase: ")
        guard first.isEqual(to: second) else {
            throw VaultError.vaultFile(.passphrasesDiffer)
        }
        return first
    }

    /// `VAULT_PASSPHRASE` as locked bytes, if set.
    func passphraseFromEnvironment() throws(VaultError) -> SecureBytes? {
        guard let text = context.environment["VAULT_PASSPHRASE"] else { return nil }
        guard !text.isEmpty else {
            throw VaultError.vaultFile(.emptyPassphraseVariable)
        }
        var bytes = Array(text.utf8)
        do { return try SecureBytes(takingAndWiping: &bytes) } catch {
            throw VaultError.lockedMemory
        }
    }

    /// Argon2id limits for a new vault: MODERATE unless `VAULT_KDF` says otherwise.
    private func kdfLimits() throws(VaultError) -> (ops: UInt32, mem: UInt64) {
        switch context.environment["VAULT_KDF"] ?? "moderate" {
        case "moderate", "": return (UInt32(PasswordHash.moderate.opsLimit), PasswordHash.moderate.memLimit)
        case "interactive": return (UInt32(PasswordHash.interactive.opsLimit), PasswordHash.interactive.memLimit)
        case "minimum": return (UInt32(PasswordHash.minimum.opsLimit), PasswordHash.minimum.memLimit)
        case let other:
            throw VaultError.vaultFile(.unknownKDF(other))
        }
    }
}
