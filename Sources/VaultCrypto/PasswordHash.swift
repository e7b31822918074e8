// Argon2id: the key derived from the user's passphrase.
internal import CSodium

/// Argon2id key derivation from a passphrase (`crypto_pwhash`, ALG_ARGON2ID13).
public enum PasswordHash {
    public static let saltByteCount = 16
    /// libsodium's MODERATE limits: 3 passes over 256 MiB (≈0.6 s here).
    public static let moderate = (opsLimit: UInt64(3), memLimit: UInt64(268_435_456))
    /// libsodium's INTERACTIVE limits: 2 passes over 64 MiB.
    public static let interactive = (opsLimit: UInt64(2), memLimit: UInt64(67_108_864))
    /// The smallest limits Argon2id accepts; for tests and vectors only.
    public static let minimum = (opsLimit: UInt64(1), memLimit: UInt64(8192))

    /// Derives a `length`-byte key from `passphrase` and `salt`.
    public static func deriveKey(
        length: Int, passphrase: borrowing SecureBytes, salt: [UInt8], opsLimit: UInt64, memLimit: UInt64
    ) throws(CryptoError) -> SecureBytes {
        try Sodium.initialize()
        guard salt.count == saltByteCount else {
            throw .invalidLength(what: "salt", expected: saltByteCount, actual: salt.count)
        }
        var key = try SecureBytes(count: length)
        let status = passphrase.withUnsafeBytes { p in
            key.withUnsafeMutableBytes { k in
                crypto_pwhash(
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(length),
                    p.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(p.count), salt, opsLimit,
                    Int(memLimit), crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        guard status == 0 else { throw .keyDerivationFailed(opsLimit: opsLimit, memLimit: memLimit) }
        return key
    }
}
