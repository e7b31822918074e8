import VaultCrypto

/// A newly created vault: its header and its key pair (the secret half for the keyring backend).
public struct NewVault: ~Copyable {
    public let header: VaultHeader
    public let keyPair: BoxKeyPair
}

/// The cryptographic steps of FORMAT.md §3 and §5: create, unlock, seal and open entries.
public enum VaultCryptography {
    /// Creates a vault whose secret key is wrapped under Argon2id(passphrase).
    /// Consumes entropy in this order: vault id (16), key seed (32), salt (16), nonce (24).
    /// A version-1 or -2 header, for their vectors (FORMAT.md §9); vault creates version 3.
    public static func createPassphraseVault<E: EntropySource>(
        passphrase: borrowing SecureBytes, opsLimit: UInt32, memLimit: UInt64, created: UInt64, entropy: inout E,
        version: UInt16 = 2
    ) throws(CryptoError) -> NewVault {
        let vaultID = entropy.bytes(VaultDocument.idByteCount)
        let keyPair = try BoxKeyPair(entropy: &entropy)
        let kdf = KDFParameters(opsLimit: opsLimit, memLimit: memLimit, salt: entropy.bytes(PasswordHash.saltByteCount))
        let nonce = entropy.bytes(XChaCha20Poly1305.nonceByteCount)
        var header = VaultHeader(
            vaultID: vaultID, created: created, publicKey: keyPair.publicKey,
            protection: .passphrase(kdf, nonce: nonce, wrappedKey: []), version: version)
        let wrappingKey = try PasswordHash.deriveKey(
            length: XChaCha20Poly1305.keyByteCount, passphrase: passphrase, salt: kdf.salt,
            opsLimit: UInt64(opsLimit), memLimit: memLimit)
        let wrapped = try keyPair.secretKey.withUnsafeBytes { (sk) throws(CryptoError) -> [UInt8] in
            try XChaCha20Poly1305.seal(sk, associatedData: header.keyWrapAssociatedData, nonce: nonce, key: wrappingKey)
        }
        header.protection = .passphrase(kdf, nonce: nonce, wrappedKey: wrapped)
        return NewVault(header: header, keyPair: keyPair)
    }

    /// Creates a vault whose secret key the caller stores in the Secret Service.
    /// Consumes entropy in this order: vault id (16), key seed (32).
    public static func createKeyringVault<E: EntropySource>(
        created: UInt64, entropy: inout E, version: UInt16 = 2
    ) throws(CryptoError) -> NewVault {
        let vaultID = entropy.bytes(VaultDocument.idByteCount)
        let keyPair = try BoxKeyPair(entropy: &entropy)
        let header = VaultHeader(
            vaultID: vaultID, created: created, publicKey: keyPair.publicKey, protection: .secretService,
            version: version)
        return NewVault(header: header, keyPair: keyPair)
    }

    /// Unwraps the vault's secret key with a passphrase; `.wrongKey` when it does not open.
    public static func unlock(_ header: VaultHeader, passphrase: borrowing SecureBytes) throws(FormatError)
        -> BoxKeyPair
    {
        guard case .passphrase(let kdf, let nonce, let wrapped) = header.protection else {
            throw .invalidField(field: "backend", reason: "this vault is not protected by a passphrase")
        }
        do {
            let wrappingKey = try PasswordHash.deriveKey(
                length: XChaCha20Poly1305.keyByteCount, passphrase: passphrase, salt: kdf.salt,
                opsLimit: UInt64(kdf.opsLimit), memLimit: kdf.memLimit)
            let secretKey = try XChaCha20Poly1305.open(
                wrapped, associatedData: header.keyWrapAssociatedData, nonce: nonce, key: wrappingKey)
            return try keyPair(secretKey: secretKey, header: header)
        } catch let error as FormatError {
            throw error
        } catch {
            throw .wrongKey
        }
    }

    /// Re-wraps a version-1 passphrase vault's key for version 2 (FORMAT.md §9): the same
    /// Argon2id key, a new nonce, the version-2 associated data. Consumes entropy: nonce (24).
    public static func migratedHeader<E: EntropySource>(
        _ header: VaultHeader, passphrase: borrowing SecureBytes, keyPair: borrowing BoxKeyPair, entropy: inout E
    ) throws(CryptoError) -> VaultHeader {
        var next = header
        next.version = 2
        guard case .passphrase(let kdf, _, _) = header.protection else { return next }
        let nonce = entropy.bytes(XChaCha20Poly1305.nonceByteCount)
        next.protection = .passphrase(kdf, nonce: nonce, wrappedKey: [])
        let wrappingKey = try PasswordHash.deriveKey(
            length: XChaCha20Poly1305.keyByteCount, passphrase: passphrase, salt: kdf.salt,
            opsLimit: UInt64(kdf.opsLimit), memLimit: kdf.memLimit)
        let wrapped = try keyPair.secretKey.withUnsafeBytes { (sk) throws(CryptoError) -> [UInt8] in
            try XChaCha20Poly1305.seal(sk, associatedData: next.keyWrapAssociatedData, nonce: nonce, key: wrappingKey)
        }
        next.protection = .passphrase(kdf, nonce: nonce, wrappedKey: wrapped)
        return next
    }

