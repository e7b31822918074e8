// MFA sessions in the cache: what `vault status` shows of them and what `vault clear` forgets.
import AWSConfig
import VaultCrypto
import VaultFormat
import VaultStore

#if canImport(Glibc)
import Glibc
#endif

/// One cached MFA session as `vault status` shows it (only its expiry is read).
public struct MFASessionStatus: Equatable, Sendable {
    /// The profile whose long-term key got the session.
    public let sourceProfile: String
    /// The MFA device; nil when no profile of the config uses this session any more.
    public let mfaSerial: String?
    public let state: CachedSessionStatus.State
    public let expiration: Int64?
    public let secondsLeft: Int64?
    public let reason: String
}

extension SessionCache {
    /// Deletes the MFA sessions of `source`, or all of them. Returns how many.
    @discardableResult
    public func clearMFASessions(source: String?) -> Int {
        let prefix = "m-" + (source.map { Encoding.hex(Array($0.utf8)) + "-" } ?? "")
        var removed = 0
        for name in PrivateFile.names(in: directory) where name.hasPrefix(prefix) {
            if name.hasSuffix(".lock") {
                // As for role sessions: the lock goes too, unless a call is getting that MFA session.
                if let lock = try? FileLock.attempt(path: directory + "/" + name) {
                    lock.releaseRemoving(path: directory + "/" + name)
                }
            } else if !name.contains(".") {
                if unlink(directory + "/" + name) == 0 { removed += 1 }
                unlink(directory + "/" + name + ".refused")
            }
        }
        return removed
    }

    /// Source profiles with a cached MFA session file (names only; no decryption).
    func cachedMFASources() -> [String] {
        PrivateFile.names(in: directory).compactMap { (name: String) -> String? in
            guard name.hasPrefix("m-"), !name.contains(".") else { return nil }
            let parts = name.split(separator: "-")
            guard parts.count == 3, let bytes = Encoding.fromHex(String(parts[1])) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension SessionBroker {
    /// Forgets the MFA sessions of `source`'s key (after rotating or deactivating it).
    func forgetMFASessions(of source: String) {
        SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment), keyStore: .none, vaultID: []
        ).clearMFASessions(source: source)
    }

    /// `vault clear [PROFILE]`: every MFA session, or the one PROFILE's roles are signed with.
    public func clearMFASessions(for profile: String?) -> Int {
        let cache = SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment), keyStore: .none, vaultID: [])
        guard let profile else { return cache.clearMFASessions(source: nil) }
        let root = (try? AWSFiles(environment: context.environment).resolver().resolve(profile).root.name) ?? profile
        return cache.clearMFASessions(source: root)
    }

    /// Each cached MFA session, by source profile: opened with the cache key for its expiry, using
    /// the MFA devices the config's role profiles name for that source.
    func mfaSessionStates(_ document: VaultDocument, cache: SessionCache, now: Int64) -> [MFASessionStatus] {
        let resolver = try? AWSFiles(environment: context.environment).resolver()
        let chains = (resolver?.profileNames ?? []).compactMap { try? resolver?.resolve($0) }
        var states: [MFASessionStatus] = []
        for source in Set(cache.cachedMFASources()).sorted() {
            let serials = Set(chains.filter { $0.root.name == source }.compactMap { $0.hops.first?.mfaSerial }).sorted()
            let entry = document.entries(for: source).last
            var found = false
            for serial in serials {
                guard let entry,
                    let expiration = cache.lookup(
                        SessionIdentity(mfaSessionOf: source, serial: serial, sourceEntryID: entry.id), now: now,
                        minimumRemaining: Int64.min / 2)?.expiration
                else { continue }
                found = true
                states.append(
                    MFASessionStatus(
                        sourceProfile: source, mfaSerial: serial, state: expiration > now ? .valid : .expired,
                        expiration: expiration, secondsLeft: expiration - now, reason: ""))
            }
            if !found {
                states.append(
                    MFASessionStatus(
                        sourceProfile: source, mfaSerial: nil, state: .unreadable, expiration: nil, secondsLeft: nil,
                        reason: "the cache key is gone, or no role profile uses this key and MFA device any more"))
            }
        }
        return states
    }
}
