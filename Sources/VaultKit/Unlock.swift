import SigV4
import VaultCrypto
import VaultFormat

extension Vault {
    /// The vault's key pair: from the keyring, or from the passphrase (asked at most once).
    public func unlock(_ document: VaultDocument) throws(VaultError) -> BoxKeyPair {
        switch document.header.protection {
        case .secretService:
            let secret = try context.keyring.lookup(attributes: keyringAttributes(document.header))
            do { return try VaultCryptography.unlock(document.header, secretKey: secret) } catch {
                throw VaultError(
                    "the keyring's key does not open \(store.path)",
                    hint: "the keyring item belongs to another vault; restore the matching vault file or keyring")
            }
        case .passphrase:
            let passphrase: SecureBytes
            if let fromEnvironment = try passphraseFromEnvironment() {
                passphrase = fromEnvironment
            } else {
                guard context.prompter.canPrompt else { throw .noPassphrase }
                passphrase = try context.prompter.secret("Vault passphrase: ")
            }
            context.progress("unlocking the vault (Argon2id)…")
            do { return try VaultCryptography.unlock(document.header, passphrase: passphrase) } catch {
                throw .from(error, path: store.path)
            }
        }
    }

    /// Opens the access key of `profile` (the newest entry when a rotation left two).
    public func accessKey(for profile: String, in document: VaultDocument, keyPair: borrowing BoxKeyPair) throws(VaultError) -> AccessKey {
        guard let entry = document.entries(for: profile).last else {
            throw .unknownProfile(profile, known: uniqueProfiles(document))
        }
        do { return try VaultCryptography.openEntry(entry, keyPair: keyPair) } catch { throw .from(error, path: store.path) }
    }
}

extension Vault {
    /// The current long-term key of `profile` as signing credentials (decrypted just now).
    public func signingCredentials(for profile: String, in document: VaultDocument, keyPair: borrowing BoxKeyPair) throws(VaultError) -> SigningCredentials {
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
