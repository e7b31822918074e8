// A whole outside world for a use-case test: a temporary HOME with the vault file, machine
// record, session cache and ~/.aws files in it, and every seam replaced by a fake.
import AWSClient
import Foundation
import KernelKeyring
import VaultCrypto
import VaultFormat
import VaultKit

/// Notices vault gave the person (stderr in the CLI), in order.
public final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    public init() {}
    public var all: [String] { lock.withLock { lines } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }
}

/// One test's temporary world. Call `cleanup()` when done (a `defer` right after creating it):
/// it removes the folder and any kernel-keyring session key the test made.
public final class VaultFixture: @unchecked Sendable {
    public static let passphrase = "correct horse battery staple"
    public static let keyID = "AKIAFAKEFAKEFAKE0001", secret = "fakeSecretKey000000000000000000000000001"

    public let root: String
    public let clock = FakeClock()
    public let transport = RecordingTransport()
    public let prompter = FakePrompter()
    public let keyring = FakeKeyring()
    public let notices = NoticeLog()
    /// The context's environment: paths into `root`, `VAULT_KDF=minimum`, the passphrase, and
    /// `VAULT_SESSION_CACHE` as given.
    public var environment: [String: String]

    /// `sessionCache`: `none` (default) or `kernel` (the test's key is removed by `cleanup`).
    public init(sessionCache: String = "none", passphraseInEnvironment: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-unit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/.aws", withIntermediateDirectories: true)
        environment = [
            "HOME": root, "VAULT_FILE": root + "/data/vault", "XDG_STATE_HOME": root + "/state",
            "XDG_CACHE_HOME": root + "/cache", "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_HOME": root + "/data",
            "AWS_CONFIG_FILE": root + "/.aws/config", "AWS_SHARED_CREDENTIALS_FILE": root + "/.aws/credentials",
            "VAULT_KDF": "minimum", "VAULT_SESSION_CACHE": sessionCache, "PATH": "/usr/bin:/bin",
        ]
        if passphraseInEnvironment { environment["VAULT_PASSPHRASE"] = Self.passphrase }
    }

    /// A fixture prepared by `setup`; cleaned up if `setup` throws, so no folder or key is left.
    public static func make(sessionCache: String = "none", _ setup: (VaultFixture) throws -> Void) throws
        -> VaultFixture
    {
        let world = try VaultFixture(sessionCache: sessionCache)
        do { try setup(world) } catch {
            world.cleanup()
            throw error
        }
        return world
    }

    /// The context every use case takes: these fakes, this environment.
    public var context: VaultContext {
        let notices = notices
        return VaultContext(
            environment: environment, prompter: prompter, keyring: keyring, now: clock.closure,
            noticeSink: { notices.append($0) })
    }

    /// STS and IAM through the recording transport, signed at the fake clock's time, no waits.
    public var configuration: ServiceConfiguration {
        ServiceConfiguration(
            transport: transport, clock: clock, retry: RetryPolicy(maxAttempts: 1, sleeper: NoSleep()),
            timeoutSeconds: 1)
    }

    public var vault: Vault { Vault(context: context) }

    /// Seals a key for `profile` (creating the passphrase vault on first use) and unlocks once,
    /// so the entry is sealed in and this machine's record is current.
    public func addKey(profile: String, id: String = VaultFixture.keyID, secret: String = VaultFixture.secret) throws {
        var bytes = Array(secret.utf8)
        let key = try AccessKey(accessKeyID: id, secretAccessKey: try SecureBytes(takingAndWiping: &bytes))
        try vault.add(profile: profile, key: key, replace: false)
        _ = try vault.unlock(try vault.load())
    }

    /// Writes `~/.aws/config`.
    public func writeConfig(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/.aws/config"))
    }

    /// The access key id `profile`'s newest entry holds (unlocks the vault).
    public func accessKeyID(_ profile: String) throws -> String {
        let document = try vault.load()
        return try vault.accessKey(for: profile, in: document, keyPair: try vault.unlock(document)).accessKeyID
    }

    /// Profile → metadata of each of its entries, oldest first.
    public func entries(_ profile: String) throws -> [[String: String]] {
        try vault.load().entries(for: profile).map { entry in
            Dictionary(entry.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
        }
    }

    /// Removes the folder and the vault's kernel-keyring keys (session cache, unlock window), if any.
    public func cleanup() {
        if let document = try? vault.load() {
            _ = try? KernelKeyring().remove(description: "vault:session-key:" + Encoding.hex(document.header.vaultID))
            _ = try? KernelKeyring().remove(description: "vault:unlocked:" + Encoding.hex(document.header.vaultID))
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Retries in tests never wait.
public struct NoSleep: Sleeper {
    public init() {}
    public func sleep(seconds: Double) {}
}

extension FixedEntropy {
    /// `count` bytes 0, 1, 2, … (mod 256): reproducible "random" input for sealing in tests.
    public static func counting(_ count: Int) -> FixedEntropy {
        FixedEntropy((0..<count).map { UInt8(truncatingIfNeeded: $0) })
    }
}
