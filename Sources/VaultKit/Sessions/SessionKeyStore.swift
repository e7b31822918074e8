import KernelKeyring
import SecretService
import VaultCrypto
import VaultStore

/// Where the session cache's random key lives. Never on disk: in the kernel keyring (gone at
/// reboot, or when the user's last process ends), else in the Secret Service, else nowhere (no
/// cache, every call goes to STS).
public enum SessionKeyStore: Equatable {
    case kernelKeyring
    case secretService
    case none

    /// The name `vault status` shows.
    public var name: String {
        switch self {
        case .kernelKeyring: return "kernel keyring"
        case .secretService: return "secret service"
        case .none: return "none (no session cache)"
        }
    }

    /// `VAULT_SESSION_CACHE` (`kernel`, `secret-service`, `none`), else the first that works.
    public static func choose(environment: [String: String]) throws(VaultError) -> SessionKeyStore {
        switch environment["VAULT_SESSION_CACHE"] ?? "auto" {
        case "kernel": return .kernelKeyring
        case "secret-service": return .secretService
        case "none": return .none
        case "auto", "":
            if KernelKeyring().isAvailable() { return .kernelKeyring }
            if case .available(locked: false) = SecretServiceKeyring().probe() { return .secretService }
            return .none
        case let other:
            throw VaultError.sessions(.unknownCacheBackend(other))
        }
    }

    /// Lifetime of the key in the kernel keyring, renewed whenever a session is stored.
    static let kernelKeyTimeout: UInt32 = 24 * 3600

    /// The cache key for `vaultID`, created when `create` is set and none exists. Creating happens
    /// under a lock in `lockDirectory`: two first callers must not each make a key, for the second
    /// store would replace the first's key (the kernel keyring and the Secret Service both replace
    /// an item of the same name) and make the sessions sealed with it unreadable.
    func key(vaultID: [UInt8], create: Bool, lockDirectory: String? = nil) throws(VaultError) -> SecureBytes? {
        guard create, self != .none, let lockDirectory else {
            return try readOrCreate(vaultID: vaultID, create: create)
        }
        let lockPath = lockDirectory + "/.key-" + Encoding.hex(vaultID) + ".lock"
        do { try PrivateFile.prepareDirectory(lockDirectory) } catch { throw .from(error) }
        let lock: FileLock
        do { lock = try FileLock(path: lockPath) } catch {
            throw .sessions(.cannotLockCache(directory: lockDirectory, detail: "\(error)"))
        }
        // Needed only while the key is made: the file goes with the lock (FileLock's waiters
        // notice and lock the path anew), so `vault clear` leaves no lock file behind.
        let key: SecureBytes?
        do { key = try readOrCreate(vaultID: vaultID, create: true) } catch {
            lock.releaseRemoving(path: lockPath)
            throw error
        }
        lock.releaseRemoving(path: lockPath)
        return key
    }

    private func readOrCreate(vaultID: [UInt8], create: Bool) throws(VaultError) -> SecureBytes? {
        let name = "vault:session-key:" + Encoding.hex(vaultID)
        switch self {
        case .none:
            return nil
        case .kernelKeyring:
            let keyring = KernelKeyring()
            do {
                if let existing = try keyring.read(description: name) {
                    if create {
                        try keyring.store(description: name, payload: existing, timeoutSeconds: Self.kernelKeyTimeout)
                    }
                    return existing
                }
                guard create else { return nil }
                var entropy = SystemEntropy()
                let fresh = try entropy.secureBytes(XChaCha20Poly1305.keyByteCount)
                try keyring.store(description: name, payload: fresh, timeoutSeconds: Self.kernelKeyTimeout)
                return fresh
            } catch let error as KernelKeyringError {
                throw VaultError.sessions(.kernelKeyringRefused(detail: "\(error)"))
            } catch {
                throw VaultError.sessions(.cannotCreateCacheKey(detail: "\(error)"))
            }
        case .secretService:
            let keyring = SystemKeyring()
            let attributes = ["vault-session-key": Encoding.hex(vaultID)]
            do {
                return try keyring.lookup(attributes: attributes)
            } catch {
                guard create else { return nil }
            }
            var entropy = SystemEntropy()
            let fresh: SecureBytes
            do { fresh = try entropy.secureBytes(XChaCha20Poly1305.keyByteCount) } catch {
                throw VaultError.sessions(.cannotCreateCacheKey(detail: "\(error)"))
            }
            try keyring.store(fresh, label: "vault session-cache key", attributes: attributes)
            return fresh
        }
    }

    /// Forgets the key, which makes every cached session of the vault unreadable.
    func forget(vaultID: [UInt8]) {
        let name = "vault:session-key:" + Encoding.hex(vaultID)
        switch self {
        case .none: return
        case .kernelKeyring: _ = try? KernelKeyring().remove(description: name)
        case .secretService: _ = try? SystemKeyring().remove(attributes: ["vault-session-key": Encoding.hex(vaultID)])
        }
    }
}
