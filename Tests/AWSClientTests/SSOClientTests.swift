import Foundation
import TestSupport
import Testing
import VaultCrypto

@testable import AWSClient

/// The SSO OIDC and portal clients through the recording transport: what they send (unsigned
/// JSON, the bearer header), what they read (secrets into locked memory), and the error mapping.
@Suite struct SSOClientTests {
    static func json(_ status: Int, _ text: String, type: String? = nil) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: type.map { ["x-amzn-ErrorType": $0] } ?? [:], body: Array(text.utf8))
    }

    static func configuration(_ transport: RecordingTransport) -> ServiceConfiguration {
        ServiceConfiguration(transport: transport, retry: RetryPolicy(maxAttempts: 2, sleeper: NoSleep()))
    }

    struct NoSleep: Sleeper { func sleep(seconds: Double) {} }

    static func secret(_ text: String) throws -> SecureBytes {
        let bytes = Array(text.utf8)
        var out = try SecureBytes(count: bytes.count)
        out.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
        return out
    }

    static func text(_ secret: borrowing SecureBytes) -> String {
        secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test func deviceFlowRequestsAreUnsignedJSON() throws {
        let transport = RecordingTransport()
        transport.enqueue(
            "POST /client/register",
            Self.json(
                200, #"{"clientId":"cid","clientSecret":"c\/sec","clientIdIssuedAt":1,"clientSecretExpiresAt":99}"#))
        transport.enqueue(
            "POST /device_authorization",
            Self.json(
                200,
                #"{"deviceCode":"dev","userCode":"AB-CD","verificationUri":"https://v","verificationUriComplete":"https://v?c","expiresIn":600,"interval":2}"#
            ))
        transport.enqueue(
            "POST /token", Self.json(400, #"{"error":"authorization_pending"}"#, type: "AuthorizationPendingException"))
        transport.enqueue("POST /token", Self.json(400, #"{"error":"slow_down"}"#, type: "SlowDownException"))
        transport.enqueue(
            "POST /token",
            Self.json(200, #"{"accessToken":"at","tokenType":"Bearer","expiresIn":3600,"refreshToken":"rt"}"#))
        let oidc = try SSOOIDCClient(
            region: "eu-west-1", environment: ["AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:9"],
            configuration: Self.configuration(transport))
        let client = try oidc.registerClient(name: "vault", scopes: ["sso:account:access"])
        #expect(client.clientID == "cid" && Self.text(client.clientSecret) == "c/sec" && client.expiresAt == 99)
        let device = try oidc.startDeviceAuthorization(client: client, startURL: "https://s/start")
        #expect(device.userCode == "AB-CD" && device.interval == 2 && Self.text(device.deviceCode) == "dev")
        #expect(throws: AWSError.ssoAuthorizationPending) {
            _ = try oidc.createToken(client: client, deviceCode: device.deviceCode, now: 0)
        }
        #expect(throws: AWSError.ssoSlowDown) {
            _ = try oidc.createToken(client: client, deviceCode: device.deviceCode, now: 0)
        }
        let token = try oidc.createToken(client: client, deviceCode: device.deviceCode, now: 100)
        #expect(
            Self.text(token.accessToken) == "at" && Self.text(token.refreshToken) == "rt" && token.expiresAt == 3700)
        let requests = transport.requests
        #expect(requests.allSatisfy { $0.header("Authorization") == nil && $0.url.hasPrefix("http://127.0.0.1:9/") })
        let last = try #require(JSONSerialization.jsonObject(with: Data(requests[4].body)) as? [String: String])
        #expect(
            last == [
                "clientId": "cid", "clientSecret": "c/sec", "grantType": "urn:ietf:params:oauth:grant-type:device_code",
                "deviceCode": "dev",
            ])
    }

    @Test(arguments: [
        ("ExpiredTokenException", "expired_token", AWSError.ssoDeviceCodeExpired),
        ("AccessDeniedException", "access_denied", AWSError.ssoAuthorizationDenied),
        ("InvalidGrantException", "invalid_grant", AWSError.ssoTokenInvalid),
        ("InvalidClientException", "invalid_client", AWSError.ssoClientInvalid),
    ])
    func tokenErrorsAreMapped(type: String, code: String, expected: AWSError) throws {
        let transport = RecordingTransport()
        transport.enqueue("POST /token", Self.json(400, #"{"error":"\#(code)","error_description":"x"}"#, type: type))
        let oidc = try SSOOIDCClient(
            region: "eu-west-1", environment: [:], configuration: Self.configuration(transport))
        let client = SSOClientRegistration(clientID: "c", clientSecret: try SecureBytes(count: 1), expiresAt: 9)
        #expect(throws: expected) {
            _ = try oidc.refresh(client: client, refreshToken: try SecureBytes(count: 1), now: 0)
        }
        #expect(transport.requests.count == 1)  // a refresh token is never sent twice
        #expect(transport.requests[0].url == "https://oidc.eu-west-1.amazonaws.com/token")
    }

    /// `__type` as the JSON protocols may send it, with a namespace and a detail: the bare name
    /// decides, as in botocore (before, `com.amazonaws…#SlowDownException` was an unknown error).
    @Test(arguments: [
        "com.amazonaws.sso.oidc#SlowDownException", "SlowDownException:http://internal.amazon.com/",
        "aws.sso#SlowDownException:detail", "slow_down",
    ])
    func namespacedErrorTypesAreMapped(type: String) throws {
        #expect(SSOErrorMapper.bareName("a.b#C:d") == "C")
        var response = HTTPResponse(status: 400, body: Array(#"{"__type":"\#(type)","message":"m"}"#.utf8))
        #expect(SSOErrorMapper.map(action: "CreateToken", response: &response, attempts: 1) == .ssoSlowDown)
    }

    @Test func roleCredentialsUseTheBearerHeaderAndMillisecondExpiry() throws {
        let transport = RecordingTransport()
        transport.enqueue(
            "GET /federation/credentials",
            Self.json(
                200,
                #"{"roleCredentials":{"accessKeyId":"ASIAX","secretAccessKey":"s+ec/ret","sessionToken":"tok","expiration":1700000000123}}"#
            ))
        transport.enqueue(
            "GET /federation/credentials", Self.json(403, #"{"message":"No access"}"#, type: "ForbiddenException"))
        transport.enqueue(
            "GET /federation/credentials",
            Self.json(401, #"{"message":"Session token not found or invalid"}"#, type: "UnauthorizedException"))
        let portal = try SSOPortalClient(
            region: "eu-west-1", environment: [:], configuration: Self.configuration(transport))
        let token = try Self.secret("at-1")
        let credentials = try portal.getRoleCredentials(accountID: "123", roleName: "R", accessToken: token)
        #expect(credentials.accessKeyID == "ASIAX" && credentials.expiration == 1_700_000_000)
        #expect(Self.text(credentials.secretAccessKey) == "s+ec/ret" && Self.text(credentials.sessionToken) == "tok")
        let request = transport.requests[0]
        #expect(
            request.url
                == "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?role_name=R&account_id=123")
        #expect(request.header("x-amz-sso_bearer_token") == "at-1" && request.method == "GET" && request.body.isEmpty)
        #expect(throws: AWSError.ssoRoleDenied(message: "No access")) {
            _ = try portal.getRoleCredentials(accountID: "123", roleName: "R", accessToken: token)
        }
        #expect(throws: AWSError.ssoTokenInvalid) {
            _ = try portal.getRoleCredentials(accountID: "123", roleName: "R", accessToken: token)
        }
    }

    @Test func listsFollowPages() throws {
        let transport = RecordingTransport()
        transport.enqueue(
            "GET /assignment/accounts",
            Self.json(200, #"{"nextToken":"n","accountList":[{"accountId":"1","accountName":"a"}]}"#))
        transport.enqueue("GET /assignment/accounts", Self.json(200, #"{"accountList":[{"accountId":"2"}]}"#))
        transport.enqueue(
            "GET /assignment/roles",
            Self.json(200, #"{"roleList":[{"roleName":"R","accountId":"1"},{"roleName":"S","accountId":"1"}]}"#))
        let portal = try SSOPortalClient(
            region: "eu-west-1", environment: [:], configuration: Self.configuration(transport))
        let token = try Self.secret("t")
        #expect(try portal.listAccounts(accessToken: token).map(\.accountID) == ["1", "2"])
        #expect(transport.requests[1].url.contains("next_token=n"))
        #expect(try portal.listAccountRoles(accountID: "1", accessToken: token) == ["R", "S"])
    }
}
