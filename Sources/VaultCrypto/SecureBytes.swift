// SecureBytes: the one owner of secret bytes, in locked memory and wiped on release.
internal import CSodium

/// Secret bytes in guarded, locked memory (`sodium_malloc`), wiped when released.
///
/// The type is noncopyable so a secret has exactly one owner, and its bytes are reachable only
/// inside `withUnsafeBytes`/`withUnsafeMutableBytes`: every place that touches a secret shows.
public struct SecureBytes: ~Copyable {
    private let pointer: UnsafeMutableRawPointer
    /// The number of secret bytes.
    public let count: Int

    /// Allocates `count` zeroed bytes.
    public init(count: Int) throws(CryptoError) {
        try Sodium.initialize()
        // sodium_malloc(0) may return NULL; a one-byte allocation keeps the invariant simple.
        guard let pointer = sodium_malloc(max(count, 1)) else { throw .allocationFailed(byteCount: count) }
        sodium_memzero(pointer, max(count, 1))
        self.pointer = pointer
        self.count = count
    }

    /// Copies `bytes` into locked memory. The caller remains responsible for wiping its copy.
    public init(copying bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        try self.init(count: bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 {
            pointer.copyMemory(from: base, byteCount: bytes.count)
        }
    }

    /// Moves the contents of `array` into locked memory and wipes the array.
    public init(takingAndWiping array: inout [UInt8]) throws(CryptoError) {
        defer { Sodium.wipe(&array) }
        try self.init(count: array.count)
        let destination = pointer
        array.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { destination.copyMemory(from: base, byteCount: raw.count) }
        }
    }

    deinit {
        // sodium_free zeroes the region, unlocks it and unmaps the guard pages.
        sodium_free(pointer)
    }

    /// Gives `body` read access to the secret. Do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Gives `body` write access to the secret. Do not let the pointer escape.
    public mutating func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// A new owner of a copy of `range` of these bytes.
    public func slice(_ range: Range<Int>) throws(CryptoError) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        return try SecureBytes(copying: UnsafeRawBufferPointer(start: pointer + range.lowerBound, count: range.count))
    }

    /// Constant-time equality with another secret.
    public func isEqual(to other: borrowing SecureBytes) -> Bool {
        withUnsafeBytes { a in other.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) } }
    }

    /// Constant-time equality with public bytes.
    public func isEqual(to bytes: [UInt8]) -> Bool {
        withUnsafeBytes { a in bytes.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) } }
    }
}
