import TestSupport
import Testing
import VaultCrypto

@testable import AWSClient

/// What the SSO clients refuse in a 2xx answer (found by the `sso-response` fuzz target): empty
/// ids, codes and secrets, lifetimes that are not seconds ahead or would overflow a time, and
/// listings that would page forever.
@Suite struct SSOAnswerCheckTests {
    static func oidc(_ path: String, _ bodies: [String]) throws -> (SSOOIDCClient, RecordingTransport) {
        let transport = RecordingTransport()
        for body in bodies { transport.enqueue(path, HTTPResponse(status: 200, body: Array(body.utf8))) }
        let configuration = ServiceConfiguration(
            transport: transport, retry: RetryPolicy(maxAttempts: 1, sleeper: SSOClientTests.NoSleep()))
        return (try SSOOIDCClient(region: "eu-west-1", environment: [:], configuration: configuration), transport)
    }

    static func client() throws -> SSOClientRegistration {
        SSOClientRegistration(clientID: "c", clientSecret: try SSOClientTests.secret("s"), expiresAt: 9)
    }

    @Test(arguments: [
        #"{"accessToken":"at","expiresIn":9223372036854775807}"#,  // now + expiresIn overflowed: a crash
        #"{"accessToken":"at","expiresIn":0}"#, #"{"accessToken":"at","expiresIn":-3600}"#,
        #"{"accessToken":"","expiresIn":3600}"#,
    ])
    func tokenAnswersWithoutAUsableTokenAreMalformed(body: String) throws {
        let (oidc, _) = try Self.oidc("POST /token", [body])
        #expect(throws: AWSError.malformedResponse(action: "CreateToken", reason: "no accessToken or expiresIn")) {
            _ = try oidc.refresh(client: try Self.client(), refreshToken: try SSOClientTests.secret("r"), now: 1_000)
        }
    }

    @Test func deviceAuthorizationLifetimesStayAddable() throws {
        let (oidc, _) = try Self.oidc(
            "POST /device_authorization",
            [
                #"{"deviceCode":"d","userCode":"U","verificationUri":"https://v","expiresIn":600,"interval":86400}"#,
                #"{"deviceCode":"d","userCode":"U","verificationUri":"https://v","expiresIn":9223372036854775000}"#,
                #"{"deviceCode":"","userCode":"U","verificationUri":"https://v","expiresIn":600}"#,
            ])
        let device = try oidc.startDeviceAuthorization(client: try Self.client(), startURL: "https://s")
        #expect(device.expiresIn == 600 && device.interval == 600)  // never polls less often than the code lasts
        for _ in 0..<2 {
            #expect(throws: AWSError.self) {
                _ = try oidc.startDeviceAuthorization(client: try Self.client(), startURL: "https://s")
            }
        }
    }

    @Test func registrationsAndRoleCredentialsNeedEveryField() throws {
        let (oidc, _) = try Self.oidc(
            "POST /client/register", [#"{"clientId":"","clientSecret":"s","clientSecretExpiresAt":9}"#])
        #expect(throws: AWSError.self) { _ = try oidc.registerClient(name: "v", scopes: []) }
        let transport = RecordingTransport()
        for body in [
            #"{"roleCredentials":{"accessKeyId":"","secretAccessKey":"s","sessionToken":"t","expiration":1}}"#,
            #"{"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"","expiration":1}}"#,
            #"{"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":-5}}"#,
        ] {
            transport.enqueue("GET /federation/credentials", HTTPResponse(status: 200, body: Array(body.utf8)))
        }
        let portal = try SSOPortalClient(
            region: "eu-west-1", environment: [:], configuration: SSOClientTests.configuration(transport))
        for _ in 0..<3 {
            #expect(throws: AWSError.malformedResponse(action: "GetRoleCredentials", reason: "no roleCredentials")) {
                _ = try portal.getRoleCredentials(
                    accountID: "1", roleName: "R", accessToken: try SSOClientTests.secret("t"))
            }
        }
    }

    @Test func listingsEndAndSkipNamelessEntries() throws {
        let transport = RecordingTransport()
        transport.always(
            "GET /assignment/accounts", HTTPResponse(status: 200, body: Array(#"{"nextToken":"same"}"#.utf8)))
        var page = 0
        let roles = #"{"roleList":[{"roleName":""},{"roleName":"R"}],"nextToken":"p"#
        for _ in 0..<SSOPortalClient.maximumPages + 5 {
            page += 1
            transport.enqueue(
                "GET /assignment/roles", HTTPResponse(status: 200, body: Array((roles + "\(page)\"}").utf8)))
        }
        let portal = try SSOPortalClient(
            region: "eu-west-1", environment: [:], configuration: SSOClientTests.configuration(transport))
        let token = try SSOClientTests.secret("t")
        #expect(throws: AWSError.malformedResponse(action: "ListAccounts", reason: "the next page is the same page")) {
            _ = try portal.listAccounts(accessToken: token)
        }
        #expect(transport.requests.count == 2)  // the first page, then the one that named itself again
        #expect(throws: AWSError.malformedResponse(action: "ListAccountRoles", reason: "more than 200 pages")) {
            _ = try portal.listAccountRoles(accountID: "1", accessToken: token)
        }
        #expect(transport.requests.count == 2 + SSOPortalClient.maximumPages)

        let named = RecordingTransport()
        named.enqueue(
            "GET /assignment/roles",
            HTTPResponse(status: 200, body: Array(#"{"roleList":[{"roleName":""},{"roleName":"R"}]}"#.utf8)))
        named.enqueue(
            "GET /assignment/accounts",
            HTTPResponse(status: 200, body: Array(#"{"accountList":[{"accountId":""},{"accountId":"1"}]}"#.utf8)))
        let portal2 = try SSOPortalClient(
            region: "eu-west-1", environment: [:], configuration: SSOClientTests.configuration(named))
        #expect(try portal2.listAccountRoles(accountID: "1", accessToken: token) == ["R"])
        #expect(try portal2.listAccounts(accessToken: token).map(\.accountID) == ["1"])
    }
}
