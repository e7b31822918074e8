// The unkeyed hashes and the HMAC vault uses: SHA-256 and HMAC-SHA-256 for the signer, BLAKE2b
// for the vault file's checksum.
internal import CSodium

/// libsodium started once, before the first hash or MAC (its documentation asks for `sodium_init`
/// before any other call); later calls only read the flag, so the signer does not take
/// `sodium_init`'s lock five times a signature.
private let sodiumStarted: Bool = (try? Sodium.initialize()) != nil

/// SHA-256 for public data (the signer's payload and canonical request); secrets go through
/// `HMACSHA256`. libsodium's `crypto_hash_sha256`.
public struct SHA256 {
    /// Digest length in bytes (32).
    public static let byteCount = crypto_hash_sha256_bytes()
    /// libsodium's state, stored inline. `internal import` keeps CSodium out of clients' source but
    /// still loads it for them (this module has no library evolution), so they lay out `SHA256`
    /// with the real C struct; `@_implementationOnly` hid it and made them get the size wrong.
    private var state = crypto_hash_sha256_state()

    /// Starts an incremental hash.
    public init() {
        _ = sodiumStarted
        withState { _ = crypto_hash_sha256_init($0) }
    }

    private mutating func withState<R>(_ body: (UnsafeMutablePointer<crypto_hash_sha256_state>) -> R) -> R {
        withUnsafeMutablePointer(to: &state) { body($0) }
    }

    /// Adds `bytes` to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        withState { _ = crypto_hash_sha256_update($0, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count)) }
    }

    /// Adds the UTF-8 bytes of `text` to the hash.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes and returns the 32-byte digest (libsodium wipes the state).
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        withState { state in out.withUnsafeMutableBufferPointer { _ = crypto_hash_sha256_final(state, $0.baseAddress!) }
        }
        return out
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        _ = sodiumStarted
        return [UInt8](unsafeUninitializedCapacity: byteCount) { out, initialized in
            _ = crypto_hash_sha256(
                out.baseAddress!, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
            initialized = byteCount
        }
    }

    /// The digest of an array's bytes.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBytes { hash($0) } }

    /// The digest of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> [UInt8] { Array(text.utf8).withUnsafeBytes { hash($0) } }
}

/// HMAC-SHA-256 with a key of any length: libsodium's `crypto_auth_hmacsha256_init/update/final`
/// (the one-call `crypto_auth_hmacsha256` takes only 32-byte keys, and SigV4's first key is
/// "AWS4" + secret). The state holds key-derived pads; it is wiped with `sodium_memzero` after
/// every MAC.
public enum HMACSHA256 {
    /// MAC length in bytes (32).
    public static let byteCount = crypto_auth_hmacsha256_bytes()

    /// Writes HMAC(key, message) into `output`, which must hold 32 bytes and may be the key's own
    /// memory (`crypto_auth_hmacsha256_init` reads the key whole before the MAC is written).
    public static func authenticate(
        key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count >= byteCount, "HMAC output buffer too small")
        _ = sodiumStarted
        var state = crypto_auth_hmacsha256_state()
        defer { withUnsafeMutableBytes(of: &state) { Sodium.wipe($0) } }
        var noKey: UInt8 = 0  // libsodium wants a pointer even for an empty key
        if let base = key.baseAddress, key.count > 0 {
            _ = crypto_auth_hmacsha256_init(&state, base.assumingMemoryBound(to: UInt8.self), key.count)
        } else {
            _ = crypto_auth_hmacsha256_init(&state, &noKey, 0)
        }
        if let base = message.baseAddress, message.count > 0 {
            _ = crypto_auth_hmacsha256_update(&state, base.assumingMemoryBound(to: UInt8.self), UInt64(message.count))
        }
        _ = crypto_auth_hmacsha256_final(&state, output.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// HMAC(key, message) as a new secret (for derived keys).
    public static func authenticate(
        key: borrowing SecureBytes, message: UnsafeRawBufferPointer
    ) throws(CryptoError) -> SecureBytes {
        var out = try SecureBytes(count: byteCount)
        key.withUnsafeBytes { k in out.withUnsafeMutableBytes { authenticate(key: k, message: message, into: $0) } }
        return out
    }

    /// HMAC(key, message) as public bytes (for a final signature).
    public static func authenticatePublic(key: borrowing SecureBytes, message: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        key.withUnsafeBytes { k in out.withUnsafeMutableBytes { authenticate(key: k, message: message, into: $0) } }
        return out
    }
}

/// Keyless BLAKE2b (libsodium `crypto_generichash`), used as the vault file's checksum.
public enum BLAKE2b {
    /// The digest of `bytes`, `outputLength` bytes long (16...64).
    public static func hash(_ bytes: UnsafeRawBufferPointer, outputLength: Int = 32) -> [UInt8] {
        precondition((16...64).contains(outputLength), "BLAKE2b output length out of range")
        _ = try? Sodium.initialize()
        var out = [UInt8](repeating: 0, count: outputLength)
        out.withUnsafeMutableBufferPointer { o in
            _ = crypto_generichash(
                o.baseAddress!, outputLength, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                UInt64(bytes.count), nil, 0)
        }
        return out
    }

    /// The digest of an array's bytes.
    public static func hash(_ bytes: [UInt8], outputLength: Int = 32) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0, outputLength: outputLength) }
    }
}
