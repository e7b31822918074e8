// The Linux kernel user keyring (`@u`) through libkeyutils: store, read and remove `user` keys.
internal import CKeyutils
import Glibc
import VaultCrypto

/// `user` keys in the Linux user keyring (`@u`): in kernel memory only, never on disk or in swap,
/// shared by the processes of this uid, gone at reboot.
public struct KernelKeyring: Sendable {
    /// Owner ("possessor") may do anything; other processes of the same uid may view, read and
    /// search. Keys in `@u` are possessed only by processes whose session keyring links `@u`; a
    /// process in another session keyring (`pam_keyinit`, containers, `keyctl session`) finds the
    /// key through `@u` but may not read it without the user bits. Those bits add no exposure:
    /// any process of the uid could link `@u` into its session keyring and possess the key anyway.
    static let permissions: UInt32 = UInt32(KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ | KEY_USR_SEARCH)

    private let keyring: Int32 = KEY_SPEC_USER_KEYRING

    /// The user keyring of the calling uid.
    public init() {}

    /// The payload of the `user` key named `description`, or nil when absent or expired.
    public func read(description: String) throws(KernelKeyringError) -> SecureBytes? {
        guard let id = try search(description) else { return nil }
        var size = 0
        switch keyctlCall({ keyctl_read(id, nil, 0) }) {
        case .value(let n): size = n
        case .errno(let code) where isAbsent(code): return nil
        case .errno(let code): throw keyringError("keyctl_read", code)
        }
        // Read straight into locked memory; loop if the key was updated between the two reads.
        while true {
            var buffer: SecureBytes
            do { buffer = try SecureBytes(count: size) } catch {
                throw .failed(operation: "sodium_malloc", errno: ENOMEM)
            }
            let capacity = size
            let result = buffer.withUnsafeMutableBytes { raw in
                keyctlCall { keyctl_read(id, raw.baseAddress?.assumingMemoryBound(to: CChar.self), capacity) }
            }
            switch result {
            case .value(let n) where n == capacity: return buffer
            case .value(let n) where n < capacity:
                do { return try buffer.slice(0..<n) } catch { throw .failed(operation: "sodium_malloc", errno: ENOMEM) }
            case .value(let n): size = n
            case .errno(let code) where isAbsent(code): return nil
            case .errno(let code): throw keyringError("keyctl_read", code)
            }
        }
    }

    /// Adds or replaces the key and sets its timeout (seconds; 0 = none).
    public func store(description: String, payload: borrowing SecureBytes, timeoutSeconds: UInt32)
        throws(KernelKeyringError)
    {
        let previous = try search(description)
        // Build the key in this process's own keyring, where it is ours alone, give it its
        // permissions and timeout, and only then link it into @u: no other process ever sees a key
        // without its timeout. Linking displaces a key of the same description atomically.
        let added = payload.withUnsafeBytes { raw in
            keyctlCall { add_key("user", description, raw.baseAddress, raw.count, KEY_SPEC_PROCESS_KEYRING) }
        }
        let id: Int32
        switch added {
        case .value(let n): id = Int32(n)
        case .errno(let code): throw keyringError("add_key", code)
        }
        // The process keyring's link goes whatever happens; then @u's link is the only one.
        defer { _ = keyctlCall { keyctl_unlink(id, KEY_SPEC_PROCESS_KEYRING) } }
        if case .errno(let code) = keyctlCall({ keyctl_setperm(id, Self.permissions) }) {
            throw keyringError("keyctl_setperm", code)
        }
        if case .errno(let code) = keyctlCall({ keyctl_set_timeout(id, timeoutSeconds) }) {
            throw keyringError("keyctl_set_timeout", code)
        }
        if case .errno(let code) = keyctlCall({ keyctl_link(id, keyring) }) {
            throw keyringError("keyctl_link", code)
        }
        // Destroy the displaced key now rather than when the garbage collector gets to it.
        if let previous, previous != id { _ = destroy(previous) }
    }

    /// Removes the key; returns false when there was none.
    public func remove(description: String) throws(KernelKeyringError) -> Bool {
        guard let id = try search(description) else { return false }
        switch destroy(id) {
        case .value: return true
        case .errno(let code) where isAbsent(code): return false
        case .errno(let code): throw keyringError("keyctl_invalidate", code)
        }
    }

    /// Whether the kernel keyring is usable here (containers often forbid it: ENOSYS/EPERM/EACCES).
    public func isAvailable() -> Bool {
        if case .value = keyctlCall({ keyctl_get_keyring_ID(keyring, 1) }) { return true }
        return false
    }

    /// The serial of the live `user` key named `description` in @u, or nil.
    private func search(_ description: String) throws(KernelKeyringError) -> Int32? {
        switch keyctlCall({ keyctl_search(keyring, "user", description, 0) }) {
        case .value(let n): return Int32(n)
        case .errno(let code) where isAbsent(code): return nil
        case .errno(let code): throw keyringError("keyctl_search", code)
        }
    }

    /// Invalidates a key (wiping its payload at once); falls back to unlinking it from @u when the
    /// key does not grant us search permission (a key some other tool put there).
    private func destroy(_ id: Int32) -> KeyctlResult {
        let result = keyctlCall { keyctl_invalidate(id) }
        if case .errno(EACCES) = result { return keyctlCall { keyctl_unlink(id, keyring) } }
        return result
    }
}
