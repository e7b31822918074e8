// The crypto layer's errors and libsodium's process-wide calls: start-up, constant-time
// comparison, wiping.
internal import CSodium

/// Errors from the cryptographic layer. None of them carries secret material.
public enum CryptoError: Error, Equatable, Sendable {
    /// libsodium could not initialise (no usable entropy source).
    case initializationFailed
    /// `sodium_malloc` failed; the process is out of memory or locked-memory quota.
    case allocationFailed(byteCount: Int)
    /// A MAC or AEAD tag did not verify: wrong key, or the bytes were changed.
    case authenticationFailed
    /// An input had the wrong size for the primitive.
    case invalidLength(what: String, expected: Int, actual: Int)
    /// The key-derivation function refused its parameters or ran out of memory.
    case keyDerivationFailed(opsLimit: UInt64, memLimit: UInt64)
    /// Text that should have been base64 or hex was not.
    case invalidEncoding(what: String)
}

extension CryptoError: CustomStringConvertible {
    /// Plain words for a message (never Swift's debug text of the enum).
    public var description: String {
        switch self {
        case .initializationFailed: return "libsodium could not start (no entropy source?)"
        case .allocationFailed(let count): return "out of locked memory (\(count) bytes wanted)"
        case .authenticationFailed: return "the data did not verify (wrong key, or it was changed)"
        case .invalidLength(let what, let expected, let actual): return "\(what) has \(actual) bytes, not \(expected)"
        case .keyDerivationFailed(_, let memory):
            return "the key derivation failed (out of memory? it needs \(memory >> 20) MiB)"
        case .invalidEncoding(let what): return "\(what) is not validly encoded"
        }
    }
}

/// Process-wide libsodium state.
public enum Sodium {
    /// Initialises libsodium once; safe to call from any thread, any number of times.
    public static func initialize() throws(CryptoError) {
        if sodium_init() < 0 { throw .initializationFailed }
    }

    /// Compares two byte buffers in time that depends only on their length.
    public static func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        return sodium_memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }

    /// Overwrites a buffer with zeros in a way the compiler cannot elide.
    public static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        sodium_memzero(base, buffer.count)
    }

    /// Overwrites an array's storage with zeros and empties it.
    public static func wipe(_ array: inout [UInt8]) {
        array.withUnsafeMutableBytes { wipe($0) }
        array.removeAll()
    }
}
