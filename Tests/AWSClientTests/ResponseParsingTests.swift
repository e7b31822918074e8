// Parsing STS and IAM answers, secrets and session tokens into locked memory.
import SigV4
import Testing

@testable import AWSClient

@Suite("Response parsing")
struct ResponseParsingTests {
    private func sts(_ xml: String) -> STSClient {
        STSClient(
            endpoint: Endpoint(scheme: "https", host: "sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
            configuration: ServiceConfiguration(
                transport: FakeTransport([.success(response(200, xml))]), clock: FixedClock(seconds: testNow),
                retry: RetryPolicy(sleeper: RecordingSleeper())))
    }

    private func iam(_ xml: String) -> IAMClient {
        IAMClient(
            endpoint: Endpoint(scheme: "https", host: "iam.amazonaws.com", signingRegion: "us-east-1"),
            configuration: ServiceConfiguration(
                transport: FakeTransport([.success(response(200, xml))]), clock: FixedClock(seconds: testNow),
                retry: RetryPolicy(sleeper: RecordingSleeper())))
    }

    @Test(arguments: ["2026-11-25T20:00:00Z", "2026-11-25T20:00:00.123Z", "2026-11-25T20:00:00.259536Z"])
    func assumeRoleCredentials(_ expiration: String) throws {
        let credentials = try sts(assumeRoleXML(expiration: expiration)).assumeRole(
            roleARN: "arn:aws:iam::123456789012:role/admin", sessionName: "vault-alice", credentials: testCredentials())
        #expect(credentials.accessKeyID == "ASIAJEXAMPLEXEG2JICEA")
        #expect(reveal(credentials.secretAccessKey) == "9drTJvcXLB89EXAMPLELB8923FB892xMFI")
        #expect(reveal(credentials.sessionToken).hasPrefix("AQoXdzELDDY//////////wEaoAK1"))
        #expect(credentials.expiration == testNow + 3600)
        #expect(credentials.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/admin/vault-alice")
        let signing = credentials.signingCredentials()
        let tokenKept: Bool
        switch signing.sessionToken {
        case .some(let token): tokenKept = reveal(token).hasPrefix("AQoX")
        case .none: tokenKept = false
        }
        #expect(tokenKept)
    }

    @Test func sessionTokenCredentials() throws {
        let xml = """
            <GetSessionTokenResponse><GetSessionTokenResult><Credentials>
            <SessionToken>tok</SessionToken><SecretAccessKey>sec&#x2F;ret</SecretAccessKey>
            <Expiration>2026-11-26T07:00:00Z</Expiration><AccessKeyId>ASIAEXAMPLE</AccessKeyId>
            </Credentials></GetSessionTokenResult></GetSessionTokenResponse>
            """
        let credentials = try sts(xml).getSessionToken(credentials: testCredentials())
        #expect(reveal(credentials.secretAccessKey) == "sec/ret")
        #expect(reveal(credentials.sessionToken) == "tok")
        #expect(credentials.expiration == testNow + 12 * 3600)
        #expect(credentials.assumedRoleARN == nil)
    }

    @Test func callerIdentity() throws {
        let identity = try sts(getCallerIdentityXML).getCallerIdentity(credentials: testCredentials())
        #expect(
            identity
                == CallerIdentity(
                    account: "123456789012", arn: "arn:aws:iam::123456789012:user/alice",
                    userID: "AIDACKCEVSQ6C2EXAMPLE"))
    }

    @Test(arguments: [
        "<AssumeRoleResponse/>",
        "<r><Credentials><AccessKeyId>A</AccessKeyId><SessionToken>t</SessionToken><Expiration>2026-11-25T20:00:00Z"
            + "</Expiration></Credentials></r>",
        "<r><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>"
            + "<Expiration>tomorrow</Expiration></Credentials></r>",
        "<r><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey></SecretAccessKey><SessionToken>t</SessionToken>"
            + "<Expiration>2026-11-25T20:00:00Z</Expiration></Credentials></r>",
        "not xml at all",
    ])
    func incompleteCredentialsAreMalformed(_ xml: String) {
        #expect {
            _ = try sts(xml).assumeRole(
                roleARN: "arn:aws:iam::1:role/r", sessionName: "s", credentials: testCredentials())
        } throws: { error in
            if case .malformedResponse(action: "AssumeRole", _) = error as? AWSError { return true }
            return false
        }
    }

    @Test func iamUserAndKeys() throws {
        let user = try iam(
            """
            <GetUserResponse><GetUserResult><User><Path>/</Path><UserName>alice</UserName>
            <Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAEXAMPLE</UserId>
            <CreateDate>2026-01-01T00:00:00Z</CreateDate></User></GetUserResult></GetUserResponse>
            """
        ).getUser(credentials: testCredentials())
        #expect(user == IAMUser(userName: "alice", arn: "arn:aws:iam::123456789012:user/alice", userID: "AIDAEXAMPLE"))

        let keys = try iam(
            """
            <ListAccessKeysResponse><ListAccessKeysResult><UserName>alice</UserName><AccessKeyMetadata>
            <member><UserName>alice</UserName><AccessKeyId>AKIAONE</AccessKeyId><Status>Active</Status>
            <CreateDate>2026-11-25T19:00:00Z</CreateDate></member>
            <member><UserName>alice</UserName><AccessKeyId>AKIATWO</AccessKeyId><Status>Inactive</Status>
            <CreateDate>2026-11-25T19:00:00.123456Z</CreateDate></member>
            </AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult></ListAccessKeysResponse>
            """
        ).listAccessKeys(credentials: testCredentials())
        #expect(
            keys == [
                AccessKeyMetadata(accessKeyID: "AKIAONE", status: .active, created: testNow),
                AccessKeyMetadata(accessKeyID: "AKIATWO", status: .inactive, created: testNow),
            ])
    }

    @Test func newAccessKeySecretStaysSecure() throws {
        let key = try iam(
            """
            <CreateAccessKeyResponse><CreateAccessKeyResult><AccessKey><UserName>alice</UserName>
            <AccessKeyId>AKIANEWKEYEXAMPLE123</AccessKeyId><Status>Active</Status>
            <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
            <CreateDate>2026-11-25T19:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult></CreateAccessKeyResponse>
            """
        ).createAccessKey(credentials: testCredentials())
        #expect(key.accessKeyID == "AKIANEWKEYEXAMPLE123")
        #expect(key.status == .active)
        #expect(reveal(key.secretAccessKey) == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
    }

    @Test func lastUsed() throws {
        let never = try iam(
            """
            <GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName>alice</UserName><AccessKeyLastUsed>
            <ServiceName>N/A</ServiceName><Region>N/A</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult>
            </GetAccessKeyLastUsedResponse>
            """
        ).getAccessKeyLastUsed(accessKeyID: "AKIAONE", credentials: testCredentials())
        #expect(never == AccessKeyLastUsed(date: nil, service: nil, region: nil))
        let used = try iam(
            """
            <GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><AccessKeyLastUsed>
            <LastUsedDate>2026-11-25T19:00:00Z</LastUsedDate><ServiceName>sts</ServiceName><Region>eu-west-1</Region>
            </AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>
            """
        ).getAccessKeyLastUsed(accessKeyID: "AKIAONE", credentials: testCredentials())
        #expect(used == AccessKeyLastUsed(date: testNow, service: "sts", region: "eu-west-1"))
    }
}
