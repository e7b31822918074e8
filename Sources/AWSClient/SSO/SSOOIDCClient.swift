// SSO OIDC: RegisterClient, StartDeviceAuthorization and CreateToken (device code and refresh).
import VaultCrypto

/// The IAM Identity Center OIDC service of one region.
public struct SSOOIDCClient: Sendable {
    let caller: JSONCaller

    /// A client for `region`, honouring `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL`.
    public init(
        region: String, environment: [String: String], configuration: ServiceConfiguration = ServiceConfiguration()
    ) throws(AWSError) {
        let endpoint = try Endpoint.regional(
            "AWS_ENDPOINT_URL_SSO_OIDC", host: "oidc.\(region).amazonaws.com", region: region, environment: environment)
        caller = JSONCaller(endpoint: endpoint, configuration: configuration)
    }

    /// The endpoint requests go to.
    public var endpoint: Endpoint { caller.endpoint }

    /// Registers a public client named `name` for `scopes`.
    public func registerClient(name: String, scopes: [String]) throws(AWSError) -> SSOClientRegistration {
        var fields: [(String, JSONField)] = [("clientName", .text(name)), ("clientType", .text("public"))]
        if !scopes.isEmpty { fields.append(("scopes", .list(scopes))) }
        var body = JSONBody.object(fields)
        return try caller.call(
            "RegisterClient", method: "POST", path: "/client/register", body: &body, replayable: true
        ) {
            (answer) throws(AWSError) -> SSOClientRegistration in
            let action = "RegisterClient"
            guard let id = answer.text("clientId"), !id.isEmpty,
                let secret = try Self.secret(answer, "clientSecret", action), secret.count > 0,
                let expires = answer.integer("clientSecretExpiresAt")
            else {
                throw .malformedResponse(action: action, reason: "no clientId, clientSecret or clientSecretExpiresAt")
            }
            return SSOClientRegistration(clientID: id, clientSecret: secret, expiresAt: expires)
        }
    }

    /// Starts the device authorization for `startURL`.
    public func startDeviceAuthorization(client: borrowing SSOClientRegistration, startURL: String)
        throws(AWSError) -> SSODeviceAuthorization
    {
        var body = client.clientSecret.withUnsafeBytes { secret in
            JSONBody.object([
                ("clientId", .text(client.clientID)), ("clientSecret", .raw(secret)), ("startUrl", .text(startURL)),
            ])
        }
        return try caller.call(
            "StartDeviceAuthorization", method: "POST", path: "/device_authorization", body: &body, replayable: true
        ) { (answer) throws(AWSError) -> SSODeviceAuthorization in
            let action = "StartDeviceAuthorization"
            guard let code = try Self.secret(answer, "deviceCode", action), code.count > 0,
                let user = answer.text("userCode"), !user.isEmpty, let uri = answer.text("verificationUri"),
                !uri.isEmpty
            else { throw .malformedResponse(action: action, reason: "no deviceCode, userCode or verificationUri") }
            guard let expires = answer.integer("expiresIn"), Self.lifetimes.contains(expires) else {
                throw .malformedResponse(action: action, reason: "no expiresIn, or not a number of seconds ahead")
            }
            // Never waits longer between polls than the code lasts (the login adds the two).
            return SSODeviceAuthorization(
                deviceCode: code, userCode: user, verificationURI: uri,
                verificationURIComplete: answer.text("verificationUriComplete"), expiresIn: expires,
                interval: min(max(answer.integer("interval") ?? 5, 1), expires))
        }
    }

    /// One poll for the device code's tokens; `.ssoAuthorizationPending` / `.ssoSlowDown` while
    /// the user has not approved. `now` dates the token's expiry.
    public func createToken(
        client: borrowing SSOClientRegistration, deviceCode: borrowing SecureBytes, now: Int64
    ) throws(AWSError) -> SSOToken {
        var body = client.clientSecret.withUnsafeBytes { secret in
            deviceCode.withUnsafeBytes { code in
                JSONBody.object([
                    ("clientId", .text(client.clientID)), ("clientSecret", .raw(secret)),
                    ("grantType", .text("urn:ietf:params:oauth:grant-type:device_code")), ("deviceCode", .raw(code)),
                ])
            }
        }
        return try token(&body, now: now)
    }

    /// New tokens for a refresh token (which the service may rotate: use the returned one).
    public func refresh(client: borrowing SSOClientRegistration, refreshToken: borrowing SecureBytes, now: Int64)
        throws(AWSError) -> SSOToken
    {
        var body = client.clientSecret.withUnsafeBytes { secret in
            refreshToken.withUnsafeBytes { token in
                JSONBody.object([
                    ("clientId", .text(client.clientID)), ("clientSecret", .raw(secret)),
                    ("grantType", .text("refresh_token")), ("refreshToken", .raw(token)),
                ])
            }
        }
        return try token(&body, now: now)
    }

    private func token(_ body: inout [UInt8], now: Int64) throws(AWSError) -> SSOToken {
        // A device code or refresh token works once: never re-sent once it may have arrived.
        try caller.call("CreateToken", method: "POST", path: "/token", body: &body, replayable: false) {
            (answer) throws(AWSError) -> SSOToken in
            guard let access = try Self.secret(answer, "accessToken", "CreateToken"), access.count > 0,
                let expiresIn = answer.integer("expiresIn"), Self.lifetimes.contains(expiresIn)
            else { throw .malformedResponse(action: "CreateToken", reason: "no accessToken or expiresIn") }
            let refresh: SecureBytes
            if let given = try Self.secret(answer, "refreshToken", "CreateToken") {
                refresh = given
            } else {
                do { refresh = try SecureBytes(count: 0) } catch { throw .localFailure("secure memory: \(error)") }
            }
            return SSOToken(accessToken: access, refreshToken: refresh, expiresAt: now + expiresIn)
        }
    }

    /// The `expiresIn` seconds accepted: ahead of now, and at most 100 years (beyond any real
    /// lifetime, yet far from overflowing when added to a time).
    static let lifetimes: ClosedRange<Int64> = 1...3_155_760_000

    static func secret(_ answer: JSONAnswer, _ path: String, _ action: String) throws(AWSError) -> SecureBytes? {
        do { return try answer.secret(path) } catch {
            throw .malformedResponse(action: action, reason: "unreadable \(path)")
        }
    }
}
