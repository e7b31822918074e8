// Creating a vault: its key (passphrase or keyring), the passphrase questions, sealing new entries.
import VaultCrypto
import VaultFormat
import VaultStore

extension Vault {
    /// A new, empty, sealed vault document for `backend` (generation 1), its secret key protected
    /// as that backend says, and the key of its seal.
    func create(backend: VaultBackend) throws(VaultError) -> (VaultDocument, SealKey) {
        let made = try create(protect: backend == .file ? .passphrase : .secretService)
        return (made.document, made.sealKey)
    }

    /// A new, empty, sealed version-3 vault document (generation 1) whose protector 1 is `kind`,
    /// the key of its seal, and a recovery protector's key text (to show once).
    func create(protect kind: ProtectorKind, tpm options: TPMOptions = TPMOptions()) throws(VaultError) -> (
        document: VaultDocument, sealKey: SealKey, recoveryKey: String?
    ) {
        var entropy = SystemEntropy()
        let vault: NewVault
        let created = UInt64(context.now())
        do { vault = try VaultCryptography.createProtectedVault(created: created, entropy: &entropy) } catch {
            throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0))
        }
        let made = try makeProtector(kind, id: 1, keyPair: vault.keyPair, header: vault.header, tpm: options)
        var header = vault.header
        header.protection = .protectors(ProtectorList(nextID: 2, protectors: [made.protector]))
        let key = try sealKey(vault.keyPair)
        let document = VaultCryptography.sealed(VaultDocument(header: header), with: key, advancing: false)
        return (document, key, made.recoveryKey)
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

    /// `variable` (`VAULT_PASSPHRASE`), else asked twice on the terminal; either way held to one
    /// length rule.
    func newPassphrase(variable: String = "VAULT_PASSPHRASE") throws(VaultError) -> SecureBytes {
        if let fromEnvironment = try passphraseFromEnvironment(variable: variable) {
            guard fromEnvironment.count >= Self.minimumPassphraseBytes else {
                throw .protectors(.passphraseTooShort(variable: variable))
            }
            return fromEnvironment
        }
        guard context.prompter.canPrompt else { throw .noPassphrase }
        let first = try context.prompter.secret("New vault passphrase: ")
        guard first.count >= Self.minimumPassphraseBytes else {
            throw .protectors(.passphraseTooShort(variable: nil))
        }
        let second = try context.prompter.secret("Repeat the passphrase: ")
        guard first.isEqual(to: second) else {
            throw VaultError.vaultFile(.passphrasesDiffer)
        }
        return first
    }

    /// `VAULT_PASSPHRASE` (or `variable`) as locked bytes, if set.
    func passphraseFromEnvironment(variable: String = "VAULT_PASSPHRASE") throws(VaultError) -> SecureBytes? {
        guard let text = context.environment[variable] else { return nil }
        guard !text.isEmpty else { throw .protectors(.emptyEnvironmentSecret(variable)) }
        var bytes = Array(text.utf8)
        do { return try SecureBytes(takingAndWiping: &bytes) } catch {
            throw VaultError.lockedMemory
        }
    }

    /// The shortest new passphrase, in bytes, however it arrives (terminal or `VAULT_PASSPHRASE`).
    static let minimumPassphraseBytes = 8

    /// Argon2id limits for a new vault: MODERATE unless `VAULT_KDF` says otherwise.
    func kdfLimits() throws(VaultError) -> (ops: UInt32, mem: UInt64) {
        switch context.environment["VAULT_KDF"] ?? "moderate" {
        case "moderate", "": return (UInt32(PasswordHash.moderate.opsLimit), PasswordHash.moderate.memLimit)
        case "interactive": return (UInt32(PasswordHash.interactive.opsLimit), PasswordHash.interactive.memLimit)
        case "minimum": return (UInt32(PasswordHash.minimum.opsLimit), PasswordHash.minimum.memLimit)
        case let other:
            throw VaultError.vaultFile(.unknownKDF(other))
        }
    }
}
