import SecretService
import Testing

@testable import VaultKit

@Suite("vault status")
struct StatusTests {
    static var sample: VaultStatus {
        VaultStatus(
            path: "/home/me/.local/share/vault/vault", exists: true, backend: .file, profileCount: 2,
            lock: .needsPassphrase,
            cacheBackend: .kernelKeyring, cacheDirectory: "/home/me/.cache/vault/sessions",
            sessions: [
                CachedSessionStatus(
                    profile: "chained", state: .expired, expiration: 1_000, secondsLeft: -300, reason: ""),
                CachedSessionStatus(profile: "mfa", state: .valid, expiration: 4_600, secondsLeft: 3_300, reason: ""),
                CachedSessionStatus(
                    profile: "old", state: .unreadable, expiration: nil, secondsLeft: nil,
                    reason: "the cache key is gone"),
            ],
            adminKeys: [AdminKeysStatus(profile: "admin", state: "inactive", since: "2026-11-25T18:02:10Z", user: nil)])
    }

    /// The documented shape (docs/commands.md): scripts depend on these names and types.
    @Test func jsonShape() {
        #expect(
            StatusFormatter.json(Self.sample)
                == #"{"vault":{"path":"/home/me/.local/share/vault/vault","exists":true,"backend":"file","profiles":2,"#
                + #""locked":true,"lock":"needs-passphrase","unlocked":false,"unlocked_seconds_left":null,"problem":null},"#
                + #""session_cache":{"backend":"kernel","directory":"/home/me/.cache/vault/sessions"},"#
                + #""sessions":[{"profile":"chained","state":"expired","expiration":"1970-01-01T00:16:40Z","seconds_left":-300,"reason":null},"#
                + #"{"profile":"mfa","state":"valid","expiration":"1970-01-01T01:16:40Z","seconds_left":3300,"reason":null},"#
                + #"{"profile":"old","state":"unreadable","expiration":null,"seconds_left":null,"reason":"the cache key is gone"}],"#
                + #""admin_keys":[{"profile":"admin","state":"inactive","since":"2026-11-25T18:02:10Z","user":null}],"mfa_sessions":[]}"#
        )
    }

    @Test func jsonWithoutAVault() {
        let none = VaultStatus(
            path: "/v", exists: false, backend: nil, profileCount: 0, lock: nil, cacheBackend: .none,
            cacheDirectory: "/c",
            sessions: [], adminKeys: [])
        #expect(
            StatusFormatter.json(none)
                == #"{"vault":{"path":"/v","exists":false,"backend":null,"profiles":0,"locked":null,"lock":null,"#
                + #""unlocked":null,"unlocked_seconds_left":null,"problem":null},"#
                + #""session_cache":{"backend":"none","directory":"/c"},"sessions":[],"admin_keys":[],"mfa_sessions":[]}"#
        )
    }

    @Test func textShowsTimeLeftAndWhy() {
        let text = StatusFormatter.text(Self.sample)
        #expect(text.contains("locked:     yes: needs the passphrase"))
        #expect(text.contains("  mfa      valid, 55 minutes left (until 1970-01-01T01:16:40Z)"))
        #expect(text.contains("  chained  expired 5 minutes ago"))
        #expect(text.contains("  old      unreadable: the cache key is gone"))
        #expect(text.contains("  admin    inactive since 2026-11-25T18:02:10Z"))
    }

    @Test func lockedMeansOpeningNeedsThePerson() {
        #expect(
            LockState.needsPassphrase.isLocked && LockState.keyringLocked.isLocked
                && LockState.keyringUnavailable.isLocked)
        #expect(!LockState.keyringUnlocked.isLocked && !LockState.passphraseInEnvironment.isLocked)
    }
}
