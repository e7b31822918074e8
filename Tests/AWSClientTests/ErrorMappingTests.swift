import SigV4
import Testing

@testable import AWSClient

/// One row of the mapping table: what AWS answered, for which call, and what the user sees.
struct MappingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var status: Int
    var body: String
    var date: String? = testNowHTTPDate
    var action = "AssumeRole"
    var expected: AWSError
    var testDescription: String { name }
}

let keyID = "AKIAIOSFODNN7EXAMPLE"

let mappingCases: [MappingCase] = [
    MappingCase(
        name: "wrong MFA code", status: 403,
        body: serviceError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. "),
        expected: .wrongMFACode),
    MappingCase(
        name: "AssumeRole not authorized", status: 403,
        body: serviceError(
            "AccessDenied",
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: "
                + "arn:aws:iam::123456789012:role/admin"),
        expected: .assumeRoleDenied(
            roleARN: "arn:aws:iam::123456789012:role/admin",
            message: "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on "
                + "resource: arn:aws:iam::123456789012:role/admin")),
    MappingCase(
        name: "other action not authorized", status: 403,
        body: serviceError(
            "AccessDenied",
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:UpdateAccessKey on "
                + "resource: user alice because no identity-based policy allows the iam:UpdateAccessKey action"),
        action: "UpdateAccessKey",
        expected: .accessDenied(
            action: "iam:UpdateAccessKey",
            message: "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:UpdateAccessKey "
                + "on resource: user alice because no identity-based policy allows the iam:UpdateAccessKey action")),
    MappingCase(
        name: "unknown key", status: 403,
        body: authError("InvalidClientTokenId", "The security token included in the request is invalid."),
        action: "GetCallerIdentity", expected: .invalidKey(accessKeyID: keyID)),
    MappingCase(
        name: "expired token", status: 400,
        body: serviceError("ExpiredToken", "The security token included in the request is expired"),
        action: "GetCallerIdentity", expected: .expiredToken),
    MappingCase(
        name: "signature expired", status: 403,
        body: serviceError(
            "SignatureDoesNotMatch",
            "Signature expired: 20261125T183000Z is now earlier than 20261125T185500Z (20261125T190000Z - 5 min.)"),
        date: nil, action: "GetCallerIdentity", expected: .clockSkew(seconds: nil)),
    MappingCase(
        name: "signature not yet current, skew from Date", status: 403,
        body: serviceError(
            "SignatureDoesNotMatch", "Signature not yet current: 20261125T191500Z is still later than …"),
        date: "Wed, 25 Nov 2026 18:45:00 GMT", action: "GetCallerIdentity", expected: .clockSkew(seconds: -900)),
    MappingCase(
        name: "mismatch with a Date header 10 minutes ahead", status: 403,
        body: serviceError("SignatureDoesNotMatch", "The request signature we calculated does not match the signature"),
        date: "Wed, 25 Nov 2026 19:10:00 GMT", action: "GetCallerIdentity", expected: .clockSkew(seconds: 600)),
    MappingCase(
        name: "wrong secret", status: 403,
        body: authError(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                + "Access Key and signing method. Consult the service documentation for details."),
        date: "Wed, 25 Nov 2026 19:01:00 GMT", action: "GetCallerIdentity", expected: .wrongSecret(accessKeyID: keyID)),
    MappingCase(
        name: "duration above MaxSessionDuration", status: 400,
        body: serviceError(
            "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),
        expected: .durationTooLong(requested: 43_200)),
    MappingCase(
        name: "role chaining limit", status: 400,
        body: serviceError(
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."),
        expected: .roleChainingLimit),
    MappingCase(
        name: "throttled", status: 400, body: serviceError("Throttling", "Rate exceeded"),
        action: "GetCallerIdentity", expected: .throttled(attempts: 1)),
    MappingCase(
        name: "request limit", status: 503, body: serviceError("RequestLimitExceeded", "Request limit exceeded."),
        action: "GetCallerIdentity", expected: .throttled(attempts: 1)),
    MappingCase(
        name: "5xx without XML", status: 503, body: "<html><body>Service Unavailable</body></html>",
        action: "GetCallerIdentity", expected: .serviceUnavailable(status: 503, attempts: 1)),
    MappingCase(
        name: "5xx with a code", status: 500,
        body: serviceError("InternalFailure", "We encountered an internal error.", type: "Receiver"),
        action: "GetCallerIdentity", expected: .serviceUnavailable(status: 500, attempts: 1)),
    MappingCase(
        name: "third access key", status: 409,
        body: serviceError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"),
        action: "CreateAccessKey", expected: .keyLimitExceeded),
    MappingCase(
        name: "no such entity", status: 404,
        body: serviceError("NoSuchEntity", "The user with name bob cannot be found."), action: "GetUser",
        expected: .noSuchEntity(message: "The user with name bob cannot be found.")),
    MappingCase(
        name: "anything else, sanitised", status: 400,
        body: serviceError("MalformedPolicyDocument", "bad\npolicy\u{1B}[31m for AKIAIOSFODNN7EXAMPLE"),
        action: "GetCallerIdentity",
        expected: .other(code: "MalformedPolicyDocument", message: "bad policy [31m for AKIA…MPLE", status: 400)),
    MappingCase(
        name: "no code, 4xx", status: 404, body: "not xml", action: "GetCallerIdentity",
        expected: .other(code: "HTTP404", message: "no error code in the response", status: 404)),
]

@Suite("Error mapping")
struct ErrorMappingTests {
    @Test(arguments: mappingCases)
    func mapsRealShapedBodies(_ row: MappingCase) {
        let transport = FakeTransport([.success(response(row.status, row.body, date: row.date))])
        let caller = QueryCaller(
            endpoint: Endpoint(scheme: "https", host: "sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"),
            service: "sts", version: "2011-06-15",
            configuration: ServiceConfiguration(
                transport: transport, clock: FixedClock(seconds: testNow),
                retry: RetryPolicy(maxAttempts: 1, sleeper: RecordingSleeper())))
        let context = CallContext(
            action: row.action, accessKeyID: keyID, durationSeconds: 43_200,
            roleARN: "arn:aws:iam::123456789012:role/admin")
        let credentials = testCredentials()
        #expect(throws: row.expected) {
            try caller.call(row.action, [], replayable: true, context: context, credentials: credentials) {
                (_: XMLDocument) throws(AWSError) in ()
            }
        }
    }

    @Test(arguments: mappingCases)
    func problemAndHintAreOneLineWithoutFullKeyIDs(_ row: MappingCase) {
        for text in [row.expected.problem, row.expected.hint] {
            #expect(!text.isEmpty)
            #expect(!text.contains("\n"))
            #expect(!text.contains(keyID))
            #expect(!text.contains("wJalrXUtnFEMI"))
        }
    }

    @Test func hintsSayWhatToDo() {
        #expect(AWSError.wrongMFACode.hint.contains("next code"))
        #expect(AWSError.wrongMFACode.hint.contains("mfa_serial"))
        #expect(AWSError.assumeRoleDenied(roleARN: nil, message: "").hint.contains("trust policy"))
        #expect(
            AWSError.accessDenied(action: "iam:UpdateAccessKey", message: "").problem.contains("iam:UpdateAccessKey"))
        #expect(AWSError.invalidKey(accessKeyID: keyID).problem.contains("AKIA…MPLE"))
        #expect(AWSError.invalidKey(accessKeyID: keyID).hint.contains("aws iam list-access-keys"))
        #expect(AWSError.expiredToken.hint.contains("--refresh"))
        #expect(AWSError.clockSkew(seconds: 600).problem.contains("600"))
        #expect(AWSError.clockSkew(seconds: 600).hint.contains("timedatectl set-ntp true"))
        #expect(AWSError.wrongSecret(accessKeyID: keyID).hint.contains("vault add --force"))
        #expect(AWSError.durationTooLong(requested: 43_200).hint.contains("--max-session-duration"))
        #expect(AWSError.roleChainingLimit.hint.contains("3600"))
    }

    @Test func keyIDsAreMasked() {
        #expect(maskKeyID("AKIAIOSFODNN7EXAMPLE") == "AKIA…MPLE")
        #expect(maskKeyID("short") == "…")
        #expect(sanitize("x ASIAJEXAMPLEXEG2JICE y") == "x ASIA…JICE y")
        #expect(sanitize(String(repeating: "a", count: 500)).count == 201)
        #expect(sanitize("a\u{202E}b\u{7F}c") == "a b c")
        // A proxy echoing the request: the session token must not reach the message.
        #expect(
            sanitize("X-Amz-Security-Token: FQoGZXIvYXdzEBYaDDLIH0AXS8VzZTiwwr15KvOOVedJ end")
                == "X-Amz-Security-Token: [redacted] end")
        #expect(
            sanitize("arn:aws:iam::123456789012:role/PowerUserRole") == "arn:aws:iam::123456789012:role/PowerUserRole")
    }

    @Test func deniedActionIsExtracted() {
        #expect(
            ErrorMapper.deniedAction(in: "x is not authorized to perform: iam:ListAccessKeys on resource: y")
                == "iam:ListAccessKeys")
        #expect(ErrorMapper.deniedAction(in: "Access denied") == nil)
    }
}
