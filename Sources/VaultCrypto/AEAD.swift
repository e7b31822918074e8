// XChaCha20-Poly1305 authenticated encryption (libsodium), the vault file's cipher.
internal import CSodium

/// XChaCha20-Poly1305-IETF authenticated encryption with associated data.
public enum XChaCha20Poly1305 {
    public static let keyByteCount = 32
    public static let nonceByteCount = 24
    public static let tagByteCount = 16

    /// Encrypts `plaintext`; the result is ciphertext followed by the 16-byte tag.
    public static func seal(
        _ plaintext: UnsafeRawBufferPointer, associatedData: [UInt8], nonce: [UInt8], key: borrowing SecureBytes
    ) throws(CryptoError) -> [UInt8] {
        try check(nonce: nonce, key: key)
        var out = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        var outLength: UInt64 = 0
        key.withUnsafeBytes { k in
            out.withUnsafeMutableBufferPointer { o in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    o.baseAddress!, &outLength, plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    UInt64(plaintext.count), associatedData, UInt64(associatedData.count), nil, nonce,
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return out
    }

    /// Decrypts and verifies `ciphertext` (ciphertext + tag) into locked memory.
    public static func open(
        _ ciphertext: [UInt8], associatedData: [UInt8], nonce: [UInt8], key: borrowing SecureBytes
    ) throws(CryptoError) -> SecureBytes {
        try check(nonce: nonce, key: key)
        guard ciphertext.count >= tagByteCount else {
            throw .invalidLength(what: "ciphertext", expected: tagByteCount, actual: ciphertext.count)
        }
        var plain = try SecureBytes(count: ciphertext.count - tagByteCount)
        var plainLength: UInt64 = 0
        let status = key.withUnsafeBytes { k in
            plain.withUnsafeMutableBytes { p in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    p.baseAddress!.assumingMemoryBound(to: UInt8.self), &plainLength, nil, ciphertext,
                    UInt64(ciphertext.count), associatedData, UInt64(associatedData.count), nonce,
                    k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return plain
    }

    private static func check(nonce: [UInt8], key: borrowing SecureBytes) throws(CryptoError) {
        try Sodium.initialize()
        guard nonce.count == nonceByteCount else {
            throw .invalidLength(what: "nonce", expected: nonceByteCount, actual: nonce.count)
        }
        guard key.count == keyByteCount else {
            throw .invalidLength(what: "key", expected: keyByteCount, actual: key.count)
        }
    }
}
