// SessionCache on its own: sessions round-trip through the encrypted file, open only for their
// own identity and key, and are served only while more than the margin is left.
import AWSClient
import Foundation
import KernelKeyring
import TestSupport
import Testing
import VaultCrypto

@testable import VaultKit

@Suite("SessionCache", .enabled(if: KernelKeyring().isAvailable(), "the cache key lives in the kernel keyring"))
struct SessionCacheTests {
    let now = FakeClock.defaultNow

    /// A cache in a fresh folder with its own vault id (so its own kernel-keyring key).
    func withCache(_ body: (SessionCache, String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vault-cache-\(UUID().uuidString)"
        ).path
        var entropy = SystemEntropy()
        let cache = SessionCache(directory: directory, keyStore: .kernelKeyring, vaultID: entropy.bytes(16))
        defer {
            cache.keyStore.forget(vaultID: cache.vaultID)
            try? FileManager.default.removeItem(atPath: directory)
        }
        try body(cache, directory)
    }

    func identity(_ profile: String = "mfa", role: String = "arn:aws:iam::123456789012:role/R") -> SessionIdentity {
        SessionIdentity(
            profile: profile, roleARNs: [role], mfaSerial: "arn:aws:iam::123456789012:mfa/alice",
            sourceEntryID: Array(repeating: 7, count: 16))
    }

    func credentials(expiration: Int64) throws -> TemporaryCredentials {
        var secret = Array("sessionSecretForTheCacheTest000000000000".utf8)
        var token = Array("token-1".utf8)
        return TemporaryCredentials(
            accessKeyID: "ASIAFAKECACHE0000001", secretAccessKey: try SecureBytes(takingAndWiping: &secret),
            sessionToken: try SecureBytes(takingAndWiping: &token), expiration: expiration,
            assumedRoleARN: "arn:aws:sts::123456789012:assumed-role/R/s")
    }

    /// Whether `cache` serves a session for `identity` at `now` with `margin` seconds to spare.
    func hit(_ cache: SessionCache, _ identity: SessionIdentity, margin: Int64) -> Bool {
        cache.lookup(identity, now: now, minimumRemaining: margin) != nil
    }

    @Test func roundTrip() throws {
        try withCache { cache, _ in
            let stored = try cache.store(identity(), credentials(expiration: now + 3600))
            #expect(stored)
            guard let back = cache.lookup(identity(), now: now, minimumRemaining: 900) else {
                Issue.record("the stored session was not found")
                return
            }
            #expect(back.accessKeyID == "ASIAFAKECACHE0000001")
            let tokenMatches = back.sessionToken.isEqual(to: Array("token-1".utf8))
            #expect(tokenMatches)
            #expect(back.expiration == now + 3600)
            #expect(back.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/R/s")
            let secret = back.secretAccessKey.withUnsafeBytes { Array($0) }
            #expect(secret == Array("sessionSecretForTheCacheTest000000000000".utf8))
            #expect(cache.cachedProfiles() == ["mfa"])
        }
    }

    @Test func anotherIdentityFindsNothing() throws {
        try withCache { cache, _ in
            try cache.store(identity(), credentials(expiration: now + 3600))
            #expect(!hit(cache, identity(role: "arn:aws:iam::123456789012:role/Other"), margin: 0))
            #expect(!hit(cache, identity("other"), margin: 0))
        }
    }

    @Test func fileMovedToAnotherIdentityDoesNotOpen() throws {
        try withCache { cache, _ in
            let other = identity(role: "arn:aws:iam::123456789012:role/Other")
            try cache.store(identity(), credentials(expiration: now + 3600))
            try FileManager.default.copyItem(atPath: cache.path(identity()), toPath: cache.path(other))
            #expect(!hit(cache, other, margin: 0))
            #expect(hit(cache, identity(), margin: 0))
        }
    }

    @Test func anotherVaultsKeyDoesNotOpen() throws {
        try withCache { cache, directory in
            try cache.store(identity(), credentials(expiration: now + 3600))
            try withCache { otherVault, _ in
                _ = try otherVault.keyStore.key(vaultID: otherVault.vaultID, create: true)
                let stranger = SessionCache(directory: directory, keyStore: .kernelKeyring, vaultID: otherVault.vaultID)
                #expect(!hit(stranger, identity(), margin: 0))
            }
            // Forgetting the key makes the session unreadable.
            cache.keyStore.forget(vaultID: cache.vaultID)
            #expect(!hit(cache, identity(), margin: 0))
        }
    }

    @Test(arguments: [
        (3600, 900, true), (901, 900, true), (900, 900, false), (100, 900, false), (1, 0, true), (0, 0, false),
    ])
    func expiryMargin(left: Int64, margin: Int64, served: Bool) throws {
        try withCache { cache, _ in
            try cache.store(identity(), credentials(expiration: now + left))
            #expect(hit(cache, identity(), margin: margin) == served)
        }
    }

    @Test func noKeyStoreMeansNoCache() throws {
        let cache = SessionCache(directory: "/nonexistent/vault-cache", keyStore: .none, vaultID: [1])
        let stored = try cache.store(identity(), credentials(expiration: now + 3600))
        #expect(!stored)
        #expect(!hit(cache, identity(), margin: 0))
    }

    @Test func clearRemovesOnlyTheProfile() throws {
        try withCache { cache, _ in
            try cache.store(identity("a"), credentials(expiration: now + 3600))
            try cache.store(identity("b"), credentials(expiration: now + 3600))
            #expect(cache.clear(profile: "a") == 1)
            #expect(cache.cachedProfiles() == ["b"])
            #expect(cache.clear(profile: nil) == 1)
        }
    }
}
