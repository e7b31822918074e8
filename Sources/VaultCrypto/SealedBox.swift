// X25519 key pairs and libsodium sealed boxes (anonymous public-key encryption).
internal import CSodium

/// An X25519 key pair for libsodium sealed boxes. The secret half lives in locked memory.
public struct BoxKeyPair: ~Copyable {
    public static let publicKeyByteCount = 32
    public static let secretKeyByteCount = 32
    public static let seedByteCount = 32

    public let publicKey: [UInt8]
    public let secretKey: SecureBytes

    /// Derives a key pair from a 32-byte seed (`crypto_box_seed_keypair`).
    public init(seed: borrowing SecureBytes) throws(CryptoError) {
        try Sodium.initialize()
        guard seed.count == Self.seedByteCount else {
            throw .invalidLength(what: "seed", expected: Self.seedByteCount, actual: seed.count)
        }
        var pk = [UInt8](repeating: 0, count: Self.publicKeyByteCount)
        var sk = try SecureBytes(count: Self.secretKeyByteCount)
        seed.withUnsafeBytes { s in
            sk.withUnsafeMutableBytes { k in
                _ = crypto_box_seed_keypair(
                    &pk, k.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        publicKey = pk
        secretKey = sk
    }

    /// A fresh key pair from `entropy`.
    public init<E: EntropySource>(entropy: inout E) throws(CryptoError) {
        let seed = try entropy.secureBytes(Self.seedByteCount)
        try self.init(seed: seed)
    }

    /// Takes ownership of a secret key and recomputes its public key.
    public init(secretKey: consuming SecureBytes) throws(CryptoError) {
        try Sodium.initialize()
        guard secretKey.count == Self.secretKeyByteCount else {
            throw .invalidLength(what: "secret key", expected: Self.secretKeyByteCount, actual: secretKey.count)
        }
        var pk = [UInt8](repeating: 0, count: Self.publicKeyByteCount)
        secretKey.withUnsafeBytes { k in
            _ = crypto_scalarmult_base(&pk, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        self.publicKey = pk
        self.secretKey = secretKey
    }
}

/// libsodium sealed boxes: anyone with the public key can seal; only the secret key opens.
///
/// `seal` builds the box from its parts (ephemeral key pair from `entropy`, nonce =
/// BLAKE2b-192(ephemeral pk ‖ recipient pk), `crypto_box_easy`) so that known-answer vectors can
/// fix the ephemeral key; the output is byte-for-byte what `crypto_box_seal` would produce with
/// that ephemeral key, and `open` is libsodium's own `crypto_box_seal_open`.
public enum SealedBox {
    /// Bytes a sealed box adds to its message.
    public static var overhead: Int { Int(crypto_box_sealbytes()) }

    /// Seals `message` to `publicKey`.
    public static func seal<E: EntropySource>(
        _ message: UnsafeRawBufferPointer, to publicKey: [UInt8], entropy: inout E
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.initialize()
        guard publicKey.count == BoxKeyPair.publicKeyByteCount else {
            throw .invalidLength(what: "public key", expected: BoxKeyPair.publicKeyByteCount, actual: publicKey.count)
        }
        let ephemeral = try BoxKeyPair(entropy: &entropy)
        let nonce = BLAKE2b.hash(ephemeral.publicKey + publicKey, outputLength: Int(crypto_box_noncebytes()))
        var out = ephemeral.publicKey + [UInt8](repeating: 0, count: message.count + Int(crypto_box_macbytes()))
        let status = ephemeral.secretKey.withUnsafeBytes { esk in
            out.withUnsafeMutableBufferPointer { o in
                crypto_box_easy(
                    o.baseAddress! + BoxKeyPair.publicKeyByteCount,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count), nonce,
                    publicKey, esk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return out
    }

    /// Opens a sealed box into locked memory.
    public static func open(_ box: [UInt8], keyPair: borrowing BoxKeyPair) throws(CryptoError) -> SecureBytes {
        try Sodium.initialize()
        guard box.count >= overhead else {
            throw .invalidLength(what: "sealed box", expected: overhead, actual: box.count)
        }
        var plain = try SecureBytes(count: box.count - overhead)
        let status = keyPair.secretKey.withUnsafeBytes { sk in
            plain.withUnsafeMutableBytes { p in
                crypto_box_seal_open(
                    p.baseAddress!.assumingMemoryBound(to: UInt8.self), box, UInt64(box.count), keyPair.publicKey,
                    sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return plain
    }
}
