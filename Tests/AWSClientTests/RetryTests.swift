import SigV4
import Testing

@testable import AWSClient

@Suite("Retries")
struct RetryTests {
    private let throttle = response(400, serviceError("Throttling", "Rate exceeded"))
    private let ok = response(200, getCallerIdentityXML)

    private func sts(_ transport: FakeTransport, _ sleeper: RecordingSleeper, attempts: Int = 3) -> STSClient {
        STSClient(
            endpoint: Endpoint(scheme: "https", host: "sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
            configuration: ServiceConfiguration(
                transport: transport, clock: FixedClock(seconds: testNow),
                retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.5, maxDelay: 5, sleeper: sleeper)))
    }

    private func assumeWithMFA(_ client: STSClient) throws(AWSError) -> TemporaryCredentials {
        try client.assumeRole(
            roleARN: "arn:aws:iam::123456789012:role/admin", sessionName: "s", serialNumber: "arn:aws:iam::1:mfa/a",
            tokenCode: "123456", credentials: testCredentials())
    }

    @Test func throttlingIsRetriedWithBoundedJitter() throws {
        for _ in 0..<20 {
            let transport = FakeTransport([.success(throttle), .success(throttle), .success(ok)])
            let sleeper = RecordingSleeper()
            let identity = try sts(transport, sleeper).getCallerIdentity(credentials: testCredentials())
            #expect(identity.account == "123456789012")
            #expect(transport.attempts == 3)
            #expect(sleeper.sleeps.count == 2)
            #expect((0...0.5).contains(sleeper.sleeps[0]))
            #expect((0...1.0).contains(sleeper.sleeps[1]))
        }
    }

    @Test func retriesStopAfterMaxAttempts() {
        let transport = FakeTransport(Array(repeating: .success(throttle), count: 5))
        let sleeper = RecordingSleeper()
        #expect(throws: AWSError.throttled(attempts: 3)) {
            try sts(transport, sleeper).getCallerIdentity(credentials: testCredentials())
        }
        #expect(transport.attempts == 3)
        #expect(sleeper.sleeps.count == 2)

