import SigV4
import Testing

@testable import AWSClient

@Suite("Request encoding")
struct RequestEncodingTests {
    private func configuration(_ transport: FakeTransport) -> ServiceConfiguration {
        ServiceConfiguration(
            transport: transport, clock: FixedClock(seconds: testNow), retry: RetryPolicy(sleeper: RecordingSleeper()))
    }

    private func body(_ request: HTTPRequest) -> String { String(decoding: request.request.body, as: UTF8.self) }

    private func header(_ request: HTTPRequest, _ name: String) -> String? {
        request.request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func assumeRoleBodyIsExact() throws {
        let transport = FakeTransport([.success(response(200, assumeRoleXML()))])
        let sts = try STSClient(
            region: "eu-west-1", environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"],
            configuration: configuration(transport))
        _ = try sts.assumeRole(
            roleARN: "arn:aws:iam::123456789012:role/admin", sessionName: "vault-alice@host", durationSeconds: 3600,
            serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "012345", externalID: "ext id",
            credentials: testCredentials())
        let request = try #require(transport.requests.first)
        #expect(
            body(request)
                == "Action=AssumeRole&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin&RoleSessionName=vault-alice%40host"
                + "&DurationSeconds=3600&ExternalId=ext+id&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice"
                + "&TokenCode=012345")
        #expect(request.url == "http://127.0.0.1:5000/")
        #expect(request.request.method == "POST")
        #expect(header(request, "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(header(request, "Host") == "127.0.0.1:5000")
        #expect(header(request, "X-Amz-Date") == "20261125T190000Z")
        let authorization = try #require(header(request, "Authorization"))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/eu-west-1/sts/aws4_request"))
        #expect(header(request, "X-Amz-Security-Token") == nil)
    }

    @Test func optionalParametersAreLeftOut() throws {
        let transport = FakeTransport([
            .success(response(200, assumeRoleXML())),
            .success(response(200, assumeRoleXML().replacingOccurrences(of: "AssumeRole", with: "GetSessionToken"))),
            .success(response(200, getCallerIdentityXML)),
        ])
        let sts = STSClient(
            endpoint: Endpoint(scheme: "https", host: "sts.us-east-1.amazonaws.com", signingRegion: "us-east-1"),
            configuration: configuration(transport))
        _ = try sts.assumeRole(roleARN: "arn:aws:iam::1:role/r", sessionName: "s", credentials: testCredentials())
        _ = try sts.getSessionToken(
            durationSeconds: 900, serialNumber: "arn:aws:iam::1:mfa/a", tokenCode: "999999",
            credentials: testCredentials())
        _ = try sts.getCallerIdentity(credentials: testCredentials(token: "FwoGZXIvYXdzEXAMPLE"))
        #expect(
            transport.requests.map(body) == [
                "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s",
                "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900&SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fa"
                    + "&TokenCode=999999",
                "Action=GetCallerIdentity&Version=2011-06-15",
            ])
        #expect(header(transport.requests[2], "X-Amz-Security-Token") == "FwoGZXIvYXdzEXAMPLE")
        #expect(transport.requests[2].url == "https://sts.us-east-1.amazonaws.com/")
    }

    @Test func iamRequestsAreSignedForIAM() throws {
        let transport = FakeTransport([
            .success(response(200, "<UpdateAccessKeyResponse><ResponseMetadata/></UpdateAccessKeyResponse>")),
            .success(response(200, "<DeleteAccessKeyResponse/>")),
        ])
        let iam = try IAMClient(
            environment: ["AWS_ENDPOINT_URL_IAM": "https://iam.example.com/base/"],
            configuration: configuration(transport))
        try iam.updateAccessKey(
            accessKeyID: "AKIAI44QH8DHBEXAMPLE", status: .inactive, userName: "alice", credentials: testCredentials())
        try iam.deleteAccessKey(accessKeyID: "AKIAI44QH8DHBEXAMPLE", credentials: testCredentials())
        #expect(
            transport.requests.map(body) == [
                "Action=UpdateAccessKey&Version=2010-05-08&AccessKeyId=AKIAI44QH8DHBEXAMPLE&Status=Inactive&UserName=alice",
                "Action=DeleteAccessKey&Version=2010-05-08&AccessKeyId=AKIAI44QH8DHBEXAMPLE",
            ])
        #expect(transport.requests[0].url == "https://iam.example.com/base")
        let authorization = try #require(header(transport.requests[0], "Authorization"))
        #expect(authorization.contains("/20261125/us-east-1/iam/aws4_request"))
    }

    /// A 200 answer that is not the action's response (a proxy's or captive portal's page) is
    /// refused, never read as an empty list: `rotate` would otherwise go on to CreateAccessKey.
    @Test func anAnswerForAnotherActionIsMalformed() throws {
        let bodies = [
            "<html><body><AccessKeyMetadata/></body></html>",
            "<UpdateAccessKeyResponse><ResponseMetadata/></UpdateAccessKeyResponse>",
        ]
        for body in bodies {
            let iam = try IAMClient(
                environment: ["AWS_ENDPOINT_URL_IAM": "https://iam.example.com/"],
                configuration: configuration(FakeTransport([.success(response(200, body))])))
            #expect(
                throws: AWSError.malformedResponse(
                    action: "ListAccessKeys", reason: "the answer is not a ListAccessKeys response")
            ) {
                _ = try iam.listAccessKeys(credentials: testCredentials())
            }
        }
    }

    @Test func formEncodingKeepsOnlyUnreservedCharacters() {
        #expect(QueryCaller.formEncode("aZ09-_.~ /+=&:@é") == "aZ09-_.~+%2F%2B%3D%26%3A%40%C3%A9")
    }
}
