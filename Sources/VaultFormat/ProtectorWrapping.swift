// Wrapping the vault's secret key for one protector and unwrapping it (FORMAT.md §10.1, §10.2).
import VaultCrypto

/// The vault a protector belongs to, as its wrap's associated data names it.
public struct ProtectedVault: Sendable {
    public let vaultID: [UInt8]
    public let created: UInt64
    public let publicKey: [UInt8]

    public init(vaultID: [UInt8], created: UInt64, publicKey: [UInt8]) {
        self.vaultID = vaultID
        self.created = created
        self.publicKey = publicKey
    }

    /// `magic ‖ version(3) ‖ vault_id ‖ created ‖ id ‖ kind ‖ body up to the wrapped key`.
    func associatedData(_ id: UInt16, _ kind: KeyProtector.Kind) -> [UInt8] {
        var w = ByteWriter()
        w.raw(VaultDocument.magic)
        w.u16(3)
        w.raw(vaultID)
        w.u64(created)
        w.u16(id)
        w.u8(kind.code)
        w.raw(ProtectorList.body(kind, withWrappedKey: false))
        return w.bytes
    }
}

extension VaultCryptography {
    /// The recovery protector's wrapping key: keyed BLAKE2b-256 of the label and the salt's hex.
    public static func recoveryWrappingKey(_ recoveryKey: borrowing SecureBytes, salt: [UInt8]) throws(CryptoError)
        -> SecureBytes
    {
        try KeyedBLAKE2b.deriveKey(from: recoveryKey, label: "vault v3 recovery key " + Encoding.hex(salt))
    }

    /// The passphrase protector's wrapping key: Argon2id with the protector's parameters.
    public static func passphraseWrappingKey(_ passphrase: borrowing SecureBytes, _ kdf: KDFParameters)
        throws(CryptoError) -> SecureBytes
    {
        try PasswordHash.deriveKey(
            length: XChaCha20Poly1305.keyByteCount, passphrase: passphrase, salt: kdf.salt,
            opsLimit: UInt64(kdf.opsLimit), memLimit: kdf.memLimit)
    }

    /// `kind` (its wrapped key ignored) with `keyPair`'s secret key wrapped under `wrappingKey`.
    public static func wrap(
        _ keyPair: borrowing BoxKeyPair, id: UInt16, kind: KeyProtector.Kind, wrappingKey: borrowing SecureBytes,
        vault: ProtectedVault
    ) throws(CryptoError) -> KeyProtector {
        let ad = vault.associatedData(id, kind)
        let nonce: [UInt8]
        switch kind {
        case .passphrase(_, let n, _), .tpm2(_, _, let n, _, _), .recovery(_, let n, _): nonce = n
        case .secretService: return KeyProtector(id: id, kind: kind)
        }
        let wrapped = try keyPair.secretKey.withUnsafeBytes { (sk) throws(CryptoError) -> [UInt8] in
            try XChaCha20Poly1305.seal(sk, associatedData: ad, nonce: nonce, key: wrappingKey)
        }
        switch kind {
        case .passphrase(let kdf, let n, _):
            return KeyProtector(id: id, kind: .passphrase(kdf, nonce: n, wrappedKey: wrapped))
        case .tpm2(let pin, let pcrs, let n, _, let blob):
            return KeyProtector(
                id: id, kind: .tpm2(needsPIN: pin, pcrs: pcrs, nonce: n, wrappedKey: wrapped, blob: blob))
        case .recovery(let salt, let n, _):
            return KeyProtector(id: id, kind: .recovery(salt: salt, nonce: n, wrappedKey: wrapped))
        case .secretService:
            return KeyProtector(id: id, kind: kind)
        }
    }

    /// The vault's key pair from one protector's wrap: `.wrongKey` when `wrappingKey` does not open
    /// it (a wrong passphrase or recovery key, or bytes from a TPM that are not the sealed key),
    /// `.publicKeyMismatch` when it opens but belongs to another public key.
    public static func unwrap(_ protector: KeyProtector, wrappingKey: borrowing SecureBytes, vault: ProtectedVault)
        throws(FormatError) -> BoxKeyPair
    {
        let nonce: [UInt8]
        let wrapped: [UInt8]
        switch protector.kind {
        case .passphrase(_, let n, let w), .tpm2(_, _, let n, let w, _), .recovery(_, let n, let w):
            (nonce, wrapped) = (n, w)
        case .secretService:
            throw .invalidField(field: "protector kind", reason: "a secret-service protector wraps nothing")
        }
        let secretKey: SecureBytes
        do {
            secretKey = try XChaCha20Poly1305.open(
                wrapped, associatedData: vault.associatedData(protector.id, protector.kind), nonce: nonce,
                key: wrappingKey)
        } catch { throw .wrongKey }
        guard let pair = try? BoxKeyPair(secretKey: secretKey) else { throw .wrongKey }
        let matches = pair.publicKey.withUnsafeBytes { a in
            vault.publicKey.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) }
        }
        guard matches else { throw .publicKeyMismatch }
        return pair
    }
}

