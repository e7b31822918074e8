// The SSO portal: GetRoleCredentials, ListAccounts, ListAccountRoles and Logout, with the access
// token in the `x-amz-sso_bearer_token` header.
import VaultCrypto

/// The IAM Identity Center portal of one region.
public struct SSOPortalClient: Sendable {
    let caller: JSONCaller

    /// A client for `region`, honouring `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL`.
    public init(
        region: String, environment: [String: String], configuration: ServiceConfiguration = ServiceConfiguration()
    ) throws(AWSError) {
        let endpoint = try Endpoint.regional(
            "AWS_ENDPOINT_URL_SSO", host: "portal.sso.\(region).amazonaws.com", region: region, environment: environment
        )
        caller = JSONCaller(endpoint: endpoint, configuration: configuration)
    }

    /// The role's temporary credentials.
    public func getRoleCredentials(accountID: String, roleName: String, accessToken: borrowing SecureBytes)
        throws(AWSError) -> TemporaryCredentials
    {
        var body: [UInt8] = []
        let action = "GetRoleCredentials"
        return try caller.call(
            action, method: "GET", path: "/federation/credentials",
            query: [("role_name", roleName), ("account_id", accountID)], body: &body, bearer: Self.header(accessToken),
            replayable: true
        ) { (answer) throws(AWSError) -> TemporaryCredentials in
            guard let id = answer.text("roleCredentials.accessKeyId"), !id.isEmpty,
                let secret = try SSOOIDCClient.secret(answer, "roleCredentials.secretAccessKey", action),
                secret.count > 0, let token = try SSOOIDCClient.secret(answer, "roleCredentials.sessionToken", action),
                token.count > 0, let expiration = answer.integer("roleCredentials.expiration"), expiration > 0
            else { throw .malformedResponse(action: action, reason: "no roleCredentials") }
            return TemporaryCredentials(
                accessKeyID: id, secretAccessKey: secret, sessionToken: token, expiration: expiration / 1000,
                assumedRoleARN: nil)
        }
    }

    /// Every account the login may use (all pages).
    public func listAccounts(accessToken: borrowing SecureBytes) throws(AWSError) -> [SSOAccount] {
        var accounts: [SSOAccount] = []
        var next: String? = nil
        var pages = 0
        repeat {
            var body: [UInt8] = []
            let query = [("max_result", "100")] + (next.map { [("next_token", $0)] } ?? [])
            let sent = next
            next = try caller.call(
                "ListAccounts", method: "GET", path: "/assignment/accounts", query: query, body: &body,
                bearer: Self.header(accessToken), replayable: true
            ) { (answer) throws(AWSError) -> String? in
                for i in 0..<answer.count("accountList") {
                    guard let id = answer.text("accountList.\(i).accountId"), !id.isEmpty else { continue }
                    accounts.append(
                        SSOAccount(
                            accountID: id, name: answer.text("accountList.\(i).accountName"),
                            email: answer.text("accountList.\(i).emailAddress")))
                }
                return answer.text("nextToken")
            }
            try Self.checkPaging("ListAccounts", sent: sent, next: next, pages: &pages)
        } while next != nil && accounts.count < 10_000
        return accounts
    }

    /// The role names the login may use in `accountID` (all pages).
    public func listAccountRoles(accountID: String, accessToken: borrowing SecureBytes) throws(AWSError) -> [String] {
        var roles: [String] = []
        var next: String? = nil
        var pages = 0
        repeat {
            var body: [UInt8] = []
            let sent = next
            let query = [("account_id", accountID), ("max_result", "100")] + (next.map { [("next_token", $0)] } ?? [])
            next = try caller.call(
                "ListAccountRoles", method: "GET", path: "/assignment/roles", query: query, body: &body,
                bearer: Self.header(accessToken), replayable: true
            ) { (answer) throws(AWSError) -> String? in
                for i in 0..<answer.count("roleList") {
                    if let name = answer.text("roleList.\(i).roleName"), !name.isEmpty { roles.append(name) }
                }
                return answer.text("nextToken")
            }
            try Self.checkPaging("ListAccountRoles", sent: sent, next: next, pages: &pages)
        } while next != nil && roles.count < 10_000
        return roles
    }

    /// Ends the login at the service: its tokens stop working.
    public func logout(accessToken: borrowing SecureBytes) throws(AWSError) {
        var body: [UInt8] = []
        try caller.call(
            "Logout", method: "POST", path: "/logout", body: &body, bearer: Self.header(accessToken), replayable: true
        ) { (_: JSONAnswer) throws(AWSError) in }
    }

    /// Pages a listing may have: 10,000 results at 100 a page, then some.
    static let maximumPages = 200

    /// Ends a listing whose answers would page forever: one that hands back the token it was
    /// sent (no progress), or that goes on past `maximumPages`.
    private static func checkPaging(_ action: String, sent: String?, next: String?, pages: inout Int)
        throws(AWSError)
    {
        pages += 1
        guard let next else { return }
        if next == sent { throw .malformedResponse(action: action, reason: "the next page is the same page") }
        if pages >= maximumPages {
            throw .malformedResponse(action: action, reason: "more than \(maximumPages) pages")
        }
    }

    /// The token as the header's text, made just for the request.
    private static func header(_ secret: borrowing SecureBytes) -> String {
        secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
