// IAM Identity Center logins sealed on disk: the client registration and the tokens, encrypted
// under a key that lives in the kernel keyring (or Secret Service) like the session cache's.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import AWSConfig
import VaultCrypto
import VaultStore

/// One login as vault keeps it: where it signs in, the OIDC client, and the current tokens.
public struct SSOLoginRecord: ~Copyable {
    public let startURL: String
    public let region: String
    public let registration: SSOClientRegistration
    public let token: SSOToken
}

/// Sealed logins under `$XDG_CACHE_HOME/vault/sso`, one file per session name or start URL.
///
/// File: `VLTO` ‖ version 1 ‖ nonce(24) ‖ XChaCha20-Poly1305(plaintext, ad = magic ‖ BLAKE2b(key)).
/// Plaintext: length-prefixed (u32) fields: start URL, region, client id, registration expiry,
/// token expiry (decimal), then client secret, access token, refresh token (may be empty).
public struct SSOTokenStore {
    public let directory: String
    let keyStore: SessionKeyStore

    static let magic: [UInt8] = Array("VLTO".utf8) + [1]
    /// The key's id in the key store: a name of its own, so that no vault file is needed.
    static let keyID: [UInt8] = BLAKE2b.hash(Array("vault-sso-token-key-v1".utf8), outputLength: 16)
    static let defaultDirectoryHint = "$XDG_CACHE_HOME/vault/sso"

    public init(directory: String, keyStore: SessionKeyStore) {
        self.directory = directory
        self.keyStore = keyStore
    }

    /// The store for this environment (`VAULT_SESSION_CACHE` picks the key's home).
    public static func standard(environment: [String: String]) throws(VaultError) -> SSOTokenStore {
        SSOTokenStore(
            directory: Paths.cacheHome(environment: environment) + "/vault/sso",
            keyStore: try SessionKeyStore.choose(environment: environment))
    }

    func path(_ login: SSOLogin) -> String {
        directory + "/t-"
            + Encoding.hex(BLAKE2b.hash(Array(("vault-sso-v1\u{0}" + login.cacheKey).utf8), outputLength: 16))
    }

    private func associatedData(_ login: SSOLogin) -> [UInt8] {
        Self.magic + BLAKE2b.hash(Array(login.cacheKey.utf8))
    }

    /// The sealed login, or nil when there is none (or it no longer opens: key gone).
    public func load(_ login: SSOLogin) -> SSOLoginRecord? {
        let header = Self.magic.count + XChaCha20Poly1305.nonceByteCount
        guard keyStore != .none, let bytes = try? PrivateFile.read(path(login), limit: 64 * 1024),
            bytes.count > header, Array(bytes.prefix(Self.magic.count)) == Self.magic,
            let key = try? keyStore.key(vaultID: Self.keyID, create: false),
            let plain = try? XChaCha20Poly1305.open(
                Array(bytes[header...]), associatedData: associatedData(login),
                nonce: Array(bytes[Self.magic.count..<header]), key: key)
        else { return nil }
        return SSORecordCodec.decode(plain)
    }

    /// Seals and writes the login atomically (0600).
    public func store(_ login: SSOLogin, _ record: borrowing SSOLoginRecord) throws(VaultError) {
        guard let key = try keyStore.key(vaultID: Self.keyID, create: true, lockDirectory: directory) else {
            throw .sso(.noKeyStore)
        }
        do { try PrivateFile.prepareDirectory(directory) } catch { throw .from(error) }
        var entropy = SystemEntropy()
        let nonce = entropy.bytes(XChaCha20Poly1305.nonceByteCount)
        do {
            let plain = try SSORecordCodec.encode(record)
            let sealed = try plain.withUnsafeBytes { (p) throws(CryptoError) -> [UInt8] in
                try XChaCha20Poly1305.seal(p, associatedData: associatedData(login), nonce: nonce, key: key)
            }
            AtomicFile.removeStaleTemporaries(of: path(login), olderThan: 600)
            try AtomicFile.write(Self.magic + nonce + sealed, to: path(login))
        } catch {
            throw .sso(.cannotStore(reason: "\(error)"))
        }
    }

    /// Forgets the login. Returns whether there was one.
    @discardableResult
    public func remove(_ login: SSOLogin) -> Bool { unlink(path(login)) == 0 }

    /// Runs `body` holding the login's lock: one refresh (or one login) at a time.
    public func withLock<R: ~Copyable>(_ login: SSOLogin, _ body: () throws(VaultError) -> R) throws(VaultError) -> R {
        try withPrivateLock(directory: directory, lockPath: path(login) + ".lock", body) {
            .sso(.cannotStore(reason: "cannot lock \(path(login)): \($0)"))
        }
    }
}

/// The bytes inside a sealed login, built and read in locked memory.
enum SSORecordCodec {
    static func encode(_ record: borrowing SSOLoginRecord) throws(CryptoError) -> SecureBytes {
        let publicFields = [
            record.startURL, record.region, record.registration.clientID, String(record.registration.expiresAt),
            String(record.token.expiresAt),
        ].map { Array($0.utf8) }
        let secrets = [
            record.registration.clientSecret.count, record.token.accessToken.count, record.token.refreshToken.count,
        ]
        let total = publicFields.reduce(0) { $0 + 4 + $1.count } + secrets.reduce(0) { $0 + 4 + $1 }
        var out = try SecureBytes(count: total)
        var offset = 0
        out.withUnsafeMutableBytes { o in
            func put(_ bytes: UnsafeRawBufferPointer) {
                for shift in [0, 8, 16, 24] { o[offset] = UInt8((bytes.count >> shift) & 0xff); offset += 1 }
                for b in bytes { o[offset] = b; offset += 1 }
            }
            for field in publicFields { field.withUnsafeBytes(put) }
            record.registration.clientSecret.withUnsafeBytes(put)
            record.token.accessToken.withUnsafeBytes(put)
            record.token.refreshToken.withUnsafeBytes(put)
        }
        return out
    }

    static func decode(_ plain: borrowing SecureBytes) -> SSOLoginRecord? {
        let ranges: [Range<Int>]? = plain.withUnsafeBytes { raw in
            var offset = 0
            var found: [Range<Int>] = []
            while offset < raw.count {
                guard offset + 4 <= raw.count else { return nil }
                let n = (0..<4).reduce(0) { $0 | Int(raw[offset + $1]) << (8 * $1) }
                offset += 4
                guard n <= raw.count - offset else { return nil }
                found.append(offset..<offset + n)
                offset += n
            }
            return found.count == 8 ? found : nil
        }
        guard let ranges else { return nil }
        let text = ranges.prefix(5).map { r in plain.withUnsafeBytes { String(decoding: $0[r], as: UTF8.self) } }
        guard let registrationExpiry = Int64(text[3]), let tokenExpiry = Int64(text[4]),
            let secret = try? plain.slice(ranges[5]), let access = try? plain.slice(ranges[6]),
            let refresh = try? plain.slice(ranges[7])
        else { return nil }
        return SSOLoginRecord(
            startURL: text[0], region: text[1],
            registration: SSOClientRegistration(clientID: text[2], clientSecret: secret, expiresAt: registrationExpiry),
            token: SSOToken(accessToken: access, refreshToken: refresh, expiresAt: tokenExpiry))
    }
}