    /// `header` with the secret key wrapped under a new passphrase (`vault passwd`): new Argon2id
    /// parameters and salt, a new nonce. Consumes entropy: salt (16), nonce (24).
    public static func rewrapped<E: EntropySource>(
        _ header: VaultHeader, passphrase: borrowing SecureBytes, opsLimit: UInt32, memLimit: UInt64,
        keyPair: borrowing BoxKeyPair, entropy: inout E
    ) throws(CryptoError) -> VaultHeader {
        var next = header
        let kdf = KDFParameters(opsLimit: opsLimit, memLimit: memLimit, salt: entropy.bytes(PasswordHash.saltByteCount))
        let nonce = entropy.bytes(XChaCha20Poly1305.nonceByteCount)
        next.protection = .passphrase(kdf, nonce: nonce, wrappedKey: [])
        let wrappingKey = try PasswordHash.deriveKey(
            length: XChaCha20Poly1305.keyByteCount, passphrase: passphrase, salt: kdf.salt,
            opsLimit: UInt64(opsLimit), memLimit: memLimit)
        let wrapped = try keyPair.secretKey.withUnsafeBytes { (sk) throws(CryptoError) -> [UInt8] in
            try XChaCha20Poly1305.seal(sk, associatedData: next.keyWrapAssociatedData, nonce: nonce, key: wrappingKey)
        }
        next.protection = .passphrase(kdf, nonce: nonce, wrappedKey: wrapped)
        return next
    }

    /// Accepts a secret key from the keyring after checking it belongs to this vault.
    public static func unlock(_ header: VaultHeader, secretKey: consuming SecureBytes) throws(FormatError) -> BoxKeyPair
    {
        try keyPair(secretKey: secretKey, header: header)
    }

    private static func keyPair(secretKey: consuming SecureBytes, header: VaultHeader) throws(FormatError) -> BoxKeyPair
    {
        guard let pair = try? BoxKeyPair(secretKey: secretKey) else { throw .wrongKey }
        let matches = pair.publicKey.withUnsafeBytes { a in
            header.publicKey.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) }
        }
        // Version 2 leaves the public key out of the wrap's associated data, so a passphrase that
        // opened the wrap is right and a different public key can only be an altered file.
        guard matches else {
            throw header.version == 1 || !header.protection.isPassphrase ? .wrongKey : .publicKeyMismatch
        }
        return pair
    }

    /// Seals an access key into a new entry; needs only the public key.
    /// Consumes entropy in this order: entry id (16), ephemeral key seed (32).
    public static func sealEntry<E: EntropySource>(
        profile: String, key: borrowing AccessKey, added: UInt64, metadata: [Metadatum], header: VaultHeader,
        entropy: inout E
    ) throws(CryptoError) -> VaultEntry {
        precondition(VaultEntry.isValidProfileName(profile), "profile name must be validated by the caller")
        let id = entropy.bytes(VaultDocument.idByteCount)
        let plaintext = try EntryPlaintext.encode(id: id, kind: .accessKey, profile: profile, key: key)
        let sealed = try plaintext.withUnsafeBytes { (p) throws(CryptoError) -> [UInt8] in
            try SealedBox.seal(p, to: header.publicKey, entropy: &entropy)
        }
        return VaultEntry(
            id: id, kind: .accessKey, added: added, profile: profile, keyHint: AccessKey.hint(for: key.accessKeyID),
            metadata: metadata, sealed: sealed)
    }

    /// Opens one entry; `.entryTampered` when it does not open or names another entry.
    public static func openEntry(_ entry: VaultEntry, keyPair: borrowing BoxKeyPair) throws(FormatError) -> AccessKey {
        guard let plaintext = try? SealedBox.open(entry.sealed, keyPair: keyPair) else {
            throw .entryTampered(profile: entry.profile)
        }
        return try EntryPlaintext.decode(plaintext, expecting: entry)
    }
}
