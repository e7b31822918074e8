import AWSClient
import AWSConfig
import Foundation
import TestSupport
import Testing
import VaultCrypto

@testable import VaultKit

/// The device authorization flow with a recording transport and a sleeper that moves a fake
/// clock: it waits the service's interval, adds 5 s on slow_down, stops at approval, denial or
/// expiry; and the sealed login's bytes round-trip.
@Suite struct SSOLoginTests {
    /// Sleeps by advancing the clock, and records each wait.
    final class ClockSleeper: Sleeper, @unchecked Sendable {
        let clock: FakeClock
        private let lock = NSLock()
        private var recorded: [Double] = []
        init(_ clock: FakeClock) { self.clock = clock }
        var waits: [Double] { lock.withLock { recorded } }
        func sleep(seconds: Double) {
            lock.withLock { recorded.append(seconds) }
            clock.advance(by: Int64(seconds))
        }
    }

    static let login = SSOLogin(session: "corp", startURL: "https://x.awsapps.com/start", region: "eu-west-1")

    static func json(_ status: Int, _ text: String, type: String? = nil) -> HTTPResponse {
        HTTPResponse(status: status, headers: type.map { ["x-amzn-ErrorType": $0] } ?? [:], body: Array(text.utf8))
    }

    static func flow(_ transport: RecordingTransport, expiresIn: Int = 600) -> (SSOLogins, ClockSleeper) {
        transport.enqueue(
            "POST /client/register",
            json(200, #"{"clientId":"cid","clientSecret":"sec","clientSecretExpiresAt":1999999999}"#))
        transport.enqueue(
            "POST /device_authorization",
            json(
                200,
                #"{"deviceCode":"dev","userCode":"AB-CD","verificationUri":"https://v","expiresIn":\#(expiresIn),"interval":2}"#
            ))
        let clock = FakeClock()
        let sleeper = ClockSleeper(clock)
        let context = VaultContext(
            environment: [:], prompter: FakePrompter(canPrompt: false), keyring: FakeKeyring(), now: clock.closure,
            noticeSink: { _ in })
        let logins = SSOLogins(
            context: context, configuration: ServiceConfiguration(transport: transport, clock: clock), sleeper: sleeper)
        return (logins, sleeper)
    }

    @Test func pollsAtTheIntervalAndBacksOffOnSlowDown() throws {
        let transport = RecordingTransport()
        let (logins, sleeper) = Self.flow(transport)
        transport.enqueue("POST /token", Self.json(400, "{}", type: "AuthorizationPendingException"))
        transport.enqueue("POST /token", Self.json(400, "{}", type: "SlowDownException"))
        transport.enqueue("POST /token", Self.json(400, "{}", type: "AuthorizationPendingException"))
        transport.enqueue("POST /token", Self.json(200, #"{"accessToken":"at","expiresIn":3600,"refreshToken":"rt"}"#))
        let record = try logins.deviceFlow(Self.login, openBrowser: false)
        #expect(sleeper.waits == [2, 2, 7, 7])
        #expect(record.registration.clientID == "cid" && record.token.expiresAt == FakeClock.defaultNow + 18 + 3600)
        #expect(transport.actions.filter { $0 == "POST /token" }.count == 4)
    }

    @Test func deniedAndExpiredCodesStopThePolling() throws {
        let transport = RecordingTransport()
        let (logins, _) = Self.flow(transport)
        transport.enqueue("POST /token", Self.json(400, "{}", type: "AccessDeniedException"))
        #expect(throws: VaultError.sso(.denied)) { _ = try logins.deviceFlow(Self.login, openBrowser: false) }

        let pending = RecordingTransport()
        let (expiring, sleeper) = Self.flow(pending, expiresIn: 6)
        pending.always("POST /token", Self.json(400, "{}", type: "AuthorizationPendingException"))
        #expect(throws: VaultError.sso(.deviceCodeExpired)) {
            _ = try expiring.deviceFlow(Self.login, openBrowser: false)
        }
        #expect(sleeper.waits.count <= 5)
    }

    @Test func sealedRecordRoundTrips() throws {
        func secret(_ text: String) throws -> SecureBytes {
            let bytes = Array(text.utf8)
            var out = try SecureBytes(count: bytes.count)
            out.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
            return out
        }
        let record = SSOLoginRecord(
            startURL: "https://x", region: "eu-west-1",
            registration: SSOClientRegistration(clientID: "cid", clientSecret: try secret("s"), expiresAt: 7),
            token: SSOToken(accessToken: try secret("at"), refreshToken: try SecureBytes(count: 0), expiresAt: 9))
        let plain = try SSORecordCodec.encode(record)
        guard let decoded = SSORecordCodec.decode(plain) else {
            Issue.record("the record did not decode")
            return
        }
        #expect(decoded.startURL == "https://x" && decoded.registration.expiresAt == 7 && decoded.token.expiresAt == 9)
        #expect(decoded.token.accessToken.isEqual(to: Array("at".utf8)) && !decoded.token.canRefresh)
        #expect(SSORecordCodec.decode(try secret("junk")) == nil)
    }

    @Test func sharedFileNameIsSHA1OfTheSessionName() {
        #expect(SHA1.hex(Array("corp".utf8)) == "ee0bfd2552fbd840c02cc48b6e823320543c450f")
        #expect(SHA1.hex([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }
}
