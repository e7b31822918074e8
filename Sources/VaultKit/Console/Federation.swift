// Console sign-in: a role session exchanged at the federation endpoint for a sign-in URL.
import AWSClient
import AWSConfig
import SigV4
import VaultBase
import VaultCrypto

/// A console sign-in URL: a bearer credential for 15 minutes.
public struct SignInLink: Equatable, Sendable {
    public let url: String
    /// The console session's length, as asked of the federation endpoint.
    public let consoleSeconds: Int
}

/// `vault login`: a role session (from the cache, or STS with MFA) exchanged at AWS's federation
/// endpoint for a sign-in token, then the console URL carrying it (AWS IAM User Guide, "Enable
/// custom identity broker access to the AWS console").
public struct ConsoleSignIn {
    let context: VaultContext
    let configuration: ServiceConfiguration

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        self.context = context
        self.configuration = configuration
    }

    /// The sign-in URL for `request.profile`. `request.durationSeconds` is the console session's
    /// length (SessionDuration; default the profile's duration_seconds, else 3600), which AWS keeps
    /// apart from the role session's: that one is served from the cache like `vault assume`'s.
    /// The sign-in lands on `page`.
    public func signInURL(_ request: SessionRequest, page: ConsolePage = .home) throws(VaultError) -> SignInLink {
        let broker = SessionBroker(context: context, configuration: configuration)
        let chain = try broker.resolve(request.profile)
        // AWS: "Only federation tokens or assume role tokens may be used for federated login" —
        // a GetSessionToken session is refused, so say so before asking for an MFA code.
        // An SSO profile's credentials are a role session too (SSO/SSOSessionSource.swift).
        let ssoRole = chain.sso.map {
            RoleHop(profile: request.profile, roleARN: "arn:aws:iam::\($0.accountID):role/\($0.roleName)")
        }
        guard let hop = chain.hops.last ?? ssoRole else {
            throw VaultError.console(.loginNeedsRole(profile: request.profile))
        }
        let site = try SignInSite.of(partition: RoleARN(parsing: hop.roleARN, profile: hop.profile).partition)
        let endpoint = try Self.endpoint(environment: context.environment, site: site)
        var seconds = min(max(request.durationSeconds ?? hop.durationSeconds ?? 3600, 900), 43200)
        if chain.isRoleChaining && seconds > 3600 {
            // Credentials from role chaining give console sessions of at most one hour.
            context.notice(
                "note: '\(request.profile)' is reached by role chaining, which AWS limits to 1 hour; asking for a 3600 s console session instead of \(seconds) s"
            )
            seconds = 3600
        }
        var roleRequest = request
        roleRequest.durationSeconds = nil
        let session = try broker.session(roleRequest)
        let token = try signinToken(for: session.credentials, seconds: seconds, endpoint: endpoint)
        return SignInLink(
            url: Self.loginURL(endpoint: endpoint, destination: page.url(on: site), signinToken: token),
            consoleSeconds: seconds)
    }

    /// GET `Action=getSigninToken` and read the token.
    ///
    /// Copies of the secret and the session token: the Session JSON and the query are built in
    /// locked memory (SecureBytes, wiped on release). The transport takes the query as a Swift
    /// String, so one String copy of both exists (`query` below, and the URL `HTTPRequest.url`
    /// builds from it); Strings cannot be wiped (the request's bytes on their way out are). They
    /// live until this short process exits, which cannot dump core and cannot be ptraced.
    func signinToken(for credentials: borrowing TemporaryCredentials, seconds: Int, endpoint: Endpoint)
        throws(VaultError) -> String
    {
        try CredentialOutput.checkSecretAlphabet(credentials.secretAccessKey)
        let json = try Self.sessionJSON(
            accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken)
        let queryBytes = try Self.tokenRequestQuery(sessionDuration: seconds, sessionJSON: json)
        let query = queryBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }  // the String copy
        let request = AWSClient.HTTPRequest(
            scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port,
            request: SignableRequest(method: "GET", host: endpoint.hostHeader, path: endpoint.path, query: query),
            caBundle: endpoint.caBundle)
        var response: AWSClient.HTTPResponse
        do {
            response = try configuration.transport.send(request, timeoutSeconds: configuration.timeoutSeconds)
        } catch {
            throw Self.transportFailure(error, host: endpoint.hostHeader)
        }
        defer { Sodium.wipe(&response.body) }
        return try Self.signinToken(status: response.status, body: response.body, host: endpoint.hostHeader)
    }
}

