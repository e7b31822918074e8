// Console sign-in: the Session JSON, the token request and the login URL.
import AWSClient
import Testing
import VaultCrypto

@testable import VaultKit

@Suite("Switch Role links")
struct SwitchRoleTests {
    @Test func roleWithoutPath() throws {
        let role = try RoleARN(parsing: "arn:aws:iam::123456789012:role/PowerUserRole", profile: "mfa")
        #expect(role.partition == "aws" && role.account == "123456789012" && role.pathAndName == "PowerUserRole")
        #expect(
            try SwitchRole.url(role: role, displayName: "mfa", color: nil)
                == "https://signin.aws.amazon.com/switchrole?roleName=PowerUserRole&account=123456789012&displayName=mfa"
        )
    }

    @Test func roleWithPathKeepsThePathAsAWSSays() throws {
        // AWS: "provide the complete path and role name", e.g. division_abc/subdivision_efg/role_XYZ.
        let role = try RoleARN(
            parsing: "arn:aws:iam::123456789012:role/division_abc/subdivision_efg/role_XYZ", profile: "p")
        #expect(role.pathAndName == "division_abc/subdivision_efg/role_XYZ")
        #expect(
            try SwitchRole.url(role: role, displayName: "p", color: "F2B0A9")
                == "https://signin.aws.amazon.com/switchrole?roleName=division_abc%2Fsubdivision_efg%2Frole_XYZ&account=123456789012&displayName=p&color=F2B0A9"
        )
    }

    @Test func displayNameIsPercentEncoded() throws {
        let role = try RoleARN(parsing: "arn:aws:iam::123456789012:role/R", profile: "p")
        #expect(
            try SwitchRole.url(role: role, displayName: "Prod & Co = ☃ é+x~_.-", color: nil)
                == "https://signin.aws.amazon.com/switchrole?roleName=R&account=123456789012&displayName=Prod%20%26%20Co%20%3D%20%E2%98%83%20%C3%A9%2Bx~_.-"
        )
    }

    @Test func partitionsHaveTheirOwnSignInSite() throws {
        let china = try RoleARN(parsing: "arn:aws-cn:iam::123456789012:role/R", profile: "p")
        #expect(
            try SwitchRole.url(role: china, displayName: "p", color: nil).hasPrefix(
                "https://signin.amazonaws.cn/switchrole?"))
        let gov = try RoleARN(parsing: "arn:aws-us-gov:iam::123456789012:role/R", profile: "p")
        #expect(
            try SwitchRole.url(role: gov, displayName: "p", color: nil).hasPrefix(
                "https://signin.amazonaws-us-gov.com/switchrole?"))
        let iso = try RoleARN(parsing: "arn:aws-iso:iam::123456789012:role/R", profile: "p")
        #expect(throws: VaultError.self) { try SwitchRole.url(role: iso, displayName: "p", color: nil) }
    }

    @Test(arguments: [
        "arn:aws:iam::123456789012:user/me", "arn:aws:sts::123456789012:role/R", "arn:aws:iam::12345:role/R",
        "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/a//b", "PowerUserRole",
        "arn:aws:iam:us-east-1:123456789012:role/R",
    ])
    func notARoleARN(_ arn: String) {
        #expect(throws: VaultError.self) { try RoleARN(parsing: arn, profile: "p") }
    }

    @Test func colours() {
        #expect(SwitchRole.normalizedColor("F2B0A9") == "F2B0A9")
        #expect(SwitchRole.normalizedColor("#b7ca9d") == "b7ca9d")
        for bad in ["", "F2B0A", "F2B0A9F", "G2B0A9", "red", "#", "F2 0A9", "٣٣٣٣٣٣"] {
            #expect(SwitchRole.normalizedColor(bad) == nil, "\(bad)")
        }
    }
}

