// Where random bytes come from: the system's generator, or fixed bytes for known-answer tests.
internal import CSodium

/// Where random bytes come from: the system in production, fixed bytes in known-answer vectors.
public protocol EntropySource {
    /// Fills `buffer` with random bytes.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

extension EntropySource {
    /// `count` random bytes in an array (for values that are not secret: salts, nonces, ids).
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// `count` random bytes in locked memory (for keys and seeds).
    public mutating func secureBytes(_ count: Int) throws(CryptoError) -> SecureBytes {
        var secret = try SecureBytes(count: count)
        secret.withUnsafeMutableBytes { fill($0) }
        return secret
    }
}

/// The operating system's CSPRNG, through `randombytes_buf`.
public struct SystemEntropy: EntropySource {
    public init() {}

    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        _ = try? Sodium.initialize()
        randombytes_buf(base, buffer.count)
    }
}

/// Replays a fixed byte sequence; for known-answer vectors only. Traps when it runs dry.
public struct FixedEntropy: EntropySource {
    private var bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not yet handed out.
    public var remaining: Int { bytes.count - offset }

    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        precondition(offset + buffer.count <= bytes.count, "FixedEntropy ran out of bytes")
        for i in 0..<buffer.count { buffer[i] = bytes[offset + i] }
        offset += buffer.count
    }
}
