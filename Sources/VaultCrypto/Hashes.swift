@_implementationOnly import CSHA256
@_implementationOnly import CSodium

/// SHA-256 for public data (the signer's payload and canonical request); secrets go through
/// `HMACSHA256`. Our own C code (Sources/CSHA256): the x86 SHA extensions when present, about ten
/// times libsodium's portable implementation, which dominated a signature's cost.
public struct SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32
    /// A `vault_sha256_ctx`, kept as opaque bytes: a stored property of a type from an
    /// implementation-only C module would give client modules the wrong struct layout.
    private var state: [UInt8]

    /// Starts an incremental hash.
    public init() {
        state = [UInt8](repeating: 0, count: MemoryLayout<vault_sha256_ctx>.size)
        withState { vault_sha256_init($0) }
    }

    private mutating func withState<R>(_ body: (UnsafeMutablePointer<vault_sha256_ctx>) -> R) -> R {
        state.withUnsafeMutableBytes { body($0.baseAddress!.assumingMemoryBound(to: vault_sha256_ctx.self)) }
    }

    /// Adds `bytes` to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        withState { vault_sha256_update($0, base.assumingMemoryBound(to: UInt8.self), bytes.count) }
    }

    /// Adds the UTF-8 bytes of `text` to the hash.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        withState { state in out.withUnsafeMutableBufferPointer { vault_sha256_final(state, $0.baseAddress!) } }
        return out
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var context = vault_sha256_ctx()
        vault_sha256_init(&context)
        if let base = bytes.baseAddress, bytes.count > 0 {
            vault_sha256_update(&context, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        }
        return [UInt8](unsafeUninitializedCapacity: byteCount) { out, initialized in
            vault_sha256_final(&context, out.baseAddress!)
            initialized = byteCount
        }
    }

    /// The digest of an array's bytes.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBytes { hash($0) } }

    /// The digest of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> [UInt8] { Array(text.utf8).withUnsafeBytes { hash($0) } }

    /// Whether the x86 SHA extensions compute it on this machine (the benchmark reports it).
    public static var usesSHAExtensions: Bool { vault_sha256_uses_sha_extensions() != 0 }

    /// Makes every later hash use the portable code (`true`) or the automatic choice (`false`), so
    /// tests can check both against each other and against libsodium.
    public static func forcePortable(_ force: Bool) { vault_sha256_force_portable(force ? 1 : 0) }
}

/// HMAC-SHA-256 with a key of any length (RFC 2104 over `SHA256`'s code). The context holds
/// key-derived state; the C code wipes it when the MAC is written.
public enum HMACSHA256 {
    /// MAC length in bytes.
    public static let byteCount = 32

    /// Writes HMAC(key, message) into `output`, which must hold 32 bytes and may be the key's own
    /// memory (the key is read whole before the MAC is written).
    public static func authenticate(
        key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count >= byteCount, "HMAC output buffer too small")
        var context = vault_hmac_sha256_ctx()
        vault_hmac_sha256_init(&context, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count)
        if let base = message.baseAddress, message.count > 0 {
            vault_hmac_sha256_update(&context, base.assumingMemoryBound(to: UInt8.self), message.count)
        }
        vault_hmac_sha256_final(&context, output.baseAddress!.assumingMemoryBound(to: UInt8.self))
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
