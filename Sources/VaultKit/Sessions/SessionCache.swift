// The session cache: sealed, per-identity files of temporary credentials, their locks, and `vault clear`.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import VaultBase
import VaultCrypto
import VaultStore

/// What a cached session is for: the same profile, role chain, MFA device and source key.
public struct SessionIdentity: Equatable, Sendable {
    public let profile: String
    /// 32 bytes naming (profile, roles, MFA serial, source key entry) — no secret in it.
    public let digest: [UInt8]
    /// `s-` for a profile's session, `m-` for an MFA session (named by its source profile).
    let kind: String

    public init(profile: String, roleARNs: [String], mfaSerial: String?, sourceEntryID: [UInt8]) {
        self.profile = profile
        let text = (["vault-session-v1", profile] + roleARNs + [mfaSerial ?? "", Encoding.hex(sourceEntryID)]).joined(
            separator: "\u{0}")
        digest = BLAKE2b.hash(Array(text.utf8))
        kind = "s-"
    }

    init(profile: String, digest: [UInt8], kind: String) {
        self.profile = profile
        self.digest = digest
        self.kind = kind
    }

    /// `s-<hex profile>-<hex digest prefix>`: clearing a profile needs no secret, just the prefix.
    var fileName: String { kind + Encoding.hex(Array(profile.utf8)) + "-" + Encoding.hex(Array(digest.prefix(16))) }

    static func prefix(_ profile: String) -> String { "s-" + Encoding.hex(Array(profile.utf8)) + "-" }
}

/// Temporary credentials on disk, encrypted under a key that is never on disk (`SessionKeyStore`).
///
/// File: `VLTS` ‖ version 1 ‖ nonce(24) ‖ XChaCha20-Poly1305(plaintext, ad = magic ‖ version ‖
/// identity digest). Plaintext: expiration:u64 ‖ u16len(key id) ‖ u16len(role arn) ‖
/// u16len(session token) ‖ u16len(secret). A file moved to another identity does not open.
public struct SessionCache {
    public let directory: String
    public let keyStore: SessionKeyStore
    let vaultID: [UInt8]

    static let magic: [UInt8] = Array("VLTS".utf8) + [1]
    static let maximumFileSize = 64 * 1024

    public init(directory: String, keyStore: SessionKeyStore, vaultID: [UInt8]) {
        self.directory = directory
        self.keyStore = keyStore
        self.vaultID = vaultID
    }

    /// `$XDG_CACHE_HOME/vault/sessions`.
    public static func defaultDirectory(environment: [String: String]) -> String {
        Paths.cacheHome(environment: environment) + "/vault/sessions"
    }

    /// The cached session, if it opens and has more than `minimumRemaining` seconds left.
    public func lookup(_ identity: SessionIdentity, now: Int64, minimumRemaining: Int64) -> TemporaryCredentials? {
        guard keyStore != .none,
            let bytes = try? PrivateFile.read(path(identity), limit: Self.maximumFileSize),
            bytes.count > Self.magic.count + XChaCha20Poly1305.nonceByteCount,
            Array(bytes.prefix(Self.magic.count)) == Self.magic,
            let key = try? keyStore.key(vaultID: vaultID, create: false)
        else { return nil }
        let nonce = Array(bytes[Self.magic.count..<Self.magic.count + XChaCha20Poly1305.nonceByteCount])
        let sealed = Array(bytes[(Self.magic.count + XChaCha20Poly1305.nonceByteCount)...])
        guard
            let plain = try? XChaCha20Poly1305.open(
                sealed, associatedData: Self.magic + identity.digest, nonce: nonce, key: key),
            let credentials = SessionPlaintext.decode(plain), credentials.expiration - now > minimumRemaining
        else { return nil }
        return credentials
    }

    /// Encrypts and writes the session atomically (0600). Returns false when there is no cache.
    @discardableResult
    public func store(_ identity: SessionIdentity, _ credentials: borrowing TemporaryCredentials) throws(VaultError)
        -> Bool
    {
        guard let key = try keyStore.key(vaultID: vaultID, create: true, lockDirectory: directory) else { return false }
        do { try PrivateFile.prepareDirectory(directory) } catch { throw .from(error) }
        var entropy = SystemEntropy()
        let nonce = entropy.bytes(XChaCha20Poly1305.nonceByteCount)
        do {
            let plain = try SessionPlaintext.encode(credentials)
            let sealed = try plain.withUnsafeBytes { (p) throws(CryptoError) -> [UInt8] in
                try XChaCha20Poly1305.seal(p, associatedData: Self.magic + identity.digest, nonce: nonce, key: key)
            }
            // A crashed writer's temporary file would stay forever; none lives ten minutes.
            AtomicFile.removeStaleTemporaries(of: path(identity), olderThan: 600)
            // A power cut takes the kernel keyring's cache key with it, so no session written under
            // that key is readable after one: its fsyncs would only make the caller wait.
            try AtomicFile.write(Self.magic + nonce + sealed, to: path(identity), durable: keyStore != .kernelKeyring)
        } catch let error as SystemError {
            throw .cannotWrite("the session cache", error) {
                .sessions(.cannotWriteCache(directory: directory, detail: $0))
            }
        } catch {
            throw VaultError.sessions(.cannotEncrypt(detail: "\(error)"))
        }
        return true
    }

