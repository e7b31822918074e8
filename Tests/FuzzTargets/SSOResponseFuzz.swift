// Fuzz target: IAM Identity Center (SSO OIDC and portal) answers of any shape through the real clients.
import AWSClient
import VaultCrypto

/// `SSOOIDCClient` and `SSOPortalClient`, unchanged, over a transport that answers with the input:
/// `JSONAnswer` (the reader that puts secrets straight into locked memory), each call's field
/// checks, `JSONCaller`'s retries and `SSOErrorMapper` all run as in a real call. The first input
/// byte is a mode: bits 0–2 pick the call, bits 3–5 the HTTP status; with bit 6 the rest's first
/// line is the `x-amzn-ErrorType` header and the body follows; with bit 7 only the first request
/// gets the body, later ones (a retry, the next page) get `{}`, else every request gets it.
/// Invariants: a 2xx answer either gives what vault relies on (non-empty ids, secrets and codes;
/// an expiry after now that vault's arithmetic can add to) or fails as a malformed response; an
/// error status never succeeds and maps only to the errors an SSO call can give; every error's
/// problem and hint is one line ≤ 600 characters with no unmasked access key id; CreateToken is
/// sent once; paging ends.
enum SSOResponseFuzz {
    static let statuses = [200, 200, 400, 401, 403, 429, 500, 503]
    static let calls = [
        "RegisterClient", "StartDeviceAuthorization", "CreateToken", "CreateToken (refresh)", "ListAccounts",
        "ListAccountRoles", "GetRoleCredentials", "Logout",
    ]
    static let now: Int64 = 1_795_633_200  // 2026-11-25T19:00:00Z
    /// Requests one call may make: 2 attempts of each of up to 1,000 pages (a ceiling, not a goal).
    static let maximumRequests = 2_000

    static func run(_ input: [UInt8]) -> [String] {
        let mode = input.first ?? 0
        var body = Array(input.dropFirst())
        var headers: [String: String] = [:]
        if mode & 0x40 != 0 {
            let end = body.firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
            headers["x-amzn-ErrorType"] = String(decoding: body[..<end], as: UTF8.self)
            body = end < body.endIndex ? Array(body[(end + 1)...]) : []
        }
        let call = Int(mode & 7)
        let status = statuses[Int(mode >> 3) & 7]
        let transport = Answers(HTTPResponse(status: status, headers: headers, body: body), onlyFirst: mode & 0x80 != 0)
        let configuration = ServiceConfiguration(
            transport: transport, retry: RetryPolicy(maxAttempts: 2, sleeper: NoSleep()), timeoutSeconds: 1)
        var out: [String] = []
        do {
            out += try perform(call, configuration)
            if !(200..<300).contains(status) { out.append("HTTP \(status) was taken for a success by \(calls[call])") }
        } catch {
            out += violations(error, call: call, status: status)
        }
        if call == 2 || call == 3, transport.requests != 1 {
            out.append("CreateToken was sent \(transport.requests) times")  // a device code works once
        }
        if transport.requests > maximumRequests { out.append("\(calls[call]) made \(transport.requests) requests") }
        return out
    }