extension ProtectedVault {
    /// The vault `header` describes.
    public init(_ header: VaultHeader) {
        self.init(vaultID: header.vaultID, created: header.created, publicKey: header.publicKey)
    }
}

extension VaultCryptography {
    /// A new version-3 vault with no protector yet (the caller adds at least one before writing).
    /// Consumes entropy: vault id (16), key seed (32) (FORMAT.md §10.5).
    public static func createProtectedVault<E: EntropySource>(created: UInt64, entropy: inout E) throws(CryptoError)
        -> NewVault
    {
        let vaultID = entropy.bytes(VaultDocument.idByteCount)
        let keyPair = try BoxKeyPair(entropy: &entropy)
        let header = VaultHeader(
            vaultID: vaultID, created: created, publicKey: keyPair.publicKey,
            protection: .protectors(ProtectorList(nextID: 1, protectors: [])), version: 3)
        return NewVault(header: header, keyPair: keyPair)
    }

    /// A passphrase protector of `keyPair`'s secret key under Argon2id with `kdf`. Consumes
    /// entropy: nonce (24) (the caller drew `kdf.salt` before it, FORMAT.md §10.5).
    public static func passphraseProtector<E: EntropySource>(
        id: UInt16, passphrase: borrowing SecureBytes, kdf: KDFParameters, keyPair: borrowing BoxKeyPair,
        vault: ProtectedVault, entropy: inout E
    ) throws(CryptoError) -> KeyProtector {
        let kind = KeyProtector.Kind.passphrase(kdf, nonce: entropy.bytes(24), wrappedKey: [])
        let key = try passphraseWrappingKey(passphrase, kdf)
        return try wrap(keyPair, id: id, kind: kind, wrappingKey: key, vault: vault)
    }

    /// A recovery protector for the recovery key `recoveryKey` (16 bytes the caller drew first).
    /// Consumes entropy: salt (16), nonce (24).
    public static func recoveryProtector<E: EntropySource>(
        id: UInt16, recoveryKey: borrowing SecureBytes, keyPair: borrowing BoxKeyPair, vault: ProtectedVault,
        entropy: inout E
    ) throws(CryptoError) -> KeyProtector {
        let salt = entropy.bytes(16)
        let kind = KeyProtector.Kind.recovery(salt: salt, nonce: entropy.bytes(24), wrappedKey: [])
        let key = try recoveryWrappingKey(recoveryKey, salt: salt)
        return try wrap(keyPair, id: id, kind: kind, wrappingKey: key, vault: vault)
    }

    /// A version-1 or -2 header as version 3 (FORMAT.md §10.6): its keyblock becomes protector 1,
    /// `next_id` 2. A passphrase keeps its Argon2id parameters and salt and gets a new nonce (24
    /// bytes of entropy); a Secret Service vault keeps its keyring item (`passphrase` unused).
    public static func version3Header<E: EntropySource>(
        _ header: VaultHeader, passphrase: borrowing SecureBytes, keyPair: borrowing BoxKeyPair, entropy: inout E
    ) throws(CryptoError) -> VaultHeader {
        guard case .passphrase(let kdf, _, _) = header.protection else { return version3Header(header) ?? header }
        let protector = try passphraseProtector(
            id: 1, passphrase: passphrase, kdf: kdf, keyPair: keyPair, vault: ProtectedVault(header), entropy: &entropy)
        var next = header
        next.version = 3
        next.protection = .protectors(ProtectorList(nextID: 2, protectors: [protector]))
        return next
    }

    /// A version-1 or -2 Secret Service header as version 3 (no secret needed); nil for a
    /// passphrase keyblock, which needs the passphrase.
    public static func version3Header(_ header: VaultHeader) -> VaultHeader? {
        switch header.protection {
        case .protectors: return header
        case .passphrase: return nil
        case .secretService:
            var next = header
            next.version = 3
            next.protection = .protectors(
                ProtectorList(nextID: 2, protectors: [KeyProtector(id: 1, kind: .secretService)]))
            return next
        }
    }
}