    /// Deletes cached sessions of `profile`, or all of them. Returns how many.
    @discardableResult
    public func clear(profile: String?) -> Int {
        let prefix = profile.map(SessionIdentity.prefix) ?? "s-"
        var removed = 0
        for name in PrivateFile.names(in: directory) where name.hasPrefix(prefix) {
            guard name.hasSuffix(".lock") else {
                if unlink(directory + "/" + name) == 0 { removed += 1 }
                continue
            }
            // A lock file goes too, unless a call is fetching that session right now.
            if let lock = try? FileLock.attempt(path: directory + "/" + name) {
                lock.releaseRemoving(path: directory + "/" + name)
            }
        }
        return removed
    }

    /// Profiles with a cached session file (names only; no decryption).
    public func cachedProfiles() -> [String] {
        PrivateFile.names(in: directory).compactMap { name in
            guard name.hasPrefix("s-"), !name.hasSuffix(".lock") else { return nil }
            let parts = name.split(separator: "-")
            guard parts.count == 3, let bytes = Encoding.fromHex(String(parts[1])) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Creates (0700) and checks the cache folder; the problem when it cannot be used.
    func prepareDirectory() -> SessionsError? {
        do { try PrivateFile.prepareDirectory(directory) } catch {
            return .cacheFolderUnusable(directory: directory, reason: "\(error)")
        }
        return nil
    }

    /// Runs `body` holding the identity's lock, so parallel cold calls make one STS call and ask
    /// for one MFA code: the others wait here, then find the session in the cache.
    public func withLock<R: ~Copyable>(_ identity: SessionIdentity, _ body: () throws(VaultError) -> R)
        throws(VaultError) -> R
    {
        try withPrivateLock(directory: directory, lockPath: path(identity) + ".lock", body) {
            .sessions(.cannotLockCache(directory: directory, detail: "\($0)"))
        }
    }

    func path(_ identity: SessionIdentity) -> String { directory + "/" + identity.fileName }
}

extension SessionCache {
    /// `vault clear [PROFILE]`: forgets the cached sessions (all, or one profile's) and says how
    /// many. A profile neither in the AWS config nor in the cache is a typo: named, with close
    /// matches, nothing removed.
    public static func clear(profile: String?, context: VaultContext) throws(VaultError) -> String {
        let cache = SessionCache(
            directory: defaultDirectory(environment: context.environment), keyStore: .none, vaultID: [])
        if let profile {
            let files = AWSFiles(environment: context.environment)
            let configured = (try? files.resolver().profileNames) ?? []
            let cached = Set(cache.cachedProfiles() + cache.cachedMFASources()).sorted()
            guard configured.contains(profile) || cached.contains(profile) else {
                let close = Set(configured + cached).sorted().filter {
                    EditDistance.levenshtein(Array($0), Array(profile), limit: 2) != nil || $0.hasPrefix(profile)
                        || profile.hasPrefix($0)
                }
                throw .sessions(
                    .unknownCachedProfile(profile, configPath: files.configPath, close: close, cached: cached))
            }
        }
        let removed = cache.clear(profile: profile)
        let mfa = SessionBroker(context: context).clearMFASessions(for: profile)
        return "removed \(removed) cached session\(removed == 1 ? "" : "s")\(profile.map { " of '\($0)'" } ?? "")"
            + (mfa > 0 ? " and \(mfa) MFA session\(mfa == 1 ? "" : "s")" : "")
    }
}

extension SessionBroker {
    /// Says so when a cached session is served although `--duration` asked for a length (issue 19,
    /// item 10): the cache answers while the session has time left; `--refresh` gets a new one.
    func noteCachedDuration(_ request: SessionRequest, expiration: Int64) {
        guard let requested = request.durationSeconds else { return }
        let note = SessionsError.cachedSessionServed(
            profile: request.profile, secondsLeft: expiration - context.now(), requested: requested)
        context.notice("note: \(note.problem)\nhint: \(note.hint)")
    }
}

/// Runs `body` holding the lock at `lockPath`, in `directory` (made private first); `lockFailed`
/// words a lock that cannot be taken. The lock is released however `body` ends.
func withPrivateLock<R: ~Copyable>(
    directory: String, lockPath: String, _ body: () throws(VaultError) -> R,
    lockFailed: (SystemError) -> VaultError
) throws(VaultError) -> R {
    do { try PrivateFile.prepareDirectory(directory) } catch { throw .from(error) }
    let lock: FileLock
    do { lock = try FileLock(path: lockPath) } catch { throw lockFailed(error) }
    do {
        let result = try body()
        lock.release()
        return result
    } catch {
        lock.release()
        throw error
    }
}
