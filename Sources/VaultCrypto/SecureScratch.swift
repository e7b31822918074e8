// A per-process locked buffer lent to short computations on secrets, wiped between loans.
internal import CSodium
import Synchronization

/// One locked, guarded buffer per process, lent to short computations on secrets (SigV4's key
/// chain) so that each does not pay for a guarded allocation of its own: `sodium_malloc` costs
/// about ten system calls (guard pages, `mlock`, `mprotect`), more than the hashing it protects.
/// The lent bytes are wiped before the buffer is lent again. A request larger than `capacity`, or
/// made while the buffer is lent to another thread, gets a `SecureBytes` of its own.
public enum SecureScratch {
    /// The largest request served from the shared buffer.
    public static let capacity = 256

    /// Allocated on first use and kept for the life of the process (one locked page).
    nonisolated(unsafe) private static let region: UnsafeMutableRawPointer? = {
        guard (try? Sodium.initialize()) != nil, let pointer = sodium_malloc(capacity) else { return nil }
        sodium_memzero(pointer, capacity)
        return pointer
    }()
    private static let lent = Atomic<Bool>(false)

    /// Runs `body` with `count` zeroed bytes of locked memory, wiped when it returns.
    public static func withBytes<R>(
        count: Int, _ body: (UnsafeMutableRawBufferPointer) -> R
    ) throws(CryptoError) -> R {
        if count <= capacity, let region,
            lent.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        {
            defer {
                sodium_memzero(region, count)
                lent.store(false, ordering: .releasing)
            }
            return body(UnsafeMutableRawBufferPointer(start: region, count: count))
        }
        var own = try SecureBytes(count: count)
        return own.withUnsafeMutableBytes(body)
    }
}