    /// Makes call `call`; the broken invariants of what it returned.
    private static func perform(_ call: Int, _ configuration: ServiceConfiguration) throws(AWSError) -> [String] {
        let oidc = try SSOOIDCClient(region: "eu-west-1", environment: [:], configuration: configuration)
        let portal = try SSOPortalClient(region: "eu-west-1", environment: [:], configuration: configuration)
        let token = secret("aoaAAAAAGlkZnV6ei1hY2Nlc3MtdG9rZW4")
        let client = SSOClientRegistration(clientID: "fuzz-client", clientSecret: secret("c-secret"), expiresAt: now)
        var out: [String] = []
        switch call {
        case 0:
            let registration = try oidc.registerClient(name: "vault-fuzz", scopes: ["sso:account:access"])
            if registration.clientID.isEmpty || registration.clientSecret.count == 0 {
                out.append("a registration without clientId or clientSecret was accepted")
            }
        case 1:
            let device = try oidc.startDeviceAuthorization(client: client, startURL: "https://fuzz.awsapps.com/start")
            if device.deviceCode.count == 0 || device.userCode.isEmpty || device.verificationURI.isEmpty {
                out.append("a device authorization without deviceCode, userCode or verificationUri was accepted")
            }
            // SSOLoginFlow waits `interval` seconds between polls until now + expiresIn (+ interval).
            if device.expiresIn <= 0 || device.interval < 1 {
                out.append("expiresIn \(device.expiresIn), interval \(device.interval)")
            }
            let (deadline, o1) = now.addingReportingOverflow(device.expiresIn)
            if o1 || deadline.addingReportingOverflow(device.interval).overflow {
                out.append(
                    "expiresIn \(device.expiresIn) and interval \(device.interval) overflow the login's deadline")
            }
        case 2, 3:
            let code = secret("device-code-or-refresh-token")
            let t =
                call == 2
                ? try oidc.createToken(client: client, deviceCode: code, now: now)
                : try oidc.refresh(client: client, refreshToken: code, now: now)
            if t.accessToken.count == 0 { out.append("a token answer without accessToken was accepted") }
            if t.expiresAt <= now { out.append("a token that expired at \(t.expiresAt), before now, was accepted") }
        case 4:
            let accounts = try portal.listAccounts(accessToken: token)
            if accounts.contains(where: { $0.accountID.isEmpty }) { out.append("an account without id was listed") }
        case 5:
            let roles = try portal.listAccountRoles(accountID: "123456789012", accessToken: token)
            if roles.contains(where: \.isEmpty) { out.append("an empty role name was listed") }
        case 6:
            let c = try portal.getRoleCredentials(accountID: "123456789012", roleName: "fuzz", accessToken: token)
            if c.accessKeyID.isEmpty || c.secretAccessKey.count == 0 || c.sessionToken.count == 0 {
                out.append("incomplete role credentials were accepted")
            }
            if c.expiration <= 0 { out.append("role credentials expiring at \(c.expiration) were accepted") }
        default:
            try portal.logout(accessToken: token)
        }
        return out
    }

    private static func violations(_ error: AWSError, call: Int, status: Int) -> [String] {
        var out =
            terminalViolations(error.problem, "an SSO error's problem", limit: 600)
            + terminalViolations(error.hint, "an SSO error's hint", limit: 600)
        let shown = error.problem + "\n" + error.hint
        if ResponseFuzz.containsKeyID(shown) {
            out.append("an access key id is shown unmasked: \(shown.debugDescription)")
        }
        let success = (200..<300).contains(status)
        switch error {
        case .malformedResponse, .localFailure:
            if !success { out.append("HTTP \(status) was read as a success body: \(error)") }
        case .ssoRoleDenied where call != 6:
            out.append("\(calls[call]) failed with \(error), which only GetRoleCredentials may")
        case .ssoAuthorizationPending, .ssoSlowDown, .ssoDeviceCodeExpired, .ssoAuthorizationDenied, .ssoTokenInvalid,
            .ssoClientInvalid, .ssoRoleDenied, .throttled, .serviceUnavailable, .other:
            if success { out.append("HTTP \(status) was mapped to an error: \(error)") }
        default:
            out.append("\(calls[call]) failed with \(error), which no SSO answer maps to")
        }
        return out
    }

    private static func secret(_ text: String) -> SecureBytes {
        var bytes = Array(text.utf8)
        return try! SecureBytes(takingAndWiping: &bytes)
    }
}

/// Answers every request with one response, or (a 2xx) only the first and then `{}`, counting them.
private final class Answers: HTTPTransport, @unchecked Sendable {  // one run at a time
    let response: HTTPResponse
    let onlyFirst: Bool
    private(set) var requests = 0

    init(_ response: HTTPResponse, onlyFirst: Bool) {
        self.response = response
        self.onlyFirst = onlyFirst
    }

    func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        requests += 1
        guard onlyFirst, requests > 1, (200..<300).contains(response.status) else { return response }
        return HTTPResponse(status: 200, body: Array("{}".utf8))
    }
}

private struct NoSleep: Sleeper {
    func sleep(seconds: Double) {}
}