        let failing = FakeTransport(Array(repeating: .success(response(502, "bad gateway")), count: 5))
        #expect(throws: AWSError.serviceUnavailable(status: 502, attempts: 3)) {
            try sts(failing, RecordingSleeper()).getCallerIdentity(credentials: testCredentials())
        }
        #expect(failing.attempts == 3)
    }

    @Test func authErrorsAreNotRetried() {
        let transport = FakeTransport([
            .success(response(403, authError("InvalidClientTokenId", "invalid"))), .success(ok),
        ])
        let sleeper = RecordingSleeper()
        #expect(throws: AWSError.invalidKey(accessKeyID: "AKIAIOSFODNN7EXAMPLE")) {
            try sts(transport, sleeper).getCallerIdentity(credentials: testCredentials())
        }
        #expect(transport.attempts == 1)
        #expect(sleeper.sleeps.isEmpty)
    }

    @Test func connectionFailuresAreRetried() throws {
        let transport = FakeTransport([
            .failure(.timedOut(seconds: 10)), .failure(.other(detail: "reset")), .success(ok),
        ])
        _ = try sts(transport, RecordingSleeper()).getCallerIdentity(credentials: testCredentials())
        #expect(transport.attempts == 3)
    }

    @Test func tlsAndRedirectsAreNotRetried() {
        let tls = FakeTransport([.failure(.tls(detail: "bad certificate")), .success(ok)])
        #expect(throws: AWSError.transport(.tls(detail: "bad certificate"), attempts: 1)) {
            try sts(tls, RecordingSleeper()).getCallerIdentity(credentials: testCredentials())
        }
        let redirect = FakeTransport([.failure(.redirect(status: 301, location: "https://evil")), .success(ok)])
        #expect(throws: AWSError.transport(.redirect(status: 301, location: "https://evil"), attempts: 1)) {
            try sts(redirect, RecordingSleeper()).getCallerIdentity(credentials: testCredentials())
        }
        let missing = FakeTransport([.failure(.unavailable(detail: "no libssl")), .success(ok)])
        #expect(throws: AWSError.transport(.unavailable(detail: "no libssl"), attempts: 1)) {
            try sts(missing, RecordingSleeper()).getCallerIdentity(credentials: testCredentials())
        }
    }

    /// A proxy that is set wrong, refused the tunnel or did not answer: nothing reached AWS, and
    /// another attempt would meet the same proxy.
    @Test func proxyFailuresAreNotRetried() {
        let refused = FakeTransport([.failure(.proxy(detail: "HTTP 407")), .success(ok)])
        #expect(throws: AWSError.transport(.proxy(detail: "HTTP 407"), attempts: 1)) {
            try sts(refused, RecordingSleeper()).getCallerIdentity(credentials: testCredentials())
        }
        #expect(refused.attempts == 1)
    }

    /// Retried only when nothing was sent, or when AWS throttled it (refused before the action ran,
    /// so the MFA code was not spent); never after a timeout or a 5xx.
    @Test func mfaAssumeRoleIsRetriedOnlyWhenTheCodeCannotHaveBeenSpent() throws {
        let refused = FakeTransport([
            .failure(.cannotConnect(detail: "refused")), .success(response(200, assumeRoleXML())),
        ])
        _ = try assumeWithMFA(sts(refused, RecordingSleeper()))
        #expect(refused.attempts == 2)

        let timedOut = FakeTransport([.failure(.timedOut(seconds: 10)), .success(response(200, assumeRoleXML()))])
        #expect(throws: AWSError.transport(.timedOut(seconds: 10), attempts: 1)) {
            _ = try assumeWithMFA(sts(timedOut, RecordingSleeper()))
        }
        #expect(timedOut.attempts == 1)

        let throttled = FakeTransport([.success(throttle), .success(response(200, assumeRoleXML()))])
        _ = try assumeWithMFA(sts(throttled, RecordingSleeper()))
        #expect(throttled.attempts == 2)

        let failing = FakeTransport([.success(response(500, "")), .success(response(200, assumeRoleXML()))])
        #expect(throws: AWSError.serviceUnavailable(status: 500, attempts: 1)) {
            _ = try assumeWithMFA(sts(failing, RecordingSleeper()))
        }
    }

    @Test func assumeRoleWithoutMFAIsRetried() throws {
        let transport = FakeTransport([.success(throttle), .success(response(200, assumeRoleXML()))])
        _ = try sts(transport, RecordingSleeper()).assumeRole(
            roleARN: "arn:aws:iam::123456789012:role/admin", sessionName: "s", credentials: testCredentials())
        #expect(transport.attempts == 2)
    }

    @Test func createAccessKeyIsNotReplayed() {
        let transport = FakeTransport([.success(response(500, "")), .success(response(200, "<x/>"))])
        let iam = IAMClient(
            endpoint: Endpoint(scheme: "https", host: "iam.amazonaws.com", signingRegion: "us-east-1"),
            configuration: ServiceConfiguration(
                transport: transport, clock: FixedClock(seconds: testNow),
                retry: RetryPolicy(sleeper: RecordingSleeper())))
        #expect(throws: AWSError.serviceUnavailable(status: 500, attempts: 1)) {
            _ = try iam.createAccessKey(credentials: testCredentials())
        }
        #expect(transport.attempts == 1)
    }

    @Test func backoffCeilingsGrowAndAreClamped() {
        let sleeper = RecordingSleeper()
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.5, maxDelay: 3, sleeper: sleeper, jitter: { $0 * 10 })
        #expect((1...5).map { policy.ceiling(beforeRetry: $0) } == [0.5, 1, 2, 3, 3])
        policy.backoff(beforeRetry: 2)
        let negative = RetryPolicy(sleeper: sleeper, jitter: { _ in -1 })
        negative.backoff(beforeRetry: 1)
        #expect(sleeper.sleeps == [1, 0])
    }
}
