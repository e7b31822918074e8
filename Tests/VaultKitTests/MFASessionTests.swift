// The MFA session driven with the fakes: one GetSessionToken with the code, then each role's
// AssumeRole signed with it (no code), its expiry at AWS, refused codes, and its settings.
import AWSClient
import KernelKeyring
import TestSupport
import Testing

@testable import VaultKit

@Suite("MFA session", .enabled(if: KernelKeyring().isAvailable(), "the session cache needs the kernel keyring"))
struct MFASessionTests {
    static let serial = "arn:aws:iam::123456789012:mfa/alice"
    static func role(_ name: String) -> String { "arn:aws:iam::123456789012:role/\(name)" }
    static let config = """
        [default]
        region = us-east-1

        [profile dev]
        source_profile = default
        role_arn = \(role("Dev"))
        mfa_serial = \(serial)

        [profile ops]
        source_profile = default
        role_arn = \(role("Ops"))
        mfa_serial = \(serial)
        mfa_session_duration = 2h

        [profile qa]
        source_profile = default
        role_arn = \(role("QA"))
        mfa_serial = \(serial)

        """

    func world() throws -> VaultFixture {
        try VaultFixture.make(sessionCache: "kernel") { world in
            try world.addKey(profile: "default")
            try world.writeConfig(Self.config)
        }
    }

    func broker(_ world: VaultFixture) -> SessionBroker {
        SessionBroker(context: world.context, configuration: world.configuration)
    }

    @Test func oneCodeSignsTwoRoles() throws {
        let world = try world()
        defer { world.cleanup() }
        let now = world.clock.now()
        world.prompter.answerLines("123456")
        world.transport.enqueue("GetSessionToken", AWSAnswers.getSessionToken(expiration: now + 28_800))
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: now + 3600, roleARN: Self.role("Dev")))
        world.transport.enqueue(
            "AssumeRole",
            AWSAnswers.assumeRole(keyID: "ASIAFAKESESSION00003", expiration: now + 3600, roleARN: Self.role("Ops")))

        _ = try broker(world).session(SessionRequest(profile: "dev"))
        _ = try broker(world).session(SessionRequest(profile: "ops"))

        let requests = world.transport.requests
        #expect(world.transport.actions == ["GetSessionToken", "AssumeRole", "AssumeRole"])
        #expect(world.prompter.asked.count == 1)
        #expect(requests[0].parameter("TokenCode") == "123456" && requests[0].parameter("SerialNumber") == Self.serial)
        #expect(requests[0].parameter("DurationSeconds") == "28800")
        #expect(requests[0].header("Authorization")?.contains("Credential=\(VaultFixture.keyID)/") == true)
        for assume in requests.dropFirst() {
            #expect(assume.parameter("TokenCode") == nil && assume.parameter("SerialNumber") == nil)
            #expect(assume.header("Authorization")?.contains("Credential=ASIAFAKESESSION00002/") == true)
            #expect(assume.header("X-Amz-Security-Token") == "FakeSessionToken2")
        }
    }

    @Test func noMFASessionSendsTheCodeWithAssumeRole() throws {
        let world = try world()
        defer { world.cleanup() }
        world.prompter.answerLines("123456")
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: world.clock.now() + 3600))
        _ = try broker(world).session(SessionRequest(profile: "dev", mfaSession: false))
        #expect(world.transport.actions == ["AssumeRole"])
        #expect(world.transport.requests[0].parameter("TokenCode") == "123456")
    }

    @Test func sessionExpiredAtAWSIsReplacedWithOneNewCode() throws {
        let world = try world()
        defer { world.cleanup() }
        let now = world.clock.now()
        world.prompter.answerLines("123456", "654321")
        world.transport.enqueue("GetSessionToken", AWSAnswers.getSessionToken(expiration: now + 28_800))
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: now + 3600))
        _ = try broker(world).session(SessionRequest(profile: "dev"))
        world.transport.enqueue("AssumeRole", AWSAnswers.error(403, "ExpiredToken", "The security token is expired"))
        world.transport.enqueue(
            "GetSessionToken", AWSAnswers.getSessionToken(keyID: "ASIAFAKESESSION00007", expiration: now + 28_800))
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: now + 3600, roleARN: Self.role("Ops")))

        _ = try broker(world).session(SessionRequest(profile: "ops"))
        #expect(
            world.transport.actions == ["GetSessionToken", "AssumeRole", "AssumeRole", "GetSessionToken", "AssumeRole"])
        #expect(world.prompter.asked.count == 2)
        #expect(world.transport.requests[3].parameter("DurationSeconds") == "7200")  // ops: mfa_session_duration
    }

    @Test func roleRefusingACachedSessionIsExplained() throws {
        let world = try world()
        defer { world.cleanup() }
        let now = world.clock.now()
        world.prompter.answerLines("123456")
        world.transport.enqueue("GetSessionToken", AWSAnswers.getSessionToken(expiration: now + 28_800))
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: now + 3600))
        _ = try broker(world).session(SessionRequest(profile: "dev"))
        world.clock.advance(by: 3000)
        world.transport.enqueue("AssumeRole", AWSAnswers.error(403, "AccessDenied", "User: x is not authorized"))

        #expect(
            throws: VaultError.mfaSession(.sessionTooOld(profile: "qa", roleARN: Self.role("QA"), ageSeconds: 3000))
        ) {
            _ = try broker(world).session(SessionRequest(profile: "qa"))
        }
    }

    @Test func refusedGivenCodeIsNotSentAgain() throws {
        let world = try world()
        defer { world.cleanup() }
        world.transport.enqueue(
            "GetSessionToken",
            AWSAnswers.error(
                403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. "))
        #expect(throws: VaultError.self) {
            _ = try broker(world).session(SessionRequest(profile: "dev", mfaCode: "111111"))
        }
        #expect(throws: VaultError.mfaSession(.codeJustRefused(serial: Self.serial))) {
            _ = try broker(world).session(SessionRequest(profile: "ops", mfaCode: "111111"))
        }
        #expect(world.transport.actions == ["GetSessionToken"])
    }

    @Test func atTheTerminalARefusedCodeIsAskedOnceMore() throws {
        let world = try world()
        defer { world.cleanup() }
        let now = world.clock.now()
        world.prompter.answerLines("111111", "222222")
        world.transport.enqueue(
            "GetSessionToken",
            AWSAnswers.error(
                403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. "))
        world.transport.enqueue("GetSessionToken", AWSAnswers.getSessionToken(expiration: now + 28_800))
        world.transport.enqueue("AssumeRole", AWSAnswers.assumeRole(expiration: now + 3600))
        _ = try broker(world).session(SessionRequest(profile: "dev"))
        #expect(world.transport.requests.map { $0.parameter("TokenCode") } == ["111111", "222222", nil])
        #expect(world.prompter.asked.count == 2)
    }

    @Test func durationsAreCheckedAgainstAWSLimits() throws {
        #expect(try MFASessionPolicy.parse("8h", source: "x") == 28_800)
        #expect(try MFASessionPolicy.parse("129600", source: "x") == 129_600)
        #expect(try MFASessionPolicy.parse("90m", source: "x") == 5400)
        for bad in ["36h1", "37h", "899", "abc", "", "-900", "1d"] {
            #expect(throws: VaultError.mfaSession(.invalidDuration(value: bad, source: "x"))) {
                _ = try MFASessionPolicy.parse(bad, source: "x")
            }
        }
    }
}