@Suite("Federation sign-in")
struct FederationTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    func secureSecret() throws -> SecureBytes { try secure(Self.secret) }

    func secure(_ text: String) throws -> SecureBytes {
        var bytes = Array(text.utf8)
        return try SecureBytes(takingAndWiping: &bytes)
    }

    func text(_ bytes: borrowing SecureBytes) -> String {
        bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test func sessionJSONHasTheThreeFields() throws {
        let json = try ConsoleSignIn.sessionJSON(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: secureSecret(), sessionToken: secure("FQo/tok+en="))
        #expect(
            text(json)
                == #"{"sessionId":"ASIAEXAMPLE","sessionKey":"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY","sessionToken":"FQo/tok+en="}"#
        )
    }

    @Test func tokenRequestQueryEncodesTheSession() throws {
        let json = try ConsoleSignIn.sessionJSON(
            accessKeyID: "ASIAEXAMPLE", secretAccessKey: secureSecret(), sessionToken: secure("FQo/tok+en="))
        let query = try ConsoleSignIn.tokenRequestQuery(sessionDuration: 3600, sessionJSON: json)
        #expect(
            text(query)
                == "Action=getSigninToken&SessionDuration=3600&Session="
                + "%7B%22sessionId%22%3A%22ASIAEXAMPLE%22%2C%22sessionKey%22%3A%22wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY%22%2C"
                + "%22sessionToken%22%3A%22FQo%2Ftok%2Ben%3D%22%7D")
    }

    @Test func loginURLHasExactlyTheDocumentedParameters() {
        let endpoint = Endpoint(
            scheme: "https", host: "signin.aws.amazon.com", path: "/federation", signingRegion: "us-east-1")
        #expect(
            ConsoleSignIn.loginURL(
                endpoint: endpoint, destination: "https://console.aws.amazon.com/", signinToken: "ab-c_D+e/f=")
                == "https://signin.aws.amazon.com/federation?Action=login&Issuer=vault&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=ab-c_D%2Be%2Ff%3D"
        )
    }

    @Test func endpointDefaultsToThePartitionsSignIn() throws {
        let site = try SignInSite.of(partition: "aws")
        let e = try ConsoleSignIn.endpoint(environment: [:], site: site)
        #expect(e.scheme == "https" && e.host == "signin.aws.amazon.com" && e.path == "/federation" && e.port == nil)
        let cn = try ConsoleSignIn.endpoint(
            environment: ["VAULT_FEDERATION_ENDPOINT": ""], site: SignInSite.of(partition: "aws-cn"))
        #expect(cn.host == "signin.amazonaws.cn")
    }

    @Test func endpointOverrideIsHTTPSOrLoopback() throws {
        let site = try SignInSite.of(partition: "aws")
        let local = try ConsoleSignIn.endpoint(
            environment: ["VAULT_FEDERATION_ENDPOINT": "http://127.0.0.1:8123/federation"], site: site)
        #expect(
            local.scheme == "http" && local.host == "127.0.0.1" && local.port == 8123 && local.path == "/federation")
        #expect(
            try ConsoleSignIn.endpoint(
                environment: ["VAULT_FEDERATION_ENDPOINT": "https://sso.example.com"], site: site
            ).host == "sso.example.com")
        #expect(throws: VaultError.self) {
            try ConsoleSignIn.endpoint(
                environment: ["VAULT_FEDERATION_ENDPOINT": "http://example.com/federation"], site: site)
        }
        #expect(throws: VaultError.self) {
            try ConsoleSignIn.endpoint(environment: ["VAULT_FEDERATION_ENDPOINT": "ftp://127.0.0.1/"], site: site)
        }
    }

    @Test func tokenIsReadFromTheResponse() throws {
        #expect(
            try ConsoleSignIn.signinToken(
                status: 200, body: Array(#"{"SigninToken":"VCQgs5qZZt3Q6fn8"}"#.utf8), host: "h") == "VCQgs5qZZt3Q6fn8")
        let spaced = Array(
            " {\n \"Other\": [1, {\"a\": \"}\"}], \"n\": -1.5e3, \"SigninToken\" : \"a\\/b\\u00e9\" , \"t\": true }\n"
                .utf8)
        #expect(try ConsoleSignIn.signinToken(status: 200, body: spaced, host: "h") == "a/bé")
    }

    @Test(arguments: [
        (200, "{}"), (200, "not json"), (200, #"{"SigninToken":""}"#), (200, #"{"SigninToken":"x"} trailing"#),
        (200, #"{"SigninToken":42}"#), (200, #"{"SigninToken":"x""#), (400, #"{"SigninToken":"x"}"#), (500, ""),
    ])
    func badResponsesAreClearErrors(_ status: Int, _ body: String) {
        #expect(throws: VaultError.self) {
            try ConsoleSignIn.signinToken(status: status, body: Array(body.utf8), host: "h")
        }
    }

    @Test func errorsNeverCarryTheRequest() {
        let leaked = ConsoleSignIn.transportFailure(
            .other(detail: "invalid URL https://h/?Action=getSigninToken&Session=secret"), host: "h")
        #expect(!leaked.problem.contains("secret") && !leaked.hint.contains("secret"))
        #expect(
            ConsoleSignIn.transportFailure(.cannotConnect(detail: "refused"), host: "127.0.0.1:9").problem.contains(
                "127.0.0.1:9"))
    }

    @Test func percentEncodingKeepsOnlyUnreserved() {
        #expect(
            PercentEncoding.encode("aZ09-._~ /?#[]@!$&'()*+,;=%")
                == "aZ09-._~%20%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25")
    }
}
