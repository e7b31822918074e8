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
    /// `useWindow: false` ignores an open unlock window (`vault unlock` asks the person again).
    public func unlock(_ document: VaultDocument, foldPending: Bool = true, useWindow: Bool = true) throws(VaultError)
        -> BoxKeyPair
    {
        let record = try loadRecord()
        let opened = try openKeyPair(document, record: record, useWindow: useWindow)
        let migratedHeader = opened.migratedHeader
        let keyPair = opened.takeKeyPair()
        let key = try sealKey(keyPair)
        try verifySeal(document, key)
        if migratedHeader != nil || (needsSettling(document, record: record) && foldPending) {
            if migratedHeader != nil {
                context.notice("upgrading \(store.path) to vault format version \(VaultDocument.currentVersion)")
            }
            // The caller signs with `document`, which is verified already; bringing the file and the
            // record up to date is worth doing, not worth failing for (a full disk, a file changed
            // meanwhile). Quietly: the next unlock tries again, and the next write names the cause.
            _ = try? settle(document, key: key, migratedHeader: migratedHeader, record: .checked)
        }
        return keyPair
    }

    /// The key pair from the window, a protector, the keyring or the passphrase, and for a
    /// version-1 or -2 file its header as version 3 (which needs the passphrase, so it is made here).
    func openKeyPair(_ document: VaultDocument, record: MachineRecord?, useWindow: Bool = true) throws(VaultError)
        -> OpenedKey
    {
        var entropy = SystemEntropy()
        if useWindow, let pair = keyPairFromWindow(document) {
            // A Secret Service keyblock moves to version 3 without a secret; a passphrase waits for one.
            let migrated = document.header.version < 3 ? VaultCryptography.version3Header(document.header) : nil
            return OpenedKey(keyPair: pair, migratedHeader: migrated)
        }
        var migratedHeader: VaultHeader?
        let keyPair: BoxKeyPair
        if let only = chosenProtector(), document.header.version < 3, only != 1 {
            throw .protectors(.unknownProtector(only))
        }
        switch document.header.protection {
        case .protectors(let list):
            keyPair = try openProtected(document.header, list, record: record)
        case .secretService:
            let secret = try context.keyring.lookup(attributes: keyringAttributes(document.header))
            do { keyPair = try VaultCryptography.unlock(document.header, secretKey: secret) } catch {
                throw VaultError.vaultFile(.keyringKeyMismatch(path: store.path))
            }
            migratedHeader = VaultCryptography.version3Header(document.header)
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
            do {
                migratedHeader = try VaultCryptography.version3Header(
                    document.header, passphrase: passphrase, keyPair: keyPair, entropy: &entropy)
            } catch {
                throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0))
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

/// An unlocked key pair and, for a version-1 or -2 file, its header as version 3.
struct OpenedKey: ~Copyable {
    let keyPair: BoxKeyPair
    let migratedHeader: VaultHeader?

    consuming func takeKeyPair() -> BoxKeyPair { keyPair }
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
