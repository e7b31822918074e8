// Unlocking the vault: its key pair from the keyring or the passphrase, and opening an entry's key.
import SigV4
import VaultCrypto
import VaultFormat

extension Vault {
    /// The vault's key pair: from the keyring, or from the passphrase (asked at most once). The
    /// seal is verified; a version-1 file is migrated, pending entries sealed, and this machine's
    /// record brought up to date (FORMAT.md §3, §6, §9).
    /// `foldPending: false` leaves a version-2 file to the sealed write the caller makes next
    /// (which seals the pending entries and records the file itself): one write, not two.
    public func unlock(_ document: VaultDocument, foldPending: Bool = true) throws(VaultError) -> BoxKeyPair {
        let record = try loadRecord()
        let opened = try openKeyPair(document, record: record)
        let migratedHeader = opened.migratedHeader
        let keyPair = opened.takeKeyPair()
        let key = try sealKey(keyPair)
        try verifySeal(document, key)
        if needsSettling(document, record: record), foldPending || document.header.version == 1 {
            if document.header.version == 1 { context.notice("upgrading \(store.path) to vault format version 2") }
            // The caller signs with `document`, which is verified already; bringing the file and the
            // record up to date is worth doing, not worth failing for (a full disk, a file changed
            // meanwhile). Quietly: the next unlock tries again, and the next write names the cause.
            _ = try? settle(document, key: key, migratedHeader: migratedHeader, record: .checked)
        }
        return keyPair
    }

    /// The key pair from the keyring or the passphrase, and for a version-1 file its header
    /// re-wrapped for version 2 (which needs the passphrase, so it is made here).
    func openKeyPair(_ document: VaultDocument, record: MachineRecord?) throws(VaultError) -> OpenedKey {
        var migratedHeader: VaultHeader?
        let keyPair: BoxKeyPair
        switch document.header.protection {
        case .secretService:
            let secret = try context.keyring.lookup(attributes: keyringAttributes(document.header))
            do { keyPair = try VaultCryptography.unlock(document.header, secretKey: secret) } catch {
                throw VaultError.vaultFile(.keyringKeyMismatch(path: store.path))
            }
            if document.header.version == 1 { migratedHeader = VaultHeader.migrated(document.header) }
        case .passphrase:
            let passphrase: SecureBytes
            if let fromEnvironment = try passphraseFromEnvironment() {
                passphrase = fromEnvironment
            } else {
                guard context.prompter.canPrompt else { throw .noPassphrase }
                passphrase = try context.prompter.secret("Vault passphrase: ")
            }
            context.progress("unlocking the vault (Argon2id)…")
            do { keyPair = try VaultCryptography.unlock(document.header, passphrase: passphrase) } catch {
                if error == .wrongKey, let record, record.headerDigest != document.header.digest {
                    throw .headerChangedWrongKey(store.path, record: record)
                }
                throw .from(error, path: store.path)
            }
            if document.header.version == 1 {
                var entropy = SystemEntropy()
                do {
                    migratedHeader = try VaultCryptography.migratedHeader(
                        document.header, passphrase: passphrase, keyPair: keyPair, entropy: &entropy)
                } catch {
                    throw VaultError.vaultFile(.cannotUpgrade(detail: "\(error)"))
                }
            }
        }
        return OpenedKey(keyPair: keyPair, migratedHeader: migratedHeader)
    }

    /// Whether an unlock must write: a version-1 file, no or an out-of-date record, or trusted
    /// pending entries to seal in.
    private func needsSettling(_ document: VaultDocument, record: MachineRecord?) -> Bool {
        guard document.header.version != 1, let record, let comparison = try? record.compare(document) else {
            return true
        }
        return comparison.isStale || document.pendingEntries.contains { document.isTrusted($0) }
    }

    /// The seal key of an unlocked vault.
    func sealKey(_ keyPair: borrowing BoxKeyPair) throws(VaultError) -> SealKey {
        do { return try SealKey(keyPair) } catch {
            throw VaultError.lockedMemory
        }
    }

    /// Opens the access key of `profile` (the newest entry when a rotation left two). An entry
    /// that is neither sealed nor recorded by this machine is never opened.
    public func accessKey(for profile: String, in document: VaultDocument, keyPair: borrowing BoxKeyPair)
        throws(VaultError) -> AccessKey
    {
        guard let entry = document.entries(for: profile).last else {
            throw .unknownProfile(profile, known: uniqueProfiles(document))
        }
        guard document.isTrusted(entry) else { throw .untrustedEntry(profile, path: store.path) }
        do { return try VaultCryptography.openEntry(entry, keyPair: keyPair) } catch {
            throw .from(error, path: store.path)
        }
    }
}

/// An unlocked key pair and, for a version-1 file, its header re-wrapped for version 2.
struct OpenedKey: ~Copyable {
    let keyPair: BoxKeyPair
    let migratedHeader: VaultHeader?

    consuming func takeKeyPair() -> BoxKeyPair { keyPair }
}

extension VaultHeader {
    /// A version-1 Secret Service header as version 2 (it has no wrapped key to re-wrap).
    static func migrated(_ header: VaultHeader) -> VaultHeader {
        var next = header
        next.version = VaultDocument.currentVersion
        return next
    }
}

extension Vault {
    /// The current long-term key of `profile` as signing credentials (decrypted just now).
    public func signingCredentials(for profile: String, in document: VaultDocument, keyPair: borrowing BoxKeyPair)
        throws(VaultError) -> SigningCredentials
    {
        let key = try accessKey(for: profile, in: document, keyPair: keyPair)
        let id = key.accessKeyID
        return SigningCredentials(accessKeyID: id, secretAccessKey: key.takeSecret())
    }

    /// The vault entry holding `profile`'s current key, or an error naming what to do.
    public func currentEntry(_ profile: String, in document: VaultDocument) throws(VaultError) -> VaultEntry {
        guard let entry = document.entries(for: profile).last else {
            throw .unknownProfile(profile, known: uniqueProfiles(document))
        }
        return entry
    }
}
