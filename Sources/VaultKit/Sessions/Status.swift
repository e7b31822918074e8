// `vault status`: what the vault and the session cache hold, read without a secret.
import SecretService
import VaultFormat
import VaultStore

#if canImport(Glibc)
import Glibc
#endif

/// How the vault's key would be opened right now, as `vault status` reports it.
public enum LockState: String, Equatable, Sendable {
    /// A file vault: the passphrase is asked on the terminal.
    case needsPassphrase = "needs-passphrase"
    /// A file vault with `VAULT_PASSPHRASE` set: opens without asking.
    case passphraseInEnvironment = "passphrase-in-environment"
    /// A secret-service vault whose keyring is unlocked: opens without asking.
    case keyringUnlocked = "keyring-unlocked"
    /// A secret-service vault whose keyring is locked (or has no default collection yet).
    case keyringLocked = "keyring-locked"
    /// A secret-service vault with no keyring answering on the session bus.
    case keyringUnavailable = "keyring-unavailable"

    /// Whether opening the vault needs something from the person (a passphrase, an unlock).
    public var isLocked: Bool { self != .keyringUnlocked && self != .passphraseInEnvironment }

    /// One line for people, after "locked: ".
    public var explanation: String {
        switch self {
        case .needsPassphrase: return "yes: needs the passphrase (asked on the terminal)"
        case .passphraseInEnvironment: return "no: VAULT_PASSPHRASE is set in the environment"
        case .keyringUnlocked: return "no: the keyring is unlocked"
        case .keyringLocked: return "yes: the keyring is locked (log in to the desktop, or unlock it)"
        case .keyringUnavailable: return "yes: no keyring answers on the session bus"
        }
    }
}

/// One cached session as `vault status` shows it. Only the expiry is read; the credentials are
/// decrypted with the cache key (no passphrase) and dropped at once.
public struct CachedSessionStatus: Equatable, Sendable {
    public enum State: String, Sendable {
        /// Readable and not yet expired.
        case valid
        /// Readable, but past its expiry (the next assume replaces it).
        case expired
        /// Does not open: the cache key is gone (reboot, logout), or the profile's role, MFA
        /// device or source key changed since it was cached.
        case unreadable
    }

    public let profile: String
    public let state: State
    /// Unix seconds; nil when unreadable.
    public let expiration: Int64?
    /// Seconds until expiry (negative once expired); nil when unreadable.
    public let secondsLeft: Int64?
    /// Why it is unreadable; empty otherwise.
    public let reason: String
}

/// The last known state of a profile's admin keys (`deactivate-admin-keys` records it).
public struct AdminKeysStatus: Equatable, Sendable {
    public let profile: String
    /// `active`, `inactive` or `deactivating` (a deactivation that did not finish).
    public let state: String
    public let since: String?
    public let user: String?
}

/// Everything `vault status` reports. Gathering it never unlocks the vault and never prompts.
public struct VaultStatus: Equatable {
    public let path: String
    public let exists: Bool
    public let backend: VaultBackend?
    public let profileCount: Int
    public let lock: LockState?
    /// Seconds left in the unlock window (`vault unlock`); nil when locked.
    public var unlockedSecondsLeft: Int64? = nil
    public let cacheBackend: SessionKeyStore
    public let cacheDirectory: String
    public let sessions: [CachedSessionStatus]
    public let adminKeys: [AdminKeysStatus]
    /// Why the vault file could not be read (damaged, unsafe, another vault…); nil when it could.
    public var problem: VaultError? = nil
    /// MFA sessions (one code for many roles), by source profile.
    public var mfaSessions: [MFASessionStatus] = []
}

extension SessionKeyStore {
    /// The `VAULT_SESSION_CACHE` value that selects this store (`kernel`, `secret-service`, `none`).
    public var setting: String {
        switch self {
        case .kernelKeyring: return "kernel"
        case .secretService: return "secret-service"
        case .none: return "none"
        }
    }
}

/// `vault status`: the vault, its lock, the session cache and admin keys, without unlocking.
public struct StatusReport {
    let context: VaultContext

    public init(context: VaultContext) {
        self.context = context
    }