extension ConsoleSignIn {
    /// The federation endpoint: `VAULT_FEDERATION_ENDPOINT` (https, or http for loopback only),
    /// else `https://SITE/federation`; trusting `AWS_CA_BUNDLE` when set, as STS and IAM do.
    static func endpoint(environment: [String: String], site: SignInSite) throws(VaultError) -> Endpoint {
        let caBundle = Endpoint.caBundle(environment)
        guard let url = environment["VAULT_FEDERATION_ENDPOINT"], !url.isEmpty else {
            return Endpoint(
                scheme: "https", host: site.host, path: "/federation", signingRegion: "us-east-1", caBundle: caBundle)
        }
        do {
            var endpoint = try Endpoint.parse(url, signingRegion: "us-east-1")
            endpoint.caBundle = caBundle
            return endpoint
        } catch {
            throw VaultError.console(.badFederationEndpoint(detail: error.problem))
        }
    }

    /// `{"sessionId":…,"sessionKey":…,"sessionToken":…}` in locked memory. The secret must be in
    /// base64's alphabet (checked by the caller), so it needs no JSON escaping; the token is quoted
    /// in locked memory.
    static func sessionJSON(
        accessKeyID: String, secretAccessKey: borrowing SecureBytes, sessionToken: borrowing SecureBytes
    ) throws(VaultError) -> SecureBytes {
        let head = Array("{\"sessionId\":\(JSONValue.quoted(accessKeyID)),\"sessionKey\":\"".utf8)
        let middle = Array("\",\"sessionToken\":".utf8)
        let token = try SecretQuoting.json(sessionToken)
        var out = try allocate(head.count + secretAccessKey.count + middle.count + token.count + 1)
        secretAccessKey.withUnsafeBytes { secret in
            token.withUnsafeBytes { token in
                out.withUnsafeMutableBytes { buffer in
                    var offset = 0
                    func put(_ bytes: UnsafeRawBufferPointer) {
                        UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + bytes.count)]).copyMemory(
                            from: bytes)
                        offset += bytes.count
                    }
                    head.withUnsafeBytes(put)
                    put(secret)
                    middle.withUnsafeBytes(put)
                    put(token)
                    buffer[offset] = UInt8(ascii: "}")
                }
            }
        }
        return out
    }

    /// `Action=getSigninToken&SessionDuration=N&Session=<percent-encoded JSON>` in locked memory.
    static func tokenRequestQuery(sessionDuration: Int, sessionJSON: borrowing SecureBytes) throws(VaultError)
        -> SecureBytes
    {
        let head = Array("Action=getSigninToken&SessionDuration=\(sessionDuration)&Session=".utf8)
        let encodedCount = sessionJSON.withUnsafeBytes { PercentEncoding.encodedCount($0) }
        var out = try allocate(head.count + encodedCount)
        sessionJSON.withUnsafeBytes { json in
            out.withUnsafeMutableBytes { buffer in
                buffer.copyBytes(from: head)
                _ = PercentEncoding.encode(json, into: buffer, at: head.count)
            }
        }
        return out
    }

    /// `ENDPOINT?Action=login&Issuer=vault&Destination=…&SigninToken=…`.
    static func loginURL(endpoint: Endpoint, destination: String, signinToken: String) -> String {
        let base = "\(endpoint.scheme)://\(endpoint.hostHeader)\(endpoint.path)"
        return base + "?"
            + PercentEncoding.query([
                ("Action", "login"), ("Issuer", "vault"), ("Destination", destination), ("SigninToken", signinToken),
            ])
    }

    /// The token in a 200 response `{"SigninToken":"…"}`; anything else is a clear error.
    static func signinToken(status: Int, body: [UInt8], host: String) throws(VaultError) -> String {
        guard status == 200 else {
            throw VaultError.console(.signinHTTP(host: host, status: status))
        }
        let bad = { (why: String) in
            VaultError.console(.noSigninToken(host: host, why: why))
        }
        guard let answer = try? JSONValue.parse(body), answer.isObject else { throw bad("not a JSON object") }
        guard let token = answer["SigninToken"]?.stringValue else { throw bad("no SigninToken") }
        guard !token.isEmpty, token.utf8.count <= 16_384 else { throw bad("SigninToken is empty or too long") }
        return token
    }

    /// A transport failure without the request's URL, which holds the secret.
    static func transportFailure(_ error: AWSClient.TransportError, host: String) -> VaultError {
        let detail: String
        switch error {
        case .cannotConnect: detail = "cannot connect"
        case .timedOut(let seconds): detail = "no answer within \(Int(seconds)) s"
        case .tls(let d): detail = "TLS failed: \(d)"
        case .tooLarge(let limit): detail = "the response exceeded \(limit) bytes"
        case .redirect(let status, _): detail = "it redirected (HTTP \(status)), which vault never follows"
        case .proxy(let d): detail = d  // the proxy's address and answer, never the request
        case .other(let d): detail = d.contains("getSigninToken") || d.contains("Session=") ? "the request failed" : d
        case .unavailable(let d):
            return VaultError.console(.noTLSLibrary(detail: d))
        }
        return VaultError.console(.cannotGetToken(host: host, detail: detail))
    }

    private static func allocate(_ count: Int) throws(VaultError) -> SecureBytes {
        do { return try SecureBytes(count: count) } catch {
            throw VaultError.lockedMemory
        }
    }
}
