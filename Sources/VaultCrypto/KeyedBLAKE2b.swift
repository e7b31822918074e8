// Keyed BLAKE2b-256, the MAC that seals the vault file.
internal import CSodium

/// Keyed BLAKE2b-256 (libsodium `crypto_generichash` with a key): the vault file's seal, a MAC only
/// the holder of the key can compute (Vault/FORMAT.md §2).
public enum KeyedBLAKE2b {
    /// Tag and key length in bytes.
    public static let byteCount = 32

    /// The 32-byte tag of `message` under `key`.
    public static func tag(_ message: UnsafeRawBufferPointer, key: borrowing SecureBytes) -> [UInt8] {
        precondition(key.count == byteCount, "the seal key is 32 bytes")
        _ = try? Sodium.initialize()
        var out = [UInt8](repeating: 0, count: byteCount)
        key.withUnsafeBytes { k in
            out.withUnsafeMutableBufferPointer { o in
                _ = crypto_generichash(
                    o.baseAddress!, byteCount, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    UInt64(message.count),
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self), byteCount)
            }
        }
        return out
    }

    /// A 32-byte key derived from `secret` for one purpose, named by `label`, in locked memory.
    public static func deriveKey(from secret: borrowing SecureBytes, label: String) throws(CryptoError) -> SecureBytes {
        try Sodium.initialize()
        var derived = try SecureBytes(count: byteCount)
        let message = Array(label.utf8)
        secret.withUnsafeBytes { s in
            derived.withUnsafeMutableBytes { d in
                _ = crypto_generichash(
                    d.baseAddress!.assumingMemoryBound(to: UInt8.self), byteCount, message, UInt64(message.count),
                    s.baseAddress!.assumingMemoryBound(to: UInt8.self), s.count)
            }
        }
        return derived
    }

    /// Whether `tag` is the tag of `message` under `key` (constant time).
    public static func verify(_ tag: [UInt8], _ message: UnsafeRawBufferPointer, key: borrowing SecureBytes) -> Bool {
        let expected = self.tag(message, key: key)
        return tag.count == byteCount
            && expected.withUnsafeBytes { a in tag.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) } }
    }
}
