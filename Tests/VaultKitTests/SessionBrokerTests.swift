// SessionBroker (`vault assume`) driven with the fakes: which STS calls it makes, with which MFA
// code, and when the encrypted cache answers instead.
import AWSClient
import KernelKeyring
import TestSupport
import Testing

@testable import VaultKit

@Suite("SessionBroker", .enabled(if: KernelKeyring().isAvailable(), "the session cache needs the kernel keyring"))
struct SessionBrokerTests {
    static let roleARN = "arn:aws:iam::123456789012:role/PowerUserRole"
    static let serial = "arn:aws:iam::123456789012:mfa/alice"
    static let config = """
        [default]
        region = us-east-1

        [profile mfa]
        source_profile = default
        role_arn = \(roleARN)
        mfa_serial = \(serial)
        duration_seconds = 3600

        """

    /// A vault holding `default`, the `mfa` role profile, and the kernel-keyring session cache;
    /// MFA sessions off (the code goes with AssumeRole; MFASessionTests covers the sessions).
    func world() throws -> VaultFixture {
        try VaultFixture.make(sessionCache: "kernel") { world in
            try world.addKey(profile: "default")
            try world.writeConfig(Self.config)
            var settings = try Settings(environment: world.environment)
            try settings.set("mfa-session", "off")
        }
    }

    func broker(_ world: VaultFixture) -> SessionBroker {
        SessionBroker(context: world.context, configuration: world.configuration)
    }

    @Test func coldCallMakesOneSTSRequestWithThePromptedCodeAndCaches() throws {
        let world = try world()
        defer { world.cleanup() }
        world.prompter.answerLines("123456")
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: world.clock.now() + 3600))

        let session = try broker(world).session(SessionRequest(profile: "mfa"))
        let (fromCache, keyID) = (session.fromCache, session.credentials.accessKeyID)
        #expect(!fromCache)
        #expect(keyID == "ASIAFAKESESSION00001")
        #expect(world.prompter.asked == [.line("Enter MFA code for \(Self.serial): ")])
        let requests = world.transport.requests
        try #require(requests.count == 1)
        let sent = requests[0]
        #expect(sent.method == "POST" && sent.action == "AssumeRole")
        #expect(sent.parameter("RoleArn") == Self.roleARN)
        #expect(sent.parameter("SerialNumber") == Self.serial)
        #expect(sent.parameter("TokenCode") == "123456")
        #expect(sent.parameter("DurationSeconds") == "3600")
        // Signed with the long-term key from the vault, at the fake clock's time.
        #expect(sent.header("Authorization")?.contains("Credential=\(VaultFixture.keyID)/20261125/") == true)
        #expect(sent.header("X-Amz-Date") == "20261125T190000Z")
        #expect(
            SessionCache(
                directory: SessionCache.defaultDirectory(environment: world.environment), keyStore: .none, vaultID: []
            )
            .cachedProfiles() == ["mfa"])
    }

    @Test func warmCallIsServedFromTheCacheWithoutAskingOrCalling() throws {
        let world = try world()
        defer { world.cleanup() }
        world.prompter.answerLines("123456")
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: world.clock.now() + 3600))
        _ = try broker(world).session(SessionRequest(profile: "mfa"))
        world.clock.advance(by: 600)

        let warm = try broker(world).session(SessionRequest(profile: "mfa"))
        let (fromCache, keyID) = (warm.fromCache, warm.credentials.accessKeyID)
        let tokenMatches = warm.credentials.sessionToken.isEqual(to: Array("FakeSessionToken1".utf8))
        #expect(fromCache)
        #expect(keyID == "ASIAFAKESESSION00001")
        #expect(tokenMatches)
        #expect(world.transport.requests.count == 1)
        #expect(world.prompter.asked.count == 1)
    }

    @Test func refreshIgnoresTheCacheAndStoresTheNewSession() throws {
        let world = try world()
        defer { world.cleanup() }
        world.prompter.answerLines("123456", "654321")
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: world.clock.now() + 3600))
        world.transport.enqueue(
            "AssumeRole", AWSAnswers.assumeRole(keyID: "ASIAFAKESESSION00009", expiration: world.clock.now() + 3600))
        _ = try broker(world).session(SessionRequest(profile: "mfa"))

        let refreshed = try broker(world).session(SessionRequest(profile: "mfa", refresh: true))
        let (fromCache, keyID) = (refreshed.fromCache, refreshed.credentials.accessKeyID)
        #expect(!fromCache && keyID == "ASIAFAKESESSION00009")
        #expect(world.transport.requests.map { $0.parameter("TokenCode") } == ["123456", "654321"])
        // The refreshed session replaced the first in the cache.
        let cached = try broker(world).session(SessionRequest(profile: "mfa"))
        let cachedID = cached.credentials.accessKeyID
        #expect(cachedID == "ASIAFAKESESSION00009")
    }

    @Test func sessionWithinTheMarginOfExpiryTriggersANewCall() throws {
        let world = try world()
        defer { world.cleanup() }
        world.prompter.answerLines("123456", "222222")
        let start = world.clock.now()
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: start + 3600))
        world.transport.enqueue(
            "AssumeRole", AWSAnswers.assumeRole(keyID: "ASIAFAKESESSION00002", expiration: start + 7200))
        _ = try broker(world).session(SessionRequest(profile: "mfa"))

        world.clock.current = start + 3600 - 900  // exactly the margin left: not enough
        let renewed = try broker(world).session(SessionRequest(profile: "mfa"))
        let (fromCache, keyID) = (renewed.fromCache, renewed.credentials.accessKeyID)
        #expect(!fromCache && keyID == "ASIAFAKESESSION00002")
        #expect(world.transport.actions == ["AssumeRole", "AssumeRole"])
        #expect(world.prompter.asked.count == 2)
    }

    @Test func noPromptAndNoCodeFailsBeforeAnyRequest() throws {
        let world = try world()
        defer { world.cleanup() }
        world.prompter.canPrompt = false
        #expect(throws: VaultError.self) { _ = try broker(world).session(SessionRequest(profile: "mfa")) }
        #expect(world.transport.requests.isEmpty)
        #expect(world.prompter.asked.isEmpty)
    }

    @Test func givenCodeIsUsedWithoutAsking() throws {
        let world = try world()
        defer { world.cleanup() }
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: world.clock.now() + 3600))
        _ = try broker(world).session(SessionRequest(profile: "mfa", mfaCode: " 987654 "))
        #expect(world.prompter.asked.isEmpty)
        #expect(world.transport.requests.first?.parameter("TokenCode") == "987654")
    }
}