    /// Reads the vault file (no unlock), the keyring's state and the cached sessions.
    public func gather() throws(VaultError) -> VaultStatus {
        let vault = Vault(context: context)
        // An unreadable vault is reported in the status (it is the pre-flight check), not instead of it.
        let document: VaultDocument?
        var problem: VaultError? = nil
        do { document = try vault.loadIfPresent() } catch {
            document = nil
            problem = error
        }
        let cacheBackend = try SessionKeyStore.choose(environment: context.environment)
        let directory = SessionCache.defaultDirectory(environment: context.environment)
        let sessions =
            document.map { sessionStates($0, keyStore: cacheBackend, directory: directory) }
            ?? ssoSessionStates(keyStore: cacheBackend, directory: directory)  // SSO/SSOSessionSource.swift
        var status = VaultStatus(
            path: vault.store.path, exists: document != nil || access(vault.store.path, F_OK) == 0,
            backend: document.map { VaultBackend($0.header.protection) },
            profileCount: document.map { vault.uniqueProfiles($0).count } ?? 0, lock: document.map(lockState),
            unlockedSecondsLeft: document.flatMap(vault.unlockedSecondsLeft),
            cacheBackend: cacheBackend, cacheDirectory: directory, sessions: sessions,
            adminKeys: document.map(adminStates) ?? [], problem: problem)
        if let document, cacheBackend != .none {
            status.mfaSessions = SessionBroker(context: context).mfaSessionStates(
                document,
                cache: SessionCache(directory: directory, keyStore: cacheBackend, vaultID: document.header.vaultID),
                now: context.now())
        }
        return status
    }

    func lockState(_ document: VaultDocument) -> LockState {
        switch VaultBackend(document.header.protection) {
        case .file:
            let fromEnvironment = context.environment["VAULT_PASSPHRASE"].map { !$0.isEmpty } ?? false
            return fromEnvironment ? .passphraseInEnvironment : .needsPassphrase
        case .secretService:
            switch SystemKeyring().probe() {
            case .available(locked: false): return .keyringUnlocked
            case .available(locked: true): return .keyringLocked
            case .unavailable(.locked): return .keyringLocked
            case .unavailable: return .keyringUnavailable
            }
        }
    }

    /// Each profile with a cache file, sorted by name: the file the profile's current chain and
    /// key would use, opened with the cache key to read its expiry.
    func sessionStates(_ document: VaultDocument, keyStore: SessionKeyStore, directory: String) -> [CachedSessionStatus]
    {
        let cache = SessionCache(directory: directory, keyStore: keyStore, vaultID: document.header.vaultID)
        let broker = SessionBroker(context: context)
        let hasKey = (try? keyStore.key(vaultID: document.header.vaultID, create: false)) != nil
        let now = context.now()
        return Set(cache.cachedProfiles()).sorted().map { profile in
            func unreadable(_ reason: String) -> CachedSessionStatus {
                CachedSessionStatus(
                    profile: profile, state: .unreadable, expiration: nil, secondsLeft: nil, reason: reason)
            }
            guard keyStore != .none else { return unreadable("the session cache is off (VAULT_SESSION_CACHE=none)") }
            if let state = ssoSessionState(profile, keyStore: keyStore, directory: directory) { return state }
            guard let chain = try? broker.resolve(profile), let entry = try? broker.sourceEntry(chain, document) else {
                return unreadable("the profile no longer resolves to a key in the vault")
            }
            // The file this vault's profile would use: its name covers the vault's own key entry.
            let identity = broker.identity(profile, chain, entry)
            guard access(cache.path(identity), F_OK) == 0 else {
                return unreadable(
                    "cached by another vault sharing this cache folder, or for an earlier role, MFA device or key of the profile"
                )
            }
            guard hasKey else {
                return unreadable(
                    keyStore == .secretService
                        ? "its key is in the Secret Service, which does not answer here (outside the desktop's D-Bus session?)"
                        : "the cache key is gone (after a reboot or logout); the next assume starts over")
            }
            // Any expiry: `lookup` filters on time left, and status wants expired sessions too.
            guard let expiration = cache.lookup(identity, now: now, minimumRemaining: Int64.min / 2)?.expiration else {
                return unreadable(
                    "it does not open with the \(keyStore.name)'s key: cached with another cache backend (VAULT_SESSION_CACHE), or that key was replaced"
                )
            }
            return CachedSessionStatus(
                profile: profile, state: expiration > now ? .valid : .expired, expiration: expiration,
                secondsLeft: expiration - now, reason: "")
        }
    }

    func adminStates(_ document: VaultDocument) -> [AdminKeysStatus] {
        Vault(context: context).uniqueProfiles(document).compactMap { profile in
            guard let entry = document.entries(for: profile).last, let state = entry.metadata(AdminKeys.stateKey) else {
                return nil
            }
            return AdminKeysStatus(
                profile: profile, state: state, since: entry.metadata(AdminKeys.sinceKey),
                user: entry.metadata(AdminKeys.userKey))
        }
    }
}
